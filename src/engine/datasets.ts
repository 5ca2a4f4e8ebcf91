/**
 * Resolve a DataSource to a train and a test set. Files the user brings are sorted by name:
 * IDX files pair up as (images, labels) of the training split ("train-…") and optionally
 * the test split ("t10k-…" or "test-…"); CIFAR-10 "data_batch_*" files train and
 * "test_batch" tests. Without test files, a stratified sixth of the training set is held out.
 * Any defect throws the data layer's DataFormatError; nothing partly loaded is used.
 */
import type { DataSource } from '../core/dataSource';
import { createRng } from '../core/rng';
import { loadCifar10 } from '../data/cifar10';
import { FASHION_MNIST_CLASSES } from '../data/classNames';
import type { Dataset } from '../data/dataset';
import { selectSamples } from '../data/dataset';
import { DataFormatError } from '../data/errors';
import { loadFashionSubset } from '../data/fashionSubset';
import type { FetchBytes } from '../data/fashionSubset';
import { loadIdxDataset } from '../data/idxDataset';
import { stratifiedSplit } from '../data/split';
import { makeToy } from '../data/toy/makeToy';

export interface TrainTest {
  train: Dataset;
  test: Dataset;
  /** Human-readable description for the UI and logs. */
  label: string;
}

const HOLDOUT = 1 / 6;

function holdOut(ds: Dataset): { train: Dataset; test: Dataset } {
  return stratifiedSplit(ds, HOLDOUT, createRng(7));
}

type NamedFile = { name: string; bytes: Uint8Array };

function pickIdx(files: NamedFile[], test: boolean, what: 'images' | 'labels'): NamedFile | undefined {
  const isTest = (n: string) => /(^|[^a-z])(t10k|test)/i.test(n);
  const isWhat = (n: string) => (what === 'images' ? /idx3|images/i.test(n) : /idx1|labels/i.test(n));
  return files.find((f) => isTest(f.name) === test && isWhat(f.name));
}

async function idxSource(files: NamedFile[]): Promise<TrainTest> {
  const trainImages = pickIdx(files, false, 'images');
  const trainLabels = pickIdx(files, false, 'labels');
  if (!trainImages || !trainLabels) {
    const missing = [!trainImages && 'images', !trainLabels && 'labels'].filter(Boolean).join(' and ');
    if (pickIdx(files, true, 'images') || pickIdx(files, true, 'labels'))
      throw new DataFormatError(
        'count-mismatch',
        `the training ${missing} file${missing.includes(' and ') ? 's are' : ' is'} missing: ${files.map((f) => f.name).join(', ')} ${files.length > 1 ? 'are' : 'is'} test data (t10k/test); add the train-… file${missing.includes(' and ') ? 's' : ''} too`,
      );
    throw new DataFormatError(
      'count-mismatch',
      `IDX needs a training images file and a labels file (names with "images"/"idx3" and "labels"/"idx1"); got ${files.map((f) => f.name).join(', ') || 'no files'}`,
    );
  }
  const load = (i: NamedFile, l: NamedFile) =>
    loadIdxDataset(i.bytes, l.bytes, { imagesName: i.name, labelsName: l.name });
  const train = await load(trainImages, trainLabels);
  const testImages = pickIdx(files, true, 'images');
  const testLabels = pickIdx(files, true, 'labels');
  if (testImages && testLabels) {
    const test = await load(testImages, testLabels);
    if (test.shape.join() !== train.shape.join())
      throw new DataFormatError(
        'count-mismatch',
        `test images are ${test.shape.join('×')} but training images are ${train.shape.join('×')}`,
      );
    return { train, test, label: `IDX ${trainImages.name} (${train.n} train, ${test.n} test)` };
  }
  const split = holdOut(train);
  return { ...split, label: `IDX ${trainImages.name} (${split.train.n} train, ${split.test.n} held out)` };
}

async function cifarSource(files: NamedFile[]): Promise<TrainTest> {
  const testFiles = files.filter((f) => /test_batch/.test(f.name));
  const trainFiles = files
    .filter((f) => !/test_batch/.test(f.name))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (!trainFiles.length)
    throw new DataFormatError(
      'empty-file',
      testFiles.length
        ? `a training file is missing: ${testFiles.map((f) => f.name).join(', ')} is the test batch; add data_batch_1.bin … data_batch_5.bin (any of them) too`
        : 'CIFAR-10 needs at least one data_batch_*.bin file',
    );
  const train = await loadCifar10(
    trainFiles.map((f) => f.bytes),
    trainFiles.map((f) => f.name),
  );
  if (testFiles.length) {
    const test = await loadCifar10(
      testFiles.map((f) => f.bytes),
      testFiles.map((f) => f.name),
    );
    return { train, test, label: `CIFAR-10 (${train.n} train, ${test.n} test)` };
  }
  const split = holdOut(train);
  return { ...split, label: `CIFAR-10 (${split.train.n} train, ${split.test.n} held out)` };
}

export async function loadSource(source: DataSource, fetchBytes: FetchBytes): Promise<TrainTest> {
  switch (source.kind) {
    case 'toy': {
      const { train, test } = makeToy({
        kind: source.toy,
        n: source.n,
        noise: source.noise,
        testFraction: source.testFraction,
        seed: source.seed,
      });
      return { train, test, label: `${source.toy} (${train.n} train, ${test.n} test points)` };
    }
    case 'fashion': {
      const { train, test } = await loadFashionSubset(fetchBytes);
      const limited =
        source.limit && source.limit < train.n
          ? selectSamples(
              train,
              Int32Array.from({ length: source.limit }, (_, i) => i),
            )
          : train;
      const testLimited =
        source.limit && source.limit < test.n
          ? selectSamples(
              test,
              Int32Array.from({ length: source.limit }, (_, i) => i),
            )
          : test;
      return {
        train: limited,
        test: testLimited,
        label: `Fashion-MNIST subset (${limited.n} train, ${testLimited.n} test; ${FASHION_MNIST_CLASSES.length} classes)`,
      };
    }
    case 'idx':
      return idxSource(source.files);
    case 'cifar10':
      return cifarSource(source.files);
  }
}
