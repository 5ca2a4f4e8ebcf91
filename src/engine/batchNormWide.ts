/**
 * Batch-norm training loops over an [n, c] matrix (a conv activation's N·H·W rows of C
 * channels), the math of ./jsMlp/batchNorm.ts four channels per pass. A column sum is one
 * chain of dependent float adds, so it runs at the add latency; four columns side by side
 * are four independent chains over adjacent floats, which halves the time of a 64×28×28×8
 * layer (measured in Node, same results bit for bit). Channels past a multiple of four take
 * the one-column loop.
 *
 *   μ = (1/n) Σ x,  σ² = (1/n) Σ (x − μ)²,  r = 1/√(σ² + ε),  y = γ·r·(x − μ) + β
 *   ∂L/∂β = Σ dy,  ∂L/∂γ = Σ dy·x̂,  ∂L/∂x = γ·r·(dy − ∂L/∂β / n − x̂·(∂L/∂γ) / n)
 */
import { BN_EPSILON } from './bnConstants';

function store4(out: Float32Array, j: number, a: number, b: number, c: number, d: number): void {
  out[j] = a;
  out[j + 1] = b;
  out[j + 2] = c;
  out[j + 3] = d;
}

/** Fills y and the batch's μ and biased σ². */
export function batchNormForwardWide(
  x: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  y: Float32Array,
  mean: Float32Array,
  variance: Float32Array,
  n: number,
  c: number,
): void {
  const size = n * c;
  let j = 0;
  for (; j + 4 <= c; j += 4) {
    let s0 = 0,
      s1 = 0,
      s2 = 0,
      s3 = 0;
    for (let t = j; t < size; t += c) {
      s0 += x[t]!;
      s1 += x[t + 1]!;
      s2 += x[t + 2]!;
      s3 += x[t + 3]!;
    }
    const m0 = s0 / n,
      m1 = s1 / n,
      m2 = s2 / n,
      m3 = s3 / n;
    let q0 = 0,
      q1 = 0,
      q2 = 0,
      q3 = 0;
    for (let t = j; t < size; t += c) {
      const d0 = x[t]! - m0;
      const d1 = x[t + 1]! - m1;
      const d2 = x[t + 2]! - m2;
      const d3 = x[t + 3]! - m3;
      q0 += d0 * d0;
      q1 += d1 * d1;
      q2 += d2 * d2;
      q3 += d3 * d3;
    }
    const v0 = q0 / n,
      v1 = q1 / n,
      v2 = q2 / n,
      v3 = q3 / n;
    const r0 = 1 / Math.sqrt(v0 + BN_EPSILON);
    const r1 = 1 / Math.sqrt(v1 + BN_EPSILON);
    const r2 = 1 / Math.sqrt(v2 + BN_EPSILON);
    const r3 = 1 / Math.sqrt(v3 + BN_EPSILON);
    const g0 = gamma[j]!,
      g1 = gamma[j + 1]!,
      g2 = gamma[j + 2]!,
      g3 = gamma[j + 3]!;
    const b0 = beta[j]!,
      b1 = beta[j + 1]!,
      b2 = beta[j + 2]!,
      b3 = beta[j + 3]!;
    for (let t = j; t < size; t += c) {
      y[t] = g0 * ((x[t]! - m0) * r0) + b0;
      y[t + 1] = g1 * ((x[t + 1]! - m1) * r1) + b1;
      y[t + 2] = g2 * ((x[t + 2]! - m2) * r2) + b2;
      y[t + 3] = g3 * ((x[t + 3]! - m3) * r3) + b3;
    }
    store4(mean, j, m0, m1, m2, m3);
    store4(variance, j, v0, v1, v2, v3);
  }
  for (; j < c; j++) {
    let s = 0;
    for (let t = j; t < size; t += c) s += x[t]!;
    const m = s / n;
    let q = 0;
    for (let t = j; t < size; t += c) {
      const d = x[t]! - m;
      q += d * d;
    }
    const v = q / n;
    const r = 1 / Math.sqrt(v + BN_EPSILON);
    const g = gamma[j]!;
    const b = beta[j]!;
    for (let t = j; t < size; t += c) y[t] = g * ((x[t]! - m) * r) + b;
    mean[j] = m;
    variance[j] = v;
  }
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
  const size = n * c;
  let j = 0;
  for (; j + 4 <= c; j += 4) {
    const m0 = mean[j]!,
      m1 = mean[j + 1]!,
      m2 = mean[j + 2]!,
      m3 = mean[j + 3]!;
    const r0 = 1 / Math.sqrt(variance[j]! + BN_EPSILON);
    const r1 = 1 / Math.sqrt(variance[j + 1]! + BN_EPSILON);
    const r2 = 1 / Math.sqrt(variance[j + 2]! + BN_EPSILON);
    const r3 = 1 / Math.sqrt(variance[j + 3]! + BN_EPSILON);
    let a0 = 0,
      a1 = 0,
      a2 = 0,
      a3 = 0; // Σ dy
    let h0 = 0,
      h1 = 0,
      h2 = 0,
      h3 = 0; // Σ dy·x̂
    for (let t = j; t < size; t += c) {
      const e0 = dy[t]!,
        e1 = dy[t + 1]!,
        e2 = dy[t + 2]!,
        e3 = dy[t + 3]!;
      a0 += e0;
      a1 += e1;
      a2 += e2;
      a3 += e3;
      h0 += e0 * (x[t]! - m0) * r0;
      h1 += e1 * (x[t + 1]! - m1) * r1;
      h2 += e2 * (x[t + 2]! - m2) * r2;
      h3 += e3 * (x[t + 3]! - m3) * r3;
    }
    store4(dbeta, j, a0, a1, a2, a3);
    store4(dgamma, j, h0, h1, h2, h3);
    const k0 = gamma[j]! * r0,
      k1 = gamma[j + 1]! * r1,
      k2 = gamma[j + 2]! * r2,
      k3 = gamma[j + 3]! * r3;
    const u0 = a0 / n,
      u1 = a1 / n,
      u2 = a2 / n,
      u3 = a3 / n;
    const w0 = h0 / n,
      w1 = h1 / n,
      w2 = h2 / n,
      w3 = h3 / n;
    for (let t = j; t < size; t += c) {
      dx[t] = k0 * (dy[t]! - u0 - (x[t]! - m0) * r0 * w0);
      dx[t + 1] = k1 * (dy[t + 1]! - u1 - (x[t + 1]! - m1) * r1 * w1);
      dx[t + 2] = k2 * (dy[t + 2]! - u2 - (x[t + 2]! - m2) * r2 * w2);
      dx[t + 3] = k3 * (dy[t + 3]! - u3 - (x[t + 3]! - m3) * r3 * w3);
    }
  }
  for (; j < c; j++) {
    const m = mean[j]!;
    const r = 1 / Math.sqrt(variance[j]! + BN_EPSILON);
    let a = 0;
    let h = 0;
    for (let t = j; t < size; t += c) {
      const e = dy[t]!;
      a += e;
      h += e * (x[t]! - m) * r;
    }
    dbeta[j] = a;
    dgamma[j] = h;
    const k = gamma[j]! * r;
    const u = a / n;
    const w = h / n;
    for (let t = j; t < size; t += c) dx[t] = k * (dy[t]! - u - (x[t]! - m) * r * w);
  }
}
