/**
 * Batch norm of an [n, c] activation over the batch axis, PyTorch's convention (as
 * ../model.ts, ../bnConstants.ts): ε = 1e-5, running = 0.9·running + 0.1·batch, running variance unbiased.
 *
 * Training, per feature:
 *   μ = (1/n) Σ_i x_i,   σ² = (1/n) Σ_i (x_i − μ)²   (biased),   r = 1/√(σ² + ε)
 *   x̂_i = (x_i − μ)·r,   y_i = γ·x̂_i + β
 * Backward (μ and σ² depend on every x_i, hence the two mean terms):
 *   ∂L/∂β = Σ_i dy_i,   ∂L/∂γ = Σ_i dy_i·x̂_i
 *   ∂L/∂x_i = γ·r·( dy_i − (1/n)·∂L/∂β − x̂_i·(1/n)·∂L/∂γ )
 * Inference uses the running statistics: y = γ·(x − μ_run)/√(σ²_run + ε) + β.
 */
import { BN_EPSILON, BN_MOMENTUM } from '../bnConstants';

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

/** Training-mode forward: fills `m` and writes γ·x̂ + β to `y` (x̂ is recomputed backward from x and `m`). */
export function batchNormTrain(
  x: Float32Array,
  y: Float32Array,
  gamma: Float32Array,
  beta: Float32Array,
  m: BatchMoments,
  n: number,
  c: number,
): void {
  const size = n * c;
  // One feature (a column, stride c) at a time, its sums in local doubles.
  for (let j = 0; j < c; j++) {
    let sum = 0;
    for (let t = j; t < size; t += c) sum += x[t]!;
    const mean = sum / n;
    let sq = 0;
    for (let t = j; t < size; t += c) {
      const d = x[t]! - mean;
      sq += d * d;
    }
    const variance = sq / n;
    const r = 1 / Math.sqrt(variance + BN_EPSILON);
    const g = gamma[j]!;
    const b = beta[j]!;
    for (let t = j; t < size; t += c) {
      y[t] = g * ((x[t]! - mean) * r) + b;
    }
    m.mean[j] = mean;
    m.variance[j] = variance;
    m.invStd[j] = r;
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
  const size = n * c;
  for (let j = 0; j < c; j++) {
    const mean = runMean[j]!;
    const scale = gamma[j]! / Math.sqrt(runVar[j]! + BN_EPSILON);
    const b = beta[j]!;
    for (let t = j; t < size; t += c) y[t] = (x[t]! - mean) * scale + b;
  }
}

/**
 * Backward from the forward pass's input `x` and moments `m`: writes ∂L/∂γ and ∂L/∂β, and
 * writes (or, with `add`, adds) ∂L/∂x unless `dx` is null.
 */
export function batchNormBackward(
  dy: Float32Array,
  x: Float32Array,
  gamma: Float32Array,
  m: BatchMoments,
  dgamma: Float32Array,
  dbeta: Float32Array,
  dx: Float32Array | null,
  add: boolean,
  n: number,
  c: number,
): void {
  const size = n * c;
  for (let j = 0; j < c; j++) {
    const mean = m.mean[j]!;
    const r = m.invStd[j]!;
    let sumDy = 0;
    let sumDyXhat = 0;
    for (let t = j; t < size; t += c) {
      const g = dy[t]!;
      sumDy += g;
      sumDyXhat += g * (x[t]! - mean) * r;
    }
    dbeta[j] = sumDy;
    dgamma[j] = sumDyXhat;
    if (!dx) continue;
    const k = gamma[j]! * r;
    const meanDy = sumDy / n;
    const meanDyXhat = sumDyXhat / n;
    // ∂L/∂x = γ·r·(dy − mean(dy) − x̂·mean(dy·x̂))
    for (let t = j; t < size; t += c) {
      const g = k * (dy[t]! - meanDy - (x[t]! - mean) * r * meanDyXhat);
      dx[t] = add ? dx[t]! + g : g;
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
