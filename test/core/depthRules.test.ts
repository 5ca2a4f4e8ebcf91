import { describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { blocksPerStage, depthRule, isValidDepth } from '../../src/core/depthRules';
import { DEPTH_LIMIT, validDepths } from '../../src/core/labState';
import { layerTable } from '../../src/core/layerTable';
import type { BlockType, NetSpec } from '../../src/core/netSpec';

const BLOCKS: BlockType[] = ['basic', 'bottleneck'];
const DEPTHS = Array.from({ length: 120 }, (_, i) => i + 1);

/** The catalog's net of this depth, or null where it refuses the depth. */
function built(make: () => NetSpec): NetSpec | null {
  try {
    return make();
  } catch {
    return null;
  }
}

const FAMILIES = [
  {
    data: 'spirals',
    family: 'mlp',
    limit: DEPTH_LIMIT.mlp,
    make: (d: number, block: BlockType) => mlp(d, 16, { block }),
  },
  {
    data: 'fashion',
    family: 'cifar',
    limit: DEPTH_LIMIT.conv,
    make: (d: number, block: BlockType) => cifarNet(d, { block, input: 8, width: 4 }),
  },
] as const;

describe('depth rules', () => {
  for (const { data, family, limit, make } of FAMILIES)
    for (const block of BLOCKS)
      it(`the ${data} slider offers exactly the ${block} depths the catalog builds, each with that many weight layers`, () => {
        const accepted = DEPTHS.filter((d) => {
          const spec = built(() => make(d, block));
          // An independent count: the weight layers the layer table walks in the built graph.
          if (spec) expect(layerTable(spec).weightLayers).toBe(d);
          expect(isValidDepth(family, block, d)).toBe(spec !== null);
          return spec !== null;
        });
        expect(validDepths(data, block)).toEqual(accepted.filter((d) => d <= limit));
        expect(accepted.length).toBeGreaterThan(10);
      });

  it('states the paper’s rules: 6n+2 and 9n+2 conv nets, 2k+2 and 3k+2 MLPs', () => {
    expect(depthRule('cifar', 'basic')).toBe('6n+2 layers for n ≥ 1');
    expect(depthRule('cifar', 'bottleneck')).toBe('9n+2 layers for n ≥ 1');
    expect(depthRule('mlp', 'basic')).toBe('2k+2 layers for k ≥ 1');
    expect(depthRule('mlp', 'bottleneck')).toBe('3k+2 layers for k ≥ 1');
    expect(() => cifarNet(21)).toThrow('depth: a CIFAR-style basic net has 6n+2 layers for n ≥ 1 (got 21)');
    expect(() => mlp(6, 16, { block: 'bottleneck' })).toThrow(
      'depth: an MLP of bottleneck blocks has 3k+2 layers for k ≥ 1 (got 6)',
    );
  });

  it('gives the paper’s blocks per stage: ResNet-20/56/110 have n = 3, 9, 18; mlp-52 has 25 blocks', () => {
    expect([20, 56, 110].map((d) => blocksPerStage('cifar', 'basic', d))).toEqual([3, 9, 18]);
    expect(blocksPerStage('mlp', 'basic', 52)).toBe(25);
    expect(() => blocksPerStage('cifar', 'basic', 2)).toThrow(/got 2/);
  });
});
