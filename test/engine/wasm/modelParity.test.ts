import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cifarNet } from '../../../src/core/catalog';
import type { ConvNetSpec } from '../../../src/core/netSpec';
import { buildModel } from '../../../src/engine/model';
import { expectClose, normals, onBoth } from './helpers';

/** The training loss and every parameter's gradient of one step, in parameter order. */
function lossAndGrads(spec: ConvNetSpec, xs: Float32Array, labels: number[]): tf.Tensor[] {
  const model = buildModel(spec, 7);
  const vars = model.params.list.map((p) => p.variable);
  const x = tf.tensor4d(xs, [labels.length, spec.input.height, spec.input.width, spec.input.channels]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), spec.classes);
  const { value, grads } = tf.variableGrads(
    () => tf.losses.softmaxCrossEntropy(y, model.forward(x, { training: true }).logits) as tf.Scalar,
    vars,
  );
  const out = [value, ...vars.map((v) => grads[v.name]!)].map((t) => tf.keep(t.clone()));
  tf.dispose([value, ...Object.values(grads)]);
  model.dispose();
  return out;
}

describe('a residual conv net trains on wasm as on tfjs-cpu', () => {
  it('same loss and same gradient for every parameter (stride-2 stages, option A, batch norm)', async () => {
    const spec = cifarNet(8, { input: 9, channels: 2, width: 4, classes: 5, shortcut: 'A' });
    const labels = [0, 3, 1, 4, 2, 1];
    const xs = normals(labels.length * 9 * 9 * 2, 41);
    const r = await onBoth(() => lossAndGrads(spec, xs, labels));
    expect(r.wasm.length).toBeGreaterThan(10);
    expect(r.wasm[0]![0]).toBeCloseTo(r.cpu[0]![0]!, 4);
    // Gradients pass through up to eight convs and batch norms: allow 1e-3 of each tensor's largest entry.
    for (let i = 1; i < r.cpu.length; i++) expectClose(r.wasm[i]!, r.cpu[i]!, 1e-3);
  });
});
