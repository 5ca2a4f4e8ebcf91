/**
 * The Lab's store: the controls (mirrored in the URL), the session's state as the worker
 * reports it, and every run's metrics. Components read it through useLabStore; `version`
 * changes with every event, and each run's own counters (RunData.versions) only when that
 * run's records do, so a chart redraws only when its data changed.
 *
 * A session remembers the controls it was built from (`session`); `settingsChanged` says
 * the live controls have moved on since, and the next Train or Step builds a new session.
 */
import { DEFAULT_LAB_STATE, isToy } from '../core/labState';
import type { LabState } from '../core/labState';
import type { DataSource } from '../core/dataSource';
import { toySource } from '../core/dataSource';
import type { TrainConfig } from '../core/trainConfig';
import type { BackendChoice } from '../engine/backend';
import { createEngineClient } from '../worker/client';
import type { EngineClient } from '../worker/client';
import type { EngineEvent } from '../worker/protocol';
import { experimentKey, newSession } from './labSession';
import type { LabSession } from './labSession';
import { addEval, addPoints, addProbe, newRunData, stopRun } from './runData';
import type { RunData } from './runData';

export type SessionPhase =
  'idle' | 'building' | 'ready' | 'training' | 'paused' | 'done' | 'stopped' | 'error';

export interface LabSnapshot {
  /** The live controls, as the learner has set them now. */
  controls: LabState;
  /** What the current session (and every run in `runs`) was built from; null before one. */
  session: LabSession | null;
  /** The live controls or data differ from the session's: its curves are a previous experiment. */
  settingsChanged: boolean;
  /** Notices about URL values that were refused. */
  notices: string[];
  phase: SessionPhase;
  backend: BackendChoice | null;
  dataLabel: string;
  step: number;
  totalSteps: number;
  stepsPerSecond: number;
  /** The engine's estimate of the time left (steps, evaluations and final scoring); null before one. */
  secondsLeft: number | null;
  /** What the engine is busy with besides stepping (warming up, evaluating…), or null. */
  activity: string | null;
  /** When training started (performance.now()), for "time to verdict". */
  startedAt: number | null;
  /** A Pause or Step the engine has been asked for and not yet confirmed (it ends the step in flight first). */
  pending: 'pause' | 'step' | null;
  runs: RunData[];
  /** The last refusal or failure, shown to the learner. */
  error: string | null;
  /** 2-D toys only: the data points and each run's latest class-probability grid. */
  toyPoints: { x: Float32Array; y: Int32Array; test: boolean[] } | null;
  boundary: {
    n: number;
    extent: [number, number, number, number];
    classes: number;
    probs: Map<string, Float32Array>;
  } | null;
  version: number;
}

/** Files the learner brought; they live here, never in the URL. */
export type UserData = {
  kind: 'idx' | 'cifar10';
  files: { name: string; bytes: Uint8Array }[];
  label: string;
} | null;

export function dataSourceOf(c: LabState, user: UserData): DataSource {
  if (user) return { kind: user.kind, files: user.files };
  if (isToy(c.data)) return toySource(c.data, c.noise, c.seed);
  return { kind: 'fashion' };
}

export function trainConfigOf(c: LabState): Partial<TrainConfig> {
  const schedule =
    c.schedule === 'step'
      ? { kind: 'step' as const, milestones: [Math.round(c.steps / 2), Math.round((3 * c.steps) / 4)] }
      : { kind: c.schedule };
  return {
    optimizer: c.optimizer,
    learningRate: c.learningRate,
    weightDecay: c.optimizer === 'adam' ? 0 : 1e-4,
    schedule,
    batchSize: c.batchSize,
    steps: c.steps,
    seed: c.seed,
    evalInterval: Math.max(10, Math.round(c.steps / 12)),
    probeStride: Math.max(1, Math.round(c.steps / 200)),
  };
}

/** A snapshot before any session: nothing built, nothing recorded. */
export function idleSnapshot(controls: LabState, notices: string[] = []): LabSnapshot {
  return {
    controls,
    session: null,
    settingsChanged: false,
    notices,
    phase: 'idle',
    backend: null,
    dataLabel: '',
    step: 0,
    totalSteps: 0,
    stepsPerSecond: 0,
    secondsLeft: null,
    activity: null,
    startedAt: null,
    pending: null,
    runs: [],
    error: null,
    toyPoints: null,
    boundary: null,
    version: 0,
  };
}

export interface LabStore {
  getSnapshot(): LabSnapshot;
  subscribe(listener: () => void): () => void;
  setControls(next: LabState): void;
  setUserData(data: UserData): void;
  readonly userData: UserData;
  /** Train (building a new session if there is none to go on with, or the controls changed) or pause. */
  toggle(): void;
  /** One step; builds a new session first exactly when Train would. */
  step(): void;
  reset(): void;
  dispose(): void;
}

/**
 * `connect` makes the engine client on first use (and again after `dispose`), so a store
 * survives React's mount–unmount–mount in development.
 */
export function createLabStore(
  connect: () => EngineClient,
  initial: { controls?: LabState; notices?: string[] } = {},
): LabStore {
  let snap: LabSnapshot = idleSnapshot(initial.controls ?? DEFAULT_LAB_STATE, initial.notices ?? []);
  let userData: UserData = null;
  let serial = 0;
  /** experimentKey of the current session's controls and data; null when there is none. */
  let builtFrom: string | null = null;
  let afterReady: (() => void) | null = null;
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
        set({
          phase: 'ready',
          backend: e.backend,
          dataLabel: e.dataLabel,
          step: 0,
          totalSteps: e.config.steps,
          stepsPerSecond: 0,
          runs: e.layouts.map((l) => newRunData(l, e.engines[l.run] ?? 'tfjs')),
          error: null,
          toyPoints: e.toyPoints ?? null,
          boundary: null,
        });
        afterReady?.();
        afterReady = null;
        return;
      case 'metrics': {
        const byId = new Map(snap.runs.map((r) => [r.id, r]));
        for (const p of e.runs) {
          const d = byId.get(p.run);
          if (d) addPoints(d, p);
        }
        for (const p of e.probes) {
          const d = byId.get(p.run);
          if (d) addProbe(d, p);
        }
        for (const v of e.evals) {
          const d = byId.get(v.run);
          if (d) addEval(d, v);
        }
        set({});
        return;
      }
      case 'progress':
        set({
          step: e.step,
          totalSteps: e.totalSteps,
          stepsPerSecond: e.stepsPerSecond,
          secondsLeft: e.secondsLeft,
          activity: e.activity,
          phase: e.state,
          // A pause is done once the engine stops training; a step once its step count moves.
          pending:
            (snap.pending === 'pause' && e.state !== 'training') ||
            (snap.pending === 'step' && e.step !== snap.step)
              ? null
              : snap.pending,
        });
        return;
      case 'runStopped': {
        const d = snap.runs.find((r) => r.id === e.run);
        if (d) stopRun(d, e.status, e.reason);
        set({});
        return;
      }
      case 'boundary':
        set({
          boundary: {
            n: e.n,
            extent: e.extent,
            classes: e.classes,
            probs: new Map(e.runs.map((r) => [r.run, r.probs])),
          },
        });
        return;
      case 'error':
        afterReady = null;
        if (snap.pending) set({ pending: null });
        if (snap.phase !== 'building') return set({ error: e.message });
        // A session that never became ready has nothing to show: back to the live controls.
        builtFrom = null;
        set({ error: e.message, phase: 'error', session: null });
        return;
    }
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
    builtFrom !== keyOf(snap.controls) ||
    snap.phase === 'idle' ||
    snap.phase === 'error' ||
    snap.phase === 'done' ||
    snap.phase === 'stopped';

  /** Builds a session from the live controls, then runs `then`; a refusal becomes the error shown. */
  function build(then: () => void) {
    const c = snap.controls;
    let session: LabSession;
    try {
      session = newSession(++serial, c, userData);
    } catch (e) {
      set({ error: (e as Error).message, phase: 'error', session: null });
      return;
    }
    builtFrom = keyOf(c);
    afterReady = then;
    set({
      phase: 'building',
      session,
      error: null,
      runs: [],
      step: 0,
      stepsPerSecond: 0,
      secondsLeft: null,
      activity: null,
      startedAt: null,
      pending: null,
      toyPoints: null,
      boundary: null,
    });
    client().create({
      runs: session.runs.map((r) => ({ id: r.id, spec: r.spec })),
      data: dataSourceOf(c, userData),
      config: trainConfigOf(c),
      backend: c.backend,
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
    setControls(next) {
      set({ controls: next });
    },
    setUserData(data) {
      userData = data;
      set({});
    },
    toggle() {
      if (snap.phase === 'training') {
        set({ pending: 'pause' });
        return client().pause();
      }
      if (snap.phase === 'building') return;
      const start = () => {
        set({ startedAt: performance.now(), phase: 'training' });
        client().start();
      };
      if (needsBuild()) return build(start);
      if (snap.phase === 'ready') return start();
      client().resume();
    },
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
      if (conn?.client.sessionId) conn.client.dispose();
      set({
        phase: 'idle',
        session: null,
        runs: [],
        step: 0,
        totalSteps: 0,
        startedAt: null,
        pending: null,
        stepsPerSecond: 0,
        secondsLeft: null,
        activity: null,
        error: null,
        toyPoints: null,
        boundary: null,
      });
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
export function createWorkerLabStore(initial: { controls?: LabState; notices?: string[] } = {}): LabStore {
  return createLabStore(() => createEngineClient(), initial);
}
