/**
 * Optimisers over a model's variables, written out so the learning rate can change every
 * step and weight decay follows PyTorch (added to the gradient: g ← g + λ·w).
 *   SGD with momentum μ:  v ← μ·v + g;   w ← w − η·v
 *   Adam (Kingma & Ba):   m ← β1·m + (1−β1)·g;  s ← β2·s + (1−β2)·g²;
 *                         w ← w − η·m̂ / (√ŝ + ε),  m̂ = m / (1−β1^t),  ŝ = s / (1−β2^t)
 */
import * as tf from '@tensorflow/tfjs-core';
import type { OptimizerOptions } from './optimizerOptions';
import { hostKernelsAvailable } from './hostKernel';
import { sgdMomentumStep } from './sgdMomentum';

export type { OptimizerOptions };

export interface Optimizer {
  /** Apply one update; `grads[i]` belongs to `variables[i]`. Does not dispose the gradients. */
  apply(grads: tf.Tensor[], learningRate: number): void;
  /** The state variables of each parameter (SGD [v], Adam [m, s]); a checkpoint reads and assigns them. */
  readonly slots: tf.Variable[][];
  /** Updates applied so far (Adam's t); a checkpoint sets it back. */
  updates: number;
  dispose(): void;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function createOptimizer(variables: tf.Variable[], o: OptimizerOptions): Optimizer {
  const slots = (n: number) =>
    variables.map((v) => Array.from({ length: n }, () => tf.tidy(() => tf.variable(tf.zerosLike(v), false))));
  const state = slots(o.kind === 'adam' ? 2 : 1);
  const decayed = (g: tf.Tensor, w: tf.Variable) =>
    o.weightDecay > 0 ? tf.add(g, tf.mul(w, o.weightDecay)) : g;
  return {
    slots: state,
    updates: 0,
    apply(grads, learningRate) {
      const t = ++this.updates;
      if (o.kind === 'sgd' && hostKernelsAvailable()) {
        // cpu and wasm: one kernel per parameter, the same float32 results (sgdMomentum.ts).
        const attrs = { learningRate, momentum: o.momentum, weightDecay: o.weightDecay };
        variables.forEach((w, i) => {
          const v = state[i]![0]!;
          const [wNew, vNew] = sgdMomentumStep(w, v, grads[i]!, attrs);
          v.assign(vNew);
          w.assign(wNew);
          tf.dispose([wNew, vNew]);
        });
        return;
      }
      tf.tidy(() => {
        variables.forEach((w, i) => {
          const g = decayed(grads[i]!, w);
          const [a, b] = state[i]!;
          if (o.kind === 'sgd') {
            a!.assign(o.momentum > 0 ? tf.add(tf.mul(a!, o.momentum), g) : g);
            w.assign(tf.sub(w, tf.mul(a!, learningRate)));
          } else {
            a!.assign(tf.add(tf.mul(a!, BETA1), tf.mul(g, 1 - BETA1)));
            b!.assign(tf.add(tf.mul(b!, BETA2), tf.mul(tf.square(g), 1 - BETA2)));
            const step = learningRate / (1 - BETA1 ** t);
            const denom = tf.add(tf.sqrt(tf.div(b!, 1 - BETA2 ** t)), EPSILON);
            w.assign(tf.sub(w, tf.mul(tf.div(a!, denom), step)));
          }
        });
      });
    },
    dispose() {
      for (const s of state) for (const v of s) v.dispose();
    },
  };
}
