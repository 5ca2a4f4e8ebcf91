/**
 * The Zoo's network builder: blocks per stage, block type, width, input size, stem and
 * shortcut option turned into a NetSpec, and whether the Lab can train it. Widths double at
 * each stage (×4 for bottleneck outputs) and every stage after the first halves the map, as
 * in the paper's ImageNet and CIFAR nets.
 */
import { layersPerBlock } from './depthRules';
import type { RunControl } from './labState';
import { DEPTH_LIMIT } from './labState';
import type { BlockType, ConvNetSpec, ShortcutOption, StemKind } from './netSpec';
import { SpecError } from './specError';
import { URL_LIMITS } from './urlCodec';
import { validateSpec } from './validate';

export interface BuilderChoice {
  blocks: number[];
  block: BlockType;
  /** Width of the stem and of the first stage's 3×3 convs; later stages double it. */
  width: number;
  /** Square input size. */
  input: number;
  stem: StemKind;
  shortcut: ShortcutOption;
}

export const BUILDER_LIMITS = {
  stages: 5,
  blocks: 64,
  width: { min: 1, max: 512 },
  input: { min: 8, max: 512 },
} as const;

export const BUILDER_PRESETS: Readonly<Record<string, BuilderChoice>> = {
  'ResNet-18': {
    blocks: [2, 2, 2, 2],
    block: 'basic',
    width: 64,
    input: 224,
    stem: 'imagenet',
    shortcut: 'B',
  },
  'ResNet-34': {
    blocks: [3, 4, 6, 3],
    block: 'basic',
    width: 64,
    input: 224,
    stem: 'imagenet',
    shortcut: 'B',
  },
  'ResNet-50': {
    blocks: [3, 4, 6, 3],
    block: 'bottleneck',
    width: 64,
    input: 224,
    stem: 'imagenet',
    shortcut: 'B',
  },
  'ResNet-101': {
    blocks: [3, 4, 23, 3],
    block: 'bottleneck',
    width: 64,
    input: 224,
    stem: 'imagenet',
    shortcut: 'B',
  },
  'ResNet-152': {
    blocks: [3, 8, 36, 3],
    block: 'bottleneck',
    width: 64,
    input: 224,
    stem: 'imagenet',
    shortcut: 'B',
  },
  'CIFAR ResNet-20': {
    blocks: [3, 3, 3],
    block: 'basic',
    width: 16,
    input: 32,
    stem: 'cifar',
    shortcut: 'A',
  },
  'CIFAR ResNet-56': {
    blocks: [9, 9, 9],
    block: 'basic',
    width: 16,
    input: 32,
    stem: 'cifar',
    shortcut: 'A',
  },
};

/** "3, 4, 6, 3" → [3, 4, 6, 3]; throws a SpecError saying what is wrong. */
export function parseBlocks(text: string): number[] {
  const parts = text.split(',').map((s) => s.trim());
  if (!parts.every((p) => /^\d+$/.test(p)))
    throw new SpecError(
      'blocks',
      'write blocks per stage as whole numbers separated by commas, e.g. 3, 4, 6, 3',
    );
  const n = parts.map(Number);
  if (n.length > BUILDER_LIMITS.stages)
    throw new SpecError('blocks', `at most ${BUILDER_LIMITS.stages} stages`);
  if (n.some((b) => b < 1 || b > BUILDER_LIMITS.blocks))
    throw new SpecError('blocks', `each stage needs 1 to ${BUILDER_LIMITS.blocks} blocks`);
  return n;
}

export function builderSpec(c: BuilderChoice): ConvNetSpec {
  const expansion = c.block === 'bottleneck' ? 4 : 1;
  const { min, max } = BUILDER_LIMITS.width;
  if (!Number.isInteger(c.width) || c.width < min || c.width > max)
    throw new SpecError('width', `must be a whole number in ${min}..${max}`);
  const depth = c.blocks.reduce((a, b) => a + b, 0) * layersPerBlock(c.block) + 2;
  return validateSpec({
    kind: 'conv',
    name: `${c.shortcut === 'none' ? 'plain' : 'ResNet'}-${depth}`,
    input: { height: c.input, width: c.input, channels: 3 },
    stem: { kind: c.stem, width: c.width },
    stages: c.blocks.map((blocks, i) => ({
      blocks,
      width: c.width * 2 ** i * expansion,
      stride: i === 0 ? 1 : 2,
    })),
    block: c.block,
    expansion,
    variant: 'v1',
    shortcut: c.shortcut,
    batchNorm: true,
    activation: 'post',
    classes: c.stem === 'imagenet' ? 1000 : 10,
  }) as ConvNetSpec;
}

export type LabMapping = { ok: true; run: RunControl } | { ok: false; reasons: string[] };

/**
 * The Lab run a built net corresponds to, or every reason it has none: the Lab trains
 * CIFAR-style nets (3×3 stem, three equal stages at widths w, 2w, 4w) on 28×28×1 images.
 */
export function labRunFor(c: BuilderChoice): LabMapping {
  const reasons: string[] = [];
  if (c.stem !== 'cifar') reasons.push('the Lab trains CIFAR-style nets: choose the 3×3 (CIFAR) stem');
  if (c.blocks.length !== 3) reasons.push('the Lab’s nets have exactly three stages');
  else if (!c.blocks.every((b) => b === c.blocks[0]))
    reasons.push('the Lab’s nets have the same number of blocks in each stage');
  const runWidth = c.block === 'bottleneck' ? c.width * 4 : c.width;
  if (runWidth < URL_LIMITS.width.min || runWidth > URL_LIMITS.width.max)
    reasons.push(
      c.block === 'bottleneck'
        ? `a bottleneck net’s output width (4 × ${c.width} = ${runWidth}) must be ${URL_LIMITS.width.min}..${URL_LIMITS.width.max} in the Lab`
        : `the Lab’s widths are ${URL_LIMITS.width.min}..${URL_LIMITS.width.max}`,
    );
  const depth = c.blocks.reduce((a, b) => a + b, 0) * layersPerBlock(c.block) + 2;
  if (depth > DEPTH_LIMIT.conv)
    reasons.push(`the Lab trains conv nets of up to ${DEPTH_LIMIT.conv} layers (this one has ${depth})`);
  if (reasons.length) return { ok: false, reasons };
  return {
    ok: true,
    run: {
      depth,
      width: runWidth,
      block: c.block,
      shortcuts: c.shortcut !== 'none',
      option: c.shortcut === 'none' ? 'A' : c.shortcut,
      preact: false,
      batchNorm: true,
    },
  };
}
