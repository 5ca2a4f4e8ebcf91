import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { fusedBatchNormTrain } from '../../src/engine/fusedBatchNorm';
import { BN_EPSILON } from '../../src/engine/bnConstants';
import { expectClose, normals, switchTo } from './wasm/helpers';
import type { Backend } from './wasm/helpers';

/** The unfused reference: the ops model.ts's 'bn' branch used before, differentiated by the tape. */
function unfused(x: tf.Tensor, gamma: tf.Tensor, beta: tf.Tensor) {
  const axes = x.shape.slice(0, -1).map((_, i) => i);
  const { mean, variance } = tf.moments(x, axes);
  return { y: tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON), mean, variance };
}

const SHAPES: { name: string; shape: number[] }[] = [
  { name: 'a conv activation [N, H, W, C] with odd sizes', shape: [3, 5, 7, 6] },
  { name: 'an MLP activation [N, C]', shape: [17, 5] },
];

// y, μ and σ² in float32 agree to ~1e-6 of their scale; the gradients sum ~100 terms.
const TOL = 1e-4;

async function values(ts: tf.Tensor[]): Promise<Float32Array[]> {
  return Promise.all(ts.map(async (t) => new Float32Array(await t.data())));
}

for (const backend of ['cpu', 'wasm'] as Backend[])
  describe(`fused batch norm on ${backend} matches tf.moments + tf.batchNorm`, () => {
    for (const { name, shape } of SHAPES)
      it(`${name}: outputs, batch statistics and all three gradients`, async () => {
        await switchTo(backend);
        const c = shape[shape.length - 1]!;
        const size = tf.util.sizeFromShape(shape);
        // Off-centre, non-unit inputs so that μ, σ² and both mean terms of the gradient matter.
        const x = tf.add(tf.mul(tf.tensor(normals(size, 11), shape), 3), 2);
        const gamma = tf.tensor1d(normals(c, 12));
        const beta = tf.tensor1d(normals(c, 13));
        // A loss with a random weight per element: Σ y has zero gradient wrt x.
        const weight = tf.tensor(normals(size, 14), shape);
        const lossOf = (bn: typeof unfused) => (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(bn(xx, g, b).y, weight));
        const fused = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => fusedBatchNormTrain(xx, g, b);

        const got = fused(x, gamma, beta);
        const want = unfused(x, gamma, beta);
        const [gy, gm, gv] = await values([got.y, got.mean, got.variance]);
        const [wy, wm, wv] = await values([want.y, want.mean, want.variance]);
        expectClose(gy!, wy!, TOL);
        expectClose(gm!, wm!, TOL);
        expectClose(gv!, wv!, TOL);
        expect(got.mean.shape).toEqual([c]);

        const gotGrads = await values(tf.grads(lossOf(fused))([x, gamma, beta]));
        const wantGrads = await values(tf.grads(lossOf(unfused))([x, gamma, beta]));
        for (let i = 0; i < 3; i++) expectClose(gotGrads[i]!, wantGrads[i]!, TOL);
        tf.dispose([x, gamma, beta, weight, got.y, got.mean, got.variance, want.y, want.mean, want.variance]);
        await switchTo('cpu');
      });

    it('leaks no tensors through a gradient step', async () => {
      await switchTo(backend);
      const x = tf.tensor(normals(2 * 3 * 3 * 4, 21), [2, 3, 3, 4]);
      const gamma = tf.ones([4]);
      const beta = tf.zeros([4]);
      const before = tf.memory().numTensors;
      const grads = tf.grads((xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
        tf.sum(tf.square(fusedBatchNormTrain(xx, g, b).y)),
      )([x, gamma, beta]);
      expect(tf.memory().numTensors).toBe(before + 3);
      tf.dispose([x, gamma, beta, ...grads]);
      await switchTo('cpu');
    });
  });
