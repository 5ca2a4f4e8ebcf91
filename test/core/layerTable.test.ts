import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cifarNet, imagenetResNet, mlp, modelByName } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import type { LayerTable } from '../../src/core/layerTable';
import { estimateMemory } from '../../src/core/memory';

const sum = (t: LayerTable, k: 'params' | 'macs' | 'flops') => t.rows.reduce((n, r) => n + r[k], 0);
const row = (t: LayerTable, name: string) => {
  const r = t.rows.find((x) => x.name === name);
  if (!r) throw new Error(`no row ${name}`);
  return r;
};

describe('shape inference', () => {
  it('ResNet-50 at 224: 112 after the stem conv, 56 after the pool, 7×7×2048 before the head', () => {
    const t = layerTable(imagenetResNet(50));
    expect(row(t, 'stem.conv').outShape).toEqual([112, 112, 64]);
    expect(row(t, 'stem.pool').outShape).toEqual([56, 56, 64]);
    expect(row(t, 'stage4.block3.conv3').outShape).toEqual([7, 7, 2048]);
    expect(row(t, 'head.pool').outShape).toEqual([2048]);
    expect(row(t, 'head.fc').outShape).toEqual([1000]);
  });

  it('v1 downsamples in conv1, v1.5 in conv2', () => {
    const v1 = layerTable(imagenetResNet(50));
    const v15 = layerTable(imagenetResNet(50, { variant: 'v1.5' }));
    expect(row(v1, 'stage2.block1.conv1').outShape).toEqual([28, 28, 128]);
    expect(row(v15, 'stage2.block1.conv1').outShape).toEqual([56, 56, 128]);
    expect(row(v15, 'stage2.block1.conv2').outShape).toEqual([28, 28, 128]);
  });

  it('CIFAR nets on 28×28 Fashion-MNIST go 28 → 14 → 7', () => {
    const t = layerTable(cifarNet(20, { input: 28, channels: 1, width: 8 }));
    expect(row(t, 'stage1.block3.conv2').outShape).toEqual([28, 28, 8]);
    expect(row(t, 'stage2.block1.conv1').outShape).toEqual([14, 14, 16]);
    expect(row(t, 'stage3.block1.conv1').outShape).toEqual([7, 7, 32]);
  });

  it('odd sizes round up under stride 2 (PyTorch padding 1)', () => {
    const t = layerTable(cifarNet(8, { input: 15 }));
    expect(row(t, 'stage2.block1.conv1').outShape).toEqual([8, 8, 32]);
    expect(row(t, 'stage3.block1.conv1').outShape).toEqual([4, 4, 64]);
  });

  it('option A marks its zero-padded shortcut, B projects, none adds nothing', () => {
    const a = layerTable(cifarNet(20));
    expect(row(a, 'stage2.block1.shortcut.pad')).toMatchObject({
      kind: 'pad',
      params: 0,
      outShape: [16, 16, 32],
    });
    const b = layerTable(cifarNet(20, { shortcut: 'B' }));
    expect(row(b, 'stage2.block1.shortcut.conv')).toMatchObject({
      kind: 'conv',
      params: 16 * 32,
      macs: 16 * 32 * 16 * 16,
    });
    const none = layerTable(cifarNet(20, { shortcut: 'none' }));
    expect(none.rows.some((r) => r.kind === 'add')).toBe(false);
    expect(a.rows.filter((r) => r.kind === 'add')).toHaveLength(9);
  });
});

describe('totals', () => {
  it('per-layer rows sum to the totals for every catalog network', () => {
    const names = [
      'resnet18',
      'resnet34',
      'resnet50',
      'resnet101',
      'resnet152',
      'plain18',
      'plain34',
      'plain50',
      'vgg16',
      'vgg19',
      'cifar-resnet56',
      'cifar-plain110',
      'mlp-52x16',
    ];
    for (const name of names) {
      const t = layerTable(modelByName(name));
      expect([sum(t, 'params'), sum(t, 'macs'), sum(t, 'flops')]).toEqual([t.params, t.macs, t.flops]);
    }
  });

  it('FLOPs are twice the MACs plus element-wise work, never less', () => {
    const t = layerTable(imagenetResNet(18));
    const elementwise = t.rows.filter((r) => r.macs === 0).reduce((n, r) => n + r.flops, 0);
    const biases = 1000; // the classifier's bias additions
    expect(t.flops).toBe(2 * t.macs + elementwise + biases);
  });

  it('B adds exactly its projections over A, and C one per block', () => {
    for (const depth of [20, 56]) {
      const n = (depth - 2) / 6;
      const a = layerTable(cifarNet(depth, { shortcut: 'A' })).params;
      const b = layerTable(cifarNet(depth, { shortcut: 'B' })).params;
      const c = layerTable(cifarNet(depth, { shortcut: 'C' })).params;
      // B: 1×1 conv + BN where 16→32 and 32→64.
      expect(b - a).toBe(16 * 32 + 64 + 32 * 64 + 128);
      // C: a projection on every block of every stage.
      const proj = (cin: number, w: number) => cin * w + 2 * w;
      const cExpected =
        proj(16, 16) * n + proj(16, 32) + proj(32, 32) * (n - 1) + proj(32, 64) + proj(64, 64) * (n - 1);
      expect(c - a).toBe(cExpected);
    }
  });

  it('batch norm off removes scale and shift and gives convs a bias', () => {
    const on = layerTable(cifarNet(20));
    const off = layerTable(cifarNet(20, { batchNorm: false }));
    expect(off.rows.some((r) => r.kind === 'bn')).toBe(false);
    // Every conv here is followed by one BN of its width: 2·C of scale and shift become C of bias.
    const bnChannels = on.rows.filter((r) => r.kind === 'bn').reduce((n, r) => n + r.params / 2, 0);
    expect(off.params).toBe(on.params - bnChannels);
    expect(row(off, 'stem.conv').params).toBe(3 * 3 * 3 * 16 + 16);
  });
});

describe('monotonicity (property tests)', () => {
  it('parameters and MACs never decrease as depth grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30 }),
        fc.constantFrom('none', 'A', 'B', 'C'),
        fc.integer({ min: 1, max: 32 }),
        (n, shortcut, width) => {
          const small = layerTable(cifarNet(6 * n + 2, { shortcut, width, input: 16 }));
          const big = layerTable(cifarNet(6 * (n + 1) + 2, { shortcut, width, input: 16 }));
          return big.params >= small.params && big.macs >= small.macs && big.flops >= small.flops;
        },
      ),
      { seed: 7, numRuns: 60 },
    );
  });

  it('parameters and MACs never decrease as width grows', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 10 }),
        fc.integer({ min: 1, max: 40 }),
        fc.constantFrom('basic', 'bottleneck'),
        (n, w, block) => {
          const depth = block === 'basic' ? 6 * n + 2 : 9 * n + 2;
          const small = layerTable(cifarNet(depth, { block, width: w, input: 8 }));
          const big = layerTable(cifarNet(depth, { block, width: w + 1, input: 8 }));
          return big.params >= small.params && big.macs >= small.macs;
        },
      ),
      { seed: 11, numRuns: 60 },
    );
  });

  it('MLP parameters grow with depth and width', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 2, max: 64 }), (k, w) => {
        const t = layerTable(mlp(2 * k + 2, w));
        const deeper = layerTable(mlp(2 * k + 4, w));
        const wider = layerTable(mlp(2 * k + 2, w + 1));
        return deeper.params > t.params && wider.params > t.params && deeper.macs > t.macs;
      }),
      { seed: 3, numRuns: 60 },
    );
  });

  it('option A and none twins have equal parameters for any depth, width and block', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 16 }),
        fc.constantFrom('basic', 'bottleneck'),
        (n, w, block) => {
          const depth = block === 'basic' ? 6 * n + 2 : 9 * n + 2;
          const a = layerTable(cifarNet(depth, { block, width: w, shortcut: 'A', input: 8 }));
          const none = layerTable(cifarNet(depth, { block, width: w, shortcut: 'none', input: 8 }));
          return a.params === none.params && a.macs === none.macs;
        },
      ),
      { seed: 5, numRuns: 60 },
    );
  });
});

describe('memory estimate', () => {
  it('adds activations, parameters, gradients and optimizer state, scaling with batch', () => {
    const spec = cifarNet(20);
    const m1 = estimateMemory(spec, 1, 'sgd');
    const m64 = estimateMemory(spec, 64, 'adam');
    const params = layerTable(spec).params;
    expect(m1.parameters).toBe(params * 4);
    expect(m64.optimizerState).toBe(params * 8);
    expect(m64.activations).toBe(m1.activations * 64);
    expect(m64.total).toBe(m64.activations + m64.parameters + m64.gradients + m64.optimizerState);
  });

  it('ResNet-152 at batch 256 needs tens of gigabytes; a CIFAR ResNet-20 at 128 under a gigabyte', () => {
    expect(estimateMemory(imagenetResNet(152), 256).total).toBeGreaterThan(20e9);
    expect(estimateMemory(cifarNet(20), 128).total).toBeLessThan(1e9);
  });
});
