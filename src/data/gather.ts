import type { Dataset, SampleShape } from './dataset';
import { sampleSize } from './dataset';
import type { ChannelStats } from './normalize';
import { safeStd } from './normalize';

/** One mini-batch ready for a tensor: float features (NHWC for images) and labels. */
export interface Batch {
  readonly x: Float32Array;
  readonly y: Int32Array;
  readonly n: number;
  readonly shape: SampleShape;
}

/**
 * Copy the samples at `indices` into one float batch, standardising with `stats`
 * on the way when given (see normalize.ts). This is how raw-byte image datasets
 * reach the engine: one batch of floats at a time instead of the whole set.
 */
export function gatherBatch(ds: Dataset, indices: ArrayLike<number>, stats?: ChannelStats): Batch {
  const size = sampleSize(ds.shape);
  const channels = ds.shape[ds.shape.length - 1]!;
  if (stats && (stats.mean.length !== channels || stats.std.length !== channels)) {
    throw new RangeError(`gatherBatch: stats have ${stats.mean.length} channels, the data has ${channels}`);
  }
  const mean = stats ? stats.mean : new Array<number>(channels).fill(0);
  const scale = stats ? stats.std.map((s) => 1 / safeStd(s)) : new Array<number>(channels).fill(1);
  const x = new Float32Array(indices.length * size);
  const y = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
      throw new RangeError(`gatherBatch: index ${i} at position ${k} is outside [0, ${ds.n - 1}]`);
    }
    y[k] = ds.y[i]!;
    const src = i * size;
    const dst = k * size;
    for (let j = 0; j < size; j++) {
      const c = j % channels;
      x[dst + j] = (ds.x[src + j]! - mean[c]!) * scale[c]!;
    }
  }
  return { x, y, n: indices.length, shape: ds.shape };
}
