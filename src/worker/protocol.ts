/**
 * The training worker's message protocol: commands go main → worker, events worker → main.
 * Every message is a plain, structured-clonable object with a `type` tag; every command
 * carries the protocol version and the id of the session it is meant for. The worker checks
 * each command at the boundary (validateCommand.ts) and answers a refused one with an
 * `error` event; nothing it is sent can throw out of it.
 *
 * Metrics travel as batches of new points only: each `metrics` event holds the points made
 * since the previous one, as typed arrays whose buffers are transferred, not copied. The
 * worker sends at most one about every METRICS_INTERVAL_MS, however fast it steps.
 */
import type { DataSource } from '../core/dataSource';
import type { EvalRecord, ProbeRecord, RunLayout } from '../core/metrics';
import type { NetSpec } from '../core/netSpec';
import type { TrainConfig } from '../core/trainConfig';
import type { BackendChoice, BackendName, BackendPreference } from '../engine/backend';
import type { LandscapeSlice } from '../engine/landscape';
import type { LesionResult } from '../engine/lesion';
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';

/** Bump on any change to a message's shape; a worker refuses commands of another version. */
export const PROTOCOL_VERSION = 6;

/** Side-by-side runs in one session (the engine's MAX_RUNS; a test keeps them equal). */
export const MAX_SESSION_RUNS = 4;

/** Least time between two `metrics` events while training (~30 per second). */
export const METRICS_INTERVAL_MS = 33;

/** Least time between two `progress` events while training; state changes are sent at once. */
export const PROGRESS_INTERVAL_MS = 250;

export type RunId = string;
export type SessionId = string;

// ── commands (main → worker) ────────────────────────────────────────────────────────────

export interface RunRequest {
  id: RunId;
  spec: NetSpec;
  /** Initialisation seed; by default derived from the config seed and the run's position. */
  seed?: number;
}

interface Addressed {
  version: number;
  sessionId: SessionId;
}

/** Build a session: load the data, choose a backend, initialise every run. Answered by `ready`. */
export interface CreateCommand extends Addressed {
  type: 'create';
  /** 1..MAX_SESSION_RUNS runs with unique ids, trained in lockstep on the same minibatches. */
  runs: RunRequest[];
  data: DataSource;
  /** Any subset of TrainConfig; the rest takes the defaults (validateTrainConfig). */
  config: Partial<TrainConfig>;
  backend: BackendPreference;
  /**
   * Interim evaluations score a fixed class-balanced sample of this many examples of each
   * split (default 1,000); the last one scores both splits whole.
   */
  evalSample?: number;
  /** Absolute URL of the site root; shipped data files (public/) are fetched relative to it. */
  baseUrl?: string;
  /**
   * Go on from this checkpoint of a session built from the same runs, data and config: the
   * session is ready at `resume.step`, and trains the very steps the original would have.
   */
  resume?: SessionCheckpoint;
  /**
   * Send a `checkpoint` after a step once this many steps or seconds have passed since the
   * last one (whichever comes first), and whenever the training pauses, stops or finishes.
   * Absent: no checkpoints.
   */
  checkpointEvery?: { steps: number; seconds: number };
  /**
   * The main thread already holds every point through this step (a worker restarted after a
   * crash): the session trains to it without sending those points again, then is `ready`.
   */
  replayThrough?: number;
}

/**
 * - `start`/`resume`: train continuously until `config.steps`, or until paused or stopped.
 * - `pause`: finish the step in flight, send its points, wait.
 * - `step`: exactly one step, only while paused (or ready).
 * - `stop`: end the session's training for good; runs keep their data.
 * - `reset`: dispose and re-create from the last `create` (same seeds, so the same numbers).
 * - `dispose`: free the session's tensors; the worker then waits for a new `create`.
 * - `lesion`: the lesion study of every run that has not failed (engine/lesion.ts), only
 *   while not training; `studyProgress` events, then one `lesion` event.
 * - `cancelStudy`: ends a lesion study or a landscape slice between two evaluations
 *   (answered outside the queue).
 */
export type ControlType =
  'start' | 'pause' | 'resume' | 'step' | 'stop' | 'reset' | 'dispose' | 'lesion' | 'cancelStudy';

export type ControlCommand = { [K in ControlType]: Addressed & { type: K } }[ControlType];

/**
 * Are you there? Answered at once by `pong` (outside the command queue, between two training
 * steps at worst), whatever the session: the client's watchdog (client.ts) sends it.
 */
export interface PingCommand extends Addressed {
  type: 'ping';
}

/**
 * A slice of every studied run's loss landscape (engine/landscape.ts), only while not
 * training: `studyProgress` events, then one `landscape` event.
 */
export interface LandscapeCommand extends Addressed {
  type: 'landscape';
  /** Points per axis: odd, LANDSCAPE_POINTS.min … max. */
  n: number;
  dims: 1 | 2;
}

export { LANDSCAPE_POINTS } from '../core/studyLimits';

export type Command = CreateCommand | ControlCommand | PingCommand | LandscapeCommand;
export type CommandType = Command['type'];

export const COMMAND_TYPES: readonly CommandType[] = [
  'create',
  'start',
  'pause',
  'resume',
  'step',
  'stop',
  'reset',
  'dispose',
  'lesion',
  'cancelStudy',
  'landscape',
  'ping',
];

// ── events (worker → main) ──────────────────────────────────────────────────────────────

/** What computes a run: tfjs on the active backend, or the fused JavaScript MLP kernel. */
export type RunEngine = 'tfjs' | 'js';

/** The session is built and waits, paused at step 0 (or its checkpoint's). Sent after `create` and after `reset`. */
export interface ReadyEvent {
  type: 'ready';
  sessionId: SessionId;
  /** Steps already taken: 0, or the step of the checkpoint it resumed from. */
  step: number;
  /** The backend in use, and why each one tried before it was passed over. */
  backend: BackendChoice;
  /**
   * A warm training step of the whole session (all runs, one minibatch) on that backend, in
   * ms, timed before training; null where it could not be timed.
   */
  msPerStep: number | null;
  /** Names that give each run's probe arrays their meaning, in run order. */
  layouts: RunLayout[];
  engines: Record<RunId, RunEngine>;
  /** The config in force, defaults filled in. */
  config: TrainConfig;
  dataLabel: string;
  trainSize: number;
  testSize: number;
  /** One example's shape: [features] or [height, width, channels]. */
  inputShape: number[];
  numClasses: number;
  /** The 2-D toy points (x0, y0, x1, y1, …), labels and split, for the decision-boundary charts. */
  toyPoints?: { x: Float32Array; y: Int32Array; test: boolean[] };
}

/** One run's step points since the previous `metrics` event, all arrays of equal length. */
export interface RunPoints {
  run: RunId;
  /** 1-based step numbers, strictly increasing. */
  steps: Int32Array;
  loss: Float32Array;
  /** Minibatch training error in [0, 1]. */
  trainErr: Float32Array;
  learningRate: Float32Array;
}

/** Points made since the previous `metrics` event; every typed array's buffer is transferred. */
export interface MetricsEvent {
  type: 'metrics';
  sessionId: SessionId;
  /** Runs with at least one new point, in run order. */
  runs: RunPoints[];
  probes: ProbeRecord[];
  evals: EvalRecord[];
}

export type TrainingState = 'training' | 'paused' | 'done' | 'stopped';

export interface ProgressEvent {
  type: 'progress';
  sessionId: SessionId;
  /** Steps taken so far. */
  step: number;
  totalSteps: number;
  /** Exponential moving average of the step rate; 0 before the first step. */
  stepsPerSecond: number;
  state: TrainingState;
  /**
   * What the engine is busy with besides stepping, in words for the progress line ("warming
   * up: …", "evaluating: …", "scoring the whole …"), or null.
   */
  activity: string | null;
  /** Time left for the steps, interim evaluations and final scoring still to come; null until a step was timed. */
  secondsLeft: number | null;
}

/** A run stopped on its own; the session's other runs go on. */
export interface RunStoppedEvent {
  type: 'runStopped';
  sessionId: SessionId;
  run: RunId;
  /** The session step during which it stopped. */
  step: number;
  status: 'diverged' | 'failed';
  /** E.g. "diverged at step 12: the loss is NaN; the learning rate may be too high". */
  reason: string;
}

/**
 * - `protocol`: not a command of this version (unknown type, wrong version, malformed).
 * - `spec`: a NetSpec, run list or training option is refused; `field` names it.
 * - `data`: the data source is refused or its files are not what they claim to be.
 * - `state`: a command that makes no sense now (no such session, `step` while training…).
 * - `engine`: the engine failed while building or training.
 * - `device`: the GPU went away and the session could not be rebuilt on another backend.
 * - `worker`: the worker itself failed (reported by the client).
 */
export type ErrorKind = 'protocol' | 'spec' | 'data' | 'state' | 'engine' | 'device' | 'worker';

/** A refused command or a failure; a refused command changes nothing. */
export interface EngineErrorEvent {
  type: 'error';
  kind: ErrorKind;
  message: string;
  /** The session concerned, when known. */
  sessionId?: SessionId;
  /** The command refused, when known. */
  command?: string;
  /** Path of the offending field in the command, e.g. "runs[1].spec.stages[0].width". */
  field?: string;
  run?: RunId;
}

/**
 * For 2-D toy data: each run's class probabilities on an n×n grid over `extent` (row 0 at
 * ymax, column 0 at xmin, class fastest), sent with progress (≤ 4 per second) and at every
 * pause, step and finish, so the decision-boundary charts follow training.
 */
export interface BoundaryEvent {
  type: 'boundary';
  sessionId: SessionId;
  step: number;
  n: number;
  extent: [number, number, number, number];
  classes: number;
  runs: { run: RunId; probs: Float32Array }[];
}

/**
 * Where the session stands after `checkpoint.step` steps, to resume from (CreateCommand.resume).
 * Every point up to that step has been sent before it, none after; its buffers are transferred.
 */
export interface CheckpointEvent {
  type: 'checkpoint';
  sessionId: SessionId;
  /** The session's training state when it was taken. */
  state: TrainingState;
  checkpoint: SessionCheckpoint;
}

/**
 * The GPU device was lost and the session was rebuilt on another backend from its last
 * checkpoint (`resumedFrom`), replaying quietly to `step`: every point the main thread holds
 * stands, the next ones come from `backend`. The training goes on as it was (`state`).
 */
export interface RecoveredEvent {
  type: 'recovered';
  sessionId: SessionId;
  /** What happened, e.g. "the GPU device was lost (destroyed)". */
  reason: string;
  /** The backend lost, and the one that trains from now on. */
  lost: BackendName;
  backend: BackendChoice;
  engines: Record<RunId, RunEngine>;
  /** The checkpoint's step, and the step the session is back at. */
  resumedFrom: number;
  step: number;
  /** From the loss to trained again up to `step`, in ms. */
  ms: number;
  state: TrainingState;
}

/** The answer to `ping`. */
export interface PongEvent {
  type: 'pong';
}

/**
 * Sent by the client, not the worker: the worker stopped answering (it crashed or was
 * terminated), so the client made a new one. The session it held is gone with it.
 */
/** A lesion study's or a landscape slice's evaluations so far, over all its runs. */
export interface StudyProgressEvent {
  type: 'studyProgress';
  sessionId: SessionId;
  study: 'lesion' | 'landscape';
  done: number;
  total: number;
}

/** A landscape slice's end: each studied run's slice (none when cancelled), at `step`. */
export interface LandscapeEvent {
  type: 'landscape';
  sessionId: SessionId;
  step: number;
  cancelled: boolean;
  slices: LandscapeSlice[];
}

/** A lesion study's end: each studied run's results (none when cancelled), at `step`. */
export interface LesionEvent {
  type: 'lesion';
  sessionId: SessionId;
  step: number;
  cancelled: boolean;
  results: LesionResult[];
}

export interface WorkerRestartedEvent {
  type: 'workerRestarted';
  sessionId: SessionId;
  reason: string;
}

export type EngineEvent =
  | RecoveredEvent
  | PongEvent
  | WorkerRestartedEvent
  | ReadyEvent
  | MetricsEvent
  | ProgressEvent
  | RunStoppedEvent
  | EngineErrorEvent
  | BoundaryEvent
  | CheckpointEvent
  | StudyProgressEvent
  | LesionEvent
  | LandscapeEvent;
export type EngineEventType = EngineEvent['type'];
