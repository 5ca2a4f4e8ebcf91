/**
 * Which layers the response probe (the paper's Figure 7) measures, and at which op.
 *
 * He et al. plot the std of each 3×3 layer's output after batch norm, before the
 * nonlinearity and before the addition. Here that is every weight layer of the residual
 * functions, in network order: the stem's weight layer and each branch weight layer of
 * every block (two per basic block, three per bottleneck); in a VGG, its conv layers. The
 * value is read at the batch norm that directly follows the weight layer in its op list,
 * or, where none does (batch norm off, or the last layer of a pre-activation branch), at
 * the weight layer's own output, bias included.
 *
 * Left out: projection shortcuts, which belong to the shortcut and not to a residual
 * function F; and the classifier (`head.*`), whose output is the logits, not a response.
 */
import type { NetGraph, Op } from '../core/graph';
import { isBlock } from '../core/graph';

export interface ResponseLayer {
  /** The weight op, e.g. "stage1.block1.conv1" (an MLP's dense layers are named conv too). */
  name: string;
  /** The op whose output is measured: the weight op's batch norm, or the weight op itself. */
  tap: string;
}

const isWeight = (op: Op) => op.type === 'conv' || op.type === 'fc';

function fromOps(ops: readonly Op[], out: ResponseLayer[]): void {
  ops.forEach((op, i) => {
    if (!isWeight(op) || op.name.startsWith('head.')) return;
    const next = ops[i + 1];
    out.push({ name: op.name, tap: next?.type === 'bn' ? next.name : op.name });
  });
}

export function responseLayers(graph: NetGraph): ResponseLayer[] {
  const out: ResponseLayer[] = [];
  let plain: Op[] = [];
  for (const node of graph.nodes) {
    if (!isBlock(node)) {
      plain.push(node);
      continue;
    }
    fromOps(plain, out);
    plain = [];
    fromOps([...node.pre, ...node.branch], out);
  }
  fromOps(plain, out);
  return out;
}

/** Tap op name → index of its layer in `responseLayers` order. */
export function tapIndex(layers: readonly ResponseLayer[]): Map<string, number> {
  return new Map(layers.map((l, i) => [l.tap, i]));
}
