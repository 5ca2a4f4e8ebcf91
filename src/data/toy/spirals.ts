import type { Rng } from '../../core/rng';

/** Turns each arm makes from the centre to radius 1 (TensorFlow Playground's 1.75). */
export const SPIRAL_TURNS = 1.75;

/**
 * Interleaved spiral arms, one per class, as in TensorFlow Playground scaled from
 * radius 5 to radius 1: a point at fraction u ~ U(0, 1) along arm c of k has
 *   r = u,  θ = 2π · 1.75 · u + 2πc / k,  (x, y) = (r sin θ, r cos θ).
 * With k = 2 the arms are π apart: the classic two-spirals problem. Points are
 * returned grouped by class, `counts[c]` of class c.
 */
export function spiralPoints(counts: readonly number[], rng: Rng): Float32Array {
  const k = counts.length;
  const out = new Float32Array(2 * counts.reduce((a, b) => a + b, 0));
  let i = 0;
  counts.forEach((count, c) => {
    for (let j = 0; j < count; j++, i++) {
      const u = rng.next();
      const theta = 2 * Math.PI * SPIRAL_TURNS * u + (2 * Math.PI * c) / k;
      out[2 * i] = u * Math.sin(theta);
      out[2 * i + 1] = u * Math.cos(theta);
    }
  });
  return out;
}
