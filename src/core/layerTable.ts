/**
 * Shape inference and the per-layer cost table of a NetSpec.
 *
 * Counting conventions (the README repeats them):
 * - `params`: every weight, bias and batch-norm scale and shift; running statistics are not
 *   parameters. This equals summing the sizes of a PyTorch model's `parameters()`.
 * - `macs`: multiply-accumulates of convolutions and fully connected layers only. The paper's
 *   Table 1 calls these "FLOPs (multiply-adds)".
 *     conv: k·k·Cin·Cout·Hout·Wout        fc: in·out
 * - `flops`: the full count of floating-point operations of one forward pass of one example:
 *     conv, fc: 2·MACs (+ one addition per output when there is a bias)
 *     batch norm: 2 per element (scale and shift, statistics folded in)
 *     ReLU: 1 per element;  shortcut addition: 1 per output element
 *     max pool k×k: k·k − 1 comparisons per output;  global average pool: H·W per channel
 *     zero-padded identity (option A), flatten: 0
 */
import type { GraphNode, Op } from './graph';
import { buildGraph, isBlock } from './graph';
import type { NetSpec, Shape } from './netSpec';
import { SpecError } from './specError';

export type LayerKind = Op['type'] | 'add' | 'pad';

export interface LayerRow {
  name: string;
  kind: LayerKind;
  /** Output shape without the batch axis. */
  outShape: number[];
  params: number;
  macs: number;
  flops: number;
  /** The residual block this row belongs to, if any. */
  block?: string;
}

export interface Totals {
  params: number;
  macs: number;
  flops: number;
}

export interface LayerTable extends Totals {
  inputShape: number[];
  rows: LayerRow[];
  /** Weight layers as the paper names nets: convs and fcs, projection shortcuts excluded. */
  weightLayers: number;
}

const product = (s: Shape): number => s.reduce((a, b) => a * b, 1);

function spatialOut(size: number, kernel: number, stride: number, pad: number): number {
  return Math.floor((size + 2 * pad - kernel) / stride) + 1;
}

/** Output shape of one op; throws a SpecError naming `field` if a feature map vanishes. */
export function opOutShape(op: Op, input: Shape, field = op.name): number[] {
  switch (op.type) {
    case 'conv':
    case 'maxpool': {
      if (input.length !== 3) throw new SpecError(field, `expects an H×W×C input, got [${input.join(', ')}]`);
      const [h, w, c] = input as [number, number, number];
      const oh = spatialOut(h, op.kernel, op.stride, op.pad);
      const ow = spatialOut(w, op.kernel, op.stride, op.pad);
      if (oh < 1 || ow < 1)
        throw new SpecError(
          field,
          `the feature map vanishes at ${op.name}: ${h}×${w} input, ${op.kernel}×${op.kernel} kernel, stride ${op.stride}; use a larger input or fewer downsampling stages`,
        );
      return [oh, ow, op.type === 'conv' ? op.outChannels : c];
    }
    case 'fc':
      return [op.outFeatures];
    case 'gap':
      return [input[input.length - 1]!];
    case 'flatten':
      return [product(input)];
    case 'bn':
    case 'relu':
      return [...input];
  }
}

export function opCost(op: Op, input: Shape, output: Shape): Totals {
  const outElems = product(output);
  switch (op.type) {
    case 'conv': {
      const weights = op.kernel * op.kernel * op.inChannels * op.outChannels;
      const macs = weights * output[0]! * output[1]!;
      const bias = op.bias ? op.outChannels : 0;
      return { params: weights + bias, macs, flops: 2 * macs + (op.bias ? outElems : 0) };
    }
    case 'fc': {
      const macs = op.inFeatures * op.outFeatures;
      const bias = op.bias ? op.outFeatures : 0;
      return { params: macs + bias, macs, flops: 2 * macs + bias };
    }
    case 'bn':
      return { params: 2 * op.channels, macs: 0, flops: 2 * outElems };
    case 'relu':
      return { params: 0, macs: 0, flops: outElems };
    case 'maxpool':
      return { params: 0, macs: 0, flops: (op.kernel * op.kernel - 1) * outElems };
    case 'gap':
      return { params: 0, macs: 0, flops: product(input) };
    case 'flatten':
      return { params: 0, macs: 0, flops: 0 };
  }
}

function inputShape(spec: NetSpec): number[] {
  return spec.kind === 'mlp' ? [spec.inputSize] : [spec.input.height, spec.input.width, spec.input.channels];
}

/** The field of the spec to blame when a node's shape fails. */
function fieldOf(spec: NetSpec, node: GraphNode): string {
  if (isBlock(node)) return `stages[${node.stage - 1}].stride`;
  if (node.name.startsWith('stem')) return 'input';
  if (spec.kind === 'vgg' && node.name.startsWith('stage'))
    return `stages[${parseInt(node.name.slice(5), 10) - 1}]`;
  return 'input';
}

/**
 * The per-layer table of a spec: one row per op (plus one per shortcut addition and per
 * zero-padded identity), with shapes, parameters, MACs and FLOPs. The spec should already
 * be valid (see validateSpec); a vanishing feature map still throws a SpecError.
 */
export function layerTable(spec: NetSpec): LayerTable {
  const graph = buildGraph(spec);
  const rows: LayerRow[] = [];
  let shape: number[] = inputShape(spec);
  const run = (ops: Op[], input: number[], field: string, block?: string): number[] => {
    let s = input;
    for (const op of ops) {
      const out = opOutShape(op, s, field);
      rows.push({
        name: op.name,
        kind: op.type,
        outShape: out,
        ...opCost(op, s, out),
        ...(block ? { block } : {}),
      });
      s = out;
    }
    return s;
  };
  for (const node of graph.nodes) {
    const field = fieldOf(spec, node);
    if (!isBlock(node)) {
      shape = run([node], shape, field);
      continue;
    }
    const x = shape;
    const xPre = run(node.pre, x, field, node.name);
    const y = run(node.branch, xPre, field, node.name);
    const sc = node.shortcut;
    if (sc.type === 'projection') run(sc.ops, xPre, field, node.name);
    if (sc.type === 'padded')
      rows.push({
        name: `${node.name}.shortcut.pad`,
        kind: 'pad',
        outShape: y,
        params: 0,
        macs: 0,
        flops: 0,
        block: node.name,
      });
    if (sc.type !== 'none')
      rows.push({
        name: `${node.name}.add`,
        kind: 'add',
        outShape: y,
        params: 0,
        macs: 0,
        flops: product(y),
        block: node.name,
      });
    shape = run(node.post, y, field, node.name);
  }
  const totals = rows.reduce<Totals>(
    (t, r) => ({ params: t.params + r.params, macs: t.macs + r.macs, flops: t.flops + r.flops }),
    { params: 0, macs: 0, flops: 0 },
  );
  return { inputShape: inputShape(spec), rows, ...totals, weightLayers: countWeightLayers(graph.nodes) };
}

function countWeightLayers(nodes: GraphNode[]): number {
  const weights = (ops: Op[]) => ops.filter((o) => o.type === 'conv' || o.type === 'fc').length;
  return nodes.reduce(
    (n, node) => n + (isBlock(node) ? weights(node.pre) + weights(node.branch) : weights([node])),
    0,
  );
}
