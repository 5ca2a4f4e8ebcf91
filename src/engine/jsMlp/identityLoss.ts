/**
 * The loss and error of the identity task (reproduce the input, the paper's §3.1), on
 * [n, k] outputs y and inputs x, as tf.losses.meanSquaredError and the tfjs trainer's error:
 *
 *   L = (1/(n·k)) Σ (y − x)²,      ∂L/∂y = 2·(y − x) / (n·k)
 *   error = Σ (y − x)² / max(Σ x², 1e-12)      (1: outputs nothing useful, 0: perfect)
 */

/** Returns L and writes ∂L/∂y to `dy`. */
export function meanSquaredError(y: Float32Array, x: Float32Array, dy: Float32Array, size: number): number {
  let total = 0;
  for (let t = 0; t < size; t++) {
    const d = y[t]! - x[t]!;
    total += d * d;
    dy[t] = (2 * d) / size;
  }
  return total / size;
}

export function relativeSquaredError(y: Float32Array, x: Float32Array, size: number): number {
  let err = 0;
  let norm = 0;
  for (let t = 0; t < size; t++) {
    const d = y[t]! - x[t]!;
    err += d * d;
    norm += x[t]! * x[t]!;
  }
  return err / Math.max(norm, 1e-12);
}
