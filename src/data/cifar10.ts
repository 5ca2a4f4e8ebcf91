import { CIFAR10_CLASSES } from './classNames';
import type { Dataset } from './dataset';
import { DataFormatError } from './errors';
import { maybeGunzip } from './gzip';

/**
 * The CIFAR-10 binary format (`data_batch_1.bin` … `test_batch.bin`): fixed-size
 * records of 1 label byte then 3072 pixel bytes, planar: 1024 red, 1024 green,
 * 1024 blue, each a row-major 32×32 plane. A batch file from the official
 * archive holds 10,000 records; any whole number of records is accepted.
 */
export const CIFAR10_SIDE = 32;
export const CIFAR10_PIXELS = CIFAR10_SIDE * CIFAR10_SIDE * 3;
export const CIFAR10_RECORD_BYTES = 1 + CIFAR10_PIXELS;

/**
 * Parse one or more batch files (raw bytes) into one dataset, records in file
 * then record order, pixels converted from planar CHW to interleaved NHWC
 * (`x[((i * 32 + row) * 32 + col) * 3 + channel]`). All files are checked before
 * any pixel is copied, so a defect anywhere refuses the whole set.
 */
export function parseCifar10(batches: readonly Uint8Array[], names?: readonly string[]): Dataset<Uint8Array> {
  if (batches.length === 0) throw new DataFormatError('empty-file', 'CIFAR-10: no batch files given');
  const nameOf = (b: number): string => names?.[b] ?? `batch file ${b}`;
  let total = 0;
  batches.forEach((bytes, b) => {
    if (bytes.length === 0)
      throw new DataFormatError('empty-file', `CIFAR-10 ${nameOf(b)}: the file is empty`);
    if (bytes.length % CIFAR10_RECORD_BYTES !== 0) {
      const whole = Math.floor(bytes.length / CIFAR10_RECORD_BYTES);
      throw new DataFormatError(
        'bad-record-length',
        `CIFAR-10 ${nameOf(b)}: length ${bytes.length} is not a multiple of the ${CIFAR10_RECORD_BYTES}-byte record ` +
          `(1 label + ${CIFAR10_PIXELS} pixels): ${whole} whole records and ${bytes.length - whole * CIFAR10_RECORD_BYTES} bytes left over`,
      );
    }
    const records = bytes.length / CIFAR10_RECORD_BYTES;
    for (let r = 0; r < records; r++) {
      const label = bytes[r * CIFAR10_RECORD_BYTES]!;
      if (label > 9) {
        throw new DataFormatError(
          'label-out-of-range',
          `CIFAR-10 ${nameOf(b)}: label ${label} in record ${r} (offset ${r * CIFAR10_RECORD_BYTES}) is out of range [0, 9]`,
        );
      }
    }
    total += records;
  });

  const plane = CIFAR10_SIDE * CIFAR10_SIDE;
  const x = new Uint8Array(total * CIFAR10_PIXELS);
  const y = new Int32Array(total);
  let i = 0;
  for (const bytes of batches) {
    for (let offset = 0; offset < bytes.length; offset += CIFAR10_RECORD_BYTES, i++) {
      y[i] = bytes[offset]!;
      const src = offset + 1;
      const dst = i * CIFAR10_PIXELS;
      for (let p = 0; p < plane; p++) {
        x[dst + 3 * p] = bytes[src + p]!;
        x[dst + 3 * p + 1] = bytes[src + plane + p]!;
        x[dst + 3 * p + 2] = bytes[src + 2 * plane + p]!;
      }
    }
  }
  return {
    x,
    y,
    n: total,
    shape: [CIFAR10_SIDE, CIFAR10_SIDE, 3],
    numClasses: 10,
    classNames: CIFAR10_CLASSES,
  };
}

/** `parseCifar10` after inflating any batch file that is gzip-compressed. */
export async function loadCifar10(
  batches: readonly Uint8Array[],
  names?: readonly string[],
): Promise<Dataset<Uint8Array>> {
  const raw: Uint8Array[] = [];
  for (let b = 0; b < batches.length; b++) {
    raw.push(await maybeGunzip(batches[b]!, `CIFAR-10 ${names?.[b] ?? `batch file ${b}`}`));
  }
  return parseCifar10(raw, names);
}
