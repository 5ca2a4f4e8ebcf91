/**
 * What the engine host posts about its one live session: errors, metrics, progress,
 * boundary maps and checkpoints, each from the session's Live record (engineHost.ts).
 */
import type { EvalProgress } from '../engine/session';
import { checkpointBuffers } from '../engine/sessionCheckpoint';
import { evaluationText } from './activity';
import type { Live } from './live';
import { PROGRESS_INTERVAL_MS } from './protocol';
import type { EngineErrorEvent, EngineEvent, ErrorKind } from './protocol';
import { asCommandError } from './sessionChecks';
import { sessionPlan } from './timeLeft';
import { boundaryMap } from './toyView';

export type PostEvent = (event: EngineEvent, transfer: ArrayBuffer[]) => void;

/** A rebuild's checkpoint interval when the main thread asks for none (CreateCommand.checkpointEvery). */
export const RECOVERY_EVERY = { steps: 100, seconds: 30 };

export function createLiveEvents(post: PostEvent, now: () => number, isLive: (l: Live) => boolean) {
  function postError(e: unknown, fallback: ErrorKind, where: { sessionId?: string; type?: string }): void {
    const c = asCommandError(e, fallback);
    const event: EngineErrorEvent = { type: 'error', kind: c.kind, message: c.message };
    if (where.sessionId !== undefined) event.sessionId = where.sessionId;
    if (where.type !== undefined) event.command = where.type;
    if (c.field !== undefined) event.field = c.field;
    if (c.run !== undefined) event.run = c.run;
    post(event, []);
  }

  function flush(l: Live): void {
    const out = l.buffer.take();
    if (!out) return;
    post(out.event, out.transfer);
    l.lastMetrics = now();
  }

  /** One boundary map per run; skipped while the previous one is still being computed. */
  async function boundary(l: Live): Promise<void> {
    if (l.boundaryBusy) return;
    l.boundaryBusy = true;
    try {
      const map = await boundaryMap(l.session, l.data, l.create.config.task, l.create.sessionId);
      if (map && isLive(l)) post(map.event, map.transfer);
    } catch {
      // A session torn down mid-prediction has nothing left to show; the next map will come.
    } finally {
      l.boundaryBusy = false;
    }
  }

  function progress(l: Live): void {
    void boundary(l);
    post(
      {
        type: 'progress',
        sessionId: l.create.sessionId,
        step: l.session.stepCount,
        totalSteps: l.create.config.steps,
        stepsPerSecond: l.rate.perSecond,
        state: l.state,
        activity: l.activity,
        secondsLeft: l.timeLeft.secondsLeft(l.session.stepCount, sessionPlan(l.session, l.create.config)),
      },
      [],
    );
    l.lastProgress = now();
  }

  /** Follows an evaluation batch by batch: the progress line says what is being scored, how far. */
  function onEvaluate(l: Live, p: EvalProgress): void {
    if (p.done === 0) l.evaluation = { t0: now(), full: p.full };
    l.activity = p.done < p.total ? evaluationText(p) : null;
    if (p.done >= p.total && l.evaluation) {
      l.evaluated = { ms: now() - l.evaluation.t0, examples: p.total };
      l.evaluation = null;
    }
    // At the progress rate: a long scoring shows how far it is; a quick one adds no events.
    if (now() - l.lastProgress >= PROGRESS_INTERVAL_MS) progress(l);
  }

  /**
   * Posts a checkpoint when one is asked for (CreateCommand.checkpointEvery) and due: `force`
   * at a pause, stop or finish, else once enough steps or seconds have passed. The points up
   * to its step go out first, so the main thread holds exactly those when it arrives.
   */
  async function checkpoint(l: Live, force: boolean): Promise<void> {
    const every = l.create.checkpointEvery ?? RECOVERY_EVERY;
    const step = l.session.stepCount;
    const last = l.checkpointed;
    if (step === last.step && (l.state === last.state || step === 0)) return;
    const due = step - last.step >= every.steps || now() - last.at >= every.seconds * 1000;
    if (!force && !due) return;
    const cp = await l.session.checkpoint();
    l.checkpointed = { step, state: l.state, at: now() };
    l.recovery = cp;
    if (!l.create.checkpointEvery) return;
    flush(l);
    // The copy kept for a rebuild stays; the one sent gives up its buffers.
    const sent = structuredClone(cp);
    post(
      { type: 'checkpoint', sessionId: l.create.sessionId, state: l.state, checkpoint: sent },
      checkpointBuffers(sent),
    );
  }

  /** A checkpoint that fails (a lost device) is not worth a second error: the session says why. */
  async function checkpointQuietly(l: Live): Promise<void> {
    if (l.lost) return;
    try {
      await checkpoint(l, true);
    } catch {
      // The last checkpoint stands.
    }
  }

  return { postError, flush, boundary, progress, onEvaluate, checkpoint, checkpointQuietly };
}
