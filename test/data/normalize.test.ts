import { describe, expect, it } from 'vitest';
import type { Dataset } from '../../src/data/dataset';
import { gatherBatch } from '../../src/data/gather';
import { channelStats, normalizeDataset } from '../../src/data/normalize';

/** Two 1×2 RGB images: channel R = [0, 2, 4, 6], G = [10, 10, 10, 10], B = [1, 2, 3, 4] over all pixels. */
const images: Dataset<Uint8Array> = {
  x: Uint8Array.from([0, 10, 1, 2, 10, 2, 4, 10, 3, 6, 10, 4]),
  y: Int32Array.from([1, 0]),
  n: 2,
  shape: [1, 2, 3],
  numClasses: 2,
};

describe('channelStats', () => {
  it('computes the per-channel mean and population std', () => {
    const { mean, std } = channelStats(images);
    expect(mean).toEqual([3, 10, 2.5]);
    expect(std[0]).toBeCloseTo(Math.sqrt(5), 12); // (9 + 1 + 1 + 9) / 4
    expect(std[1]).toBe(0);
    expect(std[2]).toBeCloseTo(Math.sqrt(1.25), 12); // (2.25 + 0.25 + 0.25 + 2.25) / 4
  });

  it('treats each feature of a vector dataset as a channel', () => {
    const points: Dataset<Float32Array> = {
      x: Float32Array.from([1, -1, 3, 1]),
      y: Int32Array.from([0, 1]),
      n: 2,
      shape: [2],
      numClasses: 2,
    };
    expect(channelStats(points)).toEqual({ mean: [2, 0], std: [1, 1] });
  });

  it('refuses an empty dataset', () => {
    expect(() => channelStats({ ...images, x: new Uint8Array(0), y: new Int32Array(0), n: 0 })).toThrow(
      /empty/,
    );
  });
});

describe('normalizeDataset', () => {
  it('maps each channel to zero mean and unit std, a constant channel to 0', () => {
    const train = normalizeDataset(images, channelStats(images));
    expect(train.x).toBeInstanceOf(Float32Array);
    const r = [0, 3, 6, 9].map((i) => train.x[i]!);
    const s5 = Math.sqrt(5);
    r.forEach((v, k) => expect(v).toBeCloseTo([-3 / s5, -1 / s5, 1 / s5, 3 / s5][k]!, 6));
    expect([1, 4, 7, 10].map((i) => train.x[i])).toEqual([0, 0, 0, 0]);
    expect(Array.from(train.y)).toEqual([1, 0]);
  });

  it('applies the training statistics unchanged to a test set', () => {
    const stats = { mean: [3, 10, 2.5], std: [2, 4, 0.5] };
    const test: Dataset<Uint8Array> = {
      ...images,
      x: Uint8Array.from([5, 14, 3]),
      y: Int32Array.from([0]),
      n: 1,
      shape: [1, 1, 3],
    };
    expect(Array.from(normalizeDataset(test, stats).x)).toEqual([1, 1, 1]);
  });

  it('refuses statistics with the wrong number of channels', () => {
    expect(() => normalizeDataset(images, { mean: [0], std: [1] })).toThrow(
      /1 means and 1 stds, the data has 3 channels/,
    );
  });
});

describe('gatherBatch', () => {
  it('copies the chosen samples as floats, standardised on the way', () => {
    const batch = gatherBatch(images, [1], { mean: [3, 10, 2.5], std: [1, 0, 0.5] });
    expect(batch.n).toBe(1);
    expect(batch.shape).toEqual([1, 2, 3]);
    expect(Array.from(batch.y)).toEqual([0]);
    expect(Array.from(batch.x)).toEqual([1, 0, 1, 3, 0, 3]);
  });

  it('without stats keeps the stored values', () => {
    const batch = gatherBatch(images, [1, 0]);
    expect(Array.from(batch.x)).toEqual([4, 10, 3, 6, 10, 4, 0, 10, 1, 2, 10, 2]);
    expect(Array.from(batch.y)).toEqual([0, 1]);
  });

  it('refuses an index outside the dataset', () => {
    expect(() => gatherBatch(images, [2])).toThrow(/index 2 at position 0 is outside \[0, 1\]/);
  });
});
