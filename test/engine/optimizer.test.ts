import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { createOptimizer } from '../../src/engine/optimizer';
import { normals, switchTo } from './wasm/helpers';
import type { Backend } from './wasm/helpers';

/** The update as tfjs ops (the optimizer's path on every other backend). */
function opsStep(w: tf.Variable, v: tf.Variable, g: tf.Tensor, lr: number, momentum: number, wd: number) {
  tf.tidy(() => {
    const gg = wd > 0 ? tf.add(g, tf.mul(w, wd)) : g;
    v.assign(momentum > 0 ? tf.add(tf.mul(v, momentum), gg) : gg);
    w.assign(tf.sub(w, tf.mul(v, lr)));
  });
}

const CONFIGS = [
  { momentum: 0.9, weightDecay: 1e-4 },
  { momentum: 0.9, weightDecay: 0 },
  { momentum: 0, weightDecay: 5e-4 },
  { momentum: 0, weightDecay: 0 },
];
const SHAPES = [[3, 3, 2, 5], [7], [4, 3]];
const RATES = [0.1, 0.05, 0.0123];

for (const backend of ['cpu', 'wasm'] as Backend[])
  describe(`SGD on ${backend}: the fused update equals the tfjs ops bit for bit`, () => {
    for (const c of CONFIGS)
      it(`momentum ${c.momentum}, weight decay ${c.weightDecay}, three steps`, async () => {
        await switchTo(backend);
        const init = SHAPES.map((s, i) => normals(tf.util.sizeFromShape(s), 50 + i));
        const fused = SHAPES.map((s, i) => tf.variable(tf.tensor(init[i]!, s)));
        const ref = SHAPES.map((s, i) => tf.variable(tf.tensor(init[i]!, s)));
        const vel = SHAPES.map((s) => tf.variable(tf.zeros(s)));
        const opt = createOptimizer(fused, { kind: 'sgd', ...c });
        const before = tf.memory().numTensors;
        RATES.forEach((lr, step) => {
          const grads = SHAPES.map((s, i) => tf.tensor(normals(tf.util.sizeFromShape(s), 100 * step + i), s));
          opt.apply(grads, lr);
          ref.forEach((w, i) => opsStep(w, vel[i]!, grads[i]!, lr, c.momentum, c.weightDecay));
          tf.dispose(grads);
        });
        expect(tf.memory().numTensors).toBe(before);
        for (let i = 0; i < SHAPES.length; i++) {
          const got = Array.from(fused[i]!.dataSync());
          expect(got).toEqual(Array.from(ref[i]!.dataSync()));
          expect(got).not.toEqual(Array.from(init[i]!));
        }
        opt.dispose();
        tf.dispose([...fused, ...ref, ...vel]);
        await switchTo('cpu');
      });
  });
