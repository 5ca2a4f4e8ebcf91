/**
 * The backend chosen by measurement: time a couple of warm steps of the session's own
 * networks on every backend that starts and train on the fastest.
 *
 * Cost is bounded two ways. A software GPU (SwiftShader, llvmpipe…) is passed over without
 * timing whenever wasm or a hardware GPU was timed: on this project's machines its first conv
 * step took 17.5 s against wasm's 1.7 s (docs/PERFORMANCE.md), and it only adds shader
 * compilation to wait for. And once one backend has a time, each later one is first screened
 * with one step on a SCREEN_BATCH-example minibatch. On a GPU that step is only a lower bound
 * of a full one (a step on fewer examples does less of the same work), so the GPU is passed
 * over only if even that is slower than the best full step. On the CPU backends (wasm, cpu)
 * a conv step's time grows in proportion to the batch, so the small step scaled up to the
 * full batch is the estimate, and a backend estimated at more than SCREEN_MARGIN times the
 * best is passed over: tfjs-cpu on a conv net then costs one tiny step instead of three full
 * ones (58.8 s each for the Blocks page's nets in headless Chromium here).
 */
import type { BackendChoice, BackendName, StartResult, TrialEntry } from './backend';
import { MEASURED_BACKENDS, startBackend } from './backend';
import { formatStepTime } from '../core/timeText';

/** Steps per backend: one untimed (kernel compilation, buffer allocation) then the timed ones. */
export const WARM_STEPS = 1;
export const TIMED_STEPS = 2;
export const SCREEN_BATCH = 2;
/** How much slower than the best a CPU backend's scaled-up estimate may be and still be timed in full. */
export const SCREEN_MARGIN = 2;

const LINEAR: readonly BackendName[] = ['wasm', 'cpu'];

export interface TrialOptions {
  /** The session's minibatch size: the full steps are timed at it. */
  batchSize: number;
  /**
   * Builds the session's networks on the active backend, takes `warm` untimed then `timed`
   * timed steps on minibatches of `batchSize`, disposes everything and returns each timed
   * step's milliseconds.
   */
  timeSteps(batchSize: number, warm: number, timed: number): Promise<number[]>;
  candidates?: readonly BackendName[];
  start?: (name: BackendName) => Promise<StartResult>;
}

export interface MeasuredChoice {
  choice: BackendChoice;
  /** The chosen backend's median warm session step, ms. */
  msPerStep: number;
}

export const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** "212 ms", "4.6 s". */

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

export async function measureBackends(o: TrialOptions): Promise<MeasuredChoice> {
  const start = o.start ?? startBackend;
  const entries: TrialEntry[] = [];
  const software: TrialEntry[] = [];
  let best: { backend: BackendName; ms: number; software?: string } | null = null;

  async function time(entry: TrialEntry): Promise<void> {
    const s = await start(entry.backend);
    if (!s.ok) return void (entry.passedOver = s.reason);
    try {
      if (best) {
        const small = Math.min(SCREEN_BATCH, o.batchSize);
        const [screen] = await o.timeSteps(small, 0, 1);
        if (screen! >= best.ms) {
          entry.passedOver = `a ${small}-example step took ${formatStepTime(screen!)}, longer than ${best.backend}'s whole step`;
          return;
        }
        const scaled = (screen! * o.batchSize) / small;
        if (LINEAR.includes(entry.backend) && scaled > SCREEN_MARGIN * best.ms) {
          entry.passedOver = `a ${small}-example step took ${formatStepTime(screen!)}: about ${formatStepTime(scaled)} for ${o.batchSize}, over ${SCREEN_MARGIN}× ${best.backend}'s step`;
          return;
        }
      }
      entry.msPerStep = Math.round(10 * median(await o.timeSteps(o.batchSize, WARM_STEPS, TIMED_STEPS))) / 10;
    } catch (e) {
      entry.passedOver = `failed while timing: ${message(e)}`;
      return;
    }
    if (!best || entry.msPerStep < best.ms)
      best = {
        backend: entry.backend,
        ms: entry.msPerStep,
        ...(entry.software ? { software: entry.software } : {}),
      };
  }

  for (const backend of o.candidates ?? MEASURED_BACKENDS) {
    const entry: TrialEntry = { backend };
    entries.push(entry);
    if (backend === 'webgpu' || backend === 'webgl') {
      // Started once here to read its adapter; a software one waits until the others are timed.
      const s = await start(backend);
      if (!s.ok) {
        entry.passedOver = s.reason;
        continue;
      }
      if (s.software) {
        entry.software = s.software;
        software.push(entry);
        continue;
      }
    }
    await time(entry);
  }
  // A software GPU is timed only where neither wasm nor a hardware GPU could train.
  const fast = entries.some((e) => e.msPerStep !== undefined && e.backend !== 'cpu');
  for (const entry of software)
    if (fast) entry.passedOver = `runs on ${entry.software}, a software GPU; passed over for a faster engine`;
    else await time(entry);

  const chosen = best as { backend: BackendName; ms: number; software?: string } | null;
  if (!chosen)
    throw new Error(
      `no backend could train these networks: ${entries.map((e) => `${e.backend}: ${e.passedOver}`).join('; ')}`,
    );
  const again = await start(chosen.backend);
  if (!again.ok) throw new Error(`${chosen.backend} stopped after it was timed: ${again.reason}`);
  return {
    choice: {
      backend: chosen.backend,
      fallbacks: [],
      ...(chosen.software ? { software: chosen.software } : {}),
      measured: entries,
    },
    msPerStep: chosen.ms,
  };
}
