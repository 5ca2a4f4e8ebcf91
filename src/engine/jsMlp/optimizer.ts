/**
 * The optimisers of ../optimizer.ts on Float32Arrays, in place. Weight decay λ is added to
 * the gradient of every parameter (PyTorch's convention): g = ∂L/∂w + λ·w. Then
 *   SGD, momentum μ:  v ← μ·v + g  (v ← g when μ = 0);   w ← w − η·v
 *   Adam:             m ← β1·m + (1−β1)·g;   s ← β2·s + (1−β2)·g²
 *                     w ← w − η/(1−β1^t) · m / (√(s/(1−β2^t)) + ε),   β1 0.9, β2 0.999, ε 1e-8
 * with t the number of updates so far, this one included.
 */
import type { OptimizerOptions } from '../optimizerOptions';

export interface JsOptimizer {
  /** One update of every parameter; `grads[i]` belongs to `params[i]` and is left as it is. */
  apply(params: Float32Array[], grads: Float32Array[], learningRate: number): void;
  /** The state arrays of each parameter (SGD [v], Adam [m, s]), live: a checkpoint copies them. */
  readonly slots: Float32Array[][];
  /** Updates applied so far (Adam's t); a checkpoint sets it back. */
  updates: number;
}

const BETA1 = 0.9;
const BETA2 = 0.999;
const EPSILON = 1e-8;

export function createJsOptimizer(sizes: number[], o: OptimizerOptions): JsOptimizer {
  const { momentum, weightDecay } = o;
  if (o.kind === 'sgd') {
    const velocity = sizes.map((n) => new Float32Array(n));
    return {
      slots: velocity.map((v) => [v]),
      updates: 0,
      apply(params, grads, lr) {
        this.updates++;
        for (let p = 0; p < params.length; p++) {
          const w = params[p]!;
          const g = grads[p]!;
          const v = velocity[p]!;
          for (let t = 0; t < w.length; t++) {
            const gt = weightDecay > 0 ? g[t]! + weightDecay * w[t]! : g[t]!;
            v[t] = momentum > 0 ? momentum * v[t]! + gt : gt;
            w[t] = w[t]! - lr * v[t]!;
          }
        }
      },
    };
  }
  const first = sizes.map((n) => new Float32Array(n));
  const second = sizes.map((n) => new Float32Array(n));
  return {
    slots: first.map((m, i) => [m, second[i]!]),
    updates: 0,
    apply(params, grads, lr) {
      const step = ++this.updates;
      const scale = lr / (1 - BETA1 ** step);
      const unbias2 = 1 - BETA2 ** step;
      for (let p = 0; p < params.length; p++) {
        const w = params[p]!;
        const g = grads[p]!;
        const m = first[p]!;
        const s = second[p]!;
        for (let t = 0; t < w.length; t++) {
          const gt = weightDecay > 0 ? g[t]! + weightDecay * w[t]! : g[t]!;
          m[t] = BETA1 * m[t]! + (1 - BETA1) * gt;
          s[t] = BETA2 * s[t]! + (1 - BETA2) * gt * gt;
          w[t] = w[t]! - (m[t]! / (Math.sqrt(s[t]! / unbias2) + EPSILON)) * scale;
        }
      }
    },
  };
}
