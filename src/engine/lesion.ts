/**
 * Deleting blocks from a trained network (Veit et al. 2016, "Residual networks behave like
 * ensembles of relatively shallow networks"), as an edit of its weights, so that both
 * trainers (tfjs and the fused JS kernel) evaluate the lesioned net with their own forward
 * pass, in inference mode: batch-norm statistics as trained.
 *
 * - A residual block y = post(F(x) + s(x)) loses its branch F: the branch's last affine
 *   layer is zeroed (a batch norm's γ and β, else a conv's or dense layer's weight and bias),
 *   so F(x) = 0 exactly and y = post(s(x)). The shortcut stays (identity, padded or
 *   projection), so a downsampling block can be deleted too.
 * - A plain block y = post(F(x)) has no shortcut to fall back on. Where the shapes allow it
 *   is bridged with the identity: every conv or dense layer of F becomes the identity map
 *   (the centre tap of each kernel, 1 from channel c to channel c) with no bias, and every
 *   batch norm passes its input through, γ = √(running var + ε), β = running mean, since
 *   (x − μ)/√(σ² + ε)·γ + β = x. Its ReLUs pass x unchanged because x ≥ 0: the block's
 *   input comes out of a ReLU. Where it changes shape, narrows (a bottleneck), or its input
 *   can be negative, it cannot be bridged, and the plan says why.
 */
import type { BlockNode, GraphNode, NetGraph, Op } from '../core/graph';
import { isBlock } from '../core/graph';
import { createRng } from '../core/rng';
import { BN_EPSILON } from './bnConstants';
import type { TrainerState } from './trainerTypes';

export interface BlockLesion {
  block: string;
  stage: number;
  index: number;
  /** The block changes the shape (stride or channels): the paper marks these. */
  downsampling: boolean;
  residual: boolean;
  /** Why the block cannot be deleted; absent when it can. */
  why?: string;
}

type Weights = Record<string, Float32Array>;

const affine = (op: Op) => op.type === 'conv' || op.type === 'fc' || op.type === 'bn';

/** Ends in a ReLU: the op itself, or a block whose last op is one. */
function endsInRelu(node: GraphNode | undefined): boolean {
  if (!node) return false;
  if (!isBlock(node)) return node.type === 'relu';
  return node.post.at(-1)?.type === 'relu';
}

/** Why a plain block cannot be bridged with the identity, or null when it can. */
function unbridgeable(b: BlockNode, before: GraphNode | undefined): string | null {
  if (b.stride !== 1 || b.inChannels !== b.outChannels)
    return `it changes the shape (${b.inChannels}→${b.outChannels} channels, stride ${b.stride}), so no identity bridges it`;
  if (b.pre.length) return 'its pre-activation is shared with the next block';
  for (const op of b.branch) {
    if (op.type === 'conv' && (op.inChannels !== op.outChannels || op.stride !== 1 || op.kernel % 2 === 0))
      return `its layer ${op.name} maps ${op.inChannels} to ${op.outChannels} channels, which no identity does`;
    if (op.type === 'conv' && op.pad !== (op.kernel - 1) / 2)
      return `its layer ${op.name} is not padded to keep the size`;
    if (op.type === 'fc' && op.inFeatures !== op.outFeatures)
      return `its layer ${op.name} maps ${op.inFeatures} to ${op.outFeatures} features, which no identity does`;
    if (op.type === 'maxpool' || op.type === 'gap' || op.type === 'flatten')
      return `its layer ${op.name} (${op.type}) is not the identity`;
  }
  if (!endsInRelu(before)) return 'its input can be negative, which the ReLUs inside it would clip';
  return null;
}

/** Every block of the net, and whether (and why not) it can be deleted. */
export function lesionPlans(graph: NetGraph): BlockLesion[] {
  const out: BlockLesion[] = [];
  graph.nodes.forEach((node, i) => {
    if (!isBlock(node)) return;
    const residual = node.shortcut.type !== 'none';
    const why = residual
      ? node.branch.some(affine)
        ? null
        : 'its branch has no layer to zero'
      : unbridgeable(node, graph.nodes[i - 1]);
    out.push({
      block: node.name,
      stage: node.stage,
      index: node.index,
      downsampling: node.stride !== 1 || node.inChannels !== node.outChannels,
      residual,
      ...(why ? { why } : {}),
    });
  });
  return out;
}

function array(w: Weights, name: string): Float32Array {
  const a = w[name];
  if (!a) throw new RangeError(`the weights have no ${name}`);
  return a;
}

/** Sets `name` (and its bias, if any) to the identity map of its op. */
function identityLayer(w: Weights, op: Op): void {
  if (op.type === 'fc') {
    const a = array(w, `${op.name}.weight`).fill(0); // [in, out], row-major
    for (let c = 0; c < op.inFeatures; c++) a[c * op.outFeatures + c] = 1;
  } else if (op.type === 'conv') {
    const a = array(w, `${op.name}.weight`).fill(0); // [k, k, in, out]
    const k = op.kernel;
    const centre = ((k - 1) / 2) * k + (k - 1) / 2;
    for (let c = 0; c < op.inChannels; c++) a[(centre * op.inChannels + c) * op.outChannels + c] = 1;
  } else if (op.type === 'bn') {
    const gamma = array(w, `${op.name}.gamma`);
    const variance = array(w, `${op.name}.runningVar`);
    gamma.forEach((_, c) => (gamma[c] = Math.sqrt(variance[c]! + BN_EPSILON)));
    array(w, `${op.name}.beta`).set(array(w, `${op.name}.runningMean`));
    return;
  } else return;
  w[`${op.name}.bias`]?.fill(0);
}

/**
 * A copy of `weights` with `blocks` deleted (each must be one lesionPlans says can be).
 * Arrays not touched are shared with `weights`, which is never written.
 */
export function lesionedWeights(graph: NetGraph, weights: Weights, blocks: readonly string[]): Weights {
  const out: Weights = { ...weights };
  const own = (name: string) => {
    if (out[name] && out[name] === weights[name]) out[name] = weights[name]!.slice();
  };
  for (const name of blocks) {
    const b = graph.nodes.find((n): n is BlockNode => isBlock(n) && n.name === name);
    if (!b) throw new RangeError(`no block ${name}`);
    if (b.shortcut.type !== 'none') {
      const last = b.branch.filter(affine).at(-1)!;
      const roles = last.type === 'bn' ? ['gamma', 'beta'] : ['weight', 'bias'];
      for (const r of roles) {
        own(`${last.name}.${r}`);
        out[`${last.name}.${r}`]?.fill(0);
      }
    } else {
      for (const op of b.branch) for (const r of ['weight', 'bias', 'gamma', 'beta']) own(`${op.name}.${r}`);
      b.branch.forEach((op) => identityLayer(out, op));
    }
  }
  return out;
}

export interface LesionSingle extends BlockLesion {
  /** Test error with this block deleted; null for a block that cannot be. */
  error: number | null;
}

export interface LesionResult {
  run: string;
  /** Test error of the net as trained. */
  baseline: number;
  singles: LesionSingle[];
  /** For k = 1 … (deletable blocks − 1): the test error with k random blocks deleted, one per seed. */
  random: { k: number; errors: number[] }[];
}

export interface LesionOptions {
  /** Random subsets per k (default 3). */
  seeds?: number;
  seed: number;
  onProgress?(done: number, total: number): void;
  /** Polled between evaluations: true ends the study (it then returns null). */
  cancelled?(): boolean;
}

/** The evaluations a study of `plans` takes: the net itself, each block, each k and seed. */
export function lesionEvaluations(plans: readonly BlockLesion[], seeds = 3): number {
  const m = plans.filter((p) => !p.why).length;
  return 1 + m + Math.max(0, m - 1) * seeds;
}

/** k distinct items of `from`, by a partial Fisher–Yates shuffle on `rng`. */
function pick<T>(from: readonly T[], k: number, rng: { next(): number }): T[] {
  const a = [...from];
  for (let i = 0; i < k; i++) {
    const j = i + Math.floor(rng.next() * (a.length - i));
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

/**
 * The lesion study of one trained run: its test error as trained, with each block deleted
 * in turn, and with k random blocks deleted. `testError` scores the trainer's current
 * weights; the trainer's own state is put back at the end, whatever happens.
 */
export async function lesionStudy(
  trainer: { id: string; saveState(): Promise<TrainerState>; loadState(s: TrainerState): void },
  graph: NetGraph,
  testError: () => Promise<number>,
  o: LesionOptions,
): Promise<LesionResult | null> {
  const plans = lesionPlans(graph);
  const seeds = o.seeds ?? 3;
  const total = lesionEvaluations(plans, seeds);
  const saved = await trainer.saveState();
  let done = 0;
  const score = async (blocks: string[]) => {
    if (o.cancelled?.()) throw CANCELLED;
    trainer.loadState(
      blocks.length ? { ...saved, weights: lesionedWeights(graph, saved.weights, blocks) } : saved,
    );
    const e = await testError();
    o.onProgress?.(++done, total);
    return e;
  };
  try {
    const baseline = await score([]);
    const singles: LesionSingle[] = [];
    for (const p of plans) singles.push({ ...p, error: p.why ? null : await score([p.block]) });
    const deletable = plans.filter((p) => !p.why).map((p) => p.block);
    const rng = createRng(o.seed);
    const random: LesionResult['random'] = [];
    for (let k = 1; k < deletable.length; k++) {
      const errors: number[] = [];
      for (let s = 0; s < seeds; s++) errors.push(await score(pick(deletable, k, rng)));
      random.push({ k, errors });
    }
    return { run: trainer.id, baseline, singles, random };
  } catch (e) {
    if (e === CANCELLED) return null;
    throw e;
  } finally {
    trainer.loadState(saved);
  }
}

const CANCELLED = Symbol('cancelled');
