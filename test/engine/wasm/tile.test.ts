import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { normals, onBoth } from './helpers';

const CASES: { name: string; shape: number[]; reps: number[] }[] = [
  { name: "batch norm's gradient: [1, 1, 1, 8] up to 5×7×3×8", shape: [1, 1, 1, 8], reps: [5, 7, 3, 1] },
  { name: 'every axis, odd sizes', shape: [2, 3, 5], reps: [3, 2, 4] },
  { name: 'the innermost axis only (short slabs)', shape: [4, 3], reps: [1, 5] },
  { name: 'the outermost axis only', shape: [3, 17], reps: [4, 1] },
  { name: 'no repeat at all', shape: [2, 3], reps: [1, 1] },
  { name: 'a long slab (≥ 16 elements per copy)', shape: [2, 20, 3], reps: [2, 3, 1] },
];

describe('wasm Tile (block copies) matches tfjs-cpu exactly', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const xs = normals(tf.util.sizeFromShape(c.shape), 31);
      const r = await onBoth(() => tf.tile(tf.tensor(xs, c.shape), c.reps));
      // A copy: bit-for-bit equal.
      expect(Array.from(r.wasm[0]!)).toEqual(Array.from(r.cpu[0]!));
    });

  it('int32 and bool tensors', async () => {
    for (const dtype of ['int32', 'bool'] as const) {
      const r = await onBoth(() =>
        tf.cast(tf.tile(tf.tensor([[1, 0, 3]], [1, 3], dtype), [2, 2]), 'float32'),
      );
      expect(Array.from(r.wasm[0]!)).toEqual(Array.from(r.cpu[0]!));
    }
  });
});
