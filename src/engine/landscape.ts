/**
 * Loss-landscape slices (Li et al. 2018, "Visualizing the loss landscape of neural nets"):
 * the loss at θ + α·δ (1-D) or θ + α·δ + β·η (2-D) around trained weights θ, along random
 * directions δ, η normalised filter by filter:
 *
 *   δ_f ← δ_f · ‖θ_f‖ / ‖δ_f‖   for each filter f of each weight tensor,
 *
 * a filter being one output channel of a conv kernel [k, k, in, out] (its k·k·in weights) or
 * one output unit of a dense layer [in, out]. So a direction moves every filter in proportion
 * to its own scale, which batch norm otherwise makes arbitrary. As in the paper, biases and
 * batch-norm parameters are left out (their direction is 0), and the running statistics are
 * used as trained. The loss is the mean cross-entropy of the softmax on a fixed subset.
 */
import type { NetGraph, Op } from '../core/graph';
import { isBlock } from '../core/graph';
import { createRng } from '../core/rng';
import type { TrainerState } from './trainerTypes';

type Weights = Record<string, Float32Array>;

/** Every conv and dense layer of the graph, in order (blocks' branches and projections included). */
export function weightLayers(graph: NetGraph): Extract<Op, { type: 'conv' | 'fc' }>[] {
  const out: Extract<Op, { type: 'conv' | 'fc' }>[] = [];
  const take = (ops: Op[]) => {
    for (const op of ops) if (op.type === 'conv' || op.type === 'fc') out.push(op);
  };
  for (const n of graph.nodes) {
    if (!isBlock(n)) take([n]);
    else {
      take(n.pre);
      take(n.branch);
      if (n.shortcut.type === 'projection') take(n.shortcut.ops);
      take(n.post);
    }
  }
  return out;
}

/** Output channels (filters) of a layer; a weight array is [..., out] with out fastest. */
const filtersOf = (op: Extract<Op, { type: 'conv' | 'fc' }>) =>
  op.type === 'conv' ? op.outChannels : op.outFeatures;

/** Each filter's Euclidean norm: filter f holds elements f, f + out, f + 2·out, … */
export function filterNorms(a: Float32Array, filters: number): Float64Array {
  const sq = new Float64Array(filters);
  for (let i = 0; i < a.length; i++) sq[i % filters]! += a[i]! * a[i]!;
  return sq.map(Math.sqrt);
}

/**
 * A random direction over the weight tensors of `graph`, filter-normalised to `weights`
 * (Gaussian entries from `seed`). Only weight tensors appear; everything else moves by 0.
 */
export function filterNormalizedDirection(graph: NetGraph, weights: Weights, seed: number): Weights {
  const rng = createRng(seed);
  const out: Weights = {};
  for (const op of weightLayers(graph)) {
    const name = `${op.name}.weight`;
    const theta = weights[name];
    if (!theta) throw new RangeError(`the weights have no ${name}`);
    const filters = filtersOf(op);
    const d = new Float32Array(theta.length);
    for (let i = 0; i < d.length; i++) d[i] = rng.normal();
    const dn = filterNorms(d, filters);
    const tn = filterNorms(theta, filters);
    for (let i = 0; i < d.length; i++) {
      const f = i % filters;
      d[i] = dn[f]! > 0 ? (d[i]! * tn[f]!) / dn[f]! : 0;
    }
    out[name] = d;
  }
  return out;
}

/** θ + Σ cᵢ·dᵢ over the arrays the directions hold; the rest shared with `weights`. */
export function moved(weights: Weights, steps: readonly [number, Weights][]): Weights {
  const out: Weights = { ...weights };
  for (const name of new Set(steps.flatMap(([, d]) => Object.keys(d)))) {
    const a = weights[name]!.slice();
    for (const [c, d] of steps) {
      const v = d[name];
      if (!v || c === 0) continue;
      for (let i = 0; i < a.length; i++) a[i]! += c * v[i]!;
    }
    out[name] = a;
  }
  return out;
}

/** The coordinates of a slice: n points evenly over [−span, span] (n odd puts 0 in the middle). */
export function sliceAxis(n: number, span = 1): number[] {
  if (n < 2) return [0];
  return Array.from({ length: n }, (_, i) => -span + (2 * span * i) / (n - 1));
}

/** Mean cross-entropy of softmax probabilities (row-major n × classes) against labels. */
export function crossEntropy(probs: Float32Array, labels: Int32Array, classes: number): number {
  let s = 0;
  for (let i = 0; i < labels.length; i++) s -= Math.log(Math.max(probs[i * classes + labels[i]!]!, 1e-12));
  return s / labels.length;
}

export interface LandscapeOptions {
  /** Points per axis (default 21); odd, so that the trained weights are the centre. */
  n?: number;
  /** 1: a curve along δ; 2: a grid over δ and η (default). */
  dims?: 1 | 2;
  /** The slice covers [−span, span] on each axis (default 1: one trained filter norm). */
  span?: number;
  seed: number;
  onProgress?(done: number, total: number): void;
  /** Polled between evaluations: true ends the slice (it then returns null). */
  cancelled?(): boolean;
}

export interface LandscapeSlice {
  run: string;
  /** The coordinates along δ (and η): sliceAxis(n, span). */
  axis: number[];
  dims: 1 | 2;
  /** Loss at each point: n values, or n × n with α (along δ) fastest. */
  loss: Float64Array;
  /** The loss at the trained weights (the centre). */
  centre: number;
}

/**
 * One slice of a trained run's loss landscape. `loss` scores the trainer's current weights
 * on the fixed subset; the trainer's own state is put back at the end, whatever happens.
 */
export async function landscapeSlice(
  trainer: { id: string; saveState(): Promise<TrainerState>; loadState(s: TrainerState): void },
  graph: NetGraph,
  loss: () => Promise<number>,
  o: LandscapeOptions,
): Promise<LandscapeSlice | null> {
  const n = o.n ?? 21;
  const dims = o.dims ?? 2;
  const axis = sliceAxis(n, o.span ?? 1);
  const saved = await trainer.saveState();
  const delta = filterNormalizedDirection(graph, saved.weights, o.seed);
  const eta = dims === 2 ? filterNormalizedDirection(graph, saved.weights, o.seed + 1) : null;
  const total = 1 + (dims === 2 ? n * n : n);
  const out = new Float64Array(total - 1);
  let done = 0;
  const at = async (steps: [number, Weights][]) => {
    if (o.cancelled?.()) return null;
    trainer.loadState({ ...saved, weights: moved(saved.weights, steps) });
    const v = await loss();
    o.onProgress?.(++done, total);
    return v;
  };
  try {
    const centre = await at([]);
    if (centre === null) return null;
    for (let j = 0; j < (eta ? n : 1); j++)
      for (let i = 0; i < n; i++) {
        const v = await at(
          eta
            ? [
                [axis[i]!, delta],
                [axis[j]!, eta],
              ]
            : [[axis[i]!, delta]],
        );
        if (v === null) return null;
        out[j * n + i] = v;
      }
    return { run: trainer.id, axis, dims, loss: out, centre };
  } finally {
    trainer.loadState(saved);
  }
}
