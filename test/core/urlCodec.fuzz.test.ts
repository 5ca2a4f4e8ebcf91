/**
 * The URL codec under generated input (fast-check, 10,000+ cases per property): every query
 * ends in a Lab state whose every run builds, with a notice per refused value, and never an
 * exception, a NaN or a notice longer than the quoted excerpts allow.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_LAB_RUNS, runSpec, validDepths } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { BATCH_SIZES, URL_LIMITS, decodeLabState, encodeLabState } from '../../src/core/urlCodec';
import { checkSpec } from '../../src/core/validate';

const RUNS = 10_000;
const KEYS = [
  'data',
  'noise',
  'opt',
  'lr',
  'sched',
  'bs',
  'steps',
  'seed',
  'backend',
  'r1',
  'r2',
  'r3',
  'r4',
];

/** A state the Lab could hold: every number finite and in range, each run a valid control. */
function expectValid(s: LabState): void {
  for (const v of [s.noise, s.learningRate, s.batchSize, s.steps, s.seed])
    expect(Number.isFinite(v)).toBe(true);
  expect(s.noise).toBeGreaterThanOrEqual(URL_LIMITS.noise.min);
  expect(s.noise).toBeLessThanOrEqual(URL_LIMITS.noise.max);
  expect(BATCH_SIZES).toContain(s.batchSize);
  expect(Number.isInteger(s.steps) && s.steps >= 1 && s.steps <= URL_LIMITS.steps.max).toBe(true);
  expect(s.runs.length).toBeGreaterThanOrEqual(1);
  expect(s.runs.length).toBeLessThanOrEqual(MAX_LAB_RUNS);
  for (const r of s.runs) {
    expect(validDepths(s.data, r.block)).toContain(r.depth);
    expect(checkSpec(runSpec(r, s.data)).ok).toBe(true);
  }
}

/** Values near the grammar: tokens the codec knows, numbers of every kind, and junk. */
const value = fc.oneof(
  fc.constantFrom('spirals', 'fashion', 'sgd', 'adam', 'cosine', 'auto', 'wasm', 'on', 'off', 'bn', 'pre'),
  fc.constantFrom('NaN', 'Infinity', '-0', '1e309', '0x10', ' 64 ', '', '<img src=x onerror=alert(1)>'),
  fc.double().map(String),
  fc.integer({ min: -1000, max: 100_000 }).map(String),
  fc
    .tuple(
      fc.integer({ min: -2, max: 200 }),
      fc.integer({ min: -2, max: 80 }),
      fc.constantFrom('basic', 'bottleneck', 'x'),
      fc.constantFrom('on', 'off', ''),
      fc.constantFrom('A', 'B', 'C', 'D'),
      fc.constantFrom('post', 'pre', 'mid'),
      fc.constantFrom('bn', 'nobn', 'BN'),
    )
    .map((t) => t.join(',')),
  fc.string({ unit: 'binary', maxLength: 40 }),
);
const pair = fc.tuple(fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 8 })), value);

describe('the URL codec, fuzzed', () => {
  it(`decodes ${RUNS.toLocaleString('en-US')} generated queries (known keys, duplicates, junk) to valid states`, () => {
    fc.assert(
      fc.property(fc.array(pair, { maxLength: 14 }), (pairs) => {
        const query = new URLSearchParams(pairs).toString();
        const { state, notices } = decodeLabState(query);
        expectValid(state);
        // A notice quotes at most 24 characters of any value, so none can carry a payload.
        for (const n of notices) expect(n.length).toBeLessThan(400);
        // What the Lab writes back into the address bar is a clean link to the same state.
        expect(decodeLabState(encodeLabState(state))).toEqual({ state, notices: [] });
      }),
      { numRuns: RUNS, seed: 20261202 },
    );
  });

  it(`decodes ${RUNS.toLocaleString('en-US')} arbitrary strings (any encoding, any length) without throwing`, () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 200 }),
          fc.string({ unit: 'grapheme', maxLength: 5000 }),
        ),
        (query) => {
          const { state } = decodeLabState(query);
          expectValid(state);
        },
      ),
      { numRuns: RUNS, seed: 7 },
    );
  });

  it('refuses a batch size the menu does not offer, and names a key given twice', () => {
    const bs = decodeLabState('bs=100');
    expect(bs.state.batchSize).toBe(64);
    expect(bs.notices).toEqual(['batch size "100" is not one of 8, 16, 32, 64, 128, 256; using 64']);
    const twice = decodeLabState('steps=10&steps=20');
    expect(twice.state.steps).toBe(10);
    expect(twice.notices).toEqual(['setting "steps" appears 2 times ("10", "20"); using the first']);
  });
});
