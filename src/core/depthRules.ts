/**
 * Which depths a family of nets can have: the one home of the 6n+2 / 9n+2 (CIFAR-style conv
 * nets) and 2k+2 / 3k+2 (MLPs) rules, used by the catalog, the Lab's sliders and its URLs.
 *
 * Depth counts weight layers as the paper does: the stem and the classifier (2) plus every
 * layer of every block. A block holds p layers (p = 2 basic, 3 bottleneck); an MLP has one
 * stage of k blocks, so depth = p·k + 2; a CIFAR-style net has three stages of n blocks, so
 * depth = 3·p·n + 2 (the paper's 6n+2 for basic blocks, §4.2).
 */
import type { BlockType } from './netSpec';
import { SpecError } from './specError';

/** `mlp`: one stage of dense blocks. `cifar`: three stages of conv blocks (paper §4.2). */
export type DepthFamily = 'mlp' | 'cifar';

const STAGES: Record<DepthFamily, number> = { mlp: 1, cifar: 3 };

/** Weight layers per block: 2 for basic, 3 for bottleneck. */
export function layersPerBlock(block: BlockType): number {
  return block === 'basic' ? 2 : 3;
}

/** Layers added by one more block in every stage: p (MLP) or 3p (CIFAR-style). */
export function depthStep(family: DepthFamily, block: BlockType): number {
  return STAGES[family] * layersPerBlock(block);
}

export function isValidDepth(family: DepthFamily, block: BlockType, depth: number): boolean {
  const step = depthStep(family, block);
  return Number.isInteger(depth) && depth >= step + 2 && (depth - 2) % step === 0;
}

/** The rule in words, e.g. "6n+2 layers for n ≥ 1". */
export function depthRule(family: DepthFamily, block: BlockType): string {
  const v = family === 'mlp' ? 'k' : 'n';
  return `${depthStep(family, block)}${v}+2 layers for ${v} ≥ 1`;
}

/** Blocks per stage of a net of this depth; throws a SpecError on `depth` stating the rule. */
export function blocksPerStage(family: DepthFamily, block: BlockType, depth: number): number {
  if (!isValidDepth(family, block, depth)) {
    const what = family === 'mlp' ? `an MLP of ${block} blocks` : `a CIFAR-style ${block} net`;
    throw new SpecError('depth', `${what} has ${depthRule(family, block)} (got ${depth})`);
  }
  return (depth - 2) / depthStep(family, block);
}

/** Every valid depth up to `limit`, shallowest first. */
export function validDepthsUpTo(family: DepthFamily, block: BlockType, limit: number): number[] {
  const step = depthStep(family, block);
  const out: number[] = [];
  for (let d = step + 2; d <= limit; d += step) out.push(d);
  return out;
}
