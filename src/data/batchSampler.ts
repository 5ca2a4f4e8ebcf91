import { createRng, hashSeed, permutation } from '../core/rng';

/**
 * Epoch-wise shuffled mini-batches of sample indices. Epoch e visits every index
 * once, in the order `epochOrder(size, seed, e)`, cut into consecutive batches.
 * Each epoch's order depends only on (size, seed, e), never on earlier epochs, so
 * a run resumed at epoch e from a checkpoint sees exactly the batches it would
 * have seen.
 */
export interface BatchSamplerOptions {
  /** Number of samples in the dataset. */
  readonly size: number;
  readonly batchSize: number;
  readonly seed: number;
  /** Drop a final batch smaller than `batchSize` (keeps every step the same shape). Default false. */
  readonly dropLast?: boolean;
  /** First epoch to yield. Default 0. */
  readonly startEpoch?: number;
}

export interface IndexBatch {
  readonly epoch: number;
  /** Position of this batch within its epoch. */
  readonly step: number;
  readonly indices: Int32Array;
}

/** The visiting order of epoch `epoch`: a permutation of 0..size-1. */
export function epochOrder(size: number, seed: number, epoch: number): Int32Array {
  return permutation(size, createRng(hashSeed(seed, epoch + 1)));
}

/** Batches per epoch: ⌈size / batchSize⌉, or ⌊size / batchSize⌋ when dropping the last. */
export function batchesPerEpoch(size: number, batchSize: number, dropLast = false): number {
  return dropLast ? Math.floor(size / batchSize) : Math.ceil(size / batchSize);
}

/** An endless stream of index batches, epoch after epoch; take as many as training needs. */
export function* batchSampler(options: BatchSamplerOptions): Generator<IndexBatch, never, void> {
  const { size, batchSize, seed, dropLast = false, startEpoch = 0 } = options;
  if (!Number.isInteger(size) || size < 1)
    throw new RangeError(`batchSampler: size must be an integer ≥ 1 (got ${size})`);
  if (!Number.isInteger(batchSize) || batchSize < 1) {
    throw new RangeError(`batchSampler: batchSize must be an integer ≥ 1 (got ${batchSize})`);
  }
  if (dropLast && batchSize > size) {
    throw new RangeError(
      `batchSampler: with dropLast, batchSize must be in [1, size = ${size}] (got ${batchSize})`,
    );
  }
  if (!Number.isInteger(seed)) throw new RangeError(`batchSampler: seed must be an integer (got ${seed})`);
  if (!Number.isInteger(startEpoch) || startEpoch < 0) {
    throw new RangeError(`batchSampler: startEpoch must be an integer ≥ 0 (got ${startEpoch})`);
  }
  const steps = batchesPerEpoch(size, batchSize, dropLast);
  for (let epoch = startEpoch; ; epoch++) {
    const order = epochOrder(size, seed, epoch);
    for (let step = 0; step < steps; step++) {
      yield { epoch, step, indices: order.slice(step * batchSize, Math.min(size, (step + 1) * batchSize)) };
    }
  }
}
