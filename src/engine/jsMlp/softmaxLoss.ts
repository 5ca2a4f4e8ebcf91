/**
 * The classifier's loss and error on [n, k] logits z with integer labels y, as
 * tf.losses.softmaxCrossEntropy with one-hot labels and its default reduction (the mean):
 *
 *   L = (1/n) Σ_i ( log Σ_j e^{z_ij} − z_{i,y_i} )      (log-sum-exp shifted by the row max)
 *   ∂L/∂z_ij = (softmax(z_i)_j − [j = y_i]) / n
 *
 * A sample is wrong when argmax_j z_ij ≠ y_i, the first maximum winning ties (as tf.argMax).
 */

/** p_ij = e^{z_ij − max_j z_ij} / Σ_j e^{z_ij − max_j z_ij}, written to `p` and returned. */
export function softmaxRows(z: Float32Array, p: Float32Array, n: number, k: number): Float32Array {
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = z[o]!;
    for (let j = 1; j < k; j++) if (z[o + j]! > max) max = z[o + j]!;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(z[o + j]! - max);
    for (let j = 0; j < k; j++) p[o + j] = Math.exp(z[o + j]! - max) / sum;
  }
  return p;
}

/** Returns L and writes ∂L/∂z to `dz`. */
export function softmaxCrossEntropy(
  z: Float32Array,
  labels: Int32Array,
  dz: Float32Array,
  n: number,
  k: number,
): number {
  let total = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let max = z[o]!;
    for (let j = 1; j < k; j++) if (z[o + j]! > max) max = z[o + j]!;
    let sum = 0;
    for (let j = 0; j < k; j++) sum += Math.exp(z[o + j]! - max);
    const label = labels[i]!;
    total += max + Math.log(sum) - z[o + label]!;
    for (let j = 0; j < k; j++) {
      const p = Math.exp(z[o + j]! - max) / sum;
      dz[o + j] = (j === label ? p - 1 : p) / n;
    }
  }
  return total / n;
}

/** How many rows have argmax ≠ label. */
export function countMisclassified(z: Float32Array, labels: Int32Array, n: number, k: number): number {
  let wrong = 0;
  for (let i = 0; i < n; i++) {
    const o = i * k;
    let best = 0;
    let max = z[o]!;
    for (let j = 1; j < k; j++)
      if (z[o + j]! > max) {
        max = z[o + j]!;
        best = j;
      }
    if (best !== labels[i]) wrong++;
  }
  return wrong;
}
