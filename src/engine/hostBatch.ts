/** From the data layer's datasets to host batches (optionally augmented, as the paper's CIFAR recipe). */
import type { Rng } from '../core/rng';
import { augmentBatch } from '../data/augment';
import type { Dataset } from '../data/dataset';
import { isImageShape } from '../data/dataset';
import { gatherBatch } from '../data/gather';
import type { ChannelStats } from '../data/normalize';
import type { HostBatch } from './trainer';

export function hostBatch(
  ds: Dataset,
  indices: ArrayLike<number>,
  stats?: ChannelStats,
  augment?: Rng,
): HostBatch {
  const b = gatherBatch(ds, indices, stats);
  const x = augment && isImageShape(ds.shape) ? augmentBatch(b.x, ds.shape, augment) : b.x;
  return { x, y: b.y, n: b.n, shape: ds.shape, numClasses: ds.numClasses };
}
