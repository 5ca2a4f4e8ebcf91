import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { decimate, envelope } from '../../src/charts/decimate';

const series = (n: number, seed = 1) => {
  const rng = createRng(seed);
  return { x: Array.from({ length: n }, (_, i) => i), y: Array.from({ length: n }, () => rng.next()) };
};

describe('decimate', () => {
  it('returns a series already within 2·buckets + 2 points unchanged', () => {
    const { x, y } = series(12);
    expect(decimate(x, y, 5)).toEqual(x.map((xi, i) => [xi, y[i]]));
  });

  it('caps 10,000 points at 2 per bucket plus the ends', () => {
    const { x, y } = series(10_000);
    const out = decimate(x, y, 600);
    expect(out.length).toBeLessThanOrEqual(2 * 600 + 2);
    expect(out.length).toBeGreaterThan(600);
  });

  it('keeps the first and last points', () => {
    const { x, y } = series(1000);
    const out = decimate(x, y, 10);
    expect(out[0]).toEqual([0, y[0]]);
    expect(out.at(-1)).toEqual([999, y[999]]);
  });

  it('keeps each bucket’s min and max, in their original order', () => {
    // 2 buckets over x = 0…9: interior points 1…4 fall in bucket 0 and 5…8 in bucket 1.
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [5, 3, 9, 1, 4, 2, 8, 0, 6, 5];
    // bucket 0: max 9 at x=2, then min 1 at x=3; bucket 1: max 8 at x=6, then min 0 at x=7.
    expect(decimate(x, y, 2)).toEqual([
      [0, 5],
      [2, 9],
      [3, 1],
      [6, 8],
      [7, 0],
      [9, 5],
    ]);
  });

  it('keeps the global extremes of a long noisy series, spikes included', () => {
    const { x, y } = series(5000, 7);
    y[1234] = 3;
    y[4321] = -2;
    const ys = decimate(x, y, 100).map((p) => p[1]);
    expect(Math.max(...ys)).toBe(3);
    expect(Math.min(...ys)).toBe(-2);
  });

  it('buckets by x, so unevenly spaced steps share buckets by position', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 100];
    const y = [0, 1, 2, 3, 4, 5, 6, 7, 8];
    // All interior x < 100/2 land in the first of 2 buckets: only its min and max survive.
    expect(decimate(x, y, 2)).toEqual([
      [0, 0],
      [1, 1],
      [7, 7],
      [100, 8],
    ]);
  });

  it('never lets a NaN win a bucket', () => {
    const x = Array.from({ length: 20 }, (_, i) => i);
    const y = x.map((i) => (i % 2 ? NaN : i));
    const out = decimate(x, y, 2);
    expect(out.slice(1, -1).every((p) => Number.isFinite(p[1]))).toBe(true);
  });
});

describe('envelope', () => {
  it('is the buckets’ maxima over their minima, ends on both edges', () => {
    const x = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
    const y = [5, 3, 9, 1, 4, 2, 8, 0, 6, 5];
    expect(envelope(x, y, 2)).toEqual({
      hi: [
        [0, 5],
        [2, 9],
        [6, 8],
        [9, 5],
      ],
      lo: [
        [0, 5],
        [3, 1],
        [7, 0],
        [9, 5],
      ],
    });
  });

  it('holds exactly the points decimate keeps, so the band covers the decimated line', () => {
    const { x, y } = series(5000, 3);
    const e = envelope(x, y, 300)!;
    const key = (p: number[]) => p.join(',');
    expect(new Set([...e.hi, ...e.lo].map(key))).toEqual(new Set(decimate(x, y, 300).map(key)));
    expect(e.hi.every((p, i) => p[1] >= e.lo[i]![1])).toBe(true);
    expect(e.hi).toHaveLength(e.lo.length);
  });

  it('is null for a series short enough to draw whole, or with a gap to draw', () => {
    const { x, y } = series(602, 4);
    expect(envelope(x, y, 300)).toBeNull();
    expect(envelope([...x, 602], [...y, 0.5], 300)).not.toBeNull();
    const { x: lx, y: ly } = series(2000, 5);
    ly[999] = NaN;
    expect(envelope(lx, ly, 300)).toBeNull();
  });
});
