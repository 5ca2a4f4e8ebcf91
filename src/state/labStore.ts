/**
 * The Lab's store: the controls (mirrored in the URL), the session's state as the worker
 * reports it, and every run's metrics. Components read it through useLabStore; `version`
 * changes with every event, and each run's own counters (RunData.versions) only when that
 * run's records do, so a chart redraws only when its data changed.
 *
 * A session remembers the controls it was built from (`session`); `settingsChanged` says
 * the live controls have moved on since, and the next Train or Step builds a new session.
 *
 * Train holds a session that would take longer than the limit (30 min by default) to train:
 * the snapshot's `longRun` says how long and what would fit (longRun.ts); Train again or
 * `trainAnyway` starts it, and a suggestion is applied as new controls.
 *
 * Its parts elsewhere: the record events' patches (labRecords.ts), the studies (labStudy.ts)
 * and the PyTorch log overlaid on the charts (labOverlay.ts).
 */
import { DEFAULT_LAB_STATE } from '../core/labState';
import type { LabState } from '../core/labState';
import { LAB_EVAL_SAMPLE, LONG_RUN_LIMIT_SECONDS } from '../core/trainingTime';
import { createEngineClient } from '../worker/client';
import type { EngineClient } from '../worker/client';
import type { EngineEvent } from '../worker/protocol';
import { parseExperimentFile } from './experimentFile';
import { importedSnapshot } from './labImport';
import { idleSnapshot, NO_SESSION_RECORDS } from './labSnapshot';
import type { LabSnapshot } from './labSnapshot';
import { dataSourceOf, trainConfigOf } from './labCommand';
import type { UserData } from './labCommand';
import { experimentKey, newSession } from './labSession';
import type { LabSession } from './labSession';
import { createLongRunGuard } from './longRun';
import type { LongRunWarning } from './longRun';
import { readyPatch, recordsPatch } from './labRecords';
import { overlayMethods } from './labOverlay';
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';
import { createSaver } from './labPersist';
import { restoredSession } from './labRestore';
import { CHECKPOINT_EVERY, MAX_RESTARTS } from './labStoreApi';
import { studyMethods, studyPatch } from './labStudy';
import { deviceRecoveredText, workerRestartedText } from './recoveryText';
import type { LabStore, LabStoreOptions } from './labStoreApi';

export { dataSourceOf, trainConfigOf } from './labCommand';
export { idleSnapshot } from './labSnapshot';
export type { LabSnapshot, SessionPhase } from './labSnapshot';
export type { UserData } from './labCommand';
export { CHECKPOINT_EVERY } from './labStoreApi';
export type { LabStore, LabStoreOptions } from './labStoreApi';

export function createLabStore(connect: () => EngineClient, initial: LabStoreOptions = {}): LabStore {
  let snap: LabSnapshot = {
    ...idleSnapshot(initial.controls ?? DEFAULT_LAB_STATE, initial.notices ?? []),
    checkpointEvery: initial.checkpointEvery ?? CHECKPOINT_EVERY,
  };
  let userData: UserData = null;
  let serial = 0;
  /** experimentKey of the current session's controls and data; null when there is none. */
  let builtFrom: string | null = null;
  let afterReady: (() => void) | null = null;
  /** experimentKey of the controls the learner chose to train despite the warning. */
  let accepted: string | null = null;
  const guard = createLongRunGuard(initial.longRunLimitSeconds ?? LONG_RUN_LIMIT_SECONDS);
  /** The id the current session is stored under; null when it is not stored. */
  let persistId: string | null = null;
  /** A restored session's checkpoint, which the next build goes on from. */
  let resumeFrom: SessionCheckpoint | null = null;
  /** A resumed build is in flight: a refusal keeps its records on screen. */
  let resuming = false;
  /** The current session's last checkpoint, to go on from if its worker dies. */
  let lastCheckpoint: SessionCheckpoint | null = null;
  /** Workers replaced under the current session; past MAX_RESTARTS it is given up. */
  let restarts = 0;
  /** A restart's rebuild in flight: when it began and the step it goes back to. */
  let restarting: { t0: number; reason: string; from: number; through: number } | null = null;
  const db = initial.sessions;
  const saver =
    db &&
    createSaver(db, (outcome, step) => {
      if (outcome.ok) set({ saved: { step, at: outcome.summary.updatedAt }, storageError: null });
      else set({ storageError: outcome.message });
    });
  const listeners = new Set<() => void>();
  const keyOf = (controls: LabState) => experimentKey(controls, userData);
  const set = (patch: Partial<LabSnapshot>) => {
    const next = { ...snap, ...patch, version: snap.version + 1 };
    next.settingsChanged = next.session !== null && builtFrom !== null && builtFrom !== keyOf(next.controls);
    snap = next;
    for (const l of [...listeners]) l();
  };

  function onEvent(e: EngineEvent) {
    switch (e.type) {
      case 'ready':
        resuming = false;
        if (restarting) {
          const r = restarting;
          restarting = null;
          set({ recovery: workerRestartedText(r.reason, r.from, r.through, performance.now() - r.t0) });
        }
        set(readyPatch(e));
        if (snap.session) guard.measured(snap.session.controls, userData, e);
        afterReady?.();
        afterReady = null;
        return;
      case 'metrics':
      case 'runStopped':
      case 'boundary':
        return set(recordsPatch(snap, e));
      case 'progress':
        set({
          step: e.step,
          totalSteps: e.totalSteps,
          stepsPerSecond: e.stepsPerSecond,
          secondsLeft: e.secondsLeft,
          activity: e.activity,
          // A rebuild replaying steps before its ready (a restarted worker) is still building.
          phase: snap.phase === 'building' ? 'building' : e.state,
          // A pause is done once the engine stops training; a step once its step count moves.
          pending:
            (snap.pending === 'pause' && e.state !== 'training') ||
            (snap.pending === 'step' && e.step !== snap.step)
              ? null
              : snap.pending,
        });
        return;
      case 'recovered':
        set({ backend: e.backend, recovery: deviceRecoveredText(e) });
        return;
      case 'workerRestarted':
        return restartSession(e.reason);
      case 'pong':
        return;
      case 'checkpoint':
        lastCheckpoint = e.checkpoint;
        if (saver && persistId) saver.save(persistId, snap, e.checkpoint, e.state === 'done');
        return;
      case 'studyProgress':
      case 'lesion':
      case 'landscape':
        return set(studyPatch(snap, e));
      case 'error':
        if (e.command === 'lesion') set({ lesion: null });
        if (e.command === 'landscape') set({ landscape: null });
        afterReady = null;
        restarting = null;
        if (snap.pending) set({ pending: null });
        if (snap.phase !== 'building') return set({ error: e.message });
        if (resuming) {
          // The restored records stay; the next Train builds the session afresh.
          resuming = false;
          return set({ error: `could not go on from the checkpoint: ${e.message}`, phase: 'stopped' });
        }
        // A session that never became ready has nothing to show: back to the live controls.
        builtFrom = null;
        set({ error: e.message, phase: 'error', session: null });
        return;
    }
  }
  /**
   * The worker died under the session: build it again in the new one from its last
   * checkpoint, quietly back to the last point on screen, and go on as it was.
   */
  function restartSession(reason: string) {
    const session = snap.session;
    const phase = snap.phase;
    if (!session || phase === 'idle' || phase === 'error' || phase === 'done' || phase === 'stopped') return;
    if (++restarts > MAX_RESTARTS) {
      builtFrom = null;
      return set({
        phase: 'stopped',
        pending: null,
        error: `${reason}, ${MAX_RESTARTS + 1} times in this session; it is stopped. Reload the page to go on from its last saved checkpoint.`,
      });
    }
    const through = Math.max(0, ...snap.runs.map((r) => r.loss.x.at(-1) ?? 0));
    const cp = lastCheckpoint && lastCheckpoint.step <= through ? lastCheckpoint : null;
    // A refused rebuild keeps the records on screen, as a refused resume does.
    resuming = true;
    restarting = { t0: performance.now(), reason, from: cp?.step ?? 0, through };
    afterReady = phase === 'training' ? () => client().start() : null;
    set({ phase: 'building', pending: null, activity: null });
    create(session, cp, through);
  }

  let conn: { client: EngineClient; unsubscribe: () => void } | null = null;
  const client = (): EngineClient => {
    if (!conn) {
      const c = connect();
      conn = { client: c, unsubscribe: c.subscribe(onEvent) };
    }
    return conn.client;
  };

  /** Train and Step go on with the current session, or build a new one from the live controls. */
  const needsBuild = () =>
    resumeFrom !== null ||
    builtFrom !== keyOf(snap.controls) ||
    snap.phase === 'idle' ||
    snap.phase === 'error' ||
    snap.phase === 'done' ||
    snap.phase === 'stopped';

  /** The warning for `controls`, unless the learner has chosen to train them anyway. */
  const held = (controls: LabState, basis: LongRunWarning['basis']) =>
    accepted === keyOf(controls) ? null : guard.check(controls, userData, basis);

  /**
   * Train: go on with the session, or build one. Settings not built yet are first estimated
   * from the last measurement; a built session's own measured step decides before it starts.
   */
  function train() {
    const start = () => {
      set({ startedAt: performance.now(), phase: 'training' });
      client().start();
    };
    const startUnlessLong = () => {
      const warning = snap.session && held(snap.session.controls, 'measured');
      if (warning) set({ longRun: warning });
      else start();
    };
    if (needsBuild()) {
      const warning = held(snap.controls, 'scaled');
      if (warning) return set({ longRun: warning });
      return build(startUnlessLong);
    }
    if (snap.phase === 'ready') return startUnlessLong();
    client().resume();
  }

  function trainAnyway() {
    if (!snap.longRun || snap.phase === 'building' || snap.phase === 'training') return;
    accepted = keyOf(snap.controls);
    set({ longRun: null });
    train();
  }

  /** Builds a session from the live controls, then runs `then`; a refusal becomes the error shown. */
  function build(then: () => void) {
    const c = snap.controls;
    // A restored session goes on only with the controls and data it was trained with.
    const resume = resumeFrom && builtFrom === keyOf(c) && snap.session ? resumeFrom : null;
    resumeFrom = null;
    if (resume) return buildResumed(snap.session!, resume, then);
    let session: LabSession;
    try {
      session = newSession(++serial, c, userData);
    } catch (e) {
      set({ error: (e as Error).message, phase: 'error', session: null });
      return;
    }
    builtFrom = keyOf(c);
    afterReady = then;
    persistId = db ? crypto.randomUUID() : null;
    set({ ...NO_SESSION_RECORDS, phase: 'building', session, sessionDate: Date.now() });
    lastCheckpoint = null;
    restarts = 0;
    restarting = null;
    create(session, null);
  }

  /** Builds the restored session's runs again and puts its checkpoint back; its records stay on screen. */
  function buildResumed(session: LabSession, cp: SessionCheckpoint, then: () => void) {
    afterReady = then;
    resuming = true;
    lastCheckpoint = cp;
    restarts = 0;
    // Once it goes on, the Lab says where it was last saved rather than where it was restored from.
    set({ phase: 'building', error: null, longRun: null, pending: null, activity: null, restored: null });
    create(session, cp);
  }

  function create(session: LabSession, resume: SessionCheckpoint | null, replayThrough = 0) {
    const c = session.controls;
    // A rebuild after a dead worker keeps the interval the session was built with.
    const every = resume && snap.savingEvery ? snap.savingEvery : snap.checkpointEvery;
    if (snap.savingEvery !== every) set({ savingEvery: every });
    client().create({
      runs: session.runs.map((r) => ({ id: r.id, spec: r.spec })),
      data: dataSourceOf(c, userData),
      config: trainConfigOf(c, userData !== null),
      backend: c.backend,
      evalSample: LAB_EVAL_SAMPLE,
      // Kept in memory to outlive a worker, and stored when the Lab keeps sessions.
      checkpointEvery: every,
      ...(resume ? { resume } : {}),
      ...(replayThrough > (resume?.step ?? 0) ? { replayThrough } : {}),
    });
  }

  return {
    getSnapshot: () => snap,
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    get userData() {
      return userData;
    },
    // A warning describes the settings it was made for; new ones are checked at the next Train.
    setControls(next) {
      set({ controls: next, longRun: null });
    },
    setUserData(data) {
      userData = data;
      set({ longRun: null });
    },
    toggle() {
      if (snap.phase === 'training') {
        set({ pending: 'pause' });
        return client().pause();
      }
      if (snap.phase === 'building') return;
      if (snap.longRun) return trainAnyway();
      train();
    },
    trainAnyway,
    step() {
      if (snap.phase === 'training' || snap.phase === 'building') return;
      const once = () => {
        set({ pending: 'step' });
        client().step();
      };
      if (needsBuild()) return build(once);
      once();
    },
    reset() {
      builtFrom = null;
      afterReady = null;
      persistId = null;
      resumeFrom = null;
      if (conn?.client.sessionId) conn.client.dispose();
      set({ ...NO_SESSION_RECORDS, phase: 'idle', session: null, totalSteps: 0, sessionDate: null });
      lastCheckpoint = null;
      restarting = null;
    },
    loadExperiment(text) {
      const parsed = parseExperimentFile(text);
      if (!parsed.ok) return parsed;
      // The worker's session (if any) is over: its events must not land on the imported one.
      afterReady = null;
      if (conn?.client.sessionId) conn.client.dispose();
      builtFrom = experimentKey(parsed.value.controls, parsed.value.userData);
      persistId = null;
      resumeFrom = null;
      lastCheckpoint = null;
      set(importedSnapshot(parsed.value, ++serial));
      return parsed;
    },
    async openStored(id) {
      if (!db) return 'this Lab keeps no sessions';
      if (snap.phase === 'training' || snap.phase === 'building') return 'pause the training first';
      const rec = await db.load(id);
      if (!rec) return 'that session is no longer stored';
      const r = restoredSession(rec, ++serial);
      if (!r.ok) return r.message;
      afterReady = null;
      if (conn?.client.sessionId) conn.client.dispose();
      builtFrom = experimentKey(r.experiment.controls, r.experiment.userData);
      // A resumed session goes on being saved under its own id (a fresh build gets a new one).
      persistId = id;
      resumeFrom = r.checkpoint;
      set({ ...r.snapshot, saved: { step: rec.summary.step, at: rec.summary.updatedAt } });
      return null;
    },
    forgetStored(id) {
      if (persistId !== id) return;
      persistId = null;
      set({ saved: null });
    },
    saved: () => saver?.idle() ?? Promise.resolve(),
    ...studyMethods(
      () => snap,
      set,
      () => conn?.client ?? null,
    ),
    ...overlayMethods(set),
    setCheckpointEvery(every) {
      set({ checkpointEvery: every });
    },
    /** Ends the worker; the next Train makes a new one. */
    dispose() {
      if (!conn) return;
      conn.unsubscribe();
      conn.client.terminate();
      conn = null;
      builtFrom = null;
      afterReady = null;
      if (snap.phase === 'training' || snap.phase === 'building') set({ phase: 'idle' });
    },
  };
}

/** The page's store, training in a dedicated Web Worker. */
export function createWorkerLabStore(initial: LabStoreOptions = {}): LabStore {
  return createLabStore(() => createEngineClient(), initial);
}
