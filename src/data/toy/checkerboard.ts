import type { Rng } from '../../core/rng';

/** Cells along each side of the [-1, 1]² board. */
export const BOARD_CELLS = 4;

/**
 * A 4×4 checkerboard on [-1, 1]²: the cell in column i, row j (from the lower
 * left) has class (i + j) mod 2. Each point picks a cell of its class uniformly,
 * then a uniform position inside it, so classes stay exactly balanced. Grouped by class.
 */
export function checkerboardPoints(counts: readonly number[], rng: Rng): Float32Array {
  const cell = 2 / BOARD_CELLS;
  const out = new Float32Array(2 * counts.reduce((a, b) => a + b, 0));
  let i = 0;
  counts.forEach((count, c) => {
    for (let j = 0; j < count; j++, i++) {
      const col = rng.int(BOARD_CELLS);
      // Rows of the right parity for this column: (col + row) mod 2 = c.
      const row = 2 * rng.int(BOARD_CELLS / 2) + ((c + col) % 2);
      out[2 * i] = -1 + cell * (col + rng.next());
      out[2 * i + 1] = -1 + cell * (row + rng.next());
    }
  });
  return out;
}

/** The class of a point on the board (for tests and for drawing the true boundary). */
export function checkerboardClass(x: number, y: number): number {
  const cell = 2 / BOARD_CELLS;
  const col = Math.min(BOARD_CELLS - 1, Math.max(0, Math.floor((x + 1) / cell)));
  const row = Math.min(BOARD_CELLS - 1, Math.max(0, Math.floor((y + 1) / cell)));
  return (col + row) % 2;
}
