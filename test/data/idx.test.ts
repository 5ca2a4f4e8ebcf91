import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { DataFormatError } from '../../src/data/errors';
import { encodeIdx, parseIdxImages, parseIdxLabels } from '../../src/data/idx';
import { loadIdxDataset } from '../../src/data/idxDataset';

/** Three 2×3 images whose pixel p of image i is 10·i + p, labels [2, 0, 9]. */
const pixels = Uint8Array.from({ length: 18 }, (_, k) => 10 * Math.floor(k / 6) + (k % 6));
const imagesRaw = encodeIdx([3, 2, 3], pixels);
const labelsRaw = encodeIdx([3], Uint8Array.from([2, 0, 9]));

async function refusal(promise: Promise<unknown>): Promise<DataFormatError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFormatError);
  return err as DataFormatError;
}

function refusalSync(f: () => unknown): DataFormatError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    return e as DataFormatError;
  }
  throw new Error('expected a DataFormatError, but nothing was thrown');
}

describe('encodeIdx', () => {
  it('writes the magic 0x00000803, big-endian dims, then the bytes', () => {
    expect(Array.from(imagesRaw.subarray(0, 16))).toEqual([0, 0, 8, 3, 0, 0, 0, 3, 0, 0, 0, 2, 0, 0, 0, 3]);
    expect(Array.from(labelsRaw)).toEqual([0, 0, 8, 1, 0, 0, 0, 3, 2, 0, 9]);
    expect(imagesRaw.length).toBe(16 + 18);
  });
});

describe('parseIdxImages / parseIdxLabels', () => {
  it('reads count, rows, cols and the pixels', () => {
    const images = parseIdxImages(imagesRaw);
    expect([images.count, images.rows, images.cols]).toEqual([3, 2, 3]);
    expect(Array.from(images.pixels)).toEqual(Array.from(pixels));
    expect(Array.from(parseIdxLabels(labelsRaw))).toEqual([2, 0, 9]);
  });

  it('reads a dimension above 2^31 as unsigned (and then refuses the length)', () => {
    const bytes = Uint8Array.from([0, 0, 8, 1, 0x80, 0, 0, 0, 1]);
    expect(refusalSync(() => parseIdxLabels(bytes)).message).toMatch(
      /dims \[2147483648\] mean 2147483656 bytes/,
    );
  });

  it('refuses a bad magic number, saying what it found and what it expected', () => {
    const err = refusalSync(() => parseIdxImages(Uint8Array.from([0xde, 0xad, 0xbe, 0xef, 0, 0, 0, 0])));
    expect(err.problem).toBe('bad-magic');
    expect(err.message).toBe('images file: bad magic number 0xdeadbeef, expected 0x00000803 for IDX images');
  });

  it('says when a labels file was given as images', () => {
    const err = refusalSync(() => parseIdxImages(labelsRaw));
    expect(err.message).toMatch(/bad magic number 0x00000801 \(that is a labels file\), expected 0x00000803/);
  });

  it('says when the bytes are still gzip', () => {
    const err = refusalSync(() => parseIdxLabels(gzipSync(labelsRaw)));
    expect(err.message).toMatch(
      /bad magic number 0x1f8b0800 \(the file looks gzip-compressed\), expected 0x00000801/,
    );
  });

  it('refuses an empty file', () => {
    const err = refusalSync(() => parseIdxImages(new Uint8Array(0)));
    expect(err.problem).toBe('empty-file');
    expect(err.message).toBe('images file: the file is empty');
  });

  it('refuses a header cut inside the magic number', () => {
    const err = refusalSync(() => parseIdxImages(imagesRaw.subarray(0, 3)));
    expect(err.problem).toBe('truncated-header');
    expect(err.message).toBe('images file: truncated header: 3 bytes, but the magic number alone needs 4');
  });

  it('refuses a header cut inside the dimensions', () => {
    const err = refusalSync(() => parseIdxImages(imagesRaw.subarray(0, 10)));
    expect(err.problem).toBe('truncated-header');
    expect(err.message).toBe('images file: truncated header: 3 dimensions need 16 header bytes, got 10');
  });

  it('refuses data shorter than the header promises', () => {
    const err = refusalSync(() => parseIdxImages(imagesRaw.subarray(0, imagesRaw.length - 1)));
    expect(err.problem).toBe('length-mismatch');
    expect(err.message).toBe(
      'images file: length mismatch: header dims [3, 2, 3] mean 34 bytes (16 header + 18 data), got 33',
    );
  });

  it('refuses trailing bytes after the data', () => {
    const longer = new Uint8Array(labelsRaw.length + 2);
    longer.set(labelsRaw);
    const err = refusalSync(() => parseIdxLabels(longer));
    expect(err.message).toBe(
      'labels file: length mismatch: header dims [3] mean 11 bytes (8 header + 3 data), got 13',
    );
  });
});

describe('loadIdxDataset', () => {
  it('pairs raw files into an NHWC dataset of raw bytes, shape [rows, cols, 1]', async () => {
    const ds = await loadIdxDataset(imagesRaw, labelsRaw);
    expect(ds.n).toBe(3);
    expect(ds.shape).toEqual([2, 3, 1]);
    expect(ds.numClasses).toBe(10);
    expect(ds.x).toBeInstanceOf(Uint8Array);
    expect(Array.from(ds.x.subarray(6, 12))).toEqual([10, 11, 12, 13, 14, 15]);
    expect(Array.from(ds.y)).toEqual([2, 0, 9]);
    expect(ds.classNames).toBeUndefined();
  });

  it('reads gzip files to the same dataset', async () => {
    const raw = await loadIdxDataset(imagesRaw, labelsRaw);
    const gz = await loadIdxDataset(gzipSync(imagesRaw), gzipSync(labelsRaw), {
      classNames: 'abcdefghij'.split(''),
    });
    expect(Array.from(gz.x)).toEqual(Array.from(raw.x));
    expect(Array.from(gz.y)).toEqual(Array.from(raw.y));
    expect(gz.classNames?.[9]).toBe('j');
  });

  it('refuses an image/label count mismatch', async () => {
    const err = await refusal(loadIdxDataset(imagesRaw, encodeIdx([2], Uint8Array.from([1, 1]))));
    expect(err.problem).toBe('count-mismatch');
    expect(err.message).toBe(
      'image/label count mismatch: images file holds 3 images, labels file holds 2 labels',
    );
  });

  it('refuses a label out of range, naming its index and value', async () => {
    const err = await refusal(loadIdxDataset(imagesRaw, encodeIdx([3], Uint8Array.from([1, 12, 3]))));
    expect(err.problem).toBe('label-out-of-range');
    expect(err.message).toBe('labels file: label 12 at index 1 is out of range [0, 9]');
  });

  it('checks labels against numClasses', async () => {
    const err = await refusal(loadIdxDataset(imagesRaw, labelsRaw, { numClasses: 5, labelsName: 'l.idx' }));
    expect(err.message).toBe('l.idx: label 9 at index 2 is out of range [0, 4]');
  });

  it('refuses corrupt gzip, naming the file', async () => {
    const gz = gzipSync(imagesRaw);
    gz[gz.length - 6]! ^= 0xff; // inside the CRC-32 trailer
    const err = await refusal(loadIdxDataset(gz, labelsRaw, { imagesName: 'train-images.gz' }));
    expect(err.problem).toBe('corrupt-gzip');
    expect(err.message).toMatch(/^train-images\.gz: corrupt gzip data \(.+\)$/);
  });

  it('refuses truncated gzip', async () => {
    const gz = gzipSync(labelsRaw);
    const err = await refusal(loadIdxDataset(imagesRaw, gz.subarray(0, gz.length - 4)));
    expect(err.problem).toBe('corrupt-gzip');
    expect(err.message).toMatch(/^labels file: the file is truncated/);
  });

  it('refuses a bad images file inside valid gzip with the IDX message', async () => {
    const err = await refusal(loadIdxDataset(gzipSync(labelsRaw), labelsRaw));
    expect(err.message).toMatch(/images file: bad magic number 0x00000801 \(that is a labels file\)/);
  });

  it('refuses classNames of the wrong length', async () => {
    await expect(loadIdxDataset(imagesRaw, labelsRaw, { classNames: ['a'] })).rejects.toThrow(
      /classNames must have numClasses = 10 entries \(got 1\)/,
    );
  });
});
