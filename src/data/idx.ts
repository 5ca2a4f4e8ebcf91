import { DataFormatError } from './errors';

/**
 * The IDX file format of MNIST and Fashion-MNIST (LeCun et al.): a 4-byte magic
 * number `0x00 0x00 <type> <ndims>`, then `ndims` big-endian uint32 dimension
 * sizes, then the values in row-major order. Only type 0x08 (unsigned byte) is
 * used by these datasets, so only it is accepted:
 *   images: magic 0x00000803, dims [count, rows, cols]
 *   labels: magic 0x00000801, dims [count]
 * These functions work on raw (inflated) bytes; `loadIdxDataset` handles gzip.
 */
export const IDX_IMAGES_MAGIC = 0x00000803;
export const IDX_LABELS_MAGIC = 0x00000801;

export interface IdxImages {
  readonly count: number;
  readonly rows: number;
  readonly cols: number;
  /** `count * rows * cols` bytes, image-major, row-major within an image. */
  readonly pixels: Uint8Array;
}

/** Parse an IDX images file (magic 0x00000803). `what` names the file in error messages. */
export function parseIdxImages(bytes: Uint8Array, what = 'images file'): IdxImages {
  const [count, rows, cols] = readHeader(bytes, IDX_IMAGES_MAGIC, 3, what) as [number, number, number];
  const pixels = readBody(bytes, [count, rows, cols], what);
  return { count, rows, cols, pixels };
}

/** Parse an IDX labels file (magic 0x00000801) into one byte per label. */
export function parseIdxLabels(bytes: Uint8Array, what = 'labels file'): Uint8Array {
  const [count] = readHeader(bytes, IDX_LABELS_MAGIC, 1, what) as [number];
  return readBody(bytes, [count], what);
}

/** Write unsigned-byte values with the given dims as an IDX file (the inverse of the parsers). */
export function encodeIdx(dims: readonly number[], values: Uint8Array): Uint8Array {
  const expected = dims.reduce((a, b) => a * b, 1);
  if (dims.length < 1 || dims.length > 255)
    throw new RangeError(`encodeIdx: dims must have 1–255 entries (got ${dims.length})`);
  if (values.length !== expected) {
    throw new RangeError(
      `encodeIdx: dims [${dims.join(', ')}] need ${expected} values, got ${values.length}`,
    );
  }
  const header = 4 + 4 * dims.length;
  const out = new Uint8Array(header + values.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000800 | dims.length);
  dims.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  out.set(values, header);
  return out;
}

function hex32(n: number): string {
  return `0x${n.toString(16).padStart(8, '0')}`;
}

function readHeader(bytes: Uint8Array, magic: number, ndims: number, what: string): number[] {
  if (bytes.length === 0) throw new DataFormatError('empty-file', `${what}: the file is empty`);
  const headerLength = 4 + 4 * ndims;
  if (bytes.length < 4) {
    throw new DataFormatError(
      'truncated-header',
      `${what}: truncated header: ${bytes.length} bytes, but the magic number alone needs 4`,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found = view.getUint32(0);
  if (found !== magic) {
    const kind = magic === IDX_IMAGES_MAGIC ? 'IDX images' : 'IDX labels';
    const hint =
      found === IDX_IMAGES_MAGIC
        ? ' (that is an images file)'
        : found === IDX_LABELS_MAGIC
          ? ' (that is a labels file)'
          : found >>> 16 === 0x1f8b
            ? ' (the file looks gzip-compressed)'
            : '';
    throw new DataFormatError(
      'bad-magic',
      `${what}: bad magic number ${hex32(found)}${hint}, expected ${hex32(magic)} for ${kind}`,
    );
  }
  if (bytes.length < headerLength) {
    throw new DataFormatError(
      'truncated-header',
      `${what}: truncated header: ${ndims} dimension${ndims > 1 ? 's' : ''} need ${headerLength} header bytes, got ${bytes.length}`,
    );
  }
  return Array.from({ length: ndims }, (_, i) => view.getUint32(4 + 4 * i));
}

/** The data bytes after the header, copied; the file must hold exactly what the header promises. */
function readBody(bytes: Uint8Array, dims: readonly number[], what: string): Uint8Array {
  const headerLength = 4 + 4 * dims.length;
  const dataLength = dims.reduce((a, b) => a * b, 1);
  const expected = headerLength + dataLength;
  if (bytes.length !== expected) {
    throw new DataFormatError(
      'length-mismatch',
      `${what}: length mismatch: header dims [${dims.join(', ')}] mean ${expected} bytes ` +
        `(${headerLength} header + ${dataLength} data), got ${bytes.length}`,
    );
  }
  return bytes.slice(headerLength);
}
