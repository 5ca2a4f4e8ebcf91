import type { Dataset } from './dataset';
import { DataFormatError } from './errors';
import { maybeGunzip } from './gzip';
import { parseIdxImages, parseIdxLabels } from './idx';

export interface IdxDatasetOptions {
  /** Labels must lie in `[0, numClasses)`. Default 10 (MNIST, Fashion-MNIST). */
  readonly numClasses?: number;
  /** One name per class, indexed by label (e.g. `FASHION_MNIST_CLASSES`). */
  readonly classNames?: readonly string[];
  /** What to call the two files in error messages. */
  readonly imagesName?: string;
  readonly labelsName?: string;
}

/**
 * Pair an IDX images file and an IDX labels file (each raw or gzip) into one
 * grayscale dataset of shape `[rows, cols, 1]` with raw 0–255 pixels. Async only
 * because inflating gzip is. Throws `DataFormatError` on any defect; never
 * returns a partial dataset.
 */
export async function loadIdxDataset(
  imagesFile: Uint8Array,
  labelsFile: Uint8Array,
  options: IdxDatasetOptions = {},
): Promise<Dataset<Uint8Array>> {
  const { numClasses = 10, classNames, imagesName = 'images file', labelsName = 'labels file' } = options;
  if (!Number.isInteger(numClasses) || numClasses < 1 || numClasses > 256) {
    throw new RangeError(`loadIdxDataset: numClasses must be an integer in [1, 256] (got ${numClasses})`);
  }
  if (classNames && classNames.length !== numClasses) {
    throw new RangeError(
      `loadIdxDataset: classNames must have numClasses = ${numClasses} entries (got ${classNames.length})`,
    );
  }
  const images = parseIdxImages(await maybeGunzip(imagesFile, imagesName), imagesName);
  const labels = parseIdxLabels(await maybeGunzip(labelsFile, labelsName), labelsName);
  if (labels.length !== images.count) {
    throw new DataFormatError(
      'count-mismatch',
      `image/label count mismatch: ${imagesName} holds ${images.count} images, ${labelsName} holds ${labels.length} labels`,
    );
  }
  const y = new Int32Array(images.count);
  for (let i = 0; i < images.count; i++) {
    const label = labels[i]!;
    if (label >= numClasses) {
      throw new DataFormatError(
        'label-out-of-range',
        `${labelsName}: label ${label} at index ${i} is out of range [0, ${numClasses - 1}]`,
      );
    }
    y[i] = label;
  }
  const base = {
    x: images.pixels,
    y,
    n: images.count,
    shape: [images.rows, images.cols, 1] as const,
    numClasses,
  };
  return classNames ? { ...base, classNames } : base;
}
