/**
 * Batch norm of an [n, c] activation over the batch axis, PyTorch's convention (as
 * ../model.ts): ε = 1e-5, running = 0.9·running + 0.1·batch, running variance unbiased.
 *
 * Training, per feature:
 *   μ = (1/n) Σ_i x_i,   σ² = (1/n) Σ_i (x_i − μ)²   (biased),   r = 1/√(σ² + ε)
 *   x̂_i = (x_i − μ)·r,   y_i = γ·x̂_i + β
 * Backward (μ and σ² depend on every x_i, hence the two mean terms):
 *   ∂L/∂β = Σ_i dy_i,   ∂L/∂γ = Σ_i dy_i·x̂_i
 *   ∂L/∂x_i = γ·r·( dy_i − (1/n)·∂L/∂β − x̂_i·(1/n)·∂L/∂γ )
 * Inference uses the running statistics: y = γ·(x − μ_run)/√(σ²_run + ε) + β.
 */
import { BN_EPSILON, BN_MOMENTUM } from '../model';

/** Statistics of one training forward pass, kept for the backward pass and the running averages. */
export interface BatchMoments {
  mean: Float64Array;
  /** Biased (population) variance. */
  variance: Float64Array;
  /** r = 1/√(σ² + ε). */
  invStd: Float64Array;
}

export function createMoments(channels: number): BatchMoments {
  return {
    mean: new Float64Array(channels),
    variance: new Float64Array(channels),
    invStd: new Float64Array(channels),
  };
}

/** Training-mode forward: fills `m`, writes x̂ to `xhat` and γ·x̂ + β to `y`. */
export function batchNormTrain(
  x: Float32Array,
  y: Float32Array,
  xhat: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  m: BatchMoments,
  n: number,
  c: number,
): void {
  const { mean, variance, invStd } = m;
  for (let j = 0; j < c; j++) mean[j] = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) mean[j] = mean[j]! + x[o + j]!;
  }
  for (let j = 0; j < c; j++) {
    mean[j] = mean[j]! / n;
    variance[j] = 0;
  }
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) {
      const d = x[o + j]! - mean[j]!;
      variance[j] = variance[j]! + d * d;
    }
  }
  for (let j = 0; j < c; j++) {
    variance[j] = variance[j]! / n;
    invStd[j] = 1 / Math.sqrt(variance[j]! + BN_EPSILON);
  }
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) {
      const h = (x[o + j]! - mean[j]!) * invStd[j]!;
      xhat[o + j] = h;
      y[o + j] = gamma[j]! * h + beta[j]!;
    }
  }
}

/** Inference-mode forward with the running statistics. */
export function batchNormInfer(
  x: Float32Array,
  y: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  runMean: Float32Array,
  runVar: Float32Array,
  n: number,
  c: number,
): void {
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++)
      y[o + j] = (gamma[j]! * (x[o + j]! - runMean[j]!)) / Math.sqrt(runVar[j]! + BN_EPSILON) + beta[j]!;
  }
}

/**
 * Backward: writes ∂L/∂γ and ∂L/∂β, and writes (or, with `add`, adds) ∂L/∂x unless `dx` is
 * null. `acc` is a scratch of at least 2·c doubles.
 */
export function batchNormBackward(
  dy: Float32Array,
  xhat: Float32Array,
  gamma: Float32Array,
  m: BatchMoments,
  dgamma: Float32Array,
  dbeta: Float32Array,
  dx: Float32Array | null,
  add: boolean,
  n: number,
  c: number,
  acc: Float64Array,
): void {
  // acc[0..c): Σ dy,  acc[c..2c): Σ dy·x̂
  for (let j = 0; j < 2 * c; j++) acc[j] = 0;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) {
      const g = dy[o + j]!;
      acc[j] = acc[j]! + g;
      acc[c + j] = acc[c + j]! + g * xhat[o + j]!;
    }
  }
  for (let j = 0; j < c; j++) {
    dbeta[j] = acc[j]!;
    dgamma[j] = acc[c + j]!;
  }
  if (!dx) return;
  const { invStd } = m;
  for (let i = 0; i < n; i++) {
    const o = i * c;
    for (let j = 0; j < c; j++) {
      const g = gamma[j]! * invStd[j]! * (dy[o + j]! - acc[j]! / n - (xhat[o + j]! * acc[c + j]!) / n);
      dx[o + j] = add ? dx[o + j]! + g : g;
    }
  }
}

/** running ← 0.9·running + 0.1·batch, with the batch variance made unbiased: σ²·n/(n−1). */
export function updateRunning(runMean: Float32Array, runVar: Float32Array, m: BatchMoments, n: number): void {
  const unbias = n > 1 ? n / (n - 1) : 1;
  for (let j = 0; j < runMean.length; j++) {
    runMean[j] = runMean[j]! * BN_MOMENTUM + m.mean[j]! * (1 - BN_MOMENTUM);
    runVar[j] = runVar[j]! * BN_MOMENTUM + m.variance[j]! * unbias * (1 - BN_MOMENTUM);
  }
}
