/**
 * What the Lab shows, as one immutable value: the live controls, the session they built and
 * its phase, and every run's records. The store (labStore.ts) replaces it on every event;
 * an imported experiment (labImport.ts) fills the same fields from a file.
 */
import type { LabState } from '../core/labState';
import { CHECKPOINT_EVERY } from './checkpointInterval';
import type { CheckpointEvery } from './checkpointInterval';
import type { LabLandscape, LabLesion } from './labStudy';
import type { BackendChoice } from '../engine/backend';
import type { ImportedInfo } from './labImport';
import type { RestoredInfo } from './labRestore';
import type { LabSession } from './labSession';
import type { LongRunWarning } from './longRun';
import type { RunData } from './runData';
import type { TorchLog } from './torchLog';

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
  /** Train is held: these settings would take longer than the limit to train. */
  longRun: LongRunWarning | null;
  /** 2-D toys only: the data points and each run's latest class-probability grid. */
  toyPoints: { x: Float32Array; y: Int32Array; test: boolean[] } | null;
  boundary: {
    n: number;
    extent: [number, number, number, number];
    classes: number;
    probs: Map<string, Float32Array>;
  } | null;
  /** Wall-clock time (ms since 1970) the session was built; null before one or when not known. */
  sessionDate: number | null;
  /** Set when the session on screen was read from an experiment file (labImport.ts). */
  imported: ImportedInfo | null;
  /** Set when the session on screen was restored from storage (labRestore.ts). */
  restored: RestoredInfo | null;
  /** The last checkpoint stored of this session: its step and when (ms since 1970). */
  saved: { step: number; at: number } | null;
  /** Why the last checkpoint was not stored (quota, a browser without storage), or null. */
  storageError: string | null;
  /** The notice of a fault the session survived (a lost GPU, a dead worker), or null. */
  recovery: string | null;
  /** How often sessions built from now on are checkpointed (the learner's choice). */
  checkpointEvery: CheckpointEvery;
  /** How often the session on screen is checkpointed; null when none was built here. */
  savingEvery: CheckpointEvery | null;
  /** The lesion study of the session's networks, running or done; null before one. */
  lesion: LabLesion | null;
  /** The loss-landscape slice of the session's networks, running or done; null before one. */
  landscape: LabLandscape | null;
  /** A PyTorch log drawn over the session's curves (labOverlay.ts); it outlives the session. */
  overlay: TorchLog | null;
  version: number;
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
    longRun: null,
    toyPoints: null,
    boundary: null,
    sessionDate: null,
    imported: null,
    restored: null,
    saved: null,
    storageError: null,
    recovery: null,
    checkpointEvery: CHECKPOINT_EVERY,
    savingEvery: null,
    lesion: null,
    landscape: null,
    overlay: null,
    version: 0,
  };
}

/** What a new session (or none) starts from: no records, no notices about an earlier one. */
export const NO_SESSION_RECORDS = {
  runs: [],
  step: 0,
  stepsPerSecond: 0,
  secondsLeft: null,
  activity: null,
  startedAt: null,
  pending: null,
  error: null,
  longRun: null,
  toyPoints: null,
  boundary: null,
  imported: null,
  restored: null,
  saved: null,
  storageError: null,
  recovery: null,
  savingEvery: null,
  lesion: null,
  landscape: null,
} satisfies Partial<LabSnapshot>;
