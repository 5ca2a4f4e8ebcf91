/**
 * A fully connected layer on row-major Float32Arrays, x [n, in], W [in, out], y [n, out]:
 *
 *   forward   y = x·W + b
 *   backward  ∂L/∂W = xᵀ·dy,   ∂L/∂b = Σ_rows dy,   ∂L/∂x = dy·Wᵀ
 *
 * Each product is register-blocked: a 2 × 4 tile of the result is summed in eight local
 * doubles while the shared dimension is walked once, so each element loaded serves two or
 * four products. Tiles cover the largest even × multiple-of-4 block; the leftover rows and
 * columns are summed one at a time. (Tiles are formatted by hand, a line per tile row.)
 */

/** y = x·W + b (no bias when `b` is null). */
export function denseForward(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  y: Float32Array,
  n: number,
  inF: number,
  outF: number,
): void {
  const n2 = n & ~1;
  const o4 = outF & ~3;
  for (let i = 0; i < n2; i += 2) {
    const x0 = i * inF;
    const x1 = x0 + inF;
    const y0 = i * outF;
    const y1 = y0 + outF;
    // prettier-ignore
    for (let j = 0; j < o4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let k = 0, wo = j; k < inF; k++, wo += outF) {
        const a = x[x0 + k]!, c = x[x1 + k]!;
        const w0 = w[wo]!, w1 = w[wo + 1]!, w2 = w[wo + 2]!, w3 = w[wo + 3]!;
        s0 += a * w0; s1 += a * w1; s2 += a * w2; s3 += a * w3;
        t0 += c * w0; t1 += c * w1; t2 += c * w2; t3 += c * w3;
      }
      y[y0 + j] = s0; y[y0 + j + 1] = s1; y[y0 + j + 2] = s2; y[y0 + j + 3] = s3;
      y[y1 + j] = t0; y[y1 + j + 1] = t1; y[y1 + j + 2] = t2; y[y1 + j + 3] = t3;
    }
  }
  // Leftovers: the columns j ≥ o4 of the paired rows, and every column of an odd last row.
  for (let i = 0; i < n; i++) {
    const x0 = i * inF;
    const y0 = i * outF;
    for (let j = i < n2 ? o4 : 0; j < outF; j++) {
      let s = 0;
      for (let k = 0, wo = j; k < inF; k++, wo += outF) s += x[x0 + k]! * w[wo]!;
      y[y0 + j] = s;
    }
  }
  if (b) for (let i = 0, o = 0; i < n; i++) for (let j = 0; j < outF; j++, o++) y[o] = y[o]! + b[j]!;
}

/** ∂L/∂W = xᵀ·dy, written to `dw` [in, out]; and ∂L/∂b = Σ_rows dy, written to `db` unless null. */
export function denseParamGrads(
  x: Float32Array,
  dy: Float32Array,
  dw: Float32Array,
  db: Float32Array | null,
  n: number,
  inF: number,
  outF: number,
): void {
  const k2 = inF & ~1;
  const o4 = outF & ~3;
  for (let k = 0; k < k2; k += 2) {
    const w0 = k * outF;
    const w1 = w0 + outF;
    // prettier-ignore
    for (let j = 0; j < o4; j += 4) {
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let i = 0, xo = k, go = j; i < n; i++, xo += inF, go += outF) {
        const a = x[xo]!, c = x[xo + 1]!;
        const g0 = dy[go]!, g1 = dy[go + 1]!, g2 = dy[go + 2]!, g3 = dy[go + 3]!;
        s0 += a * g0; s1 += a * g1; s2 += a * g2; s3 += a * g3;
        t0 += c * g0; t1 += c * g1; t2 += c * g2; t3 += c * g3;
      }
      dw[w0 + j] = s0; dw[w0 + j + 1] = s1; dw[w0 + j + 2] = s2; dw[w0 + j + 3] = s3;
      dw[w1 + j] = t0; dw[w1 + j + 1] = t1; dw[w1 + j + 2] = t2; dw[w1 + j + 3] = t3;
    }
  }
  // Leftovers: the columns j ≥ o4 of the paired rows of W, and every column of an odd last row.
  for (let k = 0; k < inF; k++) {
    const w0 = k * outF;
    for (let j = k < k2 ? o4 : 0; j < outF; j++) {
      let s = 0;
      for (let i = 0, xo = k, go = j; i < n; i++, xo += inF, go += outF) s += x[xo]! * dy[go]!;
      dw[w0 + j] = s;
    }
  }
  if (!db) return;
  for (let j = 0; j < outF; j++) {
    let s = 0;
    for (let i = 0, go = j; i < n; i++, go += outF) s += dy[go]!;
    db[j] = s;
  }
}

/** ∂L/∂x = dy·Wᵀ [n, in], written to `dx` or, with `add`, added to it. */
export function denseInputGrad(
  dy: Float32Array,
  w: Float32Array,
  dx: Float32Array,
  add: boolean,
  n: number,
  inF: number,
  outF: number,
): void {
  const n2 = n & ~1;
  const k4 = inF & ~3;
  for (let i = 0; i < n2; i += 2) {
    const g0 = i * outF;
    const g1 = g0 + outF;
    const x0 = i * inF;
    const x1 = x0 + inF;
    // prettier-ignore
    for (let k = 0; k < k4; k += 4) {
      const r0 = k * outF, r1 = r0 + outF, r2 = r1 + outF, r3 = r2 + outF;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0, t0 = 0, t1 = 0, t2 = 0, t3 = 0;
      for (let j = 0; j < outF; j++) {
        const a = dy[g0 + j]!, c = dy[g1 + j]!;
        const w0 = w[r0 + j]!, w1 = w[r1 + j]!, w2 = w[r2 + j]!, w3 = w[r3 + j]!;
        s0 += a * w0; s1 += a * w1; s2 += a * w2; s3 += a * w3;
        t0 += c * w0; t1 += c * w1; t2 += c * w2; t3 += c * w3;
      }
      if (add) {
        s0 += dx[x0 + k]!; s1 += dx[x0 + k + 1]!; s2 += dx[x0 + k + 2]!; s3 += dx[x0 + k + 3]!;
        t0 += dx[x1 + k]!; t1 += dx[x1 + k + 1]!; t2 += dx[x1 + k + 2]!; t3 += dx[x1 + k + 3]!;
      }
      dx[x0 + k] = s0; dx[x0 + k + 1] = s1; dx[x0 + k + 2] = s2; dx[x0 + k + 3] = s3;
      dx[x1 + k] = t0; dx[x1 + k + 1] = t1; dx[x1 + k + 2] = t2; dx[x1 + k + 3] = t3;
    }
  }
  // Leftovers: the columns k ≥ k4 of the paired rows, and every column of an odd last row.
  for (let i = 0; i < n; i++) {
    const g0 = i * outF;
    const x0 = i * inF;
    for (let k = i < n2 ? k4 : 0; k < inF; k++) {
      const r = k * outF;
      let s = 0;
      for (let j = 0; j < outF; j++) s += dy[g0 + j]! * w[r + j]!;
      dx[x0 + k] = add ? dx[x0 + k]! + s : s;
    }
  }
}
