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
import { loadSource } from '../engine/datasets';
import type { TrainTest } from '../engine/datasets';
import { createSession } from '../engine/session';
import type { EvalProgress, Session, SessionStep } from '../engine/session';
import { createBackendPicker } from './backendPick';
import type { PickedBackend } from './backendPick';
import { createMetricBuffer } from './metricBuffer';
import { METRICS_INTERVAL_MS, PROGRESS_INTERVAL_MS } from './protocol';
import type { ControlType, EngineErrorEvent, EngineEvent, ErrorKind } from './protocol';
import { checkCheckpoint, checkpointBuffers } from '../engine/sessionCheckpoint';
import { evaluationText, warmingUpText } from './activity';
import { createRateMeter } from './rateMeter';
import { asCommandError, checkLimits, checkShapes } from './sessionChecks';
import { createTimeLeft, sessionPlan } from './timeLeft';
import type { Live } from './live';
import { boundaryMap, toyPoints } from './toyView';
import { CommandError, commandHeader, validateCommand } from './validateCommand';
import type { CheckedCreate } from './validateCommand';
import { defaultYield } from './yieldToEventLoop';

export type PostEvent = (event: EngineEvent, transfer: ArrayBuffer[]) => void;

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
      if (map && live === l) post(map.event, map.transfer);
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

  const warmingUp = (l: Live) => warmingUpText(l.backend.backend);

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
    for (const { record, probe } of r.results) {
      l.buffer.addStep(record);
      if (probe) l.buffer.addProbe(probe);
    }
    for (const e of r.evals) l.buffer.addEval(e);
    if (!r.stopped.length) return;
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

  /**
   * Posts a checkpoint when one is asked for (CreateCommand.checkpointEvery) and due: `force`
   * at a pause, stop or finish, else once enough steps or seconds have passed. The points up
   * to its step go out first, so the main thread holds exactly those when it arrives.
   */
  async function checkpoint(l: Live, force: boolean): Promise<void> {
    const every = l.create.checkpointEvery;
    if (!every) return;
    const step = l.session.stepCount;
    const last = l.checkpointed;
    if (step === last.step && (l.state === last.state || step === 0)) return;
    const due = step - last.step >= every.steps || now() - last.at >= every.seconds * 1000;
    if (!force && !due) return;
    const cp = await l.session.checkpoint();
    l.checkpointed = { step, state: l.state, at: now() };
    flush(l);
    post(
      { type: 'checkpoint', sessionId: l.create.sessionId, state: l.state, checkpoint: cp },
      checkpointBuffers(cp),
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
      if (l.lost) l.state = 'stopped';
    } catch (e) {
      l.state = 'stopped';
      postError(e, 'engine', { sessionId: l.create.sessionId, type: 'start' });
    }
    // A halt asked for by a command is finished by that command.
    if (l.state !== 'training') {
      flush(l);
      progress(l);
      await checkpointQuietly(l);
    }
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

  async function load(cmd: CheckedCreate): Promise<TrainTest> {
    try {
      return await loadSource(cmd.data, (path) => deps.fetchBytes(path, cmd.baseUrl));
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      // makeToy names the bad field in its message: "makeToy: n must be …".
      const toy = /^makeToy: (\w+) /.exec(message)?.[1];
      throw new CommandError('data', message, toy ? `data.${toy === 'kind' ? 'toy' : toy}` : 'data');
    }
  }

  function build(cmd: CheckedCreate, data: TrainTest, picked: PickedBackend): Live {
    const backend = picked.choice;
    checkShapes(cmd, data);
    let session: Session;
    // The session reports its evaluations to the Live made from it just below.
    let owner: Live | null = null;
    try {
      session = createSession({
        runs: cmd.runs,
        train: data.train,
        test: data.test,
        config: cmd.config,
        ...(cmd.evalSample !== undefined ? { evalSample: cmd.evalSample } : {}),
        onEvaluate: (p) => {
          if (owner) onEvaluate(owner, p);
        },
      });
    } catch (e) {
      throw e instanceof RangeError ? new CommandError('spec', e.message, 'runs') : e;
    }
    if (cmd.resume)
      try {
        session.restore(cmd.resume);
      } catch (e) {
        session.dispose();
        throw e instanceof RangeError ? new CommandError('spec', `resume: ${e.message}`, 'resume') : e;
      }
    const l: Live = {
      create: cmd,
      data,
      backend,
      picked,
      session,
      buffer: createMetricBuffer(
        cmd.sessionId,
        cmd.runs.map((r) => r.id),
      ),
      state: 'paused',
      loop: null,
      halt: false,
      lastMetrics: now(),
      lastProgress: now(),
      rate: createRateMeter(),
      timeLeft: createTimeLeft(undefined, picked.msPerStep),
      activity: null,
      evaluation: null,
      evaluated: null,
      checkpointed: { step: session.stepCount, state: 'paused', at: now() },
    };
    owner = l;
    post(
      {
        type: 'ready',
        sessionId: cmd.sessionId,
        step: session.stepCount,
        // A copy: the picker keeps the original, remembered for this network shape.
        backend: structuredClone(backend),
        msPerStep: picked.msPerStep,
        layouts: session.runs.map((r) => r.layout),
        engines: Object.fromEntries(session.runs.map((r) => [r.id, r.engine])),
        config: cmd.config,
        dataLabel: data.label,
        trainSize: data.train.n,
        testSize: data.test.n,
        inputShape: [...data.train.shape],
        numClasses: data.train.numClasses,
        ...toyPoints(data),
      },
      [],
    );
    void boundary(l);
    return l;
  }

  function deviceLost(reason: string): void {
    const l = live;
    if (!l || l.lost) return;
    l.lost = reason;
    // Rebuilding the runs on another backend from a CPU copy of their weights is future work;
    // for now the session stops and says so.
    postError(
      new CommandError(
        'device',
        `${reason}; training stopped. Create the session again (on another backend if it recurs).`,
      ),
      'device',
      { sessionId: l.create.sessionId },
    );
    if (l.state === 'paused') {
      l.state = 'stopped';
      progress(l);
    }
  }

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
    live = build(cmd, data, picked);
    deps.watchBackend?.(picked.choice, deviceLost);
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
      case 'reset':
        {
          await teardown(l);
          // A reset starts from step 0, even for a session that was resumed.
          const { resume: _resumed, ...fresh } = l.create;
          live = build(fresh, l.data, l.picked);
          return;
        }
        return;
      case 'dispose':
        await teardown(l);
        return;
    }
  }

  async function dispatch(raw: unknown): Promise<void> {
    const header = commandHeader(raw);
    try {
      const cmd = validateCommand(raw);
      if (cmd.type === 'create') return await create(cmd);
      const l = live;
      if (!l || l.create.sessionId !== cmd.sessionId)
        throw stateError(
          `${cmd.type}: no session ${cmd.sessionId} here (${l ? `the current one is ${l.create.sessionId}` : 'none is open'}); send create first`,
        );
      await control(l, cmd.type);
    } catch (e) {
      postError(e, 'engine', header);
    }
  }

  return {
    handle(raw) {
      const next = queue.then(() => dispatch(raw));
      queue = next;
      return next;
    },
  };
}
