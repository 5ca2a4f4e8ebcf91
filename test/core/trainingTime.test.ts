/**
 * The training-time model and its suggestions, on worked numbers: a plain-56 and a ResNet-56
 * of width 16 on 6,000 + 1,000 Fashion images, batch 64, measured at 2 s per session step.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE, validDepths } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { layerTable } from '../../src/core/layerTable';
import { runSpec } from '../../src/core/labState';
import {
  estimateSession,
  interimEvaluations,
  niceFloor,
  sessionMacs,
  stepRate,
  suggestFits,
} from '../../src/core/trainingTime';
import type { Workload } from '../../src/core/trainingTime';
import { trainConfigOf } from '../../src/state/labCommand';
import { runControl } from '../state/runControls';

const LONG: LabState = {
  ...DEFAULT_LAB_STATE,
  data: 'fashion',
  runs: [runControl(56, false, { width: 16 }), runControl(56, true, { width: 16 })],
  steps: 3000,
  batchSize: 64,
};

/** A fixed interval keeps the worked numbers simple: 11 interim evaluations in 3,000 steps. */
const W: Workload = {
  data: 'fashion',
  trainSize: 6000,
  testSize: 1000,
  evalSample: 1000,
  planOf: (c) => ({ steps: c.steps, evalInterval: 250, batchSize: c.batchSize }),
};

const rate = stepRate(2000, LONG, W);
const LIMIT = 30 * 60;
const seconds = (c: LabState) => estimateSession(c, W, rate).seconds;

describe('the training-time model', () => {
  it('adds the steps, the interim samples and the final whole-split scoring', () => {
    // 3000 steps × 2 s, plus (11 × 2,000 + 7,000) examples × 2000 ms / (3 × 64) per example.
    const e = estimateSession(LONG, W, rate);
    expect(e.msPerStep).toBeCloseTo(2000, 9);
    expect(e.seconds).toBeCloseTo(3000 * 2 + (29000 * 2000) / 192 / 1000, 9);
    expect(e.seconds).toBeCloseTo(6302.083, 3);
  });

  it('counts the interim evaluations the engine runs: every k·interval before the last step', () => {
    expect(interimEvaluations({ steps: 24, evalInterval: 10, batchSize: 8 })).toBe(2); // 10, 20
    expect(interimEvaluations({ steps: 20, evalInterval: 10, batchSize: 8 })).toBe(1); // 20 is the final
    expect(interimEvaluations({ steps: 20, evalInterval: 0, batchSize: 8 })).toBe(0);
  });

  it('scales the step by multiply-adds and by batch size', () => {
    const narrow = { ...LONG, runs: LONG.runs.map((r) => ({ ...r, width: 8 })) };
    const macs = (c: LabState) => c.runs.reduce((s, r) => s + layerTable(runSpec(r, 'fashion')).macs, 0);
    expect(sessionMacs(LONG.runs, W)).toBe(macs(LONG));
    expect(estimateSession(narrow, W, rate).msPerStep).toBeCloseTo((2000 * macs(narrow)) / macs(LONG), 9);
    // Halving the width quarters the convolutions' multiply-adds (the first conv and fc excepted).
    expect(macs(narrow) / macs(LONG)).toBeCloseTo(0.2503, 4);
    expect(estimateSession({ ...LONG, batchSize: 128 }, W, rate).msPerStep).toBeCloseTo(4000, 9);
  });

  it('a batch larger than the training set trains on the whole set', () => {
    const tiny = { ...W, trainSize: 32 };
    const r = stepRate(100, { ...LONG, batchSize: 32 }, tiny);
    expect(estimateSession({ ...LONG, batchSize: 64 }, tiny, r).msPerStep).toBeCloseTo(100, 9);
  });

  it('rounds down to nice numbers', () => {
    expect([832, 1234, 999, 87, 360, 25, 7, 1].map(niceFloor)).toEqual([800, 1200, 800, 80, 300, 25, 7, 1]);
  });
});

describe('suggestions that fit 30 minutes', () => {
  const [steps, width, depth] = suggestFits(LONG, W, rate, LIMIT);

  it('fewer steps: the most that fit (832), rounded down to 800', () => {
    // 832 × 2 s + (3 × 2,000 + 7,000) × 2000 / 192 ms = 1,799.4 s; 833 steps: 1,801.4 s.
    expect(seconds({ ...LONG, steps: 832 })).toBeLessThanOrEqual(LIMIT);
    expect(seconds({ ...LONG, steps: 833 })).toBeGreaterThan(LIMIT);
    expect(steps).toMatchObject({ kind: 'steps', value: 800, change: { steps: 800 } });
    expect(steps!.seconds).toBeCloseTo(1600 + (13000 * 2000) / 192 / 1000, 9);
  });

  it('narrower: the widest multiple of 4 that fits (8; 12 would take 59 min)', () => {
    expect(width).toMatchObject({ kind: 'width', value: 8 });
    expect(width!.change).toEqual({ runs: LONG.runs.map((r) => ({ ...r, width: 8 })) });
    expect(width!.seconds).toBeCloseTo(1577.39, 2);
    expect(seconds({ ...LONG, runs: LONG.runs.map((r) => ({ ...r, width: 12 })) })).toBeCloseTo(3546, 0);
  });

  it('shallower: the deepest valid depth that fits (14; 20 would take 34 min)', () => {
    expect(depth).toMatchObject({ kind: 'depth', value: 14 });
    expect(depth!.change).toEqual({ runs: LONG.runs.map((r) => ({ ...r, depth: 14 })) });
    expect(depth!.seconds).toBeCloseTo(1313.9, 1);
    expect(seconds({ ...LONG, runs: LONG.runs.map((r) => ({ ...r, depth: 20 })) })).toBeCloseTo(2026, 0);
  });

  it('each suggestion predicts the time its change gives', () => {
    for (const s of suggestFits(LONG, W, rate, LIMIT))
      expect(seconds({ ...LONG, ...s.change })).toBe(s.seconds);
  });

  it('leaves a shallower run alone and caps each deeper one within its own depth rule', () => {
    const mixed: LabState = {
      ...LONG,
      runs: [
        runControl(56, true, { width: 16 }),
        runControl(56, true, { block: 'bottleneck', width: 16 }),
        runControl(8, false),
      ],
    };
    const s = suggestFits(mixed, W, stepRate(2000, mixed, W), 1000).find((x) => x.kind === 'depth')!;
    const runs = (s.change as Pick<LabState, 'runs'>).runs;
    expect(runs[2]).toBe(mixed.runs[2]);
    expect(validDepths('fashion', 'basic')).toContain(runs[0]!.depth);
    expect(validDepths('fashion', 'bottleneck')).toContain(runs[1]!.depth);
    expect(Math.max(...runs.map((r) => r.depth))).toBe(s.value);
    expect(s.seconds).toBeLessThanOrEqual(1000);
  });

  it('offers nothing of a kind that cannot fit: the final scoring alone takes longer', () => {
    // 7,000 examples × 2000 / 192 ms ≈ 73 s of final scoring, with no steps at all.
    expect(suggestFits(LONG, W, rate, 60)).toEqual([]);
  });

  it('with the Lab’s own interval (steps / 12), the suggested steps still fit', () => {
    const lab: Workload = {
      ...W,
      planOf: (c) => {
        const t = trainConfigOf(c);
        return { steps: t.steps!, evalInterval: t.evalInterval!, batchSize: t.batchSize! };
      },
    };
    const r = stepRate(2000, LONG, lab);
    const s = suggestFits(LONG, lab, r, LIMIT).find((x) => x.kind === 'steps')!;
    expect(estimateSession({ ...LONG, steps: s.value }, lab, r).seconds).toBeLessThanOrEqual(LIMIT);
    expect(s.value).toBe(niceFloor(s.value));
    expect(estimateSession({ ...LONG, steps: 1000 }, lab, r).seconds).toBeGreaterThan(LIMIT);
  });
});
