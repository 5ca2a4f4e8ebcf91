/**
 * What the session needs of a run, in plain arrays only, so a trainer without tfjs (the
 * fused MLP trainer in jsMlp/) can implement it. trainer.ts binds it to the batches the
 * session hands out, which also carry lazily made tensors for the tfjs trainer.
 */
import type { LayerResponses, RunLayout, StepProbe, StepRecord } from '../core/metrics';
import type { SampleShape } from '../data/dataset';

/** One minibatch as plain arrays: features (NHWC for images) and labels. */
export interface HostBatch {
  x: Float32Array;
  y: Int32Array;
  n: number;
  shape: SampleShape;
  numClasses: number;
}

/** A batch as the session hands it out: at least its arrays. */
export interface HostInput {
  host: HostBatch;
}

export interface StepResult {
  record: StepRecord;
  probe?: StepProbe;
}

/**
 * Everything a trainer needs to go on exactly where it stood: what exportWeights gives, the
 * optimiser's slots (one list per parameter in layout order: SGD [v], Adam [m, s]), the
 * number of updates applied (Adam's t) and whether a warm-up schedule has switched.
 */
export interface TrainerState {
  weights: Record<string, Float32Array>;
  slots: Float32Array[][];
  updates: number;
  warmReached: boolean;
}

export interface RunTrainer<B extends HostInput> {
  readonly id: string;
  readonly layout: RunLayout;
  /** What computes this run: tfjs on the active backend, or the fused JavaScript MLP kernel. */
  readonly engine: 'tfjs' | 'js';
  /** One training step; throws DivergedError on a non-finite loss or gradient. */
  step(batch: B, step: number, probe: boolean): Promise<StepResult>;
  /**
   * The layer responses of the current weights on `batch`, in inference mode (running
   * batch-norm statistics); every std is the population std over all elements of the output.
   */
  responses(batch: B): Promise<LayerResponses>;
  /** Misclassified examples over batches, in inference mode. */
  countWrong(batches: Iterable<B>): Promise<number>;
  /** Class probabilities (softmax, row-major n × classes) of a batch in inference mode. */
  predict(batch: HostBatch): Promise<Float32Array>;
  /** Current parameters and batch-norm statistics as plain arrays (a CPU checkpoint). */
  exportWeights(): Promise<Record<string, Float32Array>>;
  /** A copy of the whole training state (a checkpoint); later steps do not change it. */
  saveState(): Promise<TrainerState>;
  /**
   * Puts a saveState() of a trainer built from the same spec and config back; throws a
   * RangeError naming the first array that is missing or of the wrong length.
   */
  loadState(state: TrainerState): void;
  dispose(): void;
}
