import { describe, expect, it } from 'vitest';
import { classCounts } from '../../src/data/dataset';
import { BLOB_CENTRE_RADIUS } from '../../src/data/toy/blobs';
import { checkerboardClass } from '../../src/data/toy/checkerboard';
import { INNER_RADIUS, RING_RADII } from '../../src/data/toy/circles';
import type { ToyKind, ToySpec } from '../../src/data/toy/makeToy';
import { makeToy, makeToyPoints, TOY_KINDS } from '../../src/data/toy/makeToy';
import { SPIRAL_TURNS } from '../../src/data/toy/spirals';
import { XOR_GAP } from '../../src/data/toy/xor';

const spec = (kind: ToyKind, extra: Partial<ToySpec> = {}): ToySpec => ({
  kind,
  n: 400,
  noise: 0.1,
  testFraction: 0.2,
  seed: 1,
  ...extra,
});

/** Points of class `c` as [x, y] pairs. */
function pointsOf(x: Float32Array, y: Int32Array, c: number): [number, number][] {
  const out: [number, number][] = [];
  y.forEach((label, i) => {
    if (label === c) out.push([x[2 * i]!, x[2 * i + 1]!]);
  });
  return out;
}

describe.each(TOY_KINDS)('makeToy %s', (kind) => {
  it('gives the same train and test sets for the same seed', () => {
    const a = makeToy(spec(kind));
    const b = makeToy(spec(kind));
    expect(Array.from(a.train.x)).toEqual(Array.from(b.train.x));
    expect(Array.from(a.train.y)).toEqual(Array.from(b.train.y));
    expect(Array.from(a.test.x)).toEqual(Array.from(b.test.x));
  });

  it('gives different points for a different seed', () => {
    const a = makeToy(spec(kind, { seed: 1 }));
    const b = makeToy(spec(kind, { seed: 2 }));
    const same = a.train.x.filter((v, i) => v === b.train.x[i]).length;
    expect(same).toBeLessThan(a.train.x.length / 100);
  });

  it('splits 400 points into 320 train and 80 test, 160/40 per class, shape [2]', () => {
    const { train, test } = makeToy(spec(kind));
    expect(train.n).toBe(320);
    expect(test.n).toBe(80);
    expect(train.x.length).toBe(640);
    expect(test.x.length).toBe(160);
    expect(train.shape).toEqual([2]);
    expect(train.numClasses).toBe(2);
    expect(Array.from(classCounts(train.y, 2))).toEqual([160, 160]);
    expect(Array.from(classCounts(test.y, 2))).toEqual([40, 40]);
    expect(train.x.every(Number.isFinite)).toBe(true);
  });

  it('shuffles classes together rather than grouping them', () => {
    const { train } = makeToy(spec(kind));
    let changes = 0;
    for (let i = 1; i < train.n; i++) if (train.y[i] !== train.y[i - 1]) changes++;
    expect(changes).toBeGreaterThan(100);
  });

  it('keeps the clean points when only testFraction changes', () => {
    const a = makeToyPoints(spec(kind, { testFraction: 0 }));
    const b = makeToyPoints(spec(kind, { testFraction: 0.5 }));
    expect(Array.from(a.x)).toEqual(Array.from(b.x));
  });

  it('partitions all n points between train and test; testFraction 0 leaves test empty', () => {
    const { train, test } = makeToy(spec(kind, { testFraction: 0 }));
    expect(train.n).toBe(400);
    expect(test.n).toBe(0);
    expect(test.x.length).toBe(0);
    const all = makeToyPoints(spec(kind));
    const key = (x: Float32Array, i: number): string => `${x[2 * i]},${x[2 * i + 1]}`;
    const allKeys = new Set(Array.from({ length: all.n }, (_, i) => key(all.x, i)));
    const split = makeToy(spec(kind));
    const seen = [split.train, split.test].flatMap((d) => Array.from({ length: d.n }, (_, i) => key(d.x, i)));
    expect(new Set(seen)).toEqual(allKeys);
  });
});

describe('toy geometry without noise', () => {
  const clean = (kind: ToyKind, extra: Partial<ToySpec> = {}) =>
    makeToyPoints(spec(kind, { noise: 0, ...extra }));

  it('spirals: each point lies on its arm, θ = 2π·1.75·r + πc', () => {
    const ds = clean('spirals');
    for (let i = 0; i < ds.n; i++) {
      const px = ds.x[2 * i]!;
      const py = ds.x[2 * i + 1]!;
      const r = Math.hypot(px, py);
      expect(r).toBeLessThanOrEqual(1);
      const expected = 2 * Math.PI * SPIRAL_TURNS * r + Math.PI * ds.y[i]!;
      expect(Math.abs(px - r * Math.sin(expected))).toBeLessThan(1e-5);
      expect(Math.abs(py - r * Math.cos(expected))).toBeLessThan(1e-5);
    }
  });

  it('spirals with 3 classes: arms 2π/3 apart, balanced 134/133/133', () => {
    const ds = clean('spirals', { classes: 3 });
    expect(ds.numClasses).toBe(3);
    expect(Array.from(classCounts(ds.y, 3))).toEqual([134, 133, 133]);
    const i = ds.y.indexOf(2);
    const r = Math.hypot(ds.x[2 * i]!, ds.x[2 * i + 1]!);
    const theta = 2 * Math.PI * SPIRAL_TURNS * r + (4 * Math.PI) / 3;
    expect(ds.x[2 * i]!).toBeCloseTo(r * Math.sin(theta), 5);
  });

  it('circles: class 0 within radius 0.5, class 1 in the ring [0.7, 1]', () => {
    const ds = clean('circles');
    const radii = (c: number) => pointsOf(ds.x, ds.y, c).map(([a, b]) => Math.hypot(a, b));
    expect(Math.max(...radii(0))).toBeLessThanOrEqual(INNER_RADIUS + 1e-6);
    expect(Math.min(...radii(1))).toBeGreaterThanOrEqual(RING_RADII[0] - 1e-6);
    expect(Math.max(...radii(1))).toBeLessThanOrEqual(RING_RADII[1] + 1e-6);
  });

  it('xor: class 0 has x·y > 0, class 1 has x·y < 0, |x|,|y| in [gap, 1]', () => {
    const ds = clean('xor');
    for (let i = 0; i < ds.n; i++) {
      const a = ds.x[2 * i]!;
      const b = ds.x[2 * i + 1]!;
      expect(Math.sign(a * b)).toBe(ds.y[i] === 0 ? 1 : -1);
      for (const v of [a, b]) {
        expect(Math.abs(v)).toBeGreaterThanOrEqual(XOR_GAP - 1e-6);
        expect(Math.abs(v)).toBeLessThanOrEqual(1 + 1e-6);
      }
    }
  });

  it('blobs: class means sit near their centres (±0.4, ±0.4 for two classes)', () => {
    const ds = clean('blobs', { n: 4000 });
    const mean = (c: number) => {
      const pts = pointsOf(ds.x, ds.y, c);
      return [0, 1].map((k) => pts.reduce((s, p) => s + p[k]!, 0) / pts.length);
    };
    const r = BLOB_CENTRE_RADIUS / Math.SQRT2;
    expect(r).toBeCloseTo(0.4, 10);
    const [m0x, m0y] = mean(0);
    const [m1x, m1y] = mean(1);
    expect(Math.abs(m0x! - r)).toBeLessThan(0.02);
    expect(Math.abs(m0y! - r)).toBeLessThan(0.02);
    expect(Math.abs(m1x! + r)).toBeLessThan(0.02);
    expect(Math.abs(m1y! + r)).toBeLessThan(0.02);
  });

  it('blobs with 4 classes are balanced 100 each', () => {
    const ds = clean('blobs', { classes: 4 });
    expect(Array.from(classCounts(ds.y, 4))).toEqual([100, 100, 100, 100]);
  });

  it('checkerboard: every point lies in [-1, 1]² on a cell of its class', () => {
    const ds = clean('checkerboard');
    for (let i = 0; i < ds.n; i++) {
      const a = ds.x[2 * i]!;
      const b = ds.x[2 * i + 1]!;
      expect(Math.abs(a)).toBeLessThanOrEqual(1);
      expect(Math.abs(b)).toBeLessThanOrEqual(1);
      expect(checkerboardClass(a, b)).toBe(ds.y[i]);
    }
  });

  it('noise adds N(0, σ²) to each coordinate: residual std ≈ σ', () => {
    const a = makeToyPoints(spec('xor', { n: 20000, noise: 0 }));
    const b = makeToyPoints(spec('xor', { n: 20000, noise: 0.3 }));
    let sum = 0;
    let sq = 0;
    for (let i = 0; i < a.x.length; i++) {
      const d = b.x[i]! - a.x[i]!;
      sum += d;
      sq += d * d;
    }
    const mean = sum / a.x.length;
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.sqrt(sq / a.x.length - mean * mean)).toBeCloseTo(0.3, 2);
  });
});

describe('makeToy parameter errors name the field and range', () => {
  const cases: [Partial<ToySpec> & Record<string, unknown>, RegExp][] = [
    [{ n: 0 }, /n must be an integer in \[2, 1000000\] \(got 0\)/],
    [{ n: -5 }, /n must be .* \(got -5\)/],
    [{ n: 10.5 }, /n must be an integer/],
    [{ noise: -0.1 }, /noise must be a number in \[0, 1\] \(got -0.1\)/],
    [{ noise: Number.NaN }, /noise must be .* \(got NaN\)/],
    [{ testFraction: 1 }, /testFraction must be in \[0, 1\) \(got 1\)/],
    [{ testFraction: -0.2 }, /testFraction must be in \[0, 1\) \(got -0.2\)/],
    [{ seed: 1.5 }, /seed must be an integer \(got 1.5\)/],
    [
      { kind: 'moons' as ToyKind },
      /kind must be one of 'spirals', 'circles', 'xor', 'blobs', 'checkerboard' \(got "moons"\)/,
    ],
    [{ kind: 'xor', classes: 3 }, /classes for 'xor' must be exactly 2 \(got 3\)/],
    [{ kind: 'spirals', classes: 9 }, /classes for 'spirals' must be an integer in \[2, 8\] \(got 9\)/],
  ];
  it.each(cases)('%o', (override, message) => {
    expect(() => makeToy(spec('spirals', override))).toThrow(message);
    expect(() => makeToy(spec('spirals', override))).toThrow(RangeError);
  });
});
