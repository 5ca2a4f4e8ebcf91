/** The worker's record of its one open session: what it was made from and where its training stands. */
import type { BackendChoice } from '../engine/backend';
import type { TrainTest } from '../engine/datasets';
import type { Session } from '../engine/session';
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';
import type { PickedBackend } from './backendPick';
import type { MetricBuffer } from './metricBuffer';
import type { TrainingState } from './protocol';
import type { RateMeter } from './rateMeter';
import type { TimeLeft } from './timeLeft';
import type { CheckedCreate } from './validateCommand';

export interface Live {
  create: CheckedCreate;
  data: TrainTest;
  backend: BackendChoice;
  /** The backend and its measured step, as chosen at create (a reset keeps them). */
  picked: PickedBackend;
  session: Session;
  buffer: MetricBuffer;
  state: TrainingState;
  /** The training loop, while one runs or until the next start. */
  loop: Promise<void> | null;
  /** Asks the loop to end after the step in flight. */
  halt: boolean;
  lastMetrics: number;
  lastProgress: number;
  rate: RateMeter;
  timeLeft: TimeLeft;
  /** What the engine is busy with besides stepping (ProgressEvent.activity). */
  activity: string | null;
  /** The evaluation in progress, and the last one finished during the current step. */
  evaluation: { t0: number; full: boolean } | null;
  evaluated: { ms: number; examples: number } | null;
  /** The last checkpoint sent (or the start): its step, training state and time. */
  checkpointed: { step: number; state: TrainingState; at: number };
  boundaryBusy?: boolean;
  /**
   * The last checkpoint taken (sent or not), a CPU copy to rebuild from if the device is
   * lost; null before the first one, when a rebuild starts from the seeds.
   */
  recovery: SessionCheckpoint | null;
  /** The main thread holds every point through this step (sent before a rebuild): not sent again. */
  quietThrough: number;
  /** The last step whose points went to the main thread (or were held there already). */
  recordedStep: number;
  /** Why the device was lost, and the training state it was lost in. */
  lost?: string;
  lostWhile?: TrainingState;
  /**
   * A `cancelStudy` arrived (read outside the queue) and has not yet had its turn in it: a
   * study running or queued before it ends; the cancel's own turn clears it.
   */
  cancelStudy?: boolean;
}
