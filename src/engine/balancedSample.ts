/**
 * Fixed, class-balanced samples of a split, chosen once per session: the held-out batch of
 * the response probes and the examples interim evaluations score.
 */
import { createRng, permutation } from '../core/rng';
import type { Dataset } from '../data/dataset';

/**
 * min(size, ds.n) indices into `ds`, class-balanced: classes take turns, each in a seeded
 * random order, until the sample is full or a class runs out; sorted ascending.
 */
export function balancedSample(ds: Dataset, seed: number, size: number): Int32Array {
  if (size >= ds.n) return Int32Array.from({ length: ds.n }, (_, i) => i);
  const rng = createRng(seed);
  const byClass = Array.from({ length: Math.max(1, ds.numClasses) }, () => [] as number[]);
  for (const i of permutation(ds.n, rng)) byClass[ds.y[i]!]?.push(i);
  const n = Math.min(size, ds.n);
  const out: number[] = [];
  const longest = Math.max(...byClass.map((c) => c.length));
  for (let k = 0; k < longest && out.length < n; k++)
    for (const c of byClass) if (k < c.length && out.length < n) out.push(c[k]!);
  return Int32Array.from(out).sort();
}
