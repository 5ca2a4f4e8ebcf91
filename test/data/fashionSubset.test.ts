import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FASHION_MNIST_CLASSES } from '../../src/data/classNames';
import { classCounts } from '../../src/data/dataset';
import { DataFormatError } from '../../src/data/errors';
import type { FetchBytes } from '../../src/data/fashionSubset';
import { FASHION_SUBSET_DIR, loadFashionSubset } from '../../src/data/fashionSubset';
import { channelStats } from '../../src/data/normalize';

const PUBLIC = join(import.meta.dirname, '../../public');
const fromDisk: FetchBytes = async (path) => new Uint8Array(await readFile(join(PUBLIC, path)));
const SOURCE = '/usr/share/datasets/fashion-mnist';

/** A fetcher that serves the real files but lets a test alter one of them. */
function tampered(file: string, alter: (bytes: Uint8Array) => Uint8Array): FetchBytes {
  return async (path) => {
    const bytes = await fromDisk(path);
    return path.endsWith(`/${file}`) ? alter(bytes) : bytes;
  };
}

interface EditableManifest {
  splits: Record<'train' | 'test', { count: number; perClass: number[]; images: Record<string, unknown> }>;
}

function editManifest(edit: (m: EditableManifest) => void): FetchBytes {
  return tampered('manifest.json', (bytes) => {
    const manifest = JSON.parse(new TextDecoder().decode(bytes)) as EditableManifest;
    edit(manifest);
    return new TextEncoder().encode(JSON.stringify(manifest));
  });
}

async function refusal(promise: Promise<unknown>): Promise<DataFormatError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DataFormatError);
  return err as DataFormatError;
}

describe('the shipped Fashion-MNIST subset', () => {
  it('loads 10,000 train and 2,000 test 28×28×1 images, 1,000 and 200 per class', async () => {
    const { train, test, manifest } = await loadFashionSubset(fromDisk);
    expect(train.n).toBe(10_000);
    expect(test.n).toBe(2_000);
    expect(train.shape).toEqual([28, 28, 1]);
    expect(train.x).toBeInstanceOf(Uint8Array);
    expect(train.x.length).toBe(10_000 * 784);
    expect(test.x.length).toBe(2_000 * 784);
    expect(Array.from(classCounts(train.y, 10))).toEqual(new Array(10).fill(1000));
    expect(Array.from(classCounts(test.y, 10))).toEqual(new Array(10).fill(200));
    expect(train.classNames).toEqual(FASHION_MNIST_CLASSES);
    expect(manifest.licence).toEqual({ spdx: 'MIT', copyright: 'Copyright (c) 2017 Zalando SE' });
    expect(manifest.source.package).toBe('dataset-fashion-mnist');
  });

  it('keeps the source order: the first labels are those of the original files', async () => {
    const { train, test } = await loadFashionSubset(fromDisk);
    expect(Array.from(train.y.subarray(0, 10))).toEqual([9, 0, 0, 3, 0, 2, 7, 2, 5, 5]);
    expect(Array.from(test.y.subarray(0, 10))).toEqual([9, 2, 1, 1, 6, 1, 4, 6, 5, 7]);
    expect(train.x.subarray(0, 784).reduce((a, b) => a + b, 0)).toBe(76247);
  });

  it('has the pixel statistics of Fashion-MNIST (mean ≈ 73, std ≈ 90 on 0–255)', async () => {
    const { train } = await loadFashionSubset(fromDisk);
    const { mean, std } = channelStats(train);
    expect(mean[0]).toBeCloseTo(73.1038, 3);
    expect(std[0]).toBeCloseTo(90.2732, 3);
  });

  it.skipIf(!existsSync(SOURCE))('is the first 1,000 / 200 images of each class of the Debian files', () => {
    const read = (name: string) => gunzipSync(readFileSync(join(SOURCE, name)));
    const shipped = (name: string) => gunzipSync(readFileSync(join(PUBLIC, FASHION_SUBSET_DIR, name)));
    for (const [prefix, perClass] of [
      ['train', 1000],
      ['t10k', 200],
    ] as const) {
      const labels = read(`${prefix}-labels-idx1-ubyte.gz`).subarray(8);
      const images = read(`${prefix}-images-idx3-ubyte.gz`).subarray(16);
      const taken = new Array<number>(10).fill(0);
      const picked: number[] = [];
      labels.forEach((c, i) => {
        if (taken[c]! < perClass) {
          taken[c]!++;
          picked.push(i);
        }
      });
      const subsetImages = shipped(`${prefix}-images-idx3-ubyte.gz`).subarray(16);
      const subsetLabels = shipped(`${prefix}-labels-idx1-ubyte.gz`).subarray(8);
      expect(subsetLabels.length).toBe(picked.length);
      picked.forEach((i, k) => {
        if (subsetLabels[k] !== labels[i]) expect.fail(`${prefix} label ${k} differs from source ${i}`);
      });
      for (const k of [0, 1, picked.length - 1]) {
        const i = picked[k]!;
        expect(
          Buffer.compare(
            subsetImages.subarray(k * 784, (k + 1) * 784),
            images.subarray(i * 784, (i + 1) * 784),
          ),
        ).toBe(0);
      }
    }
  });
});

describe('loadFashionSubset refuses altered files', () => {
  it('a changed pixel fails the sha256 check', async () => {
    const fetch = tampered('t10k-images-idx3-ubyte.gz', (gz) => {
      const raw = gunzipSync(gz);
      raw[1000]! ^= 1;
      return raw; // served already inflated, as a server with Content-Encoding would
    });
    const err = await refusal(loadFashionSubset(fetch));
    expect(err.problem).toBe('checksum-mismatch');
    expect(err.message).toMatch(
      /^data\/fashion-mnist\/t10k-images-idx3-ubyte\.gz: sha256 of the inflated content is [0-9a-f]{64}, the manifest says 15a92dd1/,
    );
  });

  it('a file served inflated (Content-Encoding: gzip) still loads', async () => {
    const fetch = tampered('train-labels-idx1-ubyte.gz', (gz) => gunzipSync(gz));
    const { train } = await loadFashionSubset(fetch);
    expect(train.n).toBe(10_000);
  });

  it('a truncated file is refused as truncated', async () => {
    const fetch = tampered('train-labels-idx1-ubyte.gz', (gz) => gz.subarray(0, 100));
    const err = await refusal(loadFashionSubset(fetch));
    expect(err.problem).toBe('corrupt-gzip');
    expect(err.message).toMatch(/^data\/fashion-mnist\/train-labels-idx1-ubyte\.gz: the file is truncated/);
  });

  it('a count that disagrees with the manifest is refused', async () => {
    const err = await refusal(loadFashionSubset(editManifest((m) => (m.splits.test.count = 1999))));
    expect(err.problem).toBe('count-mismatch');
    expect(err.message).toBe('Fashion-MNIST subset test: 2000 images, the manifest says 1999');
  });

  it('a class balance that disagrees with the manifest is refused', async () => {
    const err = await refusal(loadFashionSubset(editManifest((m) => (m.splits.train.perClass[3] = 999))));
    expect(err.message).toBe('Fashion-MNIST subset train: class 3 has 1000 images, the manifest says 999');
  });

  it('a manifest that is not JSON, or lacks a field, is refused naming the field', async () => {
    const notJson = await refusal(
      loadFashionSubset(tampered('manifest.json', () => new TextEncoder().encode('{'))),
    );
    expect(notJson.problem).toBe('bad-manifest');
    expect(notJson.message).toMatch(/^data\/fashion-mnist\/manifest\.json: is not valid JSON/);
    const missing = await refusal(
      loadFashionSubset(editManifest((m) => delete m.splits.train.images.rawSha256)),
    );
    expect(missing.message).toBe(
      'data/fashion-mnist/manifest.json: splits.train.images.rawSha256 must be a string (got undefined)',
    );
  });
});
