/**
 * A session started again where it was, after a fault: on a lost GPU device the host builds
 * it again on the next backend from its last checkpoint, and a restarted worker gets a create
 * with `replayThrough`; either way the steps since that checkpoint are trained again quietly,
 * since the main thread already holds their points. Apart from engineHost.ts, which trains
 * and answers commands, because none of this runs unless something went wrong.
 */
import type { BackendChoice } from '../engine/backend';
import type { TrainTest } from '../engine/datasets';
import { replayText } from './activity';
import type { PickedBackend } from './backendPick';
import type { Live } from './live';
import type { createLiveEvents, PostEvent } from './liveEvents';
import { PROGRESS_INTERVAL_MS } from './protocol';
import type { TrainingState } from './protocol';
import { startAfterLoss } from './recovery';
import { checkLimits } from './sessionChecks';
import { CommandError } from './validateCommand';
import type { CheckedCreate } from './validateCommand';

/** How long a rebuild waits for the step in flight on a lost device, which may never end. */
const LOST_STEP_GRACE_MS = 5000;
const SETTLE_MS = 250;
const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** What a restart takes from the engine host: its one session, its queue, its events and its training. */
export interface RestartHost {
  post: PostEvent;
  events: Pick<ReturnType<typeof createLiveEvents>, 'postError' | 'flush' | 'progress'>;
  now: () => number;
  yieldNow: () => Promise<void>;
  /** Runs a job in the command queue, after the commands before it. */
  enqueue: (job: () => Promise<void>) => Promise<void>;
  current: () => Live | null;
  setCurrent: (l: Live | null) => void;
  build: (cmd: CheckedCreate, data: TrainTest, picked: PickedBackend) => Live;
  takeStep: (l: Live) => Promise<void>;
  finished: (l: Live) => boolean;
  /** Starts the training loop (the host's Live.loop). */
  train: (l: Live) => Promise<void>;
  /** EngineHostDeps' fields for a loss. */
  deps: {
    watchBackend?: (choice: BackendChoice, lost: (reason: string) => void) => void;
    startAfterLoss?: typeof startAfterLoss;
    settle?: () => Promise<void>;
  };
}

export function createSessionRestart(host: RestartHost) {
  const { post, now, yieldNow, enqueue, current, setCurrent, build, takeStep, finished, deps } = host;
  const { postError, flush, progress } = host.events;
  const settle = deps.settle ?? (() => delay(SETTLE_MS));

  /**
   * Trains quietly up to step `through`, whose points the main thread already holds: the
   * progress line says so, and the points are not sent again (Live.quietThrough).
   */
  async function replay(l: Live, through: number): Promise<void> {
    l.quietThrough = Math.max(l.quietThrough, through);
    const from = l.session.stepCount;
    while (l.session.stepCount < through && !finished(l)) {
      await takeStep(l);
      if (l.lost) throw new Error(l.lost);
      l.activity = replayText(from, through, l.backend.backend);
      if (now() - l.lastProgress >= PROGRESS_INTERVAL_MS) progress(l);
      await yieldNow();
    }
    l.activity = null;
  }

  /** Whether the device went away under this step (told a moment later than the step fails). */
  async function lostDuring(l: Live): Promise<boolean> {
    if (!l.lost && l.backend.backend === 'webgpu') await settle();
    return l.lost !== undefined;
  }

  function deviceLost(reason: string): void {
    const l = current();
    if (!l || l.lost) return;
    l.lost = reason;
    l.lostWhile = l.state;
    void enqueue(() => rebuild(l, reason));
  }

  /**
   * After a device loss: the session is built again on the next backend from its last
   * checkpoint (or, for runs on the JS kernel, from their weights now), trained quietly back
   * to the last step the main thread holds, and goes on as it was. One `recovered` event says
   * so; when no backend can take it, a `device` error.
   */
  async function rebuild(l: Live, reason: string): Promise<void> {
    if (current() !== l) return;
    const t0 = now();
    const lost = l.backend.backend;
    if (l.loop) await Promise.race([l.loop, delay(LOST_STEP_GRACE_MS)]);
    l.loop = null;
    flush(l);
    const through = l.recordedStep;
    let from = l.recovery;
    if (l.session.runs.every((r) => r.engine === 'js')) from = await l.session.checkpoint().catch(() => from);
    try {
      l.session.dispose();
    } catch {
      // Tensors on a lost device may not free cleanly; they are gone with it.
    }
    setCurrent(null);
    const { resume: _old, ...base } = l.create;
    const cmd: CheckedCreate = from ? { ...base, resume: from } : base;
    const goOn: TrainingState = l.lostWhile === 'training' ? 'training' : (l.lostWhile ?? 'paused');
    let next: Live;
    try {
      const choice = await (deps.startAfterLoss ?? startAfterLoss)(lost, reason, l.backend);
      checkLimits(cmd, l.data);
      next = build(cmd, l.data, { choice, msPerStep: null });
      next.state = goOn === 'training' ? 'training' : 'paused';
      setCurrent(next);
      deps.watchBackend?.(choice, deviceLost);
      await replay(next, through);
    } catch (e) {
      current()?.session.dispose();
      setCurrent(null);
      const why = e instanceof Error ? e.message : String(e);
      postError(new CommandError('device', `${reason}; training stopped: ${why}`), 'device', {
        sessionId: l.create.sessionId,
      });
      l.state = 'stopped';
      progress(l);
      return;
    }
    next.state = finished(next) ? 'done' : goOn;
    post(
      {
        type: 'recovered',
        sessionId: cmd.sessionId,
        reason,
        lost,
        backend: structuredClone(next.backend),
        engines: Object.fromEntries(next.session.runs.map((r) => [r.id, r.engine])),
        resumedFrom: from?.step ?? 0,
        step: next.session.stepCount,
        ms: now() - t0,
        state: next.state,
      },
      [],
    );
    progress(next);
    if (next.state !== 'training') return;
    next.rate.restart(now());
    next.loop = host.train(next);
  }

  return { replay, lostDuring, deviceLost };
}
