/** The Lab store's interface and options (the store itself: labStore.ts). */
import type { CheckpointEvery } from './checkpointInterval';
import type { LabState } from '../core/labState';
import type { ParsedExperiment } from './experimentFile';
import type { LabSnapshot } from './labSnapshot';
import type { UserData } from './labCommand';
import type { SessionDb } from './sessionDb';
import type { ParsedTorchLog } from './torchLog';

export interface LabStore {
  getSnapshot(): LabSnapshot;
  subscribe(listener: () => void): () => void;
  setControls(next: LabState): void;
  setUserData(data: UserData): void;
  readonly userData: UserData;
  /**
   * Train (building a new session if there is none to go on with, or the controls changed) or
   * pause. A session estimated to take longer than the limit is held with `longRun` set
   * instead of started; Train while it is shown trains anyway.
   */
  toggle(): void;
  /** Starts the held long run despite the warning. */
  trainAnyway(): void;
  /** One step; builds a new session first exactly when Train would. */
  step(): void;
  reset(): void;
  /**
   * Replaces the session with an experiment file's, without training; a refused file leaves
   * everything as it was. Train afterwards builds a fresh session from the file's controls.
   */
  loadExperiment(text: string): ParsedExperiment;
  /**
   * Replaces the session with a stored one (sessionDb.ts): its charts at once, and Train goes
   * on from its checkpoint when it has one. Resolves to a refusal's message, or null.
   */
  openStored(id: string): Promise<string | null>;
  /** Told that stored session `id` was deleted: the session on screen is no longer saved under it. */
  forgetStored(id: string): void;
  /** Resolves once every checkpoint received has been written (or refused). */
  saved(): Promise<void>;
  /** The lesion study of the trained session's networks (labLesion.ts); not while training. */
  lesion(): void;
  /** A slice of the trained session's loss landscapes, n points an axis (labStudy.ts). */
  landscape(n: number, dims: 1 | 2): void;
  /** Ends the study running (lesion or landscape) between two evaluations. */
  cancelStudy(): void;
  /**
   * Overlays a PyTorch log (reslab-log/1) on the charts, beside whatever session is on screen;
   * a refused log leaves everything as it was.
   */
  loadTorchLog(text: string): ParsedTorchLog;
  /** Removes the overlay. */
  clearTorchLog(): void;
  /** The interval for sessions built from now on (the one training keeps its own). */
  setCheckpointEvery(every: CheckpointEvery): void;
  dispose(): void;
}

export { CHECKPOINT_EVERY } from './checkpointInterval';

/** Workers replaced under one session before it is given up (a worker that dies each time it trains). */
export const MAX_RESTARTS = 2;

/**
 * `connect` makes the engine client on first use (and again after `dispose`), so a store
 * survives React's mount–unmount–mount in development.
 */
export interface LabStoreOptions {
  controls?: LabState;
  notices?: string[];
  /** Longest predicted training (seconds) that starts without a warning; default 30 min. */
  longRunLimitSeconds?: number;
  /** Where sessions are kept as they train; none: nothing is stored. */
  sessions?: SessionDb;
  /** How often sessions built from now on are checkpointed; default CHECKPOINT_EVERY. */
  checkpointEvery?: CheckpointEvery;
}
