/**
 * The worker's logic, independent of `self`: it takes commands through `handle` and answers
 * through `post`, so Node tests drive it in-process on the cpu backend exactly as the
 * browser worker does on WebGPU or WebGL.
 *
 * Commands are handled one at a time, in order. Training runs outside that queue, in a loop
 * that yields to the event loop after every step, so a `pause` or `stop` that arrives
 * mid-training is handled after the step in flight. Points collect in a MetricBuffer and
 * go out as one `metrics` event at most every METRICS_INTERVAL_MS, and at once when the
 * training pauses, stops, finishes or takes a single step.
 */
import type { BackendChoice, BackendPreference } from '../engine/backend';
import type { TrainTest } from '../engine/datasets';
import type { SessionStep } from '../engine/session';
import { checkCheckpoint } from '../engine/sessionCheckpoint';
import { warmingUpText } from './activity';
import { createBackendPicker } from './backendPick';
import { buildLive, loadData } from './buildLive';
import type { PickedBackend } from './backendPick';
import type { Live } from './live';
import { createLiveEvents } from './liveEvents';
import type { PostEvent } from './liveEvents';
import { METRICS_INTERVAL_MS, PROGRESS_INTERVAL_MS } from './protocol';
import type { ControlType } from './protocol';
import { readyEvent } from './readyEvent';
import type { startAfterLoss } from './recovery';
import { asCommandError, checkLimits, checkShapes } from './sessionChecks';
import { createSessionRestart } from './sessionRestart';
import { runLandscape } from './landscapeCommand';
import { runLesion } from './lesionCommand';
import { CommandError, commandHeader, isPing, validateCommand } from './validateCommand';
import type { CheckedCreate } from './validateCommand';
import { defaultYield } from './yieldToEventLoop';

export type { PostEvent } from './liveEvents';
export { RECOVERY_EVERY } from './liveEvents';

export interface EngineHostDeps {
  /** Bytes of a shipped data file, `path` relative to the site root at `baseUrl`. */
  fetchBytes: (path: string, baseUrl: string | undefined) => Promise<Uint8Array>;
  /** Replaces the backend choice (by default: measured for conv nets, see backendPick.ts). */
  chooseBackend?: (pref: BackendPreference) => Promise<BackendChoice>;
  /** Told the backend chosen at each create; calls `lost` if the device behind it goes away. */
  watchBackend?: (choice: BackendChoice, lost: (reason: string) => void) => void;
  /** Milliseconds, monotonic (performance.now). */
  now?: () => number;
  /** Lets queued commands in between two training steps. */
  yieldToEventLoop?: () => Promise<void>;
  /** Replaces the start of the next backend after a device loss (recovery.ts). */
  startAfterLoss?: typeof startAfterLoss;
  /**
   * Waited on after a failed step on a GPU, before the failure is taken for the run's own: a
   * lost device fails the step in flight before `device.lost` resolves.
   */
  settle?: () => Promise<void>;
}

export interface EngineHost {
  /** Handle one posted value. Never rejects: a refused command becomes an `error` event. */
  handle(raw: unknown): Promise<void>;
}

const stateError = (message: string) => new CommandError('state', message);

export function createEngineHost(post: PostEvent, deps: EngineHostDeps): EngineHost {
  const now = deps.now ?? (() => performance.now());
  const yieldNow = deps.yieldToEventLoop ?? defaultYield();
  const picker = createBackendPicker({ now, chooseBackend: deps.chooseBackend });
  let live: Live | null = null;
  let queue: Promise<void> = Promise.resolve();
  const enqueue = (job: () => Promise<void>) => {
    const next = queue.then(job);
    queue = next;
    return next;
  };
  const events = createLiveEvents(post, now, (l) => live === l);
  const { postError, flush, boundary, progress, onEvaluate, checkpoint, checkpointQuietly } = events;

  const warmingUp = (l: Live) => warmingUpText(l.backend.backend);

  const finished = (l: Live) =>
    l.session.stepCount >= l.create.config.steps ||
    !l.session.runs.some((r) => r.status === 'ready' || r.status === 'training');

  async function takeStep(l: Live): Promise<void> {
    if (l.session.stepCount === 0) l.activity = warmingUp(l);
    const t0 = now();
    let r: SessionStep;
    try {
      r = await l.session.step();
    } finally {
      l.activity = null;
    }
    l.timeLeft.step(now() - t0, l.evaluated ?? undefined);
    l.evaluated = null;
    l.rate.tick(now());
    // A step failed by a lost device is taken again on the next backend.
    if (r.stopped.some((s) => s.status === 'failed') && (await lostDuring(l))) return;
    const fresh = r.step > l.quietThrough;
    for (const { record, probe } of r.results) {
      if (!fresh) continue;
      l.buffer.addStep(record);
      if (probe) l.buffer.addProbe(probe);
    }
    for (const e of r.evals) if (fresh) l.buffer.addEval(e);
    l.recordedStep = Math.max(l.recordedStep, r.step);
    if (!r.stopped.length || !fresh) return;
    // The points before the stop reach the main thread before the news of it.
    flush(l);
    for (const s of r.stopped)
      post(
        {
          type: 'runStopped',
          sessionId: l.create.sessionId,
          run: s.run,
          step: r.step,
          status: s.status === 'diverged' ? 'diverged' : 'failed',
          reason: s.reason,
        },
        [],
      );
  }

  async function trainLoop(l: Live): Promise<void> {
    try {
      while (!l.halt && !l.lost) {
        await takeStep(l);
        if (finished(l)) {
          l.state = 'done';
          break;
        }
        await checkpoint(l, false);
        const t = now();
        if (t - l.lastMetrics >= METRICS_INTERVAL_MS) flush(l);
        if (t - l.lastProgress >= PROGRESS_INTERVAL_MS) progress(l);
        await yieldNow();
      }
    } catch (e) {
      // The rebuild queued by deviceLost takes over.
      if (await lostDuring(l)) return;
      l.state = 'stopped';
      postError(e, 'engine', { sessionId: l.create.sessionId, type: 'start' });
    }
    // A halt asked for by a command is finished by that command; a loss, by the rebuild.
    if (l.state !== 'training' && !l.lost) {
      flush(l);
      progress(l);
      await checkpointQuietly(l);
    }
  }

  async function haltLoop(l: Live): Promise<void> {
    if (!l.loop) return;
    l.halt = true;
    await l.loop;
    l.halt = false;
    l.loop = null;
  }

  async function teardown(l: Live): Promise<void> {
    await haltLoop(l);
    l.session.dispose();
    if (live === l) live = null;
  }

  const load = (cmd: CheckedCreate) => loadData(cmd, deps.fetchBytes);
  const build = (cmd: CheckedCreate, data: TrainTest, picked: PickedBackend) =>
    buildLive(cmd, data, picked, now, onEvaluate);

  function announce(l: Live): void {
    post(readyEvent(l), []);
    void boundary(l);
  }

  const { replay, lostDuring, deviceLost } = createSessionRestart({
    post,
    events,
    now,
    yieldNow,
    enqueue,
    current: () => live,
    setCurrent: (l) => (live = l),
    build,
    takeStep,
    finished,
    train: trainLoop,
    deps,
  });

  async function create(cmd: CheckedCreate): Promise<void> {
    // Everything that can refuse the command runs before the current session is touched.
    const data = await load(cmd);
    checkShapes(cmd, data);
    // Whether each array fits its network is known only once the runs are built (restore).
    if (cmd.resume)
      try {
        checkCheckpoint(
          cmd.resume,
          cmd.runs.map((r) => r.id),
          cmd.config.steps,
        );
      } catch (e) {
        throw new CommandError('spec', `resume: ${(e as Error).message}`, 'resume');
      }
    if (live) await teardown(live);
    let picked: PickedBackend;
    try {
      picked = await picker.pick(cmd, data);
    } catch (e) {
      throw new CommandError('engine', e instanceof Error ? e.message : String(e), 'backend');
    }
    checkLimits(cmd, data);
    const l = build(cmd, data, picked);
    live = l;
    deps.watchBackend?.(picked.choice, deviceLost);
    if (cmd.replayThrough !== undefined)
      try {
        await replay(l, cmd.replayThrough);
      } catch (e) {
        await teardown(l);
        throw asCommandError(e, 'engine');
      }
    announce(l);
  }

  async function control(l: Live, type: ControlType): Promise<void> {
    // A loop that has finished training may still be sending its last points and checkpoint.
    if (l.loop && l.state !== 'training') await haltLoop(l);
    const over = l.state === 'done' || l.state === 'stopped';
    switch (type) {
      case 'start':
      case 'resume':
        if (l.state === 'training') return;
        if (over)
          throw stateError(
            `${type}: training is ${l.state} (step ${l.session.stepCount}); reset to train again`,
          );
        l.state = 'training';
        l.halt = false;
        l.rate.restart(now());
        l.lastMetrics = now();
        // Said with the start, before the first step (which compiles the kernels) has begun.
        if (l.session.stepCount === 0) l.activity = warmingUp(l);
        progress(l);
        l.loop = trainLoop(l);
        return;
      case 'pause':
        if (l.state === 'training') {
          await haltLoop(l);
          if (l.state === 'training') l.state = 'paused';
          flush(l);
        }
        progress(l);
        await checkpointQuietly(l);
        return;
      case 'step':
        if (l.state === 'training') throw stateError('step: pause the training first');
        if (over)
          throw stateError(
            `step: training is ${l.state} (step ${l.session.stepCount}); reset to train again`,
          );
        l.rate.restart(now());
        try {
          await takeStep(l);
        } catch (e) {
          if (await lostDuring(l)) return;
          l.state = 'stopped';
          throw asCommandError(e, 'engine');
        } finally {
          if (finished(l) && l.state === 'paused') l.state = 'done';
          flush(l);
          progress(l);
        }
        await checkpointQuietly(l);
        return;
      case 'stop':
        await haltLoop(l);
        if (!over) l.state = 'stopped';
        flush(l);
        progress(l);
        await checkpointQuietly(l);
        return;
      case 'reset': {
        await teardown(l);
        // A reset starts from step 0, even for a session that was resumed.
        const { resume: _resumed, replayThrough: _replayed, ...fresh } = l.create;
        const again = build(fresh, l.data, l.picked);
        live = again;
        announce(again);
        return;
      }
      case 'dispose':
        await teardown(l);
        return;
      case 'lesion':
        if (l.state === 'training') throw stateError('lesion: pause the training first');
        return runLesion(l, post);
      case 'cancelStudy':
        // handle() read it at once; by its turn, the study before it has ended.
        l.cancelStudy = false;
        return;
    }
  }

  async function dispatch(raw: unknown): Promise<void> {
    const header = commandHeader(raw);
    try {
      const cmd = validateCommand(raw);
      if (cmd.type === 'create') return await create(cmd);
      if (cmd.type === 'ping') return;
      const l = live;
      if (!l || l.create.sessionId !== cmd.sessionId)
        throw stateError(
          `${cmd.type}: no session ${cmd.sessionId} here (${l ? `the current one is ${l.create.sessionId}` : 'none is open'}); send create first`,
        );
      if (cmd.type === 'landscape') {
        if (l.state === 'training') throw stateError('landscape: pause the training first');
        if (l.loop) await haltLoop(l);
        return await runLandscape(l, cmd, post);
      }
      await control(l, cmd.type);
    } catch (e) {
      postError(e, 'engine', header);
    }
  }

  return {
    handle(raw) {
      // Answered at once, even while a command or a long step holds the queue.
      if (isPing(raw)) {
        post({ type: 'pong' }, []);
        return Promise.resolve();
      }
      const cancel = raw as { type?: unknown; sessionId?: unknown };
      if (cancel?.type === 'cancelStudy' && live && cancel.sessionId === live.create.sessionId)
        live.cancelStudy = true;
      return enqueue(() => dispatch(raw));
    },
  };
}
