/**
 * The experiment file end to end: a session trained on the real engine in-process (cpu
 * backend, fused JS MLP trainer), exported, parsed and loaded into a fresh store, redraws
 * from exactly the same records; and every kind of bad file is refused with the field named,
 * nothing loaded.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { createRng } from '../../src/core/rng';
import type { LabState } from '../../src/core/labState';
import {
  experimentFileName,
  experimentJson,
  parseExperimentFile,
  toExperimentFile,
} from '../../src/state/experimentFile';
import type { ExperimentFile } from '../../src/state/experimentFile';
import { createLabStore } from '../../src/state/labStore';
import type { LabSnapshot, LabStore } from '../../src/state/labStore';
import type { RunData } from '../../src/state/runData';
import { inProcessClient } from './inProcessEngine';
import { untilSnapshot } from './untilSnapshot';
import { runControl } from './runControls';

const SMALL: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [runControl(4, false), runControl(6, true)],
  steps: 24,
  batchSize: 32,
};
const EXPORTED_AT = new Date('2026-12-02T10:30:00.000Z');

const stores: LabStore[] = [];
function open(controls: LabState = SMALL): LabStore {
  const store = createLabStore(() => inProcessClient(), { controls });
  stores.push(store);
  return store;
}
const until = untilSnapshot;
afterAll(() => {
  for (const s of stores.splice(0)) s.dispose();
});

/** Everything a chart draws from a run, as plain arrays (typed arrays compared value by value). */
const records = (d: RunData) => ({
  id: d.id,
  layout: d.layout,
  engine: d.engine,
  status: d.status,
  reason: d.reason,
  trainErr: [Array.from(d.trainErr.x), Array.from(d.trainErr.y)],
  loss: [Array.from(d.loss.x), Array.from(d.loss.y)],
  testErr: [Array.from(d.testErr.x), Array.from(d.testErr.y)],
  fullTrainErr: [Array.from(d.fullTrainErr.x), Array.from(d.fullTrainErr.y)],
  probes: d.probes.map((p) => ({
    ...p,
    gradNorms: Array.from(p.gradNorms),
    layerStd: Array.from(p.layerStd),
  })),
  probeArrays: d.probes.map((p) =>
    [p.blockGradNorms, p.weightNorms, p.blockStd, p.blockRatio].map((a) => Array.from(a)),
  ),
});

let trained: LabSnapshot;
let file: ExperimentFile;
let text: string;
beforeAll(async () => {
  const store = open();
  store.toggle();
  trained = await until(store, (s) => s.phase === 'done');
  file = toExperimentFile(trained, EXPORTED_AT)!;
  text = experimentJson(file);
});

describe('exporting and importing an experiment', () => {
  it('writes the session: format, version, controls, every run with every record', () => {
    expect(file).toMatchObject({
      format: 'reslab-experiment',
      version: 1,
      exportedAt: '2026-12-02T10:30:00.000Z',
      app: { name: 'ResLab' },
      controls: SMALL,
      userData: null,
      progress: { step: 24, totalSteps: 24, finished: true },
    });
    expect(file.name).toBe(`${trained.dataLabel}: plain-4, ResNet A-6`);
    expect(file.runs.map((r) => [r.id, r.label, r.points.step.length, r.evals.step.length])).toEqual([
      ['run1', 'plain-4', 24, 3],
      ['run2', 'ResNet A-6', 24, 3],
    ]);
    expect(file.runs[0]!.probes.length).toBe(trained.runs[0]!.probes.length);
    expect(file.runs[0]!.probes.length).toBeGreaterThan(0);
    expect(file.boundary!.runs.map((r) => r.run)).toEqual(['run1', 'run2']);
    expect(file.toyPoints!.y.length).toBe(trained.toyPoints!.y.length);
    expect(experimentFileName(file)).toMatch(/^reslab-[a-z0-9-]+-plain-4-resnet-a-6-2026-12-02\.json$/);
  });

  it('loads into a fresh store without training, with the same records, and exports the same file', () => {
    const store = open(DEFAULT_LAB_STATE);
    const result = store.loadExperiment(text);
    expect(result.ok).toBe(true);
    const s = store.getSnapshot();
    expect(s).toMatchObject({ phase: 'done', step: 24, totalSteps: 24, settingsChanged: false, error: null });
    expect(s.controls).toEqual(SMALL);
    expect(s.session!.runs.map((r) => [r.label, r.spec])).toEqual(
      trained.session!.runs.map((r) => [r.label, r.spec]),
    );
    expect(s.runs.map(records)).toEqual(trained.runs.map(records));
    expect(s.backend).toEqual(trained.backend);
    expect(s.dataLabel).toBe(trained.dataLabel);
    expect(s.toyPoints).toEqual(trained.toyPoints);
    expect(s.boundary).toEqual(trained.boundary);
    expect(s.imported).toEqual({
      name: file.name,
      exportedAt: file.exportedAt,
      appVersion: file.app.version,
    });
    expect(toExperimentFile(s, EXPORTED_AT)).toEqual(file);
  });

  it('Train after an import builds a fresh session from the imported controls', async () => {
    const store = open(DEFAULT_LAB_STATE);
    store.loadExperiment(text);
    const serial = store.getSnapshot().session!.serial;
    store.toggle();
    expect(store.getSnapshot()).toMatchObject({ phase: 'building', imported: null, runs: [] });
    const done = await until(store, (s) => s.phase === 'done');
    expect(done.session!.serial).toBeGreaterThan(serial);
    expect(done.session!.controls).toEqual(SMALL);
    // Same seed, same engine: the retrained curves are the imported ones.
    expect(done.runs.map((r) => Array.from(r.trainErr.y))).toEqual(
      trained.runs.map((r) => Array.from(r.trainErr.y)),
    );
  });

  it('a session exported part way imports as stopped, not done', () => {
    const part = JSON.parse(text) as ExperimentFile;
    part.progress.finished = false;
    const store = open();
    expect(store.loadExperiment(JSON.stringify(part)).ok).toBe(true);
    expect(store.getSnapshot().phase).toBe('stopped');
  });

  it('a non-finite value (written as null) reads back as NaN', () => {
    const f = JSON.parse(text) as ExperimentFile;
    f.runs[0]!.points.loss[3] = null;
    const store = open();
    expect(store.loadExperiment(JSON.stringify(f)).ok).toBe(true);
    expect(store.getSnapshot().runs[0]!.loss.y[3]).toBeNaN();
  });

  it('there is nothing to export before a session has runs', () => {
    expect(toExperimentFile(open().getSnapshot(), EXPORTED_AT)).toBeNull();
  });
});

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the edits reach anywhere into parsed JSON
type Json = any;

/** The file with one edit; returns the refusal message (or 'accepted'). */
function refusal(edit: (f: Json) => unknown): string {
  const f = JSON.parse(text);
  edit(f);
  const r = parseExperimentFile(JSON.stringify(f));
  return r.ok ? 'accepted' : r.message;
}

describe('refusing a bad file, naming the field', () => {
  it.each([
    ['not JSON', () => parseExperimentFile('{"format":'), /^not JSON: /],
    ['a JSON array', () => parseExperimentFile('[1,2]'), /^format: not a ResLab experiment file$/],
    [
      'another format',
      () => refusal((f) => (f.format = 'tfjs-model')),
      /^format: not a ResLab experiment file$/,
    ],
    ['a newer version', () => refusal((f) => (f.version = 2)), /^version 2 is newer than this ResLab \(1\)$/],
  ])('%s', (_, read, message) => {
    const r = read();
    expect(typeof r === 'string' ? r : r.ok ? 'accepted' : r.message).toMatch(message);
  });

  it.each<[string, (f: Json) => unknown, string | RegExp]>([
    [
      'a string step',
      (f) => (f.runs[1].points.step[2] = '3'),
      'runs[1].points.step[2]: expected a number, got a string ("3")',
    ],
    [
      'a fractional step',
      (f) => (f.runs[0].evals.step[0] = 1.5),
      'runs[0].evals.step[0]: expected an integer, got the number 1.5',
    ],
    ['a missing layout', (f) => delete f.runs[0].layout, 'runs[0].layout: missing; expected an object'],
    ['an unknown field', (f) => (f.extra = 1), 'the file: unknown field "extra"'],
    [
      'a NaN written as a string',
      (f) => (f.runs[0].points.trainErr[0] = 'NaN'),
      /^runs\[0\]\.points\.trainErr\[0\]: expected a number, got a string/,
    ],
    [
      'an unknown engine',
      (f) => (f.runs[0].engine = 'torch'),
      'runs[0].engine: expected "tfjs" or "js", got a string ("torch")',
    ],
    [
      'a bad date',
      (f) => (f.exportedAt = 'yesterday'),
      'exportedAt: expected an ISO date and time, got a string ("yesterday")',
    ],
    ['no runs', (f) => (f.runs = []), 'runs: expected at least 1 entries, got 0'],
    [
      'a depth the Lab does not offer',
      (f) => (f.controls.runs[0].depth = 7),
      /^controls: run 1: depth "7" is not offered/,
    ],
    [
      'a learning rate out of range',
      (f) => (f.controls.learningRate = 100),
      /^controls: learning rate "100" is not a number in/,
    ],
    [
      'an unknown dataset',
      (f) => (f.controls.data = 'imagenet'),
      /^controls: dataset "imagenet" is not one of/,
    ],
    ['a run the controls do not make', (f) => f.runs.pop(), 'runs: 1 runs recorded but the controls make 2'],
    [
      'a label that is not the controls’',
      (f) => (f.runs[0].label = 'ResNet A-52'),
      'runs[0].label: "ResNet A-52" is not what its controls make (plain-4)',
    ],
    [
      'a spec that is not the controls’',
      (f) => (f.runs[1].spec.stages[0].width = 99),
      'runs[1].spec: not the network its controls build (ResNet A-6)',
    ],
    ['a wrong run id', (f) => (f.runs[1].id = 'run9'), 'runs[1].id: expected "run2", got "run9"'],
    [
      'a layout of another run',
      (f) => (f.runs[1].layout.run = 'run1'),
      'runs[1].layout.run: "run1" is not this run\'s id (run2)',
    ],
    [
      'parallel arrays of different lengths',
      (f) => f.runs[0].points.loss.pop(),
      'runs[0].points: step has 24 values but loss has 23',
    ],
    [
      'evals of different lengths',
      (f) => f.runs[1].evals.testErr.push(0.5),
      'runs[1].evals: step has 3 values but testErr has 4',
    ],
    [
      'steps out of order',
      (f) => (f.runs[0].points.step[5] = 3),
      'runs[0].points.step[5]: step 3 does not follow step 5',
    ],
    [
      'a step after the last',
      (f) => (f.progress.step = 20),
      "runs[0].points.step[20]: step 21 is after the session's last step (20)",
    ],
    [
      'progress past the end',
      (f) => (f.progress.step = 99),
      "progress.step: 99 is past the session's 24 steps",
    ],
    [
      'total steps not the controls’',
      (f) => (f.progress.totalSteps = 30),
      "progress.totalSteps: 30 is not the controls' 24 steps",
    ],
    [
      'a probe array too short',
      (f) => f.runs[0].probes[2].gradNorms.pop(),
      /^runs\[0\]\.probes\[2\]\.gradNorms: expected \d+ values \(one per layout entry\), got \d+$/,
    ],
    [
      'a boundary grid too short',
      (f) => f.boundary.runs[1].probs.pop(),
      /^boundary\.runs\[1\]\.probs: expected \d+ values \(\d+×\d+ grid × 2 classes\), got \d+$/,
    ],
    [
      'a boundary of an unknown run',
      (f) => (f.boundary.runs[0].run = 'run7'),
      /^boundary\.runs\[0\]\.run: "run7" is not one of the session's runs/,
    ],
    [
      'toy points of the wrong length',
      (f) => f.toyPoints.x.pop(),
      /^toyPoints\.x: expected \d+ coordinates \(two per label\), got \d+$/,
    ],
    [
      'a stopped run without its reason',
      (f) => (f.runs[0].status = 'diverged'),
      'runs[0].reason: a diverged run needs the reason it stopped',
    ],
  ])('%s', (_, edit, message) => {
    const got = refusal(edit);
    if (typeof message === 'string') expect(got).toBe(message);
    else expect(got).toMatch(message);
  });

  it('an unchanged file is accepted (the refusals above come from their one edit)', () => {
    expect(refusal(() => {})).toBe('accepted');
  });

  it('a refused file leaves the store exactly as it was', () => {
    const store = open();
    store.loadExperiment(text);
    const before = store.getSnapshot();
    const bad = JSON.parse(text);
    bad.runs[1].points.step[2] = 'x';
    const r = store.loadExperiment(JSON.stringify(bad));
    expect(r).toEqual({
      ok: false,
      message: 'runs[1].points.step[2]: expected a number, got a string ("x")',
    });
    expect(store.getSnapshot()).toBe(before);
  });

  it('never throws, whatever the text', () => {
    for (const t of [
      '',
      'null',
      '0',
      '"x"',
      '{}',
      '{"format":"reslab-experiment"}',
      '{"format":"reslab-experiment","version":"1"}',
    ])
      expect(parseExperimentFile(t).ok).toBe(false);
  });
});

describe('any single edit of a real file', () => {
  /** Every path to a value in the file, so an edit can land anywhere in it. */
  function paths(v: unknown, at: (string | number)[] = [], out: (string | number)[][] = []) {
    if (at.length) out.push(at);
    if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...at, i], out));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
    return out;
  }
  const REPLACEMENTS: unknown[] = [
    null,
    -1,
    0,
    1.5,
    2 ** 31,
    1e300,
    '',
    'x'.repeat(5000),
    '<img src=x onerror=alert(1)>',
    'NaN',
    true,
    [],
    {},
    [1, 2, 3],
    { format: 'reslab-experiment' },
  ];

  const EDITS = 10_000;
  it('ends in a checked experiment or a short refusal naming a field, never a throw (10,000 edits)', () => {
    const rng = createRng(20261202);
    const all = paths(JSON.parse(text));
    let accepted = 0;
    for (let n = 0; n < EDITS; n++) {
      const f = JSON.parse(text);
      const path = all[Math.floor(rng.next() * all.length)]!;
      const parent = path.slice(0, -1).reduce((o: Json, k) => o[k], f);
      const key = path.at(-1)!;
      if (rng.next() < 0.15) delete parent[key];
      else parent[key] = REPLACEMENTS[Math.floor(rng.next() * REPLACEMENTS.length)];
      const r = parseExperimentFile(JSON.stringify(f));
      if (r.ok) {
        accepted++;
        const c = r.value.controls;
        for (const x of [c.noise, c.learningRate, c.batchSize, c.steps, c.seed])
          expect(Number.isFinite(x)).toBe(true);
        const store = createLabStore(() => inProcessClient(), { controls: SMALL });
        expect(store.loadExperiment(JSON.stringify(f)).ok).toBe(true);
        const loaded = store.getSnapshot();
        store.dispose();
        for (const d of loaded.runs) {
          expect(d.loss.length).toBe(d.trainErr.length);
          expect(d.fullTrainErr.length).toBe(d.testErr.length);
          expect(Math.max(0, ...d.trainErr.x)).toBeLessThanOrEqual(loaded.step);
        }
      } else {
        expect(r.message.length).toBeLessThan(400);
        // Values are quoted and cut to 24 characters (and React shows them as text, never markup).
        expect(r.message).not.toContain('x'.repeat(25));
        expect(r.message).not.toContain('onerror=alert(1)');
        expect(r.message).toMatch(/^(the file|format|version \d|[a-zA-Z]+(\[\d+\])?[.:[ ])/);
      }
    }
    // Most edits break something; some (a label-free value, a probe's norm) are still a valid file.
    expect(accepted).toBeGreaterThan(0);
    expect(accepted).toBeLessThan(EDITS);
    // ~6 ms an edit (a 120 kB file parsed, checked and loaded): a minute on a slow 2-core
    // machine, so the suite's 60 s default would fail it for the machine, not the code.
  }, 240_000);
});
