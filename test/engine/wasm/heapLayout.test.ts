import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { batchInsidePixels, swapBatchAndChannels } from '../../../src/engine/wasm/heapLayout';
import { normals } from './helpers';

// Channel counts below, at and past the unrolled run of 8, and a remainder after it.
const CASES: [number, number, number][] = [
  [3, 5, 3],
  [2, 7, 8],
  [4, 3, 13],
  [2, 6, 16],
];

describe('heap re-layouts equal tf.transpose exactly', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
  });
  for (const [n, p, c] of CASES) {
    const x = normals(n * p * c, n + p + c);
    it(`[${n}, ${p}, ${c}] → [c, p, n]`, () => {
      const out = new Float32Array(x.length);
      swapBatchAndChannels(x, out, n, p, c);
      const want = tf.transpose(tf.tensor3d(x, [n, p, c]), [2, 1, 0]).dataSync();
      expect(Array.from(out)).toEqual(Array.from(want));
    });
    it(`[${n}, ${p}, ${c}] → [p, n, c]`, () => {
      const out = new Float32Array(x.length);
      batchInsidePixels(x, out, n, p, c);
      const want = tf.transpose(tf.tensor3d(x, [n, p, c]), [1, 0, 2]).dataSync();
      expect(Array.from(out)).toEqual(Array.from(want));
    });
  }
});
