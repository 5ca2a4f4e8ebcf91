/** A point of a series as d3.line takes it: [x, y]. */
export type Point = [number, number];

/**
 * The min/max buckets of a long series: the x range [x₀, x_{n−1}] cut into `buckets` equal
 * parts (one per horizontal pixel or two), each giving the indices of its lowest and highest
 * point (−1 for a bucket without a finite value). Points 0 and n−1 are left to the callers.
 */
function minMax(x: ArrayLike<number>, y: ArrayLike<number>, n: number, b: number): [number, number][] {
  const out: [number, number][] = [];
  const x0 = x[0]!;
  const span = x[n - 1]! - x0;
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  for (let i = 1; i < n - 1; i++) {
    const k = span > 0 ? Math.min(b - 1, Math.floor(((x[i]! - x0) / span) * b)) : 0;
    if (k !== bucket) {
      if (bucket >= 0) out.push([lo, hi]);
      bucket = k;
      lo = hi = -1;
    }
    const v = y[i]!;
    if (!Number.isFinite(v)) continue;
    if (lo < 0 || v < y[lo]!) lo = i;
    if (hi < 0 || v > y[hi]!) hi = i;
  }
  if (bucket >= 0) out.push([lo, hi]);
  return out;
}

const bucketsOf = (buckets: number) => Math.max(1, Math.floor(buckets));

/**
 * Min/max decimation for drawing a long series into a few hundred pixels.
 *
 * Each bucket keeps only its lowest and highest point, in their original order, so spikes
 * survive and the drawn envelope matches the full series. The first and last points are
 * always kept. The result has at most 2·buckets + 2 points; a series already that short
 * is returned whole. `x` must be non-decreasing. Non-finite y values never win a bucket.
 */
export function decimate(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): Point[] {
  const n = Math.min(x.length, y.length);
  const b = bucketsOf(buckets);
  const at = (i: number): Point => [x[i]!, y[i]!];
  const out: Point[] = [];
  if (n <= 2 * b + 2) {
    for (let i = 0; i < n; i++) out.push(at(i));
    return out;
  }
  out.push(at(0));
  for (const [lo, hi] of minMax(x, y, n, b)) {
    if (lo < 0) continue;
    out.push(at(Math.min(lo, hi)));
    if (hi !== lo) out.push(at(Math.max(lo, hi)));
  }
  out.push(at(n - 1));
  return out;
}

/** The upper and lower edges of a series' min/max band, both left to right. */
export interface Envelope {
  hi: Point[];
  lo: Point[];
}

/**
 * The same buckets as decimate, as a band: the highest point of each bucket on the upper
 * edge, the lowest on the lower, the first and last points on both. Filled, it covers what
 * the decimated line covers once drawn (at ≤ 2 px a bucket the line's zigzag is solid), but
 * its outline is about twice the plot's width long where the zigzag is the series' noise
 * times the bucket count: what a browser rasters each redraw, and what made the Lab's frame
 * rate fall as a run's points grew (docs/RELIABILITY.md, Soak).
 *
 * Null when decimate would return the series whole, or when it holds a non-finite value
 * (a diverged run's curve has gaps, which only a line can draw).
 */
export function envelope(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): Envelope | null {
  const n = Math.min(x.length, y.length);
  const b = bucketsOf(buckets);
  if (n <= 2 * b + 2) return null;
  for (let i = 0; i < n; i++) if (!Number.isFinite(y[i]!)) return null;
  const at = (i: number): Point => [x[i]!, y[i]!];
  const hi: Point[] = [at(0)];
  const lo: Point[] = [at(0)];
  for (const [l, h] of minMax(x, y, n, b)) {
    hi.push(at(h));
    lo.push(at(l));
  }
  hi.push(at(n - 1));
  lo.push(at(n - 1));
  return { hi, lo };
}
