import { describe, expect, it } from 'vitest';
import type { Rng } from '../../src/core/rng';
import { createRng } from '../../src/core/rng';
import type { CropFlip } from '../../src/data/augment';
import { augmentBatch, padCropFlip } from '../../src/data/augment';

/** The 2×2 single-channel image [[1, 2], [3, 4]]; padded by 1 it is the 4×4 board with zeros around. */
const img = Float32Array.from([1, 2, 3, 4]);
const shape = [2, 2, 1] as const;

/** An Rng that replays fixed draws, to pin augmentBatch's choices. */
function scripted(ints: number[], uniforms: number[]): Rng {
  const rng: Rng = {
    next: () => uniforms.shift() ?? Number.NaN,
    normal: () => Number.NaN,
    int: () => ints.shift() ?? Number.NaN,
    fork: () => rng,
    save: () => ({ state: 0, spare: null }),
  };
  return rng;
}

describe('padCropFlip on a hand-checked 2×2 image with pad 1', () => {
  const cases: [CropFlip, number[]][] = [
    [{ dy: 1, dx: 1, flip: false }, [1, 2, 3, 4]],
    [{ dy: 0, dx: 0, flip: false }, [0, 0, 0, 1]],
    [{ dy: 2, dx: 2, flip: false }, [4, 0, 0, 0]],
    [{ dy: 0, dx: 2, flip: false }, [0, 0, 2, 0]],
    [{ dy: 2, dx: 0, flip: false }, [0, 3, 0, 0]],
    [{ dy: 1, dx: 0, flip: false }, [0, 1, 0, 3]],
    [{ dy: 1, dx: 1, flip: true }, [2, 1, 4, 3]],
    [{ dy: 1, dx: 0, flip: true }, [1, 0, 3, 0]],
    [{ dy: 0, dx: 2, flip: true }, [0, 0, 0, 2]],
  ];
  it.each(cases)('%o → %o', (t, expected) => {
    expect(Array.from(padCropFlip(img, shape, 1, t))).toEqual(expected);
  });

  it('moves channels together when flipping', () => {
    // 1×2 image with 2 channels: pixel 0 = (1, 2), pixel 1 = (3, 4).
    expect(Array.from(padCropFlip(img, [1, 2, 2], 0, { dy: 0, dx: 0, flip: true }))).toEqual([3, 4, 1, 2]);
  });

  it('refuses a crop outside the padded image', () => {
    expect(() => padCropFlip(img, shape, 1, { dy: 3, dx: 0, flip: false })).toThrow(
      /dy must be an integer in \[0, 2\] \(got 3\)/,
    );
  });
});

describe('augmentBatch', () => {
  it('draws dy, dx, then flip per image, in order', () => {
    const batch = Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]);
    const rng = scripted([0, 2, 1, 1], [0.3, 0.9]);
    const out = augmentBatch(batch, shape, rng, { pad: 1 });
    expect(Array.from(out)).toEqual([0, 0, 0, 2, 5, 6, 7, 8]);
    expect(Array.from(batch)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
  });

  it('is deterministic for a seed and differs across seeds', () => {
    const data = createRng(0);
    const batch = Float32Array.from({ length: 8 * 32 * 32 * 3 }, () => data.next());
    const a = augmentBatch(batch, [32, 32, 3], createRng(7));
    const b = augmentBatch(batch, [32, 32, 3], createRng(7));
    const c = augmentBatch(batch, [32, 32, 3], createRng(8));
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(c));
  });

  it('yields only pad-crop-flips of the input, flipping about half and covering every offset', () => {
    const shape6 = [6, 6, 1] as const;
    const n = 400;
    const data = createRng(1);
    const batch = Float32Array.from({ length: n * 36 }, () => 1 + data.next());
    const out = augmentBatch(batch, shape6, createRng(2), { pad: 2 });
    let flips = 0;
    const offsets = new Set<string>();
    for (let i = 0; i < n; i++) {
      const input = batch.subarray(i * 36, (i + 1) * 36);
      const got = Array.from(out.subarray(i * 36, (i + 1) * 36)).join();
      const match: CropFlip[] = [];
      for (let dy = 0; dy <= 4; dy++)
        for (let dx = 0; dx <= 4; dx++)
          for (const flip of [false, true]) {
            if (Array.from(padCropFlip(input, shape6, 2, { dy, dx, flip })).join() === got)
              match.push({ dy, dx, flip });
          }
      expect(match).toHaveLength(1);
      if (match[0]!.flip) flips++;
      offsets.add(`${match[0]!.dy},${match[0]!.dx}`);
    }
    expect(flips / n).toBeGreaterThan(0.42);
    expect(flips / n).toBeLessThan(0.58);
    expect(offsets.size).toBe(25);
  });

  it('with pad 0 and no flip returns a copy of the input', () => {
    const out = augmentBatch(img, shape, createRng(1), { pad: 0, flip: false });
    expect(Array.from(out)).toEqual([1, 2, 3, 4]);
  });

  it('refuses a batch that is not whole images', () => {
    expect(() => augmentBatch(new Float32Array(5), shape, createRng(1))).toThrow(
      /batch length 5 is not a multiple of the 2×2×1 image/,
    );
  });
});
