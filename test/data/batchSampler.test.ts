import { describe, expect, it } from 'vitest';
import type { IndexBatch } from '../../src/data/batchSampler';
import { batchesPerEpoch, batchSampler, epochOrder } from '../../src/data/batchSampler';

function take(gen: Generator<IndexBatch, never, void>, count: number): IndexBatch[] {
  return Array.from({ length: count }, () => gen.next().value);
}

describe('batchSampler', () => {
  it('cuts each epoch into ⌈10 / 4⌉ = 3 batches of 4, 4, 2 that cover every index once', () => {
    const batches = take(batchSampler({ size: 10, batchSize: 4, seed: 1 }), 6);
    expect(batches.map((b) => [b.epoch, b.step, b.indices.length])).toEqual([
      [0, 0, 4],
      [0, 1, 4],
      [0, 2, 2],
      [1, 0, 4],
      [1, 1, 4],
      [1, 2, 2],
    ]);
    for (const epoch of [0, 1]) {
      const seen = batches.filter((b) => b.epoch === epoch).flatMap((b) => Array.from(b.indices));
      expect(seen.sort((a, b) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    }
  });

  it('is deterministic for a seed, reshuffles each epoch, and differs across seeds', () => {
    const a = take(batchSampler({ size: 50, batchSize: 50, seed: 3 }), 2).map((b) => Array.from(b.indices));
    const b = take(batchSampler({ size: 50, batchSize: 50, seed: 3 }), 2).map((x) => Array.from(x.indices));
    const c = take(batchSampler({ size: 50, batchSize: 50, seed: 4 }), 1).map((x) => Array.from(x.indices));
    expect(a).toEqual(b);
    expect(a[0]).not.toEqual(a[1]);
    expect(a[0]).not.toEqual(c[0]);
    expect(a[0]).toEqual(Array.from(epochOrder(50, 3, 0)));
  });

  it('resumes at startEpoch with exactly the batches a full run would give', () => {
    const full = take(batchSampler({ size: 12, batchSize: 5, seed: 9 }), 9);
    const resumed = take(batchSampler({ size: 12, batchSize: 5, seed: 9, startEpoch: 2 }), 3);
    expect(resumed.map((b) => Array.from(b.indices))).toEqual(
      full.slice(6).map((b) => Array.from(b.indices)),
    );
    expect(resumed[0]!.epoch).toBe(2);
  });

  it('drops the short last batch with dropLast', () => {
    expect(batchesPerEpoch(10, 4, true)).toBe(2);
    expect(batchesPerEpoch(10, 4)).toBe(3);
    const batches = take(batchSampler({ size: 10, batchSize: 4, seed: 1, dropLast: true }), 3);
    expect(batches.map((b) => [b.epoch, b.indices.length])).toEqual([
      [0, 4],
      [0, 4],
      [1, 4],
    ]);
  });

  it('refuses bad sizes, naming the field', () => {
    expect(() => batchSampler({ size: 0, batchSize: 4, seed: 1 }).next()).toThrow(
      /size must be an integer ≥ 1 \(got 0\)/,
    );
    expect(() => batchSampler({ size: 10, batchSize: 0, seed: 1 }).next()).toThrow(
      /batchSize must be an integer ≥ 1/,
    );
    expect(() => batchSampler({ size: 3, batchSize: 4, seed: 1, dropLast: true }).next()).toThrow(
      /with dropLast, batchSize must be in \[1, size = 3\] \(got 4\)/,
    );
  });
});
