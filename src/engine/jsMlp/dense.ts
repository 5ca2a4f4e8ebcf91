/**
 * A fully connected layer on row-major Float32Arrays, x [n, in], W [in, out], y [n, out]:
 *
 *   forward   y = x·W + b
 *   backward  ∂L/∂W = xᵀ·dy,   ∂L/∂b = Σ_rows dy,   ∂L/∂x = dy·Wᵀ
 *
 * Sums run in doubles. Loops go i-k-j so the inner loop walks a row of W (or of dy)
 * contiguously, and a zero input (half of them, after a ReLU) skips its whole row of work.
 */

/** y = x·W + b; `acc` is a scratch row of at least `outF` doubles. */
export function denseForward(
  x: Float32Array,
  w: Float32Array,
  b: Float32Array | null,
  y: Float32Array,
  n: number,
  inF: number,
  outF: number,
  acc: Float64Array,
): void {
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < outF; j++) acc[j] = 0;
    const xo = i * inF;
    for (let k = 0; k < inF; k++) {
      const a = x[xo + k]!;
      if (a === 0) continue;
      const wo = k * outF;
      for (let j = 0; j < outF; j++) acc[j] = acc[j]! + a * w[wo + j]!;
    }
    const yo = i * outF;
    if (b) for (let j = 0; j < outF; j++) y[yo + j] = acc[j]! + b[j]!;
    else for (let j = 0; j < outF; j++) y[yo + j] = acc[j]!;
  }
}

/** ∂L/∂W = xᵀ·dy (written to `dw`) and ∂L/∂b = Σ_rows dy (written to `db`); `acc` holds ≥ inF·outF doubles. */
export function denseParamGrads(
  x: Float32Array,
  dy: Float32Array,
  dw: Float32Array,
  db: Float32Array | null,
  n: number,
  inF: number,
  outF: number,
  acc: Float64Array,
): void {
  const size = inF * outF;
  for (let t = 0; t < size; t++) acc[t] = 0;
  for (let i = 0; i < n; i++) {
    const xo = i * inF;
    const go = i * outF;
    for (let k = 0; k < inF; k++) {
      const a = x[xo + k]!;
      if (a === 0) continue;
      const wo = k * outF;
      for (let j = 0; j < outF; j++) acc[wo + j] = acc[wo + j]! + a * dy[go + j]!;
    }
  }
  for (let t = 0; t < size; t++) dw[t] = acc[t]!;
  if (!db) return;
  for (let j = 0; j < outF; j++) acc[j] = 0;
  for (let i = 0; i < n; i++) {
    const go = i * outF;
    for (let j = 0; j < outF; j++) acc[j] = acc[j]! + dy[go + j]!;
  }
  for (let j = 0; j < outF; j++) db[j] = acc[j]!;
}

/** ∂L/∂x = dy·Wᵀ, written to `dx` or, with `add`, added to it. */
export function denseInputGrad(
  dy: Float32Array,
  w: Float32Array,
  dx: Float32Array,
  add: boolean,
  n: number,
  inF: number,
  outF: number,
): void {
  for (let i = 0; i < n; i++) {
    const go = i * outF;
    const xo = i * inF;
    for (let k = 0; k < inF; k++) {
      const wo = k * outF;
      let s = 0;
      for (let j = 0; j < outF; j++) s += dy[go + j]! * w[wo + j]!;
      dx[xo + k] = add ? dx[xo + k]! + s : s;
    }
  }
}
