import type { Rng } from '../core/rng';
import { permutation } from '../core/rng';
import type { Dataset, Features } from './dataset';
import { selectSamples } from './dataset';

export interface Split<X extends Features = Features> {
  readonly train: Dataset<X>;
  readonly test: Dataset<X>;
}

/**
 * A stratified random split: from each class of m_c samples, round(m_c · testFraction)
 * go to the test set, so both sets keep the class proportions. Each set comes out
 * in a random order (the rng's), not grouped by class.
 */
export function stratifiedSplit<X extends Features>(
  ds: Dataset<X>,
  testFraction: number,
  rng: Rng,
): Split<X> {
  if (!(testFraction >= 0 && testFraction < 1)) {
    throw new RangeError(`stratifiedSplit: testFraction must be in [0, 1) (got ${testFraction})`);
  }
  const byClass: number[][] = Array.from({ length: ds.numClasses }, () => []);
  ds.y.forEach((label, i) => byClass[label]?.push(i));
  const train: number[] = [];
  const test: number[] = [];
  for (const members of byClass) {
    const order = permutation(members.length, rng);
    const testCount = Math.round(members.length * testFraction);
    order.forEach((j, k) => (k < testCount ? test : train).push(members[j]!));
  }
  const shuffled = (idx: number[]): number[] => Array.from(permutation(idx.length, rng), (j) => idx[j]!);
  return { train: selectSamples(ds, shuffled(train)), test: selectSamples(ds, shuffled(test)) };
}
