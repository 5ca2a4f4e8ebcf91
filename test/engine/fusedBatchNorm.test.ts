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
  { name: 'eight channels (one unrolled block)', shape: [2, 6, 5, 8] },
  { name: 'two blocks of eight and a remainder of three', shape: [4, 3, 5, 19] },
  { name: 'even spatial sizes (on wasm, channel sums by 2×2 depthwise convolutions)', shape: [3, 8, 12, 10] },
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

describe('fused batch norm statistics far from zero (one pass of float64 shifted sums)', () => {
  it('matches a float64 two-pass reference when |μ| is 10⁴ σ', async () => {
    await switchTo('cpu');
    const [n, c] = [500, 9];
    const z = normals(n * c, 41);
    // float32 inputs around 1000 with σ ≈ 0.1: a plain Σx² − (Σx)²/n would lose σ² entirely.
    const xs = Float32Array.from(z, (v, i) => 1000 + (i % c) + 0.1 * v);
    const x = tf.tensor2d(xs, [n, c]);
    const { y, mean, variance } = fusedBatchNormTrain(x, tf.ones([c]), tf.zeros([c]));
    const [gy, gm, gv] = await values([y, mean, variance]);
    for (let j = 0; j < c; j++) {
      let m = 0;
      for (let t = j; t < n * c; t += c) m += xs[t]!;
      m /= n;
      let v = 0;
      for (let t = j; t < n * c; t += c) v += (xs[t]! - m) ** 2;
      v /= n;
      expect(Math.abs(gm![j]! - m)).toBeLessThan(1e-4);
      expect(Math.abs(gv![j]! - v) / v).toBeLessThan(1e-4);
      const r = 1 / Math.sqrt(v + BN_EPSILON);
      for (let t = j; t < n * c; t += c) expect(Math.abs(gy![t]! - (xs[t]! - m) * r)).toBeLessThan(1e-3);
    }
    tf.dispose([x, y, mean, variance]);
  });
});

for (const backend of ['cpu', 'wasm'] as Backend[])
  describe(`fused batch norm + ReLU on ${backend} matches tf.relu of the unfused ops`, () => {
    for (const shape of [
      [3, 4, 5, 19],
      [2, 8, 8, 11],
    ])
      it(`outputs and all three gradients, ${shape.join('×')}`, async () => {
        await switchTo(backend);
        const c = shape[3]!;
        const size = tf.util.sizeFromShape(shape);
        const x = tf.add(tf.mul(tf.tensor(normals(size, 61), shape), 2), 1);
        // β off zero so that a fair share of outputs sit on each side of the ReLU.
        const gamma = tf.tensor1d(normals(c, 62));
        const beta = tf.tensor1d(normals(c, 63));
        const weight = tf.tensor(normals(size, 64), shape);
        const fused = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          fusedBatchNormTrain(xx, g, b, { relu: true }).y;
        const ops = (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) => tf.relu(unfused(xx, g, b).y);
        const [gy] = await values([fused(x, gamma, beta)]);
        const [wy] = await values([ops(x, gamma, beta)]);
        expectClose(gy!, wy!, TOL);
        const zeros = wy!.filter((v) => v === 0).length;
        expect(zeros).toBeGreaterThan(size / 5);
        expect(zeros).toBeLessThan((4 * size) / 5);
        const lossOf = (f: typeof fused) => (xx: tf.Tensor, g: tf.Tensor, b: tf.Tensor) =>
          tf.sum(tf.mul(f(xx, g, b), weight));
        const got = await values(tf.grads(lossOf(fused))([x, gamma, beta]));
        const want = await values(tf.grads(lossOf(ops))([x, gamma, beta]));
        for (let i = 0; i < 3; i++) expectClose(got[i]!, want[i]!, TOL);
        tf.dispose([x, gamma, beta, weight]);
        await switchTo('cpu');
      });
  });
