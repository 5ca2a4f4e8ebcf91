/**
 * Where a session's data comes from, as plain data: a seeded toy, the shipped
 * Fashion-MNIST subset, or files the user brought (their bytes travel with the message).
 */
export type ToyKindName = 'spirals' | 'circles' | 'xor' | 'blobs' | 'checkerboard';

export type DataSource =
  | { kind: 'toy'; toy: ToyKindName; n: number; noise: number; testFraction: number; seed: number }
  | {
      kind: 'fashion';
      /** Use only the first this-many training examples (for tiny tests and demos). */ limit?: number;
    }
  | { kind: 'idx'; files: { name: string; bytes: Uint8Array }[] }
  | { kind: 'cifar10'; files: { name: string; bytes: Uint8Array }[] };

export type ToySource = Extract<DataSource, { kind: 'toy' }>;

/**
 * The toy every experiment trains on unless it says otherwise: two spirals of 500 points,
 * 20 % held out (400 to train on). The one home of these numbers.
 */
export const DEFAULT_TOY: Readonly<ToySource> = Object.freeze({
  kind: 'toy',
  toy: 'spirals',
  n: 500,
  noise: 0.1,
  testFraction: 0.2,
  seed: 1,
});

/** A toy with the default size and split, as the Lab's controls choose it. */
export function toySource(toy: ToyKindName, noise: number, seed: number): ToySource {
  return { ...DEFAULT_TOY, toy, noise, seed };
}

/** The input a source's examples have, for building matching NetSpecs: [2], [28, 28, 1] or [32, 32, 3]. */
export function sourceInputShape(s: DataSource): number[] | null {
  switch (s.kind) {
    case 'toy':
      return [2];
    case 'fashion':
      return [28, 28, 1];
    case 'cifar10':
      return [32, 32, 3];
    case 'idx':
      return null; // known once the files are parsed
  }
}
