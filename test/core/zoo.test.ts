import { describe, expect, it } from 'vitest';
import { blockAnatomy, shortcutCosts } from '../../src/core/blockAnatomy';
import { imagenetResNet } from '../../src/core/catalog';
import { basicVsBottleneckLab, labMacs, matchedBottleneck } from '../../src/core/labExperiments';
import { layerTable } from '../../src/core/layerTable';
import { builderSpec, BUILDER_PRESETS, labRunFor, parseBlocks } from '../../src/core/netBuilder';
import { REPORTED_GIGA_MACS, REPORTED_TOP1 } from '../../src/core/paperResults';
import { stageCosts, strideMove, ZOO_MODELS, zooRows } from '../../src/core/zoo';

describe('zoo', () => {
  it('has a reported error only for models the zoo holds', () => {
    const ids = ZOO_MODELS.map((m) => m.id);
    for (const id of [...Object.keys(REPORTED_TOP1), ...Object.keys(REPORTED_GIGA_MACS)])
      expect(ids).toContain(id);
  });

  it('counts what the paper prints in Table 1, to its rounding (v1 bottlenecks)', () => {
    for (const r of zooRows('v1')) {
      const printed = REPORTED_GIGA_MACS[r.id]!.value;
      // The paper rounds to one decimal; for VGG-16 it prints 15.3 where the layers count 15.47.
      expect(Math.abs(r.macs / 1e9 - printed)).toBeLessThan(r.id === 'vgg16' ? 0.2 : 0.1);
    }
  });

  it('splits each net’s multiply-adds and parameters over its stages exactly', () => {
    for (const r of zooRows('v1.5')) {
      expect(r.stages.reduce((a, s) => a + s.macs, 0)).toBe(r.macs);
      expect(r.stages.reduce((a, s) => a + s.params, 0)).toBe(r.params);
      expect(r.stages[0]!.stage).toBe(r.family === 'vgg' ? 'stage1' : 'stem');
      expect(r.stages.at(-1)!.stage).toBe('head');
    }
  });

  it('puts a pre-activation net’s final BN-ReLU in the head', () => {
    const stages = stageCosts(layerTable(imagenetResNet(18, { activation: 'pre' }))).map((s) => s.stage);
    expect(stages).toEqual(['stem', 'stage1', 'stage2', 'stage3', 'stage4', 'head']);
  });

  it('moves ResNet-50’s stride from the 1×1 to the 3×3 conv in v1.5, costing 3.86 → 4.09 ×10⁹', () => {
    const m = strideMove(50);
    expect(m.layers.map((l) => [l.v1.stride, l.v15.stride])).toEqual([
      [2, 1],
      [1, 2],
      [1, 1],
    ]);
    expect((m.v1 / 1e9).toFixed(2)).toBe('3.86');
    expect((m.v15 / 1e9).toFixed(2)).toBe('4.09');
    expect(m.v15 - m.v1).toBe(
      layerTable(imagenetResNet(50, { variant: 'v1.5' })).macs - layerTable(imagenetResNet(50)).macs,
    );
  });
});

describe('blockAnatomy', () => {
  it('gives the paper’s Figure 5 blocks similar cost: 3×3·64·64·2 vs (1·256·64)·2 + 3×3·64·64 weights', () => {
    const basic = blockAnatomy({ block: 'basic', width: 64, size: 56, activation: 'post' });
    const bottleneck = blockAnatomy({ block: 'bottleneck', width: 64, size: 56, activation: 'post' });
    const convWeights = (a: typeof basic) =>
      a.steps.filter((s) => s.kind === 'conv').reduce((n, s) => n + s.params, 0);
    expect(convWeights(basic)).toBe(2 * 9 * 64 * 64);
    expect(convWeights(bottleneck)).toBe(2 * 256 * 64 + 9 * 64 * 64);
    expect(basic.macs).toBe(convWeights(basic) * 56 * 56);
    expect(bottleneck.macs).toBe(convWeights(bottleneck) * 56 * 56);
    expect(basic.inputShape).toEqual([56, 56, 64]);
    expect(bottleneck.inputShape).toEqual([56, 56, 256]);
  });

  it('counts each shortcut option: A adds nothing, B projects where the shape changes, C everywhere', () => {
    const [a, b, c] = shortcutCosts(34);
    expect(a!.extraParams).toBe(0);
    expect(b!.projections).toBe(3);
    expect(c!.projections).toBe(16);
    // B's three projections: 1×1 convs 64→128, 128→256, 256→512, each with BN.
    expect(b!.extraParams).toBe(64 * 128 + 2 * 128 + 128 * 256 + 2 * 256 + 256 * 512 + 2 * 512);
  });
});

describe('labExperiments', () => {
  it('matches the bottleneck run to the basic one within 5% of multiply-adds, and makes it deeper', () => {
    const [basic, bottleneck] = basicVsBottleneckLab().runs;
    expect(bottleneck).toEqual(matchedBottleneck(basic));
    expect(Math.abs(labMacs(bottleneck!) / labMacs(basic!) - 1)).toBeLessThan(0.05);
    expect(bottleneck!.depth).toBeGreaterThan(basic!.depth);
    expect(bottleneck!.width % 4).toBe(0);
  });
});

describe('netBuilder', () => {
  it('builds the catalog’s ResNet-50 from its preset', () => {
    const t = layerTable(builderSpec(BUILDER_PRESETS['ResNet-50']!));
    expect(t.params).toBe(layerTable(imagenetResNet(50)).params);
    expect(t.macs).toBe(layerTable(imagenetResNet(50)).macs);
  });

  it('parses blocks per stage and refuses what is not a list of counts', () => {
    expect(parseBlocks(' 3,4 , 6,3')).toEqual([3, 4, 6, 3]);
    expect(() => parseBlocks('3,,4')).toThrow(/whole numbers/);
    expect(() => parseBlocks('1,1,1,1,1,1')).toThrow(/at most 5 stages/);
    expect(() => parseBlocks('0')).toThrow(/1 to 64 blocks/);
  });

  it('maps a CIFAR-style net onto a Lab run and says every reason another cannot be', () => {
    expect(labRunFor(BUILDER_PRESETS['CIFAR ResNet-56']!)).toEqual({
      ok: true,
      run: {
        depth: 56,
        width: 16,
        block: 'basic',
        shortcuts: true,
        option: 'A',
        preact: false,
        batchNorm: true,
      },
    });
    const r = labRunFor(BUILDER_PRESETS['ResNet-50']!);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.reasons).toHaveLength(3);
    const uneven = labRunFor({ ...BUILDER_PRESETS['CIFAR ResNet-20']!, blocks: [3, 4, 3] });
    expect(!uneven.ok && uneven.reasons).toEqual([
      'the Lab’s nets have the same number of blocks in each stage',
    ]);
  });
});
