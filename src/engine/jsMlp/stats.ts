/**
 * The scalar summaries a probing step reports, summed in doubles over a whole tensor:
 *   ‖a‖ = √(Σ a²)   (tf.norm),   std(a) = √((1/N) Σ (a − mean(a))²)   (tf.moments over all axes)
 */

export function l2Norm(a: Float32Array): number {
  let s = 0;
  for (let t = 0; t < a.length; t++) s += a[t]! * a[t]!;
  return Math.sqrt(s);
}

/** Population standard deviation of all the elements. */
export function populationStd(a: Float32Array): number {
  const size = a.length;
  let mean = 0;
  for (let t = 0; t < size; t++) mean += a[t]!;
  mean /= size;
  let s = 0;
  for (let t = 0; t < size; t++) {
    const d = a[t]! - mean;
    s += d * d;
  }
  return Math.sqrt(s / size);
}

/** ‖F‖ / ‖s‖ of a block, with the floor that keeps it finite for an all-zero s. */
export function responseRatio(branch: Float32Array, reference: Float32Array): number {
  return l2Norm(branch) / Math.max(l2Norm(reference), 1e-12);
}
