/**
 * The one shape every ResLab data source produces and the training engine consumes.
 *
 * Samples are stored flat, sample-major: sample `i` occupies
 * `x[i * size(shape) .. (i + 1) * size(shape))`. Images are NHWC (row-major
 * height, then width, then channel), the layout tfjs expects.
 *
 * Two storage kinds, chosen by where the data comes from:
 * - `Float32Array` for real-valued features (toy 2-D points, normalised images);
 * - `Uint8Array` for raw 0–255 pixels exactly as an IDX or CIFAR file holds them.
 *   Raw pixels are a quarter the size of floats (full CIFAR-10 is 150 MB as bytes,
 *   600 MB as floats), so image parsers return bytes and the float conversion
 *   happens per batch (`gatherBatch`) or once for a small set (`normalizeDataset`).
 */
export type Features = Float32Array | Uint8Array;

/** Per-sample shape: `[features]` for vectors, `[height, width, channels]` for images. */
export type SampleShape =
  readonly [features: number] | readonly [height: number, width: number, channels: number];

/** Image shape (NHWC without the N). */
export type ImageShape = readonly [height: number, width: number, channels: number];

export interface Dataset<X extends Features = Features> {
  /** All samples, flat and sample-major (NHWC for images). Length `n * sampleSize(shape)`. */
  readonly x: X;
  /** Class index of each sample, in `[0, numClasses)`. Length `n`. */
  readonly y: Int32Array;
  /** Number of samples. */
  readonly n: number;
  readonly shape: SampleShape;
  readonly numClasses: number;
  /** Human-readable name of each class, indexed by label, when the source has them. */
  readonly classNames?: readonly string[];
}

/** Number of values in one sample: the product of the shape. */
export function sampleSize(shape: SampleShape): number {
  let size = 1;
  for (const d of shape) size *= d;
  return size;
}

/** True when the shape is `[height, width, channels]`. */
export function isImageShape(shape: SampleShape): shape is ImageShape {
  return shape.length === 3;
}

/** How many samples of each class: `counts[c] = #{i : y[i] = c}`. Labels outside the range are ignored. */
export function classCounts(y: Int32Array, numClasses: number): Int32Array {
  const counts = new Int32Array(numClasses);
  for (const label of y) if (label >= 0 && label < numClasses) counts[label]!++;
  return counts;
}

/**
 * The samples at `indices`, in that order, as a new dataset of the same storage kind
 * (used for splits and subsets; copies, so the result never aliases its source).
 */
export function selectSamples<X extends Features>(ds: Dataset<X>, indices: ArrayLike<number>): Dataset<X> {
  const size = sampleSize(ds.shape);
  const x = (
    ds.x instanceof Uint8Array
      ? new Uint8Array(indices.length * size)
      : new Float32Array(indices.length * size)
  ) as X;
  const y = new Int32Array(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k]!;
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
      throw new RangeError(`selectSamples: index ${i} at position ${k} is outside [0, ${ds.n - 1}]`);
    }
    x.set(ds.x.subarray(i * size, (i + 1) * size), k * size);
    y[k] = ds.y[i]!;
  }
  return withSamples(ds, x, y);
}

/** A dataset like `ds` (shape, classes, names) holding other samples. */
export function withSamples<X extends Features>(ds: Dataset<Features>, x: X, y: Int32Array): Dataset<X> {
  const base = { x, y, n: y.length, shape: ds.shape, numClasses: ds.numClasses };
  return ds.classNames ? { ...base, classNames: ds.classNames } : base;
}
