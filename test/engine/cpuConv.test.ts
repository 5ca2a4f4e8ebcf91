import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { conv2dFastGrad, filterGradient } from '../../src/engine/cpuConv';
import { useCpu } from './helpers';

beforeAll(useCpu);

const close = (a: tf.Tensor, b: tf.Tensor) => {
  const [x, y] = [a.dataSync(), b.dataSync()];
  expect(a.shape).toEqual(b.shape);
  const scale = Math.max(...Array.from(y, Math.abs), 1e-6);
  for (let i = 0; i < x.length; i++) expect(Math.abs(x[i]! - y[i]!)).toBeLessThan(1e-5 * scale);
};

describe('the cpu filter gradient as matrix products', () => {
  // Every kernel, stride and padding the layer graph makes: 3×3/1 p1, 3×3/2 p1, 1×1/2 p0, 7×7/2 p3, odd sizes.
  const cases = [
    { k: 3, s: 1, p: 1, h: 6 },
    { k: 3, s: 2, p: 1, h: 7 },
    { k: 1, s: 2, p: 0, h: 6 },
    { k: 1, s: 1, p: 0, h: 5 },
    { k: 7, s: 2, p: 3, h: 9 },
  ];
  for (const { k, s, p, h } of cases) {
    it(`equals tfjs's own gradients for a ${k}×${k} conv, stride ${s}, padding ${p} on ${h}×${h}`, () => {
      const x = tf.randomNormal([3, h, h, 2], 0, 1, 'float32', 1) as tf.Tensor4D;
      const w = tf.randomNormal([k, k, 2, 4], 0, 1, 'float32', 2) as tf.Tensor4D;
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

  it('leaves no tensors behind', () => {
    const x = tf.randomNormal([2, 5, 5, 3]) as tf.Tensor4D;
    const dy = tf.randomNormal([2, 3, 3, 4]) as tf.Tensor4D;
    const before = tf.memory().numTensors;
    filterGradient(x, dy, 3, 2, 1).dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
