import type { Rng } from '../../core/rng';

/** Gap kept clear on each side of the axes (the Playground's 0.3 of 5.3). */
export const XOR_GAP = 0.05;

/**
 * XOR: class 0 in quadrants I and III (x·y > 0), class 1 in II and IV (x·y < 0),
 * each coordinate's magnitude uniform in [XOR_GAP, 1]. The smallest problem a
 * single linear layer cannot solve. Grouped by class.
 */
export function xorPoints(counts: readonly number[], rng: Rng): Float32Array {
  const out = new Float32Array(2 * counts.reduce((a, b) => a + b, 0));
  let i = 0;
  counts.forEach((count, c) => {
    for (let j = 0; j < count; j++, i++) {
      const sx = rng.next() < 0.5 ? -1 : 1;
      const sy = c === 0 ? sx : -sx;
      out[2 * i] = sx * (XOR_GAP + (1 - XOR_GAP) * rng.next());
      out[2 * i + 1] = sy * (XOR_GAP + (1 - XOR_GAP) * rng.next());
    }
  });
  return out;
}
