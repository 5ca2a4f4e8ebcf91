/** A point of a series as d3.line takes it: [x, y]. */
export type Point = [number, number];

/**
 * Min/max decimation for drawing a long series into a few hundred pixels.
 *
 * The x range [x₀, x_{n−1}] is cut into `buckets` equal parts (one per horizontal pixel);
 * each bucket keeps only its lowest and highest point, in their original order, so spikes
 * survive and the drawn envelope matches the full series. The first and last points are
 * always kept. The result has at most 2·buckets + 2 points; a series already that short
 * is returned whole. `x` must be non-decreasing. Non-finite y values never win a bucket.
 */
export function decimate(x: ArrayLike<number>, y: ArrayLike<number>, buckets: number): Point[] {
  const n = Math.min(x.length, y.length);
  const b = Math.max(1, Math.floor(buckets));
  const out: Point[] = [];
  const at = (i: number): Point => [x[i]!, y[i]!];
  if (n <= 2 * b + 2) {
    for (let i = 0; i < n; i++) out.push(at(i));
    return out;
  }
  const x0 = x[0]!;
  const span = x[n - 1]! - x0;
  let bucket = -1;
  let lo = -1;
  let hi = -1;
  const flush = () => {
    if (lo < 0) return;
    const first = Math.min(lo, hi);
    const second = Math.max(lo, hi);
    out.push(at(first));
    if (second !== first) out.push(at(second));
  };
  out.push(at(0));
  for (let i = 1; i < n - 1; i++) {
    const k = span > 0 ? Math.min(b - 1, Math.floor(((x[i]! - x0) / span) * b)) : 0;
    if (k !== bucket) {
      flush();
      bucket = k;
      lo = hi = -1;
    }
    const v = y[i]!;
    if (!Number.isFinite(v)) continue;
    if (lo < 0 || v < y[lo]!) lo = i;
    if (hi < 0 || v > y[hi]!) hi = i;
  }
  flush();
  out.push(at(n - 1));
  return out;
}
