#!/usr/bin/env node
// Build the Fashion-MNIST subset ResLab ships in public/data/fashion-mnist/:
// the first TRAIN_PER_CLASS training and TEST_PER_CLASS test images of each class,
// in file order, written as gzipped IDX files (the format users bring, so one
// loader reads both) plus manifest.json (counts, class names, sha256s, provenance,
// licence). The output is byte-for-byte reproducible: the selection has no
// randomness, Node's gzip header carries mtime 0, and the level is fixed.
//
//   node scripts/make-fashion-subset.mjs [--source DIR] [--out DIR]
//                                         [--train-per-class N] [--test-per-class N]
//
// Source: Debian's dataset-fashion-mnist (`apt-get install dataset-fashion-mnist`).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gunzipSync, gzipSync } from 'node:zlib';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const PACKAGE = 'dataset-fashion-mnist';
const GZIP_LEVEL = 9;
const CLASS_NAMES = [
  'T-shirt/top',
  'Trouser',
  'Pullover',
  'Dress',
  'Coat',
  'Sandal',
  'Shirt',
  'Sneaker',
  'Bag',
  'Ankle boot',
];
const IMAGES_MAGIC = 0x00000803;
const LABELS_MAGIC = 0x00000801;

const { values: args } = parseArgs({
  options: {
    source: { type: 'string', default: '/usr/share/datasets/fashion-mnist' },
    out: { type: 'string', default: join(ROOT, 'public/data/fashion-mnist') },
    'train-per-class': { type: 'string', default: '1000' },
    'test-per-class': { type: 'string', default: '200' },
  },
});

const sha256 = (bytes) => createHash('sha256').update(bytes).digest('hex');

/** Read an IDX file (gzip) and check its magic number; return dims and data bytes. */
function readIdx(path, magic) {
  const file = readFileSync(path);
  const raw = gunzipSync(file);
  const found = raw.readUInt32BE(0);
  if (found !== magic)
    throw new Error(`${path}: magic 0x${found.toString(16)}, expected 0x${magic.toString(16)}`);
  const ndims = magic & 0xff;
  const dims = Array.from({ length: ndims }, (_, i) => raw.readUInt32BE(4 + 4 * i));
  const data = raw.subarray(4 + 4 * ndims);
  if (data.length !== dims.reduce((a, b) => a * b, 1))
    throw new Error(`${path}: length does not match header`);
  return { dims, data, fileSha256: sha256(file) };
}

function encodeIdx(magic, dims, data) {
  const header = Buffer.alloc(4 + 4 * dims.length);
  header.writeUInt32BE(magic, 0);
  dims.forEach((d, i) => header.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([header, data]);
}

/** Indices of the first `perClass` samples of each class, in file order. */
function firstPerClass(labels, perClass) {
  const taken = new Array(CLASS_NAMES.length).fill(0);
  const picked = [];
  for (let i = 0; i < labels.length; i++) {
    const c = labels[i];
    if (taken[c] < perClass) {
      taken[c]++;
      picked.push(i);
    }
  }
  if (taken.some((t) => t < perClass))
    throw new Error(`a class has fewer than ${perClass} samples: ${taken}`);
  return picked;
}

function writeGzipped(name, raw) {
  const gz = gzipSync(raw, { level: GZIP_LEVEL });
  writeFileSync(join(args.out, name), gz);
  return { file: name, bytes: gz.length, sha256: sha256(gz), rawBytes: raw.length, rawSha256: sha256(raw) };
}

function makeSplit(split, perClass, sourceFiles) {
  const prefix = split === 'train' ? 'train' : 't10k';
  const imagesName = `${prefix}-images-idx3-ubyte.gz`;
  const labelsName = `${prefix}-labels-idx1-ubyte.gz`;
  const images = readIdx(join(args.source, imagesName), IMAGES_MAGIC);
  const labels = readIdx(join(args.source, labelsName), LABELS_MAGIC);
  sourceFiles[imagesName] = images.fileSha256;
  sourceFiles[labelsName] = labels.fileSha256;
  const [, rows, cols] = images.dims;
  const size = rows * cols;
  const picked = firstPerClass(labels.data, perClass);
  const pixels = Buffer.alloc(picked.length * size);
  const chosenLabels = Buffer.alloc(picked.length);
  picked.forEach((i, k) => {
    images.data.copy(pixels, k * size, i * size, (i + 1) * size);
    chosenLabels[k] = labels.data[i];
  });
  return {
    count: picked.length,
    perClass: new Array(CLASS_NAMES.length).fill(perClass),
    sourceCount: labels.dims[0],
    lastSourceIndex: picked[picked.length - 1],
    images: writeGzipped(imagesName, encodeIdx(IMAGES_MAGIC, [picked.length, rows, cols], pixels)),
    labels: writeGzipped(labelsName, encodeIdx(LABELS_MAGIC, [picked.length], chosenLabels)),
  };
}

function packageVersion() {
  try {
    return (
      execFileSync('dpkg-query', ['-W', '-f', '${Version}', PACKAGE], { encoding: 'utf8' }).trim() || null
    );
  } catch {
    return null;
  }
}

const trainPerClass = Number(args['train-per-class']);
const testPerClass = Number(args['test-per-class']);
for (const [name, v] of [
  ['train-per-class', trainPerClass],
  ['test-per-class', testPerClass],
]) {
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} must be an integer ≥ 1 (got ${v})`);
}
mkdirSync(args.out, { recursive: true });
const sourceFiles = {};
const train = makeSplit('train', trainPerClass, sourceFiles);
const test = makeSplit('test', testPerClass, sourceFiles);
const manifest = {
  format: 'reslab-fashion-mnist-subset/1',
  dataset: 'Fashion-MNIST',
  description:
    `A class-balanced subset of Fashion-MNIST: the first ${trainPerClass} training and first ${testPerClass} ` +
    'test images of each class, in the original file order, as gzipped IDX files.',
  licence: {
    spdx: 'MIT',
    copyright: 'Copyright (c) 2017 Zalando SE',
    url: 'https://github.com/zalandoresearch/fashion-mnist/blob/master/LICENSE',
  },
  source: {
    upstream: 'https://github.com/zalandoresearch/fashion-mnist',
    package: PACKAGE,
    packageVersion: packageVersion(),
    sha256: sourceFiles,
  },
  generator: 'scripts/make-fashion-subset.mjs',
  gzipLevel: GZIP_LEVEL,
  imageShape: [28, 28, 1],
  classNames: CLASS_NAMES,
  splits: { train, test },
};
// Arrays of numbers or strings on one line, so the manifest reads as a table.
const json = JSON.stringify(manifest, null, 2).replace(
  /\[\n\s+([^[\]{}]*?)\n\s*\]/g,
  (_, inner) => `[${inner.split(/,\n\s*/).join(', ')}]`,
);
writeFileSync(join(args.out, 'manifest.json'), `${json}\n`);
console.log(
  `wrote ${args.out}: train ${train.count} (${train.images.bytes + train.labels.bytes} bytes), ` +
    `test ${test.count} (${test.images.bytes + test.labels.bytes} bytes)`,
);
