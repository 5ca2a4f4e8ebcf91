/**
 * Batch-norm training loops over an [n, c] matrix (a conv activation's N·H·W rows of C
 * channels; an MLP's batch of c features), eight channels per pass with every sum in a
 * local (the compiler keeps independent chains in registers, so a column sum does not run
 * at the add latency), and as few passes over memory as the math allows: the statistics
 * come from one pass of shifted sums, so the forward pass reads x twice and writes y once
 * and the backward pass reads dy and x twice and writes dx once, per eight channels. (Four
 * channels per pass with a separate variance pass read a 64×28×28×8 activation six times
 * forward and four times backward.) Channels past a multiple of eight take a one-column loop.
 *
 * The shift k is each channel's first value, a sample of the batch, so |k − μ| is of the
 * order of σ and the difference of sums below loses nothing that float64 cannot hold:
 *
 *   S = Σ (x − k),  Q = Σ (x − k)²,  μ = k + S/n,  σ² = (Q − S²/n) / n  (biased)
 *   r = 1/√(σ² + ε),  y = γ·r·(x − μ) + β
 *
 * Backward, with x̂ = (x − μ)·r:
 *
 *   ∂L/∂β = Σ dy,  ∂L/∂γ = Σ dy·x̂ = r·Σ dy·(x − μ)
 *   ∂L/∂x = γ·r·(dy − (∂L/∂β)/n − x̂·(∂L/∂γ)/n)
 *
 * All arithmetic is float64 (JavaScript numbers); only the stores round to float32.
 */
import { BN_EPSILON } from './bnConstants';

/** Fills y (or max(0, y) with `relu`) and the batch's μ and biased σ². */
export function batchNormForwardWide(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  n: number,
  c: number,
  relu = false,
): void {
  // max(floor, ·): −∞ leaves y as it is (NaN included), 0 is a ReLU after the batch norm.
  const floor = relu ? 0 : -Infinity;
  let j = 0;
  for (; j + 8 <= c; j += 8) forward8(x, gamma, beta, y, mean, variance, n, c, j, floor);
  for (; j < c; j++) forward1(x, gamma, beta, y, mean, variance, n, c, j, floor);
}

/** Fills ∂L/∂x, ∂L/∂γ and ∂L/∂β from dy, x and the forward pass's μ and σ². */
export function batchNormBackwardWide(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
  n: number,
  c: number,
): void {
  let j = 0;
  for (; j + 8 <= c; j += 8) backward8(dy, x, gamma, mean, variance, dx, dgamma, dbeta, n, c, j);
  for (; j < c; j++) backward1(dy, x, gamma, mean, variance, dx, dgamma, dbeta, n, c, j);
}

/** μ and σ² from the shifted sums S and Q of n values shifted by k. */
function moments(s: number, q: number, k: number, n: number): [number, number] {
  return [k + s / n, Math.max(0, (q - (s * s) / n) / n)];
}

function forward1(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  n: number,
  c: number,
  j: number,
  floor: number,
): void {
  const size = n * c;
  const k = x[j]!;
  let s = 0;
  let q = 0;
  for (let t = j; t < size; t += c) {
    const d = x[t]! - k;
    s += d;
    q += d * d;
  }
  const [m, v] = moments(s, q, k, n);
  mean[j] = m;
  variance[j] = v;
  const a = gamma[j]! / Math.sqrt(v + BN_EPSILON);
  const b = beta[j]!;
  for (let t = j; t < size; t += c) y[t] = Math.max(floor, a * (x[t]! - m) + b);
}

function backward1(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
  n: number,
  c: number,
  j: number,
): void {
  const size = n * c;
  const m = mean[j]!;
  let a = 0;
  let h = 0;
  for (let t = j; t < size; t += c) {
    const e = dy[t]!;
    a += e;
    h += e * (x[t]! - m);
  }
  const r = 1 / Math.sqrt(variance[j]! + BN_EPSILON);
  dbeta[j] = a;
  dgamma[j] = h * r;
  // dx = g·dy − u − w·(x − μ), with g = γ·r, u = g·(∂L/∂β)/n, w = g·r²·Σ dy·(x − μ)/n.
  const g = gamma[j]! * r;
  const u = (g * a) / n;
  const w = (g * r * r * h) / n;
  for (let t = j; t < size; t += c) dx[t] = g * dy[t]! - u - w * (x[t]! - m);
}

function forward8(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  n: number,
  c: number,
  j: number,
  floor: number,
): void {
  const size = n * c;
  const k0 = x[j]!;
  const k1 = x[j + 1]!;
  const k2 = x[j + 2]!;
  const k3 = x[j + 3]!;
  const k4 = x[j + 4]!;
  const k5 = x[j + 5]!;
  const k6 = x[j + 6]!;
  const k7 = x[j + 7]!;
  let s0 = 0,
    s1 = 0,
    s2 = 0,
    s3 = 0,
    s4 = 0,
    s5 = 0,
    s6 = 0,
    s7 = 0;
  let q0 = 0,
    q1 = 0,
    q2 = 0,
    q3 = 0,
    q4 = 0,
    q5 = 0,
    q6 = 0,
    q7 = 0;
  for (let t = j; t < size; t += c) {
    const d0 = x[t]! - k0;
    const d1 = x[t + 1]! - k1;
    const d2 = x[t + 2]! - k2;
    const d3 = x[t + 3]! - k3;
    const d4 = x[t + 4]! - k4;
    const d5 = x[t + 5]! - k5;
    const d6 = x[t + 6]! - k6;
    const d7 = x[t + 7]! - k7;
    s0 += d0;
    s1 += d1;
    s2 += d2;
    s3 += d3;
    s4 += d4;
    s5 += d5;
    s6 += d6;
    s7 += d7;
    q0 += d0 * d0;
    q1 += d1 * d1;
    q2 += d2 * d2;
    q3 += d3 * d3;
    q4 += d4 * d4;
    q5 += d5 * d5;
    q6 += d6 * d6;
    q7 += d7 * d7;
  }
  const [m0, v0] = moments(s0, q0, k0, n);
  const [m1, v1] = moments(s1, q1, k1, n);
  const [m2, v2] = moments(s2, q2, k2, n);
  const [m3, v3] = moments(s3, q3, k3, n);
  const [m4, v4] = moments(s4, q4, k4, n);
  const [m5, v5] = moments(s5, q5, k5, n);
  const [m6, v6] = moments(s6, q6, k6, n);
  const [m7, v7] = moments(s7, q7, k7, n);
  const a0 = gamma[j]! / Math.sqrt(v0 + BN_EPSILON);
  const a1 = gamma[j + 1]! / Math.sqrt(v1 + BN_EPSILON);
  const a2 = gamma[j + 2]! / Math.sqrt(v2 + BN_EPSILON);
  const a3 = gamma[j + 3]! / Math.sqrt(v3 + BN_EPSILON);
  const a4 = gamma[j + 4]! / Math.sqrt(v4 + BN_EPSILON);
  const a5 = gamma[j + 5]! / Math.sqrt(v5 + BN_EPSILON);
  const a6 = gamma[j + 6]! / Math.sqrt(v6 + BN_EPSILON);
  const a7 = gamma[j + 7]! / Math.sqrt(v7 + BN_EPSILON);
  const b0 = beta[j]!;
  const b1 = beta[j + 1]!;
  const b2 = beta[j + 2]!;
  const b3 = beta[j + 3]!;
  const b4 = beta[j + 4]!;
  const b5 = beta[j + 5]!;
  const b6 = beta[j + 6]!;
  const b7 = beta[j + 7]!;
  for (let t = j; t < size; t += c) {
    y[t] = Math.max(floor, a0 * (x[t]! - m0) + b0);
    y[t + 1] = Math.max(floor, a1 * (x[t + 1]! - m1) + b1);
    y[t + 2] = Math.max(floor, a2 * (x[t + 2]! - m2) + b2);
    y[t + 3] = Math.max(floor, a3 * (x[t + 3]! - m3) + b3);
    y[t + 4] = Math.max(floor, a4 * (x[t + 4]! - m4) + b4);
    y[t + 5] = Math.max(floor, a5 * (x[t + 5]! - m5) + b5);
    y[t + 6] = Math.max(floor, a6 * (x[t + 6]! - m6) + b6);
    y[t + 7] = Math.max(floor, a7 * (x[t + 7]! - m7) + b7);
  }
  mean[j] = m0;
  mean[j + 1] = m1;
  mean[j + 2] = m2;
  mean[j + 3] = m3;
  mean[j + 4] = m4;
  mean[j + 5] = m5;
  mean[j + 6] = m6;
  mean[j + 7] = m7;
  variance[j] = v0;
  variance[j + 1] = v1;
  variance[j + 2] = v2;
  variance[j + 3] = v3;
  variance[j + 4] = v4;
  variance[j + 5] = v5;
  variance[j + 6] = v6;
  variance[j + 7] = v7;
}

function backward8(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  dx: Float32Array,
  dgamma: Float32Array,
  dbeta: Float32Array,
  n: number,
  c: number,
  j: number,
): void {
  const size = n * c;
  const m0 = mean[j]!;
  const m1 = mean[j + 1]!;
  const m2 = mean[j + 2]!;
  const m3 = mean[j + 3]!;
  const m4 = mean[j + 4]!;
  const m5 = mean[j + 5]!;
  const m6 = mean[j + 6]!;
  const m7 = mean[j + 7]!;
  let a0 = 0,
    a1 = 0,
    a2 = 0,
    a3 = 0,
    a4 = 0,
    a5 = 0,
    a6 = 0,
    a7 = 0;
  let h0 = 0,
    h1 = 0,
    h2 = 0,
    h3 = 0,
    h4 = 0,
    h5 = 0,
    h6 = 0,
    h7 = 0;
  for (let t = j; t < size; t += c) {
    const e0 = dy[t]!;
    const e1 = dy[t + 1]!;
    const e2 = dy[t + 2]!;
    const e3 = dy[t + 3]!;
    const e4 = dy[t + 4]!;
    const e5 = dy[t + 5]!;
    const e6 = dy[t + 6]!;
    const e7 = dy[t + 7]!;
    a0 += e0;
    a1 += e1;
    a2 += e2;
    a3 += e3;
    a4 += e4;
    a5 += e5;
    a6 += e6;
    a7 += e7;
    h0 += e0 * (x[t]! - m0);
    h1 += e1 * (x[t + 1]! - m1);
    h2 += e2 * (x[t + 2]! - m2);
    h3 += e3 * (x[t + 3]! - m3);
    h4 += e4 * (x[t + 4]! - m4);
    h5 += e5 * (x[t + 5]! - m5);
    h6 += e6 * (x[t + 6]! - m6);
    h7 += e7 * (x[t + 7]! - m7);
  }
  const r0 = 1 / Math.sqrt(variance[j]! + BN_EPSILON);
  const r1 = 1 / Math.sqrt(variance[j + 1]! + BN_EPSILON);
  const r2 = 1 / Math.sqrt(variance[j + 2]! + BN_EPSILON);
  const r3 = 1 / Math.sqrt(variance[j + 3]! + BN_EPSILON);
  const r4 = 1 / Math.sqrt(variance[j + 4]! + BN_EPSILON);
  const r5 = 1 / Math.sqrt(variance[j + 5]! + BN_EPSILON);
  const r6 = 1 / Math.sqrt(variance[j + 6]! + BN_EPSILON);
  const r7 = 1 / Math.sqrt(variance[j + 7]! + BN_EPSILON);
  dbeta[j] = a0;
  dbeta[j + 1] = a1;
  dbeta[j + 2] = a2;
  dbeta[j + 3] = a3;
  dbeta[j + 4] = a4;
  dbeta[j + 5] = a5;
  dbeta[j + 6] = a6;
  dbeta[j + 7] = a7;
  dgamma[j] = h0 * r0;
  dgamma[j + 1] = h1 * r1;
  dgamma[j + 2] = h2 * r2;
  dgamma[j + 3] = h3 * r3;
  dgamma[j + 4] = h4 * r4;
  dgamma[j + 5] = h5 * r5;
  dgamma[j + 6] = h6 * r6;
  dgamma[j + 7] = h7 * r7;
  const g0 = gamma[j]! * r0;
  const g1 = gamma[j + 1]! * r1;
  const g2 = gamma[j + 2]! * r2;
  const g3 = gamma[j + 3]! * r3;
  const g4 = gamma[j + 4]! * r4;
  const g5 = gamma[j + 5]! * r5;
  const g6 = gamma[j + 6]! * r6;
  const g7 = gamma[j + 7]! * r7;
  const u0 = (g0 * a0) / n;
  const u1 = (g1 * a1) / n;
  const u2 = (g2 * a2) / n;
  const u3 = (g3 * a3) / n;
  const u4 = (g4 * a4) / n;
  const u5 = (g5 * a5) / n;
  const u6 = (g6 * a6) / n;
  const u7 = (g7 * a7) / n;
  const w0 = (g0 * r0 * r0 * h0) / n;
  const w1 = (g1 * r1 * r1 * h1) / n;
  const w2 = (g2 * r2 * r2 * h2) / n;
  const w3 = (g3 * r3 * r3 * h3) / n;
  const w4 = (g4 * r4 * r4 * h4) / n;
  const w5 = (g5 * r5 * r5 * h5) / n;
  const w6 = (g6 * r6 * r6 * h6) / n;
  const w7 = (g7 * r7 * r7 * h7) / n;
  for (let t = j; t < size; t += c) {
    dx[t] = g0 * dy[t]! - u0 - w0 * (x[t]! - m0);
    dx[t + 1] = g1 * dy[t + 1]! - u1 - w1 * (x[t + 1]! - m1);
    dx[t + 2] = g2 * dy[t + 2]! - u2 - w2 * (x[t + 2]! - m2);
    dx[t + 3] = g3 * dy[t + 3]! - u3 - w3 * (x[t + 3]! - m3);
    dx[t + 4] = g4 * dy[t + 4]! - u4 - w4 * (x[t + 4]! - m4);
    dx[t + 5] = g5 * dy[t + 5]! - u5 - w5 * (x[t + 5]! - m5);
    dx[t + 6] = g6 * dy[t + 6]! - u6 - w6 * (x[t + 6]! - m6);
    dx[t + 7] = g7 * dy[t + 7]! - u7 - w7 * (x[t + 7]! - m7);
  }
}
