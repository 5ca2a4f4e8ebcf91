/**
 * Re-layouts on the wasm heap in JavaScript loops, for the conv-gradient kernels. tfjs
 * 4.22's wasm Transpose walks a generic index per element (2.8 ms to move the batch axis of
 * a 64×28×28×8 tensor). These loops know their permutation: they read each pixel's channels
 * as a contiguous run, eight at a time unrolled (a loop over a run of 8 costs V8 more than
 * the copy itself: 2.4 ms against 0.5 ms for that tensor, measured in Node).
 */

/** x [n, p, c] → out [c, p, n] (an NHWC tensor with its batch and channel axes swapped, p = H·W). */
export function swapBatchAndChannels(
  x: Float32Array,
  out: Float32Array,
  n: number,
  p: number,
  c: number,
): void {
  const plane = p * n;
  const c8 = c - (c % 8);
  for (let q = 0; q < p; q++)
    for (let b = 0; b < n; b++) {
      const s = (b * p + q) * c;
      let d = q * n + b;
      let k = 0;
      for (; k < c8; k += 8, d += 8 * plane) {
        out[d] = x[s + k]!;
        out[d + plane] = x[s + k + 1]!;
        out[d + 2 * plane] = x[s + k + 2]!;
        out[d + 3 * plane] = x[s + k + 3]!;
        out[d + 4 * plane] = x[s + k + 4]!;
        out[d + 5 * plane] = x[s + k + 5]!;
        out[d + 6 * plane] = x[s + k + 6]!;
        out[d + 7 * plane] = x[s + k + 7]!;
      }
      for (; k < c; k++, d += plane) out[d] = x[s + k]!;
    }
}

/** x [n, p, c] → out [p, n, c] (the batch axis moved inside the pixels, channels kept together). */
export function batchInsidePixels(x: Float32Array, out: Float32Array, n: number, p: number, c: number): void {
  const c8 = c - (c % 8);
  let d = 0;
  for (let q = 0; q < p; q++)
    for (let b = 0; b < n; b++) {
      const s = (b * p + q) * c;
      let k = 0;
      for (; k < c8; k += 8, d += 8) {
        out[d] = x[s + k]!;
        out[d + 1] = x[s + k + 1]!;
        out[d + 2] = x[s + k + 2]!;
        out[d + 3] = x[s + k + 3]!;
        out[d + 4] = x[s + k + 4]!;
        out[d + 5] = x[s + k + 5]!;
        out[d + 6] = x[s + k + 6]!;
        out[d + 7] = x[s + k + 7]!;
      }
      for (; k < c; k++) out[d++] = x[s + k]!;
    }
}
