import type { Rng } from '../../core/rng';

/** Distance of each blob centre from the origin; with 2 blobs, centres (±0.4, ±0.4) as in the Playground. */
export const BLOB_CENTRE_RADIUS = 0.4 * Math.SQRT2;
/** Standard deviation of each blob before any added noise. */
export const BLOB_SPREAD = 0.15;

/**
 * Isotropic Gaussian blobs: class c of k is N(μ_c, BLOB_SPREAD² I) with centres
 * evenly spaced on a circle, μ_c = R (cos φ_c, sin φ_c), φ_c = π/4 + 2πc/k.
 * Grouped by class.
 */
export function blobPoints(counts: readonly number[], rng: Rng): Float32Array {
  const k = counts.length;
  const out = new Float32Array(2 * counts.reduce((a, b) => a + b, 0));
  let i = 0;
  counts.forEach((count, c) => {
    const phi = Math.PI / 4 + (2 * Math.PI * c) / k;
    const cx = BLOB_CENTRE_RADIUS * Math.cos(phi);
    const cy = BLOB_CENTRE_RADIUS * Math.sin(phi);
    for (let j = 0; j < count; j++, i++) {
      out[2 * i] = cx + BLOB_SPREAD * rng.normal();
      out[2 * i + 1] = cy + BLOB_SPREAD * rng.normal();
    }
  });
  return out;
}
