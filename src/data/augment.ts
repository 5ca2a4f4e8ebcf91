import type { Rng } from '../core/rng';
import type { ImageShape } from './dataset';

/**
 * The CIFAR-10 training augmentation of He et al. 2015 (§4.2): pad each side with
 * `pad` zero pixels, take a random H×W crop of the padded image, and flip it
 * left–right with probability ½. Zero is in the units of the input, so padding
 * after standardisation fills with the channel mean.
 */
export interface AugmentOptions {
  /** Zero pixels added on each side before cropping. Default 4 (the paper's). */
  readonly pad?: number;
  /** Whether to flip horizontally with probability ½. Default true. */
  readonly flip?: boolean;
}

/** One image's draw: the crop's top-left corner in padded coordinates (each in [0, 2·pad]) and the flip. */
export interface CropFlip {
  readonly dy: number;
  readonly dx: number;
  readonly flip: boolean;
}

/**
 * out[y, x, c] = P[y + dy, x' + dx, c] with x' = W − 1 − x when flipping (else x),
 * where P is the image padded by `pad` zeros: P[py, px] = img[py − pad, px − pad]
 * inside the image and 0 outside.
 */
export function padCropFlip(image: Float32Array, shape: ImageShape, pad: number, t: CropFlip): Float32Array {
  const [h, w, c] = shape;
  if (image.length !== h * w * c) {
    throw new RangeError(`padCropFlip: a ${h}×${w}×${c} image has ${h * w * c} values, got ${image.length}`);
  }
  checkCrop(pad, t);
  const out = new Float32Array(image.length);
  writeCropFlip(image, 0, out, 0, shape, pad, t);
  return out;
}

/**
 * Augment every image of an NHWC batch independently into a new array. Draws per
 * image, in order: dy = rng.int(2·pad + 1), dx = rng.int(2·pad + 1), then (when
 * flipping is on) flip = rng.next() < ½; so a given Rng state gives one result.
 */
export function augmentBatch(
  batch: Float32Array,
  shape: ImageShape,
  rng: Rng,
  options: AugmentOptions = {},
): Float32Array {
  const { pad = 4, flip = true } = options;
  if (!Number.isInteger(pad) || pad < 0)
    throw new RangeError(`augmentBatch: pad must be an integer ≥ 0 (got ${pad})`);
  const [h, w, c] = shape;
  const size = h * w * c;
  if (size === 0 || batch.length % size !== 0) {
    throw new RangeError(
      `augmentBatch: batch length ${batch.length} is not a multiple of the ${h}×${w}×${c} image`,
    );
  }
  const out = new Float32Array(batch.length);
  for (let offset = 0; offset < batch.length; offset += size) {
    const dy = rng.int(2 * pad + 1);
    const dx = rng.int(2 * pad + 1);
    const flipped = flip && rng.next() < 0.5;
    writeCropFlip(batch, offset, out, offset, shape, pad, { dy, dx, flip: flipped });
  }
  return out;
}

function checkCrop(pad: number, { dy, dx }: CropFlip): void {
  if (!Number.isInteger(pad) || pad < 0)
    throw new RangeError(`padCropFlip: pad must be an integer ≥ 0 (got ${pad})`);
  for (const [name, v] of [
    ['dy', dy],
    ['dx', dx],
  ] as const) {
    if (!Number.isInteger(v) || v < 0 || v > 2 * pad) {
      throw new RangeError(`padCropFlip: ${name} must be an integer in [0, ${2 * pad}] (got ${v})`);
    }
  }
}

function writeCropFlip(
  src: Float32Array,
  srcOffset: number,
  dst: Float32Array,
  dstOffset: number,
  [h, w, c]: ImageShape,
  pad: number,
  { dy, dx, flip }: CropFlip,
): void {
  for (let y = 0; y < h; y++) {
    const sy = y + dy - pad;
    for (let x = 0; x < w; x++) {
      const sx = (flip ? w - 1 - x : x) + dx - pad;
      const o = dstOffset + (y * w + x) * c;
      if (sy < 0 || sy >= h || sx < 0 || sx >= w) {
        dst.fill(0, o, o + c);
      } else {
        const s = srcOffset + (sy * w + sx) * c;
        for (let ch = 0; ch < c; ch++) dst[o + ch] = src[s + ch]!;
      }
    }
  }
}
