import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import type { Dataset } from '../../src/data/dataset';
import { classCounts, selectSamples } from '../../src/data/dataset';
import { stratifiedSplit } from '../../src/data/split';

/** 10 samples of shape [1] with x = index; labels 0 ×6 then 1 ×4. */
const tiny: Dataset<Float32Array> = {
  x: Float32Array.from({ length: 10 }, (_, i) => i),
  y: Int32Array.from([0, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
  n: 10,
  shape: [1],
  numClasses: 2,
  classNames: ['a', 'b'],
};

describe('stratifiedSplit', () => {
  it('holds out round(m_c · f) of each class: 6·0.5 = 3 and 4·0.5 = 2', () => {
    const { train, test } = stratifiedSplit(tiny, 0.5, createRng(3));
    expect(Array.from(classCounts(test.y, 2))).toEqual([3, 2]);
    expect(Array.from(classCounts(train.y, 2))).toEqual([3, 2]);
    expect(train.classNames).toEqual(['a', 'b']);
  });

  it('partitions the samples: every one lands in exactly one set with its label', () => {
    const { train, test } = stratifiedSplit(tiny, 0.3, createRng(9));
    const seen = [...train.x, ...test.x].sort((a, b) => a - b);
    expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    for (const d of [train, test]) d.x.forEach((v, i) => expect(d.y[i]).toBe(v < 6 ? 0 : 1));
  });

  it('is deterministic for an rng seed and differs across seeds', () => {
    const a = stratifiedSplit(tiny, 0.5, createRng(1));
    const b = stratifiedSplit(tiny, 0.5, createRng(1));
    expect(Array.from(a.test.x)).toEqual(Array.from(b.test.x));
    const orders = new Set(
      [1, 2, 3, 4, 5].map((s) => Array.from(stratifiedSplit(tiny, 0.5, createRng(s)).test.x).join()),
    );
    expect(orders.size).toBeGreaterThan(1);
  });

  it('refuses testFraction outside [0, 1)', () => {
    expect(() => stratifiedSplit(tiny, 1, createRng(1))).toThrow(
      /testFraction must be in \[0, 1\) \(got 1\)/,
    );
  });
});

describe('selectSamples', () => {
  it('copies the samples at the given indices, in order', () => {
    const picked = selectSamples(tiny, [9, 0, 6]);
    expect(Array.from(picked.x)).toEqual([9, 0, 6]);
    expect(Array.from(picked.y)).toEqual([1, 0, 1]);
    expect(picked.n).toBe(3);
    picked.x[0] = 100;
    expect(tiny.x[9]).toBe(9);
  });

  it('refuses an index outside the dataset', () => {
    expect(() => selectSamples(tiny, [10])).toThrow(/index 10 at position 0 is outside \[0, 9\]/);
  });
});
