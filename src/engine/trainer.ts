/**
 * The session's batches and trainers with tensors: trainerTypes.ts's plain-array contract,
 * bound to batches whose tensors are made on first use and shared by every tfjs run.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { HostBatch, HostInput, RunTrainer } from './trainerTypes';

export { DivergedError } from './errors';
export type { HostBatch, StepResult } from './trainerTypes';

export interface TensorBatch {
  x: tf.Tensor;
  labels: tf.Tensor1D;
  oneHot: tf.Tensor2D;
  n: number;
}

/** A batch as arrays, with its tensors made on first use and shared by every tfjs run. */
export interface BatchInput extends HostInput {
  tensors(): TensorBatch;
}

export type Trainer = RunTrainer<BatchInput>;

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
