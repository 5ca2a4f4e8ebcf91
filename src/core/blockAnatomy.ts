/**
 * One residual block taken apart, for the Blocks page: every op in order with its output
 * shape, parameters and multiply-adds, the shortcut and the addition. A block is counted as
 * the only block of a one-stage net whose stem hands it `inChannels` channels at the chosen
 * spatial size; only the block's own rows are kept, so every figure is the layer table's.
 *
 * Widths follow the paper's Figure 5: a basic block at width w maps w → w; a bottleneck at
 * width w reduces 4w → w, convolves at w and restores w → 4w. At w = 64 on a 56×56 map the
 * two have similar time complexity (the basic block on 64-d input, the bottleneck on 256-d).
 */
import { imagenetResNet } from './catalog';
import type { BlockNode, Op, Shortcut } from './graph';
import { buildGraph, isBlock } from './graph';
import type { LayerRow, Totals } from './layerTable';
import { layerTable } from './layerTable';
import type { ActivationOrder, BlockType, ConvNetSpec, ShortcutOption } from './netSpec';
import { validateSpec } from './validate';

export const BOTTLENECK_EXPANSION = 4;

export interface BlockChoice {
  block: BlockType;
  /** The inner width w (channels of the 3×3 convs). */
  width: number;
  /** Height and width of the block's input feature map. */
  size: number;
  activation: ActivationOrder;
}

/** One step of a block, in the order data flows through it. */
export interface BlockStep {
  /** Layer-table row name, e.g. "stage1.block1.conv2". */
  name: string;
  /** Where the step sits: before the branch (pre-activation), in it, the addition, after it. */
  part: 'pre' | 'branch' | 'add' | 'post';
  kind: LayerRow['kind'];
  /** Short label: "3×3 conv, 64", "BN", "ReLU", "add". */
  label: string;
  outShape: number[];
  params: number;
  macs: number;
}

export interface BlockAnatomy extends Totals {
  choice: BlockChoice;
  title: string;
  inChannels: number;
  outChannels: number;
  inputShape: number[];
  steps: BlockStep[];
  shortcut: { kind: Shortcut['type']; label: string; params: number; macs: number };
}

export function blockChannels(block: BlockType, width: number): { inChannels: number; outChannels: number } {
  const c = block === 'bottleneck' ? width * BOTTLENECK_EXPANSION : width;
  return { inChannels: c, outChannels: c };
}

/** A one-block net whose only block is the chosen one (its stem is not counted). */
export function blockSpec(c: BlockChoice): ConvNetSpec {
  const { inChannels, outChannels } = blockChannels(c.block, c.width);
  return validateSpec({
    kind: 'conv',
    name: `${c.block} block`,
    input: { height: c.size, width: c.size, channels: 3 },
    stem: { kind: 'cifar', width: inChannels },
    stages: [{ blocks: 1, width: outChannels, stride: 1 }],
    block: c.block,
    expansion: c.block === 'bottleneck' ? BOTTLENECK_EXPANSION : 1,
    variant: 'v1',
    shortcut: 'B',
    batchNorm: true,
    activation: c.activation,
    classes: 10,
  }) as ConvNetSpec;
}

export function opLabel(op: Op): string {
  switch (op.type) {
    case 'conv':
      return `${op.kernel}×${op.kernel} conv${op.stride > 1 ? `/${op.stride}` : ''}, ${op.outChannels}`;
    case 'fc':
      return `fc, ${op.outFeatures}`;
    case 'bn':
      return 'BN';
    case 'relu':
      return 'ReLU';
    case 'maxpool':
      return `${op.kernel}×${op.kernel} max pool`;
    case 'gap':
      return 'avg pool';
    case 'flatten':
      return 'flatten';
  }
}

export function blockAnatomy(c: BlockChoice): BlockAnatomy {
  const spec = blockSpec(c);
  const node = buildGraph(spec).nodes.find(isBlock) as BlockNode;
  const table = layerTable(spec);
  const rows = new Map(table.rows.map((r) => [r.name, r]));
  const first = table.rows.findIndex((r) => r.block === node.name);
  const stemOut = first > 0 ? table.rows[first - 1]!.outShape : table.inputShape;
  const step = (op: Op, part: BlockStep['part']): BlockStep => {
    const r = rows.get(op.name)!;
    return {
      name: op.name,
      part,
      kind: r.kind,
      label: opLabel(op),
      outShape: r.outShape,
      params: r.params,
      macs: r.macs,
    };
  };
  const add = rows.get(`${node.name}.add`)!;
  const steps: BlockStep[] = [
    ...node.pre.map((op) => step(op, 'pre')),
    ...node.branch.map((op) => step(op, 'branch')),
    { name: add.name, part: 'add', kind: 'add', label: 'add', outShape: add.outShape, params: 0, macs: 0 },
    ...node.post.map((op) => step(op, 'post')),
  ];
  const own = table.rows.filter((r) => r.block === node.name);
  const sc = node.shortcut;
  const scRows = sc.type === 'projection' ? sc.ops.map((op) => rows.get(op.name)!) : [];
  const { inChannels, outChannels } = blockChannels(c.block, c.width);
  return {
    choice: c,
    title: c.block === 'basic' ? 'Basic block' : 'Bottleneck block',
    inChannels,
    outChannels,
    inputShape: stemOut,
    steps,
    shortcut: {
      kind: sc.type,
      label:
        sc.type === 'identity' ? 'identity' : sc.type === 'projection' ? 'projection (1×1 conv)' : sc.type,
      params: scRows.reduce((n, r) => n + r.params, 0),
      macs: scRows.reduce((n, r) => n + r.macs, 0),
    },
    params: own.reduce((n, r) => n + r.params, 0),
    macs: own.reduce((n, r) => n + r.macs, 0),
    flops: own.reduce((n, r) => n + r.flops, 0),
  };
}

/** The paper's Figure 5 pairing: a basic block on 64-d input, a bottleneck on 256-d, at 56×56. */
export const FIGURE5_CHOICE = { width: 64, size: 56 } as const;

export interface ShortcutCost {
  option: 'A' | 'B' | 'C';
  params: number;
  macs: number;
  /** Parameters added over option A (which adds none). */
  extraParams: number;
  /** Blocks with a projection shortcut. */
  projections: number;
}

/** What each shortcut option costs an ImageNet ResNet, from the layer table. */
export function shortcutCosts(depth: 18 | 34 | 50 | 101 | 152): ShortcutCost[] {
  const base = layerTable(imagenetResNet(depth, { shortcut: 'A' })).params;
  return (['A', 'B', 'C'] as const).map((option: ShortcutOption & ('A' | 'B' | 'C')) => {
    const spec = imagenetResNet(depth, { shortcut: option });
    const t = layerTable(spec);
    const projections = buildGraph(spec).nodes.filter(
      (n) => isBlock(n) && n.shortcut.type === 'projection',
    ).length;
    return { option, params: t.params, macs: t.macs, extraParams: t.params - base, projections };
  });
}
