import type { Dataset, Features } from './dataset';
import { sampleSize, withSamples } from './dataset';

/**
 * Per-channel standardisation: x' = (x − μ_c) / σ_c, with μ_c and σ_c the mean and
 * population standard deviation of channel c over every pixel of every training
 * image (for `[features]` data, each feature is a channel). Statistics come from
 * the training set only and are applied unchanged to the test set, so nothing
 * about the test set leaks into training. (He et al. 2015 subtract the per-pixel
 * mean on CIFAR-10; per-channel mean and std is what most reproductions use.)
 * Values are in the units stored: 0–255 for raw pixels.
 */
export interface ChannelStats {
  readonly mean: readonly number[];
  readonly std: readonly number[];
}

/** μ_c and σ_c of each channel (the last axis), accumulated in float64 in two passes. */
export function channelStats(ds: Dataset): ChannelStats {
  const channels = ds.shape[ds.shape.length - 1]!;
  const total = ds.n * sampleSize(ds.shape);
  if (total === 0) throw new RangeError('channelStats: the dataset is empty, so it has no statistics');
  const perChannel = total / channels;
  const sum = new Float64Array(channels);
  for (let i = 0; i < total; i++) sum[i % channels]! += ds.x[i]!;
  const mean = Array.from(sum, (s) => s / perChannel);
  const sq = new Float64Array(channels);
  for (let i = 0; i < total; i++) {
    const d = ds.x[i]! - mean[i % channels]!;
    sq[i % channels]! += d * d;
  }
  const std = Array.from(sq, (s) => Math.sqrt(s / perChannel));
  return { mean, std };
}

/** The divisor actually used for a channel: σ, or 1 for a constant channel (σ = 0) to avoid 0/0. */
export function safeStd(std: number): number {
  return std > 0 ? std : 1;
}

/** A float copy of `ds` with every value standardised by `stats`. */
export function normalizeDataset(ds: Dataset, stats: ChannelStats): Dataset<Float32Array> {
  const channels = ds.shape[ds.shape.length - 1]!;
  checkStats(stats, channels);
  return withSamples(ds, normalizeValues(ds.x, stats), ds.y);
}

/** Standardise a flat channel-last array (any number of samples) into a new Float32Array. */
export function normalizeValues(x: Features, stats: ChannelStats): Float32Array {
  const channels = stats.mean.length;
  const scale = stats.std.map((s) => 1 / safeStd(s));
  const out = new Float32Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const c = i % channels;
    out[i] = (x[i]! - stats.mean[c]!) * scale[c]!;
  }
  return out;
}

function checkStats(stats: ChannelStats, channels: number): void {
  if (stats.mean.length !== channels || stats.std.length !== channels) {
    throw new RangeError(
      `normalize: stats have ${stats.mean.length} means and ${stats.std.length} stds, the data has ${channels} channels`,
    );
  }
}
