/**
 * The file parsers under generated input (fast-check, 10,000 cases per property): IDX pairs
 * (raw and gzipped) and CIFAR-10 batches, both arbitrary bytes and valid files mutated the
 * ways real files break (cut short, a byte flipped, a header field rewritten, bytes appended).
 * Each case ends in a whole, valid dataset or a DataFormatError whose message names the
 * file; never another exception, a partial dataset or a label out of range.
 */
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CIFAR10_PIXELS, CIFAR10_RECORD_BYTES, loadCifar10 } from '../../src/data/cifar10';
import type { Dataset } from '../../src/data/dataset';
import { sampleSize } from '../../src/data/dataset';
import { DataFormatError } from '../../src/data/errors';
import { encodeIdx } from '../../src/data/idx';
import { loadIdxDataset } from '../../src/data/idxDataset';

const RUNS = 10_000;

type Mutation =
  | { kind: 'none' }
  | { kind: 'cut'; at: number }
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'header'; at: number; value: number }
  | { kind: 'append'; bytes: Uint8Array };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), mask: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('header' as const), at: fc.nat({ max: 15 }), value: fc.nat({ max: 255 }) }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }) }),
);

function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const b = bytes.slice();
  switch (m.kind) {
    case 'none':
      return b;
    case 'cut':
      return b.subarray(0, m.at % (b.length + 1));
    case 'flip':
      if (b.length) b[m.at % b.length]! ^= m.mask;
      return b;
    case 'header':
      if (b.length > m.at) b[m.at] = m.value;
      return b;
    case 'append':
      return Uint8Array.from([...b, ...m.bytes]);
  }
}

/** A dataset a loader may return: consistent sizes and every label in range. */
function expectWhole(d: Dataset, classes: number): void {
  expect(d.x.length).toBe(d.n * sampleSize(d.shape));
  expect(d.y.length).toBe(d.n);
  expect(d.numClasses).toBe(classes);
  for (const y of d.y) expect(y >= 0 && y < classes).toBe(true);
}

async function outcome<T>(p: Promise<T>, names: string[]): Promise<T | null> {
  try {
    return await p;
  } catch (e) {
    expect(e).toBeInstanceOf(DataFormatError);
    const message = (e as Error).message;
    expect(message.length).toBeGreaterThan(10);
    expect(names.some((n) => message.includes(n)) || /count mismatch/.test(message)).toBe(true);
    return null;
  }
}

const idxPair = fc.record({
  n: fc.integer({ min: 1, max: 6 }),
  rows: fc.integer({ min: 1, max: 5 }),
  cols: fc.integer({ min: 1, max: 5 }),
  labelMax: fc.integer({ min: 1, max: 12 }),
  seed: fc.nat(),
  gzipImages: fc.boolean(),
  gzipLabels: fc.boolean(),
  images: mutation,
  labels: mutation,
  // Mutate after compression (a damaged download) or before it (a damaged file, compressed).
  afterGzip: fc.boolean(),
});

describe('parsers, fuzzed', () => {
  it(`IDX pairs, raw and gzipped, mutated: ${RUNS.toLocaleString('en-US')} cases`, async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(idxPair, async (c) => {
        const pixels = Uint8Array.from({ length: c.n * c.rows * c.cols }, (_, i) => (i * 31 + c.seed) % 256);
        const labels = Uint8Array.from({ length: c.n }, (_, i) => (i + c.seed) % c.labelMax);
        const file = (raw: Uint8Array, gz: boolean, m: Mutation) =>
          gz ? (c.afterGzip ? mutate(gzipSync(raw), m) : gzipSync(mutate(raw, m))) : mutate(raw, m);
        const d = await outcome(
          loadIdxDataset(
            file(encodeIdx([c.n, c.rows, c.cols], pixels), c.gzipImages, c.images),
            file(encodeIdx([c.n], labels), c.gzipLabels, c.labels),
            { imagesName: 'train-images', labelsName: 'train-labels' },
          ),
          ['train-images', 'train-labels'],
        );
        if (d) {
          expectWhole(d, 10);
          loaded++;
        }
      }),
      { numRuns: RUNS, seed: 11 },
    );
    // Both outcomes were exercised: unmutated files load, mutated ones are mostly refused.
    expect(loaded).toBeGreaterThan(RUNS / 20);
    expect(loaded).toBeLessThan(RUNS);
  }, 120_000);

  it(`arbitrary bytes as IDX and as CIFAR-10: ${RUNS.toLocaleString('en-US')} cases`, async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 64 }),
        fc.uint8Array({ maxLength: 64 }),
        fc.boolean(),
        async (a, b, gz) => {
          const [x, y] = gz ? [gzipSync(a), gzipSync(b)] : [a, b];
          const idx = await outcome(loadIdxDataset(x, y, { imagesName: 'img', labelsName: 'lbl' }), [
            'img',
            'lbl',
          ]);
          if (idx) expectWhole(idx, 10);
          const cifar = await outcome(loadCifar10([x], ['data_batch_1.bin']), ['data_batch_1.bin']);
          if (cifar) expectWhole(cifar, 10);
        },
      ),
      { numRuns: RUNS, seed: 12 },
    );
  }, 120_000);

  it(`CIFAR-10 batches, raw and gzipped, mutated: ${RUNS.toLocaleString('en-US')} cases`, async () => {
    let loaded = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 3 }),
        fc.integer({ min: 0, max: 12 }),
        fc.boolean(),
        mutation,
        async (records, labelMax, gz, m) => {
          const raw = new Uint8Array(records * CIFAR10_RECORD_BYTES);
          for (let r = 0; r < records; r++) {
            raw[r * CIFAR10_RECORD_BYTES] = r % (labelMax + 1);
            raw.fill(r * 40, r * CIFAR10_RECORD_BYTES + 1, r * CIFAR10_RECORD_BYTES + 1 + CIFAR10_PIXELS);
          }
          const file = gz ? mutate(gzipSync(raw), m) : mutate(raw, m);
          const d = await outcome(loadCifar10([file], ['data_batch_1.bin']), ['data_batch_1.bin']);
          if (d) {
            expectWhole(d, 10);
            loaded++;
          }
        },
      ),
      { numRuns: RUNS, seed: 13 },
    );
    expect(loaded).toBeGreaterThan(RUNS / 20);
  }, 120_000);
});
