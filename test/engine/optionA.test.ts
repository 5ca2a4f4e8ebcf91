/**
 * The option A shortcut of a downsampling, widening stage (stride 2, C → 2C) against a
 * hand-computed oracle: out[n, i, j, c] = x[n, 2i, 2j, c] for c < C and 0 for c ≥ C, and its
 * gradient: ∂L/∂x[n, h, w, c] = ∂L/∂out[n, h/2, w/2, c] where h, w are even and c < C, else 0.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { beforeAll, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import { optionAShortcut } from '../../src/engine/shortcutA';
import { useCpu } from './helpers';

beforeAll(useCpu);

const N = 2;
const C = 3;

function randomArray(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

/** NHWC offset. */
const at = (h: number, w: number, c: number) => (n: number, i: number, j: number, k: number) =>
  ((n * h + i) * w + j) * c + k;

describe('option A on a conv stage (stride 2, C → 2C)', () => {
  for (const size of [6, 7]) {
    const out = Math.ceil(size / 2);

    it(`${size}×${size}: subsamples the even rows and columns and appends C zero channels`, () => {
      const x = randomArray(N * size * size * C, size);
      const y = tf.tidy(() => optionAShortcut(tf.tensor4d(x, [N, size, size, C]), 2, C));
      expect(y.shape).toEqual([N, out, out, 2 * C]);
      const got = y.dataSync();
      y.dispose();
      const src = at(size, size, C);
      const dst = at(out, out, 2 * C);
      for (let n = 0; n < N; n++)
        for (let i = 0; i < out; i++)
          for (let j = 0; j < out; j++)
            for (let c = 0; c < 2 * C; c++)
              expect(got[dst(n, i, j, c)], `[${n},${i},${j},${c}]`).toBe(
                c < C ? x[src(n, 2 * i, 2 * j, c)]! : 0,
              );
    });

    it(`${size}×${size}: the gradient flows back to the subsampled positions of the first C channels only`, () => {
      const x = randomArray(N * size * size * C, 100 + size);
      const g = randomArray(N * out * out * 2 * C, 200 + size);
      // L = Σ out · g, so ∂L/∂out = g.
      const dx = tf.tidy(() =>
        tf.grad((t: tf.Tensor) =>
          tf.sum(tf.mul(optionAShortcut(t, 2, C), tf.tensor4d(g, [N, out, out, 2 * C]))),
        )(tf.tensor4d(x, [N, size, size, C])),
      );
      const got = dx.dataSync();
      dx.dispose();
      const src = at(size, size, C);
      const dst = at(out, out, 2 * C);
      for (let n = 0; n < N; n++)
        for (let h = 0; h < size; h++)
          for (let w = 0; w < size; w++)
            for (let c = 0; c < C; c++) {
              const kept = h % 2 === 0 && w % 2 === 0;
              expect(got[src(n, h, w, c)], `[${n},${h},${w},${c}]`).toBe(
                kept ? g[dst(n, h / 2, w / 2, c)]! : 0,
              );
            }
    });
  }
});

describe('option A in an MLP (stride 1, F → F + extra)', () => {
  it('copies the features and appends zeros; the gradient drops the zero features', () => {
    const F = 3;
    const x = randomArray(N * F, 7);
    const g = randomArray(N * (F + 2), 8);
    const y = tf.tidy(() => optionAShortcut(tf.tensor2d(x, [N, F]), 1, 2));
    expect(y.shape).toEqual([N, F + 2]);
    expect(Array.from(y.dataSync())).toEqual([0, 1].flatMap((n) => [...x.subarray(n * F, n * F + F), 0, 0]));
    y.dispose();
    const dx = tf.tidy(() =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.mul(optionAShortcut(t, 1, 2), tf.tensor2d(g, [N, F + 2]))))(
        tf.tensor2d(x, [N, F]),
      ),
    );
    expect(Array.from(dx.dataSync())).toEqual(
      [0, 1].flatMap((n) => [...g.subarray(n * (F + 2), n * (F + 2) + F)]),
    );
    dx.dispose();
  });
});
