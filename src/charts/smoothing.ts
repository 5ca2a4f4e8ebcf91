/**
 * Exponential moving average with TensorBoard's debiasing, so that a curve starts at its
 * first value instead of rising from zero:
 *
 *   m_t = β·m_{t−1} + (1 − β)·x_t,   m_0 = 0
 *   smoothed_t = m_t / (1 − β^t)
 *
 * where t counts the finite values seen so far. Non-finite values (a diverged run) pass
 * through unchanged and do not enter the average. β = 0 returns the values as they are.
 */
export function emaSmooth(values: ArrayLike<number>, beta: number): Float64Array {
  const b = Math.min(Math.max(beta, 0), 0.999);
  const out = new Float64Array(values.length);
  let m = 0;
  let decay = 1; // β^t
  for (let i = 0; i < values.length; i++) {
    const x = values[i]!;
    if (!Number.isFinite(x)) {
      out[i] = x;
      continue;
    }
    m = b * m + (1 - b) * x;
    decay *= b;
    out[i] = b === 0 ? x : m / (1 - decay);
  }
  return out;
}
