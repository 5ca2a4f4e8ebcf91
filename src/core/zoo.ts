/**
 * The ImageNet model zoo: the networks of the paper's Tables 1–3 with every countable figure
 * taken from the layer table, and the cost of each stage. Reported errors come from
 * paperResults.ts and are carried along, never computed.
 */
import { imagenetResNet, vgg } from './catalog';
import { buildGraph, isBlock } from './graph';
import type { LayerRow, LayerTable } from './layerTable';
import { layerTable } from './layerTable';
import type { BottleneckVariant, NetSpec } from './netSpec';
import type { ReportedError } from './paperResults';
import { REPORTED_TOP1 } from './paperResults';

export interface ZooModel {
  /** Stable id, also the key of REPORTED_TOP1. */
  id: string;
  /** Display name, e.g. "ResNet-34 (B)". */
  name: string;
  family: 'resnet' | 'plain' | 'vgg';
  /** The spec at a bottleneck variant (only bottleneck nets differ). */
  spec(variant: BottleneckVariant): NetSpec;
}

/**
 * The zoo, in the paper's order. The 18/34-layer ResNets of Table 2 use option A; Table 3's
 * ResNet-34 B and the bottleneck nets use option B, so ResNet-34 appears once for each.
 */
export const ZOO_MODELS: readonly ZooModel[] = [
  { id: 'plain18', name: 'plain-18', family: 'plain', spec: () => imagenetResNet(18, { shortcut: 'none' }) },
  {
    id: 'resnet18',
    name: 'ResNet-18 (A)',
    family: 'resnet',
    spec: () => imagenetResNet(18, { shortcut: 'A' }),
  },
  { id: 'plain34', name: 'plain-34', family: 'plain', spec: () => imagenetResNet(34, { shortcut: 'none' }) },
  {
    id: 'resnet34-A',
    name: 'ResNet-34 (A)',
    family: 'resnet',
    spec: () => imagenetResNet(34, { shortcut: 'A' }),
  },
  {
    id: 'resnet34-B',
    name: 'ResNet-34 (B)',
    family: 'resnet',
    spec: () => imagenetResNet(34, { shortcut: 'B' }),
  },
  { id: 'resnet50', name: 'ResNet-50', family: 'resnet', spec: (variant) => imagenetResNet(50, { variant }) },
  {
    id: 'resnet101',
    name: 'ResNet-101',
    family: 'resnet',
    spec: (variant) => imagenetResNet(101, { variant }),
  },
  {
    id: 'resnet152',
    name: 'ResNet-152',
    family: 'resnet',
    spec: (variant) => imagenetResNet(152, { variant }),
  },
  { id: 'vgg16', name: 'VGG-16', family: 'vgg', spec: () => vgg(16) },
  { id: 'vgg19', name: 'VGG-19', family: 'vgg', spec: () => vgg(19) },
];

/** A stage's share of a net's cost: `stem`, `stage1` … `stage5`, `head`. */
export interface StageCost {
  stage: string;
  params: number;
  macs: number;
}

export interface ZooRow {
  id: string;
  name: string;
  family: ZooModel['family'];
  /** Weight layers as the paper names nets (ResNet-34 has 34). */
  layers: number;
  params: number;
  /** Multiply-adds: what the paper's Table 1 calls FLOPs. */
  macs: number;
  /** Every floating-point operation of a forward pass (layerTable.ts conventions). */
  flops: number;
  stages: StageCost[];
  reported?: ReportedError;
}

/**
 * The stage a layer-table row belongs to: a block's stage ("stage2.block3" → "stage2"),
 * VGG's "stage3.conv1" → "stage3", the stem, and the head (a pre-activation net's final
 * BN-ReLU counts with the head).
 */
export function stageOf(row: LayerRow): string {
  const p = (row.block ?? row.name).split('.')[0]!;
  return p === 'final' ? 'head' : p;
}

/** Parameters and multiply-adds per stage, in network order. */
export function stageCosts(table: LayerTable): StageCost[] {
  const out = new Map<string, StageCost>();
  for (const r of table.rows) {
    const stage = stageOf(r);
    const s = out.get(stage) ?? { stage, params: 0, macs: 0 };
    s.params += r.params;
    s.macs += r.macs;
    out.set(stage, s);
  }
  return [...out.values()];
}

export function zooRow(model: ZooModel, variant: BottleneckVariant = 'v1'): ZooRow {
  const t = layerTable(model.spec(variant));
  const reported = REPORTED_TOP1[model.id];
  return {
    id: model.id,
    name: model.name,
    family: model.family,
    layers: t.weightLayers,
    params: t.params,
    macs: t.macs,
    flops: t.flops,
    stages: stageCosts(t),
    ...(reported ? { reported } : {}),
  };
}

export function zooRows(variant: BottleneckVariant = 'v1'): ZooRow[] {
  return ZOO_MODELS.map((m) => zooRow(m, variant));
}

/** One layer of a downsampling bottleneck under both variants. */
export interface StrideMove {
  layer: string;
  kernel: string;
  v1: { stride: number; outShape: number[]; macs: number };
  v15: { stride: number; outShape: number[]; macs: number };
}

/**
 * Where the stride of a downsampling bottleneck sits in v1 (the paper: the first 1×1 conv)
 * and v1.5 (torchvision: the 3×3 conv), layer by layer for one block, and the whole nets'
 * multiply-adds under each.
 */
export function strideMove(depth: 50 | 101 | 152 = 50, block = 'stage2.block1') {
  const [v1, v15] = (['v1', 'v1.5'] as const).map((variant) => {
    const spec = imagenetResNet(depth, { variant });
    const node = buildGraph(spec).nodes.find((n) => isBlock(n) && n.name === block);
    const table = layerTable(spec);
    const convs = node && isBlock(node) ? node.branch.filter((op) => op.type === 'conv') : [];
    const layers = convs.map((op) => {
      const row = table.rows.find((r) => r.name === op.name)!;
      return {
        layer: op.name,
        kernel: `${op.kernel}×${op.kernel}`,
        stride: op.stride,
        outShape: row.outShape,
        macs: row.macs,
      };
    });
    return { macs: table.macs, layers };
  });
  const layers: StrideMove[] = v1!.layers.map((l, i) => ({
    layer: l.layer,
    kernel: l.kernel,
    v1: { stride: l.stride, outShape: l.outShape, macs: l.macs },
    v15: { stride: v15!.layers[i]!.stride, outShape: v15!.layers[i]!.outShape, macs: v15!.layers[i]!.macs },
  }));
  return { depth, block, layers, v1: v1!.macs, v15: v15!.macs };
}
