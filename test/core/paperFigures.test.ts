/**
 * The counter against the paper. Each expected value is derived here from first
 * principles (k·k·Cin·Cout·H·W per conv, in·out per fc), independently of src/core's graph,
 * then checked against the figures as the paper prints them.
 */
import { describe, expect, it } from 'vitest';
import { cifarNet, imagenetResNet, vgg, IMAGENET_DEPTHS } from '../../src/core/catalog';
import type { ImageNetDepth } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';

/** MACs and params of an ImageNet ResNet (v1, option B), from the definitions. */
function imagenetByHand(depth: ImageNetDepth, variant: 'v1' | 'v1.5' = 'v1') {
  const { block, blocks } = IMAGENET_DEPTHS[depth];
  let macs = 7 * 7 * 3 * 64 * 112 * 112;
  let params = 7 * 7 * 3 * 64 + 2 * 64;
  let cin = 64;
  let size = 56; // after the 3×3/2 max pool
  blocks.forEach((n, stage) => {
    const inner = 64 * 2 ** stage;
    const out = block === 'basic' ? inner : inner * 4;
    for (let b = 0; b < n; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const sIn = size;
      const sOut = size / stride;
      if (block === 'basic') {
        macs += 9 * cin * out * sOut * sOut + 9 * out * out * sOut * sOut;
        params += 9 * cin * out + 9 * out * out + 4 * out;
      } else {
        // v1 strides in the first 1×1; v1.5 in the 3×3.
        const s1 = variant === 'v1' ? sOut : sIn;
        macs += cin * inner * s1 * s1 + 9 * inner * inner * sOut * sOut + inner * out * sOut * sOut;
        params += cin * inner + 9 * inner * inner + inner * out + 2 * (inner + inner + out);
      }
      if (cin !== out || stride !== 1) {
        macs += cin * out * sOut * sOut;
        params += cin * out + 2 * out;
      }
      cin = out;
      size = sOut;
    }
  });
  macs += cin * 1000;
  params += cin * 1000 + 1000;
  return { macs, params };
}

/** Parameters of the paper's CIFAR ResNet-(6n+2) with option A shortcuts. */
function cifarParamsByHand(depth: number) {
  const n = (depth - 2) / 6;
  let params = 3 * 3 * 3 * 16 + 2 * 16;
  let cin = 16;
  for (const w of [16, 32, 64]) {
    for (let b = 0; b < n; b++) {
      params += 9 * cin * w + 9 * w * w + 4 * w;
      cin = w;
    }
  }
  return params + 64 * 10 + 10;
}

describe('ImageNet ResNets against the paper (Table 1, v1, option B)', () => {
  const table1 = { 18: 1.8, 34: 3.6, 50: 3.8, 101: 7.6, 152: 11.3 } as const;
  for (const depth of [18, 34, 50, 101, 152] as const) {
    it(`ResNet-${depth}: exact MACs and params, within the paper's last digit of ${table1[depth]}×10^9`, () => {
      const t = layerTable(imagenetResNet(depth));
      const hand = imagenetByHand(depth);
      expect(t.macs).toBe(hand.macs);
      expect(t.params).toBe(hand.params);
      // The paper prints one decimal and sometimes truncates (3.66 → 3.6), so allow < 0.1×10^9.
      expect(Math.abs(t.macs / 1e9 - table1[depth])).toBeLessThan(0.1);
      expect(t.weightLayers).toBe(depth);
    });
  }

  it("ResNet-18/34/50/101/152 have exactly torchvision's parameter counts", () => {
    const counts = [18, 34, 50, 101, 152].map((d) => layerTable(imagenetResNet(d as ImageNetDepth)).params);
    expect(counts).toEqual([11_689_512, 21_797_672, 25_557_032, 44_549_160, 60_192_808]);
  });

  it('v1.5 moves the stride into the 3×3 and raises ResNet-50 from 3.8 to 4.1×10^9', () => {
    const v1 = layerTable(imagenetResNet(50, { variant: 'v1' }));
    const v15 = layerTable(imagenetResNet(50, { variant: 'v1.5' }));
    expect(v15.macs).toBe(imagenetByHand(50, 'v1.5').macs);
    expect(v15.params).toBe(v1.params);
    expect((v1.macs / 1e9).toFixed(1)).toBe('3.9');
    expect((v15.macs / 1e9).toFixed(1)).toBe('4.1');
  });

  it('the variant does not change basic-block nets', () => {
    expect(layerTable(imagenetResNet(34, { variant: 'v1.5' })).macs).toBe(
      layerTable(imagenetResNet(34)).macs,
    );
  });
});

describe('VGG against Simonyan & Zisserman and the paper', () => {
  it('VGG-19 has 19.6×10^9 multiply-adds and 143,667,240 parameters', () => {
    const t = layerTable(vgg(19));
    // 3×3 convs at 224, 112, 56, 28, 14 with [2, 2, 4, 4, 4] layers, then 25088→4096→4096→1000.
    const convs: [number, number, number][] = [
      [3, 64, 224],
      [64, 64, 224],
      [64, 128, 112],
      [128, 128, 112],
      [128, 256, 56],
      [256, 256, 56],
      [256, 256, 56],
      [256, 256, 56],
      [256, 512, 28],
      [512, 512, 28],
      [512, 512, 28],
      [512, 512, 28],
      [512, 512, 14],
      [512, 512, 14],
      [512, 512, 14],
      [512, 512, 14],
    ];
    const macs =
      convs.reduce((m, [i, o, s]) => m + 9 * i * o * s * s, 0) + 25088 * 4096 + 4096 * 4096 + 4096 * 1000;
    expect(t.macs).toBe(macs);
    expect((t.macs / 1e9).toFixed(1)).toBe('19.6');
    expect(t.params).toBe(143_667_240);
    expect(t.weightLayers).toBe(19);
  });

  it('VGG-16 has 138,357,544 parameters and costs more than ResNet-152', () => {
    const t = layerTable(vgg(16));
    expect(t.params).toBe(138_357_544);
    // The paper's text says 15.3×10^9; the definition gives 15.47×10^9.
    expect(t.macs).toBe(15_470_264_320);
    expect(t.macs).toBeGreaterThan(layerTable(imagenetResNet(152)).macs);
  });
});

describe('CIFAR nets against the paper (Table 6, option A)', () => {
  const table6 = { 20: 0.27, 32: 0.46, 44: 0.66, 56: 0.85, 110: 1.7, 1202: 19.4 } as const;
  for (const depth of [20, 32, 44, 56, 110, 1202] as const) {
    it(`ResNet-${depth} has exactly the derived parameter count, ${table6[depth]}M as printed`, () => {
      const t = layerTable(cifarNet(depth));
      expect(t.params).toBe(cifarParamsByHand(depth));
      const digits = depth >= 110 ? 1 : 2;
      expect((t.params / 1e6).toFixed(digits)).toBe(table6[depth].toFixed(digits));
      expect(t.weightLayers).toBe(depth);
    });
  }

  it('plain and option-A twins have the same parameters', () => {
    for (const depth of [20, 56, 110])
      expect(layerTable(cifarNet(depth, { shortcut: 'none' })).params).toBe(
        layerTable(cifarNet(depth)).params,
      );
  });
});
