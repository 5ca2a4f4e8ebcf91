import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, imagenetResNet, mlp, vgg } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import type { NetSpec } from '../../src/core/netSpec';
import { PRESET_NAMES, presetByName } from '../../src/core/presets';
import { buildModel } from '../../src/engine/model';
import { useCpu } from './helpers';

beforeAll(useCpu);

const paramCount = (spec: NetSpec) => {
  const m = buildModel(spec, 1);
  const n = m.params.list.reduce((s, p) => s + p.variable.size, 0);
  m.dispose();
  return n;
};

describe('networks built from NetSpecs', () => {
  for (const name of PRESET_NAMES) {
    it(`every run of the ${name} preset has exactly the core's parameter count`, () => {
      for (const r of presetByName(name).runs)
        expect(paramCount(r.spec), r.id).toBe(layerTable(r.spec).params);
    });
  }

  it('so do ResNet-18/50 (v1.5 and pre-activation too), VGG-16 at 32×32, and option C CIFAR nets', () => {
    const specs = [
      imagenetResNet(18, { input: 32, classes: 10 }),
      imagenetResNet(50, { input: 32, classes: 10, variant: 'v1.5' }),
      imagenetResNet(34, { input: 32, classes: 10, activation: 'pre', shortcut: 'C' }),
      vgg(16, { input: 32, classes: 10 }),
      cifarNet(14, { shortcut: 'C', batchNorm: false }),
      cifarNet(11, { block: 'bottleneck', shortcut: 'B' }),
    ];
    for (const s of specs) expect(paramCount(s), s.name).toBe(layerTable(s).params);
  });

  it('forward gives logits of [batch, classes] and every intermediate shape matches shape inference', () => {
    const spec = cifarNet(8, { input: 15, channels: 2, width: 4, classes: 7, shortcut: 'A' });
    const m = buildModel(spec, 3);
    const x = tf.randomNormal([3, 15, 15, 2], 0, 1, 'float32', 1);
    const out = m.forward(x, { training: true, probe: true });
    expect(out.logits.shape).toEqual([3, 7]);
    expect(out.probes.blocks.map((p) => p.block)).toEqual(m.blocks.map((b) => b.name));
    expect(out.probes.layers).toHaveLength(m.responseLayers.length);
    // Batch statistics: one per BN op, with the batch's channel count.
    const bnRows = layerTable(spec).rows.filter((r) => r.kind === 'bn');
    expect(out.batchStats.map((s) => s.mean.shape[0])).toEqual(bnRows.map((r) => r.outShape[2]));
    tf.dispose([
      x,
      out.logits,
      ...out.batchStats.flatMap((s) => [s.mean, s.variance]),
      ...out.probes.layers,
      ...out.probes.blocks.flatMap((p) => [p.std, p.ratio]),
    ]);
    m.dispose();
  });

  it('He initialisation: conv weights have std √(2 / fan_in), BN scales 1 and shifts 0', async () => {
    const m = buildModel(cifarNet(20, { width: 16 }), 11);
    const w = m.params.list.find((p) => p.name === 'stage3.block2.conv1.weight')!;
    const values = (await w.variable.data()) as Float32Array;
    const mean = values.reduce((a, b) => a + b, 0) / values.length;
    const std = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
    expect(std).toBeCloseTo(Math.sqrt(2 / (9 * 64)), 2);
    expect(Math.abs(mean)).toBeLessThan(0.003);
    expect(Array.from(await m.params.byName.get('stage1.block1.bn1.gamma')!.data())).toEqual(
      new Array(16).fill(1),
    );
    m.dispose();
  });

  it('the same seed gives the same weights; another seed does not', async () => {
    const a = buildModel(mlp(6, 8), 4);
    const b = buildModel(mlp(6, 8), 4);
    const c = buildModel(mlp(6, 8), 5);
    const first = (m: typeof a) => m.params.list[0]!.variable.data();
    expect(Array.from(await first(b))).toEqual(Array.from(await first(a)));
    expect(Array.from(await first(c))).not.toEqual(Array.from(await first(a)));
    [a, b, c].forEach((m) => m.dispose());
  });

  it('inference mode uses the running statistics, which training steps move towards the batch statistics', () => {
    const m = buildModel(mlp(4, 4), 2);
    const x = tf.add(tf.randomNormal([32, 2], 0, 1, 'float32', 3), 5);
    const before = m.forward(x, { training: false }).logits;
    const trained = m.forward(x, { training: true });
    m.updateRunningStats(trained.batchStats);
    const runMean = m.params.bn.get('stem.bn')!.mean.dataSync();
    const batchMean = trained.batchStats[0]!.mean.dataSync();
    // running = 0.9 · 0 + 0.1 · batch
    Array.from(runMean).forEach((v, i) => expect(v).toBeCloseTo(0.1 * batchMean[i]!, 5));
    const after = m.forward(x, { training: false }).logits;
    expect(Array.from(after.dataSync())).not.toEqual(Array.from(before.dataSync()));
    m.dispose();
  });
});
