/**
 * The layer graph of a NetSpec: the one structural description that the counter
 * (layerTable.ts), the tfjs engine and the network diagram all walk. A network is a
 * sequence of plain ops and residual blocks; a block is
 *
 *   x' = pre(x);   y = post( branch(x') + shortcut(x or x') )
 *
 * where `pre` is the shared BN-ReLU of a pre-activation block (empty in the 2015 order),
 * a projection shortcut reads x' and an identity shortcut reads x.
 */
import type { ConvNetSpec, MlpSpec, NetSpec, VggSpec } from './netSpec';

export type Op =
  | {
      type: 'conv';
      name: string;
      kernel: number;
      stride: number;
      /** Symmetric zero padding on each side (PyTorch convention). */
      pad: number;
      inChannels: number;
      outChannels: number;
      bias: boolean;
    }
  | { type: 'fc'; name: string; inFeatures: number; outFeatures: number; bias: boolean }
  | { type: 'bn'; name: string; channels: number }
  | { type: 'relu'; name: string }
  | { type: 'maxpool'; name: string; kernel: number; stride: number; pad: number }
  | { type: 'gap'; name: string }
  | { type: 'flatten'; name: string };

export type OpType = Op['type'];

export type Shortcut =
  /** Plain twin: no addition at all. */
  | { type: 'none' }
  | { type: 'identity' }
  /** Option A where the shape changes: subsample by `stride`, then zero-pad `extraChannels`. */
  | { type: 'padded'; stride: number; extraChannels: number }
  /** Options B and C: a 1×1 conv (or dense) layer, plus batch norm when enabled. */
  | { type: 'projection'; ops: Op[] };

export interface BlockNode {
  type: 'block';
  name: string;
  /** 1-based stage and block index, for labels. */
  stage: number;
  index: number;
  inChannels: number;
  outChannels: number;
  stride: number;
  pre: Op[];
  branch: Op[];
  shortcut: Shortcut;
  post: Op[];
}

export type GraphNode = Op | BlockNode;

export interface NetGraph {
  nodes: GraphNode[];
}

export function isBlock(node: GraphNode): node is BlockNode {
  return node.type === 'block';
}

export function buildGraph(spec: NetSpec): NetGraph {
  switch (spec.kind) {
    case 'conv':
      return convGraph(spec);
    case 'mlp':
      return mlpGraph(spec);
    case 'vgg':
      return vggGraph(spec);
  }
}

/** Layer factories for one family: 2-D convs for conv nets, dense layers for MLPs. */
interface LayerKit {
  /** A weight layer; `kernel` is ignored by dense layers. */
  weight(name: string, kernel: number, stride: number, cin: number, cout: number, bias: boolean): Op;
}

const convKit: LayerKit = {
  weight: (name, kernel, stride, cin, cout, bias) => ({
    type: 'conv',
    name,
    kernel,
    stride,
    pad: Math.floor(kernel / 2),
    inChannels: cin,
    outChannels: cout,
    bias,
  }),
};

const denseKit: LayerKit = {
  weight: (name, _kernel, _stride, cin, cout, bias) => ({
    type: 'fc',
    name,
    inFeatures: cin,
    outFeatures: cout,
    bias,
  }),
};

interface BlockArgs {
  kit: LayerKit;
  spec: ConvNetSpec | MlpSpec;
  name: string;
  stage: number;
  index: number;
  cin: number;
  cout: number;
  stride: number;
}

/** One basic or bottleneck block, post- or pre-activation, with its shortcut. */
function block(a: BlockArgs): BlockNode {
  const { kit, spec, name, cin, cout, stride } = a;
  const bn = spec.batchNorm;
  const pre = spec.activation === 'pre';
  // Layer i of the branch: which kernel, stride and channels.
  const layers: { kernel: number; stride: number; cin: number; cout: number }[] = [];
  if (spec.block === 'basic') {
    layers.push({ kernel: 3, stride, cin, cout }, { kernel: 3, stride: 1, cin: cout, cout });
  } else {
    const inner = cout / spec.expansion;
    const v15 = spec.kind === 'conv' && spec.variant === 'v1.5';
    layers.push(
      { kernel: 1, stride: v15 ? 1 : stride, cin, cout: inner },
      { kernel: 3, stride: v15 ? stride : 1, cin: inner, cout: inner },
      { kernel: 1, stride: 1, cin: inner, cout },
    );
  }
  const branch: Op[] = [];
  const preOps: Op[] = [];
  layers.forEach((l, i) => {
    const n = i + 1;
    if (pre) {
      // BN-ReLU before each weight layer; the first pair is shared with a projection.
      const target = i === 0 ? preOps : branch;
      if (bn) target.push({ type: 'bn', name: `${name}.bn${n}`, channels: l.cin });
      target.push({ type: 'relu', name: `${name}.relu${n}` });
      branch.push(kit.weight(`${name}.conv${n}`, l.kernel, l.stride, l.cin, l.cout, !bn));
    } else {
      branch.push(kit.weight(`${name}.conv${n}`, l.kernel, l.stride, l.cin, l.cout, !bn));
      if (bn) branch.push({ type: 'bn', name: `${name}.bn${n}`, channels: l.cout });
      if (i < layers.length - 1) branch.push({ type: 'relu', name: `${name}.relu${n}` });
    }
  });
  const post: Op[] = pre ? [] : [{ type: 'relu', name: `${name}.relu${layers.length}` }];
  return {
    type: 'block',
    name,
    stage: a.stage,
    index: a.index,
    inChannels: cin,
    outChannels: cout,
    stride,
    pre: preOps,
    branch,
    shortcut: shortcutFor(a),
    post,
  };
}

function shortcutFor(a: BlockArgs): Shortcut {
  const { spec, kit, name, cin, cout, stride } = a;
  const changes = cin !== cout || stride !== 1;
  const project = spec.shortcut === 'C' || (spec.shortcut === 'B' && changes);
  switch (spec.shortcut) {
    case 'none':
      return { type: 'none' };
    case 'A':
      return changes ? { type: 'padded', stride, extraChannels: cout - cin } : { type: 'identity' };
    case 'B':
    case 'C': {
      if (!project) return { type: 'identity' };
      const ops: Op[] = [kit.weight(`${name}.shortcut.conv`, 1, stride, cin, cout, !spec.batchNorm)];
      // In the pre-activation order the projection reads the already normalised x'.
      if (spec.batchNorm && spec.activation === 'post')
        ops.push({ type: 'bn', name: `${name}.shortcut.bn`, channels: cout });
      return { type: 'projection', ops };
    }
  }
}

function stagesToBlocks(kit: LayerKit, spec: ConvNetSpec | MlpSpec, stemOut: number): BlockNode[] {
  const nodes: BlockNode[] = [];
  let cin = stemOut;
  spec.stages.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      const stride = b === 0 && spec.kind === 'conv' ? stage.stride : 1;
      nodes.push(
        block({
          kit,
          spec,
          name: `stage${s + 1}.block${b + 1}`,
          stage: s + 1,
          index: b + 1,
          cin,
          cout: stage.width,
          stride,
        }),
      );
      cin = stage.width;
    }
  });
  return nodes;
}

/** Pre-activation nets end with the BN-ReLU that no block applied after its last addition. */
function finalActivation(spec: ConvNetSpec | MlpSpec, channels: number): Op[] {
  if (spec.activation !== 'pre') return [];
  const ops: Op[] = [];
  if (spec.batchNorm) ops.push({ type: 'bn', name: 'final.bn', channels });
  ops.push({ type: 'relu', name: 'final.relu' });
  return ops;
}

function lastWidth(spec: ConvNetSpec | MlpSpec, stemOut: number): number {
  return spec.stages.length ? spec.stages[spec.stages.length - 1]!.width : stemOut;
}

function convGraph(spec: ConvNetSpec): NetGraph {
  const bn = spec.batchNorm;
  const w = spec.stem.width;
  const c = spec.input.channels;
  const stem: Op[] = [];
  const withActivation = spec.stem.kind === 'imagenet' || spec.activation === 'post';
  if (spec.stem.kind === 'imagenet') {
    stem.push(convKit.weight('stem.conv', 7, 2, c, w, !bn));
  } else {
    stem.push(convKit.weight('stem.conv', 3, 1, c, w, !bn));
  }
  if (withActivation) {
    if (bn) stem.push({ type: 'bn', name: 'stem.bn', channels: w });
    stem.push({ type: 'relu', name: 'stem.relu' });
  }
  if (spec.stem.kind === 'imagenet')
    stem.push({ type: 'maxpool', name: 'stem.pool', kernel: 3, stride: 2, pad: 1 });
  const out = lastWidth(spec, w);
  return {
    nodes: [
      ...stem,
      ...stagesToBlocks(convKit, spec, w),
      ...finalActivation(spec, out),
      { type: 'gap', name: 'head.pool' },
      { type: 'fc', name: 'head.fc', inFeatures: out, outFeatures: spec.classes, bias: true },
    ],
  };
}

function mlpGraph(spec: MlpSpec): NetGraph {
  const bn = spec.batchNorm;
  const w = spec.stages.length ? spec.stages[0]!.width : spec.classes;
  const stem: Op[] = [denseKit.weight('stem.fc', 1, 1, spec.inputSize, w, !bn)];
  if (spec.activation === 'post') {
    if (bn) stem.push({ type: 'bn', name: 'stem.bn', channels: w });
    stem.push({ type: 'relu', name: 'stem.relu' });
  }
  const out = lastWidth(spec, w);
  return {
    nodes: [
      ...stem,
      ...stagesToBlocks(denseKit, spec, w),
      ...finalActivation(spec, out),
      { type: 'fc', name: 'head.fc', inFeatures: out, outFeatures: spec.classes, bias: true },
    ],
  };
}

function vggGraph(spec: VggSpec): NetGraph {
  const nodes: GraphNode[] = [];
  let cin = spec.input.channels;
  spec.stages.forEach((stage, s) => {
    for (let i = 0; i < stage.convs; i++) {
      const name = `stage${s + 1}.conv${i + 1}`;
      nodes.push(convKit.weight(name, 3, 1, cin, stage.width, !spec.batchNorm));
      if (spec.batchNorm) nodes.push({ type: 'bn', name: `stage${s + 1}.bn${i + 1}`, channels: stage.width });
      nodes.push({ type: 'relu', name: `stage${s + 1}.relu${i + 1}` });
      cin = stage.width;
    }
    nodes.push({ type: 'maxpool', name: `stage${s + 1}.pool`, kernel: 2, stride: 2, pad: 0 });
  });
  nodes.push({ type: 'flatten', name: 'head.flatten' });
  // Each 2×2/2 pool floors the spatial size; the first fc reads the flattened final map.
  const pools = spec.stages.length;
  const h = Math.floor(spec.input.height / 2 ** pools);
  const w = Math.floor(spec.input.width / 2 ** pools);
  let features = h * w * cin;
  spec.hidden.forEach((hidden, i) => {
    nodes.push({
      type: 'fc',
      name: `head.fc${i + 1}`,
      inFeatures: features,
      outFeatures: hidden,
      bias: true,
    });
    nodes.push({ type: 'relu', name: `head.relu${i + 1}` });
    features = hidden;
  });
  nodes.push({
    type: 'fc',
    name: `head.fc${spec.hidden.length + 1}`,
    inFeatures: features,
    outFeatures: spec.classes,
    bias: true,
  });
  return { nodes };
}
