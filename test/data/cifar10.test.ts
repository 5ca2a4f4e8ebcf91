import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { CIFAR10_RECORD_BYTES, loadCifar10, parseCifar10 } from '../../src/data/cifar10';
import { CIFAR10_CLASSES } from '../../src/data/classNames';
import { DataFormatError } from '../../src/data/errors';

/** Planes of record `seed`: R[p] = (p + seed) mod 256, G[p] = 7p mod 256, B[p] = 255 − (p mod 256). */
const planeValue = (seed: number, channel: number, p: number): number =>
  channel === 0 ? (p + seed) % 256 : channel === 1 ? (7 * p) % 256 : 255 - (p % 256);

function batchFile(labels: readonly number[], seedBase = 0): Uint8Array {
  const out = new Uint8Array(labels.length * CIFAR10_RECORD_BYTES);
  labels.forEach((label, r) => {
    const o = r * CIFAR10_RECORD_BYTES;
    out[o] = label;
    for (let ch = 0; ch < 3; ch++)
      for (let p = 0; p < 1024; p++) out[o + 1 + ch * 1024 + p] = planeValue(seedBase + r, ch, p);
  });
  return out;
}

function refusal(f: () => unknown): DataFormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    return e as DataFormatError;
  }
  throw new Error('expected a DataFormatError');
}

describe('parseCifar10', () => {
  it('reads labels and converts planar CHW to NHWC', () => {
    const ds = parseCifar10([batchFile([3, 9])]);
    expect(ds.n).toBe(2);
    expect(ds.shape).toEqual([32, 32, 3]);
    expect(ds.numClasses).toBe(10);
    expect(ds.classNames).toEqual(CIFAR10_CLASSES);
    expect(Array.from(ds.y)).toEqual([3, 9]);
    expect(ds.x.length).toBe(2 * 3072);
    // Image 1, row 5, column 17: pixel p = 5·32 + 17 = 177.
    const at = ((1 * 32 + 5) * 32 + 17) * 3;
    expect(Array.from(ds.x.subarray(at, at + 3))).toEqual([178, (7 * 177) % 256, 255 - 177]);
    // Image 0, first pixel: R = 0, G = 0, B = 255.
    expect(Array.from(ds.x.subarray(0, 3))).toEqual([0, 0, 255]);
  });

  it('concatenates several batch files in order', () => {
    const ds = parseCifar10([batchFile([1, 2]), batchFile([7], 2)]);
    expect(ds.n).toBe(3);
    expect(Array.from(ds.y)).toEqual([1, 2, 7]);
    expect(ds.x[2 * 3072]).toBe(2); // image 2's first red value: (0 + seed 2) mod 256
  });

  it('names the class constants as the dataset does', () => {
    expect(CIFAR10_CLASSES).toHaveLength(10);
    expect(CIFAR10_CLASSES[0]).toBe('airplane');
    expect(CIFAR10_CLASSES[9]).toBe('truck');
  });

  it('refuses an empty file', () => {
    const err = refusal(() => parseCifar10([batchFile([1]), new Uint8Array(0)], ['a.bin', 'b.bin']));
    expect(err.problem).toBe('empty-file');
    expect(err.message).toBe('CIFAR-10 b.bin: the file is empty');
  });

  it('refuses no files at all', () => {
    expect(refusal(() => parseCifar10([])).message).toBe('CIFAR-10: no batch files given');
  });

  it('refuses a length that is not a whole number of 3073-byte records', () => {
    const file = batchFile([1, 2]).subarray(0, 2 * 3073 - 10);
    const err = refusal(() => parseCifar10([file]));
    expect(err.problem).toBe('bad-record-length');
    expect(err.message).toBe(
      'CIFAR-10 batch file 0: length 6136 is not a multiple of the 3073-byte record (1 label + 3072 pixels): ' +
        '1 whole records and 3063 bytes left over',
    );
  });

  it('refuses a label above 9, naming the record', () => {
    const err = refusal(() => parseCifar10([batchFile([0]), batchFile([4, 5, 10])]));
    expect(err.problem).toBe('label-out-of-range');
    expect(err.message).toBe(
      'CIFAR-10 batch file 1: label 10 in record 2 (offset 6146) is out of range [0, 9]',
    );
  });
});

describe('loadCifar10', () => {
  it('accepts gzip-compressed batch files', async () => {
    const raw = batchFile([6, 0]);
    const ds = await loadCifar10([gzipSync(raw)]);
    expect(Array.from(ds.y)).toEqual([6, 0]);
    expect(Array.from(ds.x)).toEqual(Array.from(parseCifar10([raw]).x));
  });

  it('refuses a truncated gzip file, naming it', async () => {
    const gz = gzipSync(batchFile([1]));
    await expect(loadCifar10([gz.subarray(0, 30)], ['data_batch_1.bin.gz'])).rejects.toThrow(
      /^CIFAR-10 data_batch_1\.bin\.gz: the file is truncated/,
    );
  });
});
