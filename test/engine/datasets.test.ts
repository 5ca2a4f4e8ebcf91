/** The user's files resolved to a train and a test set: which file is which, and what is missing. */
import { describe, expect, it } from 'vitest';
import { CIFAR10_RECORD_BYTES } from '../../src/data/cifar10';
import { encodeIdx } from '../../src/data/idx';
import { loadSource } from '../../src/engine/datasets';

const noFetch = () => Promise.reject(new Error('no network in this test'));
const n = 12;
const images = encodeIdx(
  [n, 4, 4],
  Uint8Array.from({ length: n * 16 }, (_, i) => i % 256),
);
const labels = encodeIdx(
  [n],
  Uint8Array.from({ length: n }, (_, i) => i % 3),
);
const idx = (...names: string[]) =>
  loadSource(
    {
      kind: 'idx',
      files: names.map((name) => ({ name, bytes: /labels|idx1/.test(name) ? labels : images })),
    },
    noFetch,
  );
const cifarBatch = () => {
  const b = new Uint8Array(3 * CIFAR10_RECORD_BYTES);
  for (let r = 0; r < 3; r++) b[r * CIFAR10_RECORD_BYTES] = r;
  return b;
};
const cifar = (...names: string[]) =>
  loadSource({ kind: 'cifar10', files: names.map((name) => ({ name, bytes: cifarBatch() })) }, noFetch);

describe('the files a user brings', () => {
  it('pairs IDX training and test files by name, and holds out a sixth without test files', async () => {
    const both = await idx(
      'train-images-idx3-ubyte',
      'train-labels-idx1-ubyte',
      't10k-images-idx3-ubyte',
      't10k-labels-idx1-ubyte',
    );
    expect([both.train.n, both.test.n]).toEqual([n, n]);
    const trainOnly = await idx('train-images-idx3-ubyte', 'train-labels-idx1-ubyte');
    expect(trainOnly.train.n + trainOnly.test.n).toBe(n);
    expect(trainOnly.label).toMatch(/held out/);
  });

  it('says a training file is missing when only test files were chosen', async () => {
    await expect(idx('t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte')).rejects.toThrow(
      'the training images and labels files are missing: t10k-images-idx3-ubyte, t10k-labels-idx1-ubyte are test data (t10k/test); add the train-… files too',
    );
    await expect(idx('train-images-idx3-ubyte', 't10k-labels-idx1-ubyte')).rejects.toThrow(
      /^the training labels file is missing: .*add the train-… file too$/,
    );
    await expect(cifar('test_batch.bin')).rejects.toThrow(
      'a training file is missing: test_batch.bin is the test batch; add data_batch_1.bin … data_batch_5.bin (any of them) too',
    );
    await expect(idx('notes.txt')).rejects.toThrow(/^IDX needs a training images file and a labels file/);
  });

  it('trains on CIFAR-10 data batches and tests on the test batch', async () => {
    const d = await cifar('data_batch_2.bin', 'test_batch.bin', 'data_batch_1.bin');
    expect([d.train.n, d.test.n]).toEqual([6, 3]);
  });
});
