import type { Rng } from '../../core/rng';
import { createRng } from '../../core/rng';
import type { Dataset } from '../dataset';
import type { Split } from '../split';
import { stratifiedSplit } from '../split';
import { blobPoints } from './blobs';
import { checkerboardPoints } from './checkerboard';
import { circlePoints } from './circles';
import { spiralPoints } from './spirals';
import { xorPoints } from './xor';

/**
 * Seeded 2-D classification problems in the spirit of TensorFlow Playground. All
 * live roughly in [-1, 1]², so `noise` — the standard deviation of Gaussian noise
 * added to each coordinate — means the same thing for every kind.
 */
export type ToyKind = 'spirals' | 'circles' | 'xor' | 'blobs' | 'checkerboard';

export interface ToySpec {
  readonly kind: ToyKind;
  /** Total points, train + test, split as evenly as possible between classes. */
  readonly n: number;
  /** σ of the N(0, σ²) noise added to x and to y, in [0, 1]. */
  readonly noise: number;
  /** Fraction of each class held out for the test set, in [0, 1). */
  readonly testFraction: number;
  /** Integer seed; the same spec always gives the same points. */
  readonly seed: number;
  /** Number of classes: 2–8 for spirals (arms) and blobs; always 2 for the others. Default 2. */
  readonly classes?: number;
}

type PointMaker = (counts: readonly number[], rng: Rng) => Float32Array;

interface KindInfo {
  readonly make: PointMaker;
  /** Allowed class counts, inclusive. */
  readonly classes: readonly [min: number, max: number];
}

const KINDS: Readonly<Record<ToyKind, KindInfo>> = {
  spirals: { make: spiralPoints, classes: [2, 8] },
  circles: { make: circlePoints, classes: [2, 2] },
  xor: { make: xorPoints, classes: [2, 2] },
  blobs: { make: blobPoints, classes: [2, 8] },
  checkerboard: { make: checkerboardPoints, classes: [2, 2] },
};

export const TOY_KINDS = Object.keys(KINDS) as readonly ToyKind[];

export const MAX_TOY_POINTS = 1_000_000;
export const MAX_TOY_NOISE = 1;

/**
 * Generate a toy problem and split it into train and test sets (stratified, so
 * both keep the class balance). Points, noise and split each draw from their own
 * stream forked from the seed, so changing `noise` or `testFraction` keeps the
 * underlying clean points the same, and a noise slider moves each point along one
 * fixed direction (x + σ·ε with ε fixed by the seed) instead of reshuffling them.
 * Throws a RangeError naming the bad field.
 */
export function makeToy(spec: ToySpec): Split<Float32Array> {
  const info = checkSpec(spec);
  const streams = forkStreams(spec.seed);
  return stratifiedSplit(generate(spec, info, streams), spec.testFraction, streams.split);
}

/** All `n` points of a toy problem, grouped by class, before any split (the same points `makeToy` splits). */
export function makeToyPoints(spec: ToySpec): Dataset<Float32Array> {
  return generate(spec, checkSpec(spec), forkStreams(spec.seed));
}

interface Streams {
  readonly points: Rng;
  readonly noise: Rng;
  readonly split: Rng;
}

function forkStreams(seed: number): Streams {
  const rng = createRng(seed);
  const points = rng.fork();
  const noise = rng.fork();
  const split = rng.fork();
  return { points, noise, split };
}

function generate(spec: ToySpec, info: KindInfo, streams: Streams): Dataset<Float32Array> {
  const classes = spec.classes ?? 2;
  // Class c gets ⌊n/k⌋ points, plus one for the first n mod k classes.
  const counts = Array.from(
    { length: classes },
    (_, c) => Math.floor(spec.n / classes) + (c < spec.n % classes ? 1 : 0),
  );
  const x = info.make(counts, streams.points);
  if (spec.noise > 0) for (let i = 0; i < x.length; i++) x[i]! += spec.noise * streams.noise.normal();
  const y = new Int32Array(spec.n);
  let start = 0;
  counts.forEach((count, c) => {
    y.fill(c, start, start + count);
    start += count;
  });
  return { x, y, n: spec.n, shape: [2], numClasses: classes };
}

/** Throw a RangeError naming the first bad field of `spec` and its allowed range; return quietly if it is valid. */
export function validateToySpec(spec: ToySpec): void {
  checkSpec(spec);
}

function checkSpec(spec: ToySpec): KindInfo {
  const info = Object.hasOwn(KINDS, spec.kind) ? KINDS[spec.kind] : undefined;
  if (!info) {
    throw new RangeError(
      `makeToy: kind must be one of ${TOY_KINDS.map((k) => `'${k}'`).join(', ')} (got ${JSON.stringify(spec.kind)})`,
    );
  }
  const [minClasses, maxClasses] = info.classes;
  const classes = spec.classes ?? 2;
  if (!Number.isInteger(classes) || classes < minClasses || classes > maxClasses) {
    const allowed =
      minClasses === maxClasses ? `exactly ${minClasses}` : `an integer in [${minClasses}, ${maxClasses}]`;
    throw new RangeError(`makeToy: classes for '${spec.kind}' must be ${allowed} (got ${spec.classes})`);
  }
  if (!Number.isInteger(spec.n) || spec.n < classes || spec.n > MAX_TOY_POINTS) {
    throw new RangeError(`makeToy: n must be an integer in [${classes}, ${MAX_TOY_POINTS}] (got ${spec.n})`);
  }
  if (!(spec.noise >= 0 && spec.noise <= MAX_TOY_NOISE)) {
    throw new RangeError(`makeToy: noise must be a number in [0, ${MAX_TOY_NOISE}] (got ${spec.noise})`);
  }
  if (!(spec.testFraction >= 0 && spec.testFraction < 1)) {
    throw new RangeError(`makeToy: testFraction must be in [0, 1) (got ${spec.testFraction})`);
  }
  if (!Number.isSafeInteger(spec.seed)) {
    throw new RangeError(`makeToy: seed must be an integer (got ${spec.seed})`);
  }
  return info;
}
