/**
 * Initial parameter values of a layer graph, as plain arrays, shared by every trainer so
 * that a seed gives the same starting weights whatever runs them (tfjs on any backend, or
 * the fused JavaScript MLP trainer).
 *
 * He et al. 2015 ("Delving Deep into Rectifiers"), as the ResNet paper does:
 * w ~ N(0, 2 / fan_in), fan_in = k·k·C_in. The classifier, which no ReLU follows, uses
 * N(0, 1 / fan_in). Biases and BN shifts start at 0, BN scales at 1, running means at 0
 * and running variances at 1.
 */
import type { GraphNode, Op } from '../core/graph';
import { isBlock } from '../core/graph';
import { createRng } from '../core/rng';
import type { Rng } from '../core/rng';

export type ParamRole = 'weight' | 'bias' | 'gamma' | 'beta';

export interface InitialParam {
  /** e.g. "stage2.block1.conv1.weight". */
  name: string;
  /** The op that owns it, e.g. "stage2.block1.conv1". */
  layer: string;
  /** The residual block that owns it, if any. */
  block?: string;
  role: ParamRole;
  /** Conv kernels are [k, k, C_in, C_out]; fc kernels [in, out]. */
  shape: number[];
  values: Float32Array;
}

export interface InitialState {
  /** Trainable parameters in forward (graph) order. */
  params: InitialParam[];
  /** Batch-norm ops, in order, with their channel count. */
  batchNorms: { name: string; channels: number }[];
}

/** Every op of the graph, in forward order, with the block it belongs to. */
export function opsInOrder(nodes: GraphNode[]): { op: Op; block?: string }[] {
  const out: { op: Op; block?: string }[] = [];
  for (const n of nodes) {
    if (!isBlock(n)) {
      out.push({ op: n });
      continue;
    }
    const ops = [
      ...n.pre,
      ...n.branch,
      ...(n.shortcut.type === 'projection' ? n.shortcut.ops : []),
      ...n.post,
    ];
    for (const op of ops) out.push({ op, block: n.name });
  }
  return out;
}

function normal(rng: Rng, size: number, std: number): Float32Array {
  const a = new Float32Array(size);
  for (let i = 0; i < size; i++) a[i] = rng.normal() * std;
  return a;
}

export function initialState(nodes: GraphNode[], seed: number): InitialState {
  const rng = createRng(seed);
  const ops = opsInOrder(nodes);
  const classifier = ops.filter(({ op }) => op.type === 'fc').at(-1)?.op.name;
  const params: InitialParam[] = [];
  const batchNorms: InitialState['batchNorms'] = [];
  const add = (
    layer: string,
    block: string | undefined,
    role: ParamRole,
    shape: number[],
    values: Float32Array,
  ) => params.push({ name: `${layer}.${role}`, layer, role, shape, values, ...(block ? { block } : {}) });
  const filled = (n: number, v: number) => new Float32Array(n).fill(v);
  for (const { op, block } of ops) {
    switch (op.type) {
      case 'conv': {
        const fanIn = op.kernel * op.kernel * op.inChannels;
        const shape = [op.kernel, op.kernel, op.inChannels, op.outChannels];
        add(op.name, block, 'weight', shape, normal(rng, fanIn * op.outChannels, Math.sqrt(2 / fanIn)));
        if (op.bias) add(op.name, block, 'bias', [op.outChannels], filled(op.outChannels, 0));
        break;
      }
      case 'fc': {
        const gain = op.name === classifier ? 1 : 2;
        const shape = [op.inFeatures, op.outFeatures];
        add(
          op.name,
          block,
          'weight',
          shape,
          normal(rng, op.inFeatures * op.outFeatures, Math.sqrt(gain / op.inFeatures)),
        );
        if (op.bias) add(op.name, block, 'bias', [op.outFeatures], filled(op.outFeatures, 0));
        break;
      }
      case 'bn':
        add(op.name, block, 'gamma', [op.channels], filled(op.channels, 1));
        add(op.name, block, 'beta', [op.channels], filled(op.channels, 0));
        batchNorms.push({ name: op.name, channels: op.channels });
        break;
      default:
        break;
    }
  }
  return { params, batchNorms };
}
