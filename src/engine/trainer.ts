/**
 * What the session needs of a run, whatever computes it: the tfjs trainer (every network,
 * every backend) or the fused JavaScript MLP trainer (toy MLPs, fastest on a CPU).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { ProbeRecord, RunLayout, StepRecord } from '../core/metrics';
import type { SampleShape } from '../data/dataset';

/** One minibatch as plain arrays: features (NHWC for images) and labels. */
export interface HostBatch {
  x: Float32Array;
  y: Int32Array;
  n: number;
  shape: SampleShape;
  numClasses: number;
}

export interface TensorBatch {
  x: tf.Tensor;
  labels: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  n: number;
}

/** A batch as arrays, with its tensors made on first use and shared by every tfjs run. */
export interface BatchInput {
  host: HostBatch;
  tensors(): TensorBatch;
}

export interface StepResult {
  record: StepRecord;
  probe?: ProbeRecord;
}

export class DivergedError extends Error {
  override name = 'DivergedError';
}

export interface Trainer {
  readonly id: string;
  readonly layout: RunLayout;
  /** What computes this run: tfjs on the active backend, or the fused JavaScript MLP kernel. */
  readonly engine: 'tfjs' | 'js';
  /** One training step; throws DivergedError on a non-finite loss or gradient. */
  step(batch: BatchInput, step: number, probe: boolean): Promise<StepResult>;
  /** Misclassified examples over batches, in inference mode. */
  countWrong(batches: Iterable<BatchInput>): Promise<number>;
  /** Class probabilities (softmax, row-major n × classes) of a batch in inference mode. */
  predict(batch: HostBatch): Promise<Float32Array>;
  /** Current parameters and batch-norm statistics as plain arrays (a CPU checkpoint). */
  exportWeights(): Promise<Record<string, Float32Array>>;
  dispose(): void;
}

export function toTensors(b: HostBatch): TensorBatch {
  return tf.tidy(() => {
    const labels = tf.tensor1d(b.y, 'int32');
    return {
      x: tf.keep(tf.tensor(b.x, [b.n, ...b.shape])),
      labels: tf.keep(labels),
      oneHot: tf.keep(tf.cast(tf.oneHot(labels, b.numClasses), 'float32') as tf.Tensor2D),
      n: b.n,
    };
  });
}

export function disposeTensors(b: TensorBatch): void {
  b.x.dispose();
  b.labels.dispose();
  b.oneHot.dispose();
}

/** A BatchInput whose tensors are made lazily; call `release` when the batch is done. */
export function batchInput(host: HostBatch): BatchInput & { release(): void } {
  let t: TensorBatch | null = null;
  return {
    host,
    tensors: () => (t ??= toTensors(host)),
    release() {
      if (t) disposeTensors(t);
      t = null;
    },
  };
}
