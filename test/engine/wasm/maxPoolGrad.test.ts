import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { expectClose, normals, onBoth } from './helpers';

const CASES: { name: string; shape: [number, number, number, number]; size: number; stride: number }[] = [
  { name: '1×1 stride 2, even size (the option A shortcut)', shape: [2, 8, 8, 3], size: 1, stride: 2 },
  { name: '1×1 stride 2, odd size (rows 0, 2, …, H − 1)', shape: [2, 7, 9, 5], size: 1, stride: 2 },
  { name: '1×1 stride 3', shape: [1, 7, 7, 2], size: 1, stride: 3 },
  { name: '2×2 stride 2', shape: [2, 6, 6, 3], size: 2, stride: 2 },
  { name: '3×3 stride 2, overlapping windows', shape: [2, 7, 7, 3], size: 3, stride: 2 },
];

// Overlapping windows add several dy into one pixel, maybe in another order than tfjs-cpu.
const TOL = 1e-6;

describe('wasm MaxPoolGrad matches tfjs-cpu (the built-in wasm kernel does not)', () => {
  for (const c of CASES)
    it(c.name, async () => {
      const xs = normals(tf.util.sizeFromShape(c.shape), 71);
      const r = await onBoth(() => {
        const x = tf.tensor4d(xs, c.shape);
        // A random weight per output so each routed gradient is distinct.
        const out = tf.maxPool(x, c.size, c.stride, 'valid');
        const weight = tf.tensor(normals(out.size, 72), out.shape);
        return tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(tf.maxPool(t as tf.Tensor4D, c.size, c.stride, 'valid'), weight)),
        )(x);
      });
      if (c.size === 1) expect(Array.from(r.wasm[0]!)).toEqual(Array.from(r.cpu[0]!));
      else expectClose(r.wasm[0]!, r.cpu[0]!, TOL);
      expect(r.cpu[0]!.some((v) => v !== 0)).toBe(true);
    });
});
