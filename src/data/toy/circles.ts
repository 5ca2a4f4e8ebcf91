import type { Rng } from '../../core/rng';

/** Class 0 fills radii [0, 0.5]; class 1 the ring [0.7, 1] (TensorFlow Playground's, scaled from 5 to 1). */
export const INNER_RADIUS = 0.5;
export const RING_RADII = [0.7, 1] as const;

/**
 * A disc inside a ring: not linearly separable in (x, y), separable in r² = x² + y².
 * Radius uniform in the band (as the Playground draws it, so the centre is denser
 * than uniform-by-area), angle uniform. Grouped by class.
 */
export function circlePoints(counts: readonly number[], rng: Rng): Float32Array {
  const out = new Float32Array(2 * counts.reduce((a, b) => a + b, 0));
  let i = 0;
  counts.forEach((count, c) => {
    const [lo, hi] = c === 0 ? [0, INNER_RADIUS] : RING_RADII;
    for (let j = 0; j < count; j++, i++) {
      const r = lo + (hi - lo) * rng.next();
      const angle = 2 * Math.PI * rng.next();
      out[2 * i] = r * Math.sin(angle);
      out[2 * i + 1] = r * Math.cos(angle);
    }
  });
  return out;
}
