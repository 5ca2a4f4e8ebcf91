import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { conv2dFastGrad, filterGradient } from '../../src/engine/cpuConv';
import type { ConvPad } from '../../src/engine/cpuConv';
import { useCpu } from './helpers';

beforeAll(useCpu);

/** Equal shapes, and every entry within 1e-5 of the largest |entry| of the reference. */
const close = (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(a.shape).toEqual(b.shape);
  const scale = Math.max(...Array.from(y, Math.abs), 1e-6);
  let worst = 0;
  for (let i = 0; i < x.length; i++) worst = Math.max(worst, Math.abs(x[i]! - y[i]!));
  expect(worst).toBeLessThan(1e-5 * scale);
};

interface Case {
  k: number;
  s: number;
  p: ConvPad;
  /** Input height and width; odd and unequal sizes exercise the edges. */
  h: number;
  w: number;
  /** Input and output channels: odd counts exercise the 2×4 tiles' remainders. */
  c: number;
  o: number;
}

const cases: Case[] = [];
for (const k of [1, 3])
  for (const s of [1, 2])
    for (const p of ['same', 'valid', 1, 2] as const) cases.push({ k, s, p, h: 7, w: 9, c: 3, o: 5 });
// 'same' at stride 2 on an even size pads one pixel after and none before.
cases.push({ k: 3, s: 2, p: 'same', h: 8, w: 6, c: 3, o: 5 });
// The layer graph's own shapes: a width-8 3×3 layer, the stem (one input channel), 7×7/2 p3.
cases.push({ k: 3, s: 1, p: 1, h: 6, w: 6, c: 8, o: 8 });
cases.push({ k: 3, s: 2, p: 1, h: 8, w: 8, c: 8, o: 16 });
cases.push({ k: 3, s: 1, p: 1, h: 5, w: 5, c: 1, o: 8 });
cases.push({ k: 7, s: 2, p: 3, h: 9, w: 9, c: 2, o: 4 });

describe('the cpu conv filter gradient in JavaScript loops', () => {
  for (const { k, s, p, h, w: width, c, o } of cases) {
    it(`equals tfjs's own gradients: ${k}×${k}, stride ${s}, padding ${p}, ${h}×${width}×${c} → ${o}, batch 3`, () => {
      const x = tf.randomNormal([3, h, width, c], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, c, o], 0, 1, 'float32', 2) as tf.Tensor4D;
      // A random weighting of the outputs, so every gradient entry is exercised.
      const r = tf.randomNormal(tf.conv2d(x, w, s, p).shape, 0, 1, 'float32', 3);
      const loss = (conv: (a: tf.Tensor4D, b: tf.Tensor4D) => tf.Tensor) => (a: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D), r));
      const native = tf.grads(loss((a, b) => tf.conv2d(a, b, s, p)))([x, w]);
      const fast = tf.grads(loss((a, b) => conv2dFastGrad(a, b, s, p)))([x, w]);
      close(fast[0]!, native[0]!);
      close(fast[1]!, native[1]!);
      close(conv2dFastGrad(x, w, s, p), tf.conv2d(x, w, s, p));
    });
  }

  it('sums over every image of the batch', () => {
    const x = tf.randomNormal([2, 5, 5, 2], 0, 1, 'float32', 4) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 5, 5, 3], 0, 1, 'float32', 5) as tf.Tensor4D;
    const [x0, x1] = tf.split(x, 2);
    const [d0, d1] = tf.split(dy, 2);
    const each = tf.add(
      filterGradient(x0 as tf.Tensor4D, d0 as tf.Tensor4D, 3, 1, 'same'),
      filterGradient(x1 as tf.Tensor4D, d1 as tf.Tensor4D, 3, 1, 'same'),
    );
    close(filterGradient(x, dy, 3, 1, 'same'), each);
  });

  it('refuses an output gradient of the wrong shape', () => {
    const x = tf.zeros([2, 6, 6, 2]) as tf.Tensor4D;
    expect(() => filterGradient(x, tf.zeros([2, 6, 6, 4]) as tf.Tensor4D, 3, 2, 1)).toThrow(
      /dy is 2×6×6×4, the conv's output is 2×3×3×4/,
    );
  });

  it('leaves no tensors behind', () => {
    const x = tf.randomNormal([2, 5, 5, 3]) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 3, 3, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    filterGradient(x, dy, 3, 2, 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
