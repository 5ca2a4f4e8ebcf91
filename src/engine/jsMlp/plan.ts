/**
 * An MLP's layer graph compiled to a flat list of steps over numbered activation slots,
 * so the forward pass is one loop over the steps and the backward pass the same loop
 * reversed. Slot 0 is the network input; every step writes a fresh slot (buffers.ts
 * decides which slots may share memory).
 *
 * A block  x' = pre(x);  y = post( F(x') + s )  becomes
 *   pre ops → branch ops → projection ops (if any) → block probe → add → post ops,
 * and a layer probe follows each op that responseLayers.ts taps (before the ReLU after it,
 * which may overwrite that op's output in place),
 * where s is x itself for an identity or padded shortcut (option A appends zero features,
 * so the add only covers the first `width(s)` features) and the projection's output for
 * options B and C. A plain block has no add: F goes straight to post.
 *
 * Backward, a slot read by several steps (a block input feeds both the branch and the
 * shortcut) receives the sum of their gradients: the step met first in reverse order
 * writes ∂L/∂slot, the later ones add to it (`grad: 'add'`). The input needs none.
 */
import type { BlockNode, NetGraph, Op } from '../../core/graph';
import { isBlock } from '../../core/graph';
import { responseLayers, tapIndex } from '../responseLayers';
import { assignBuffers } from './buffers';
import type { BufferLayout } from './buffers';

/** How a step's backward pass delivers the gradient of one of its inputs. */
export type GradMode = 'skip' | 'write' | 'add';

/** y = x·W + b, W [inF, outF] row-major. */
export interface DenseStep {
  kind: 'fc';
  src: number;
  dst: number;
  inF: number;
  outF: number;
  /** Parameter indices; `bias` is -1 when the layer has none. */
  weight: number;
  bias: number;
  grad: GradMode;
}

/** Batch norm over the batch axis; `norm` indexes the plan's batch-norm list. */
export interface NormStep {
  kind: 'bn';
  src: number;
  dst: number;
  channels: number;
  gamma: number;
  beta: number;
  norm: number;
  grad: GradMode;
}

export interface ReluStep {
  kind: 'relu';
  src: number;
  dst: number;
  grad: GradMode;
}

/** dst = branch + shortcut, the shortcut zero-padded to the branch's width (option A). */
export interface AddStep {
  kind: 'add';
  branch: number;
  shortcut: number;
  dst: number;
  branchGrad: GradMode;
  shortcutGrad: GradMode;
}

/**
 * Forward only, on probing passes: std(F) and ‖F‖ / ‖reference‖ of block `block`, or the
 * std of response layer `layer`'s output (slot `slot`).
 */
export type ProbeStep =
  | { kind: 'probe'; of: 'block'; block: number; branch: number; reference: number }
  | { kind: 'probe'; of: 'layer'; layer: number; slot: number };

export type Step = DenseStep | NormStep | ReluStep | AddStep | ProbeStep;

export interface Plan {
  /** Features of each slot. */
  widths: number[];
  steps: Step[];
  /** The logits' slot. */
  output: number;
  classes: number;
  /** Batch-norm ops in graph order (the order of `initialState(...).batchNorms`). */
  norms: { name: string; channels: number }[];
  /** Residual block names in graph order. */
  blocks: string[];
  /** The weight layers whose responses a probing pass measures (responseLayers.ts), in order. */
  layers: string[];
  /** Which slots share activation and gradient buffers. */
  buffers: BufferLayout;
}

export function compilePlan(
  graph: NetGraph,
  inputSize: number,
  params: readonly { name: string }[],
  norms: readonly { name: string; channels: number }[],
): Plan {
  const paramIndex = new Map(params.map((p, i) => [p.name, i]));
  const normIndex = new Map(norms.map((b, i) => [b.name, i]));
  const find = (map: Map<string, number>, name: string) => {
    const i = map.get(name);
    if (i === undefined) throw new Error(`jsMlp: missing ${name}`);
    return i;
  };
  const widths = [inputSize];
  const steps: Step[] = [];
  const blocks: string[] = [];
  const layers = responseLayers(graph);
  const taps = tapIndex(layers);
  const slot = (width: number) => widths.push(width) - 1;

  /** One op, then its layer probe if it is tapped; projections pass `tap` false. */
  function op(o: Op, src: number, tap = true): number {
    const dst = opStep(o, src);
    const layer = tap ? taps.get(o.name) : undefined;
    if (layer !== undefined) steps.push({ kind: 'probe', of: 'layer', layer, slot: dst });
    return dst;
  }

  function opStep(o: Op, src: number): number {
    switch (o.type) {
      case 'fc': {
        if (widths[src] !== o.inFeatures)
          throw new Error(`jsMlp: ${o.name} reads ${o.inFeatures} features, gets ${widths[src]}`);
        const dst = slot(o.outFeatures);
        steps.push({
          kind: 'fc',
          src,
          dst,
          inF: o.inFeatures,
          outF: o.outFeatures,
          weight: find(paramIndex, `${o.name}.weight`),
          bias: o.bias ? find(paramIndex, `${o.name}.bias`) : -1,
          grad: 'write',
        });
        return dst;
      }
      case 'bn': {
        const dst = slot(o.channels);
        steps.push({
          kind: 'bn',
          src,
          dst,
          channels: o.channels,
          gamma: find(paramIndex, `${o.name}.gamma`),
          beta: find(paramIndex, `${o.name}.beta`),
          norm: find(normIndex, o.name),
          grad: 'write',
        });
        return dst;
      }
      case 'relu': {
        const dst = slot(widths[src]!);
        steps.push({ kind: 'relu', src, dst, grad: 'write' });
        return dst;
      }
      default:
        throw new Error(`jsMlp: the fused MLP trainer has no ${o.type} op`);
    }
  }

  const ops = (list: Op[], src: number, tap = true) => list.reduce((s, o) => op(o, s, tap), src);

  function block(node: BlockNode, x: number): number {
    const index = blocks.push(node.name) - 1;
    const xPre = ops(node.pre, x);
    const f = ops(node.branch, xPre);
    const sc = node.shortcut;
    let s = -1;
    if (sc.type === 'identity' || sc.type === 'padded') {
      if (sc.type === 'padded' && sc.stride !== 1) throw new Error('jsMlp: MLP shortcuts have stride 1');
      s = x;
    } else if (sc.type === 'projection') s = ops(sc.ops, xPre, false);
    steps.push({ kind: 'probe', of: 'block', block: index, branch: f, reference: s >= 0 ? s : x });
    let y = f;
    if (s >= 0) {
      if (widths[s]! > widths[f]!) throw new Error(`jsMlp: ${node.name}'s shortcut is wider than its branch`);
      y = slot(widths[f]!);
      steps.push({ kind: 'add', branch: f, shortcut: s, dst: y, branchGrad: 'write', shortcutGrad: 'write' });
    }
    return ops(node.post, y);
  }

  let t = 0;
  for (const node of graph.nodes) t = isBlock(node) ? block(node, t) : op(node, t);
  assignGradModes(steps);
  return {
    widths,
    steps,
    output: t,
    classes: widths[t]!,
    norms: norms.map((b) => ({ name: b.name, channels: b.channels })),
    blocks,
    layers: layers.map((l) => l.name),
    buffers: assignBuffers(steps, widths, t),
  };
}

/** Walk the steps in reverse: the first gradient a slot receives is written, later ones added. */
function assignGradModes(steps: Step[]): void {
  const received = new Set<number>();
  const mode = (src: number): GradMode => {
    if (src === 0) return 'skip';
    const m = received.has(src) ? 'add' : 'write';
    received.add(src);
    return m;
  };
  for (let i = steps.length - 1; i >= 0; i--) {
    const s = steps[i]!;
    if (s.kind === 'probe') continue;
    if (s.kind === 'add') {
      s.branchGrad = mode(s.branch);
      s.shortcutGrad = mode(s.shortcut);
    } else s.grad = mode(s.src);
  }
}
