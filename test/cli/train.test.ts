import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import { presetByName } from '../../src/core/presets';
import {
  LAST_WINDOW,
  meanOfLast,
  stepsToReach,
  summarize,
  summaryTable,
  TARGET_ERR,
  TARGET_WINDOW,
} from '../../src/cli/trainSummary';

const train = (...args: string[]) =>
  spawnSync(
    'node',
    ['--import', './scripts/register-node.mjs', '--import', 'tsx', 'src/cli/train.ts', ...args],
    { encoding: 'utf8' },
  );

describe('npm run train', () => {
  it('--jsonl: one object per run per step, then one summary per run with the paper-style fields', () => {
    const r = train('--preset', 'degradation-mlp', '--steps', '4', '--jsonl', '--seed', '3');
    expect(r.status, r.stderr).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    const steps = lines.filter((l) => !l.final);
    const finals = lines.filter((l) => l.final);
    expect(steps).toHaveLength(16);
    expect(Object.keys(steps[0]).slice(0, 4)).toEqual(['run', 'step', 'loss', 'trainErr']);
    expect(steps.map((l) => l.step)).toEqual([1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4]);
    expect(finals.map((f) => [f.run, f.layers, f.shortcut, f.block, f.params])).toEqual([
      ['plain-8', 8, 'none', 'basic', 1826],
      ['plain-52', 52, 'none', 'basic', 14498],
      ['resnet-8', 8, 'A', 'basic', 1826],
      ['resnet-52', 52, 'A', 'basic', 14498],
    ]);
    // Multiply-adds per image, as the arch command counts them.
    const preset = presetByName('degradation-mlp');
    expect(finals.map((f) => f.macs)).toEqual(preset.runs.map((r) => layerTable(r.spec).macs));
    for (const f of finals) {
      // The last-window error is the mean of that run's per-step minibatch errors (4 < 50: all of them).
      const errs = steps.filter((l) => l.run === f.run).map((l) => l.trainErr);
      expect(f.lastWindowErr).toBeCloseTo(errs.reduce((a: number, b: number) => a + b, 0) / errs.length, 12);
      expect(f).toMatchObject({
        lastWindow: LAST_WINDOW,
        targetErr: TARGET_ERR,
        targetWindow: TARGET_WINDOW,
      });
      expect(f.stepsToTarget === null || f.stepsToTarget >= 1).toBe(true);
      expect(f.trainErr).toBeGreaterThanOrEqual(0);
      expect(f.trainErr).toBeLessThanOrEqual(1);
      expect(f.testErr).toBeGreaterThanOrEqual(0);
    }
    // The last step of each run carries the final evaluation.
    expect(steps.at(-1)).toHaveProperty('testErr');
  }, 60_000);

  it('trains a NetSpec file on the shipped data its input fits', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reslab-'));
    const file = join(dir, 'net.json');
    writeFileSync(file, JSON.stringify(mlp(4, 8, { shortcut: 'B' })));
    const r = train('--spec', file, '--steps', '3', '--jsonl');
    expect(r.status, r.stderr).toBe(0);
    const last = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(last).toMatchObject({ final: true, layers: 4, shortcut: 'B', status: 'done' });
  }, 60_000);

  it('bad flags and bad specs: one line on stderr naming the problem, exit 2', () => {
    const dir = mkdtempSync(join(tmpdir(), 'reslab-'));
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ ...mlp(4, 8), shortcut: 'D' }));
    // Each spawn costs a Node start; flag parsing itself is covered in-process in args.test.ts.
    const cases: [string[], RegExp][] = [
      [['--preset', 'nope'], /--preset must be one of/],
      [['--spec', bad], /^shortcut: must be one of none, A, B, C \(got "D"\)$/],
      [['--preset', 'identity', '--steps', '0'], /steps: must be an integer in 1\.\.1000000/],
    ];
    for (const [args, message] of cases) {
      const r = train(...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      const lines = r.stderr.trim().split('\n');
      expect(lines, args.join(' ')).toHaveLength(1);
      expect(lines[0]).toMatch(message);
    }
  }, 120_000);
});

describe('the training summary', () => {
  it('meanOfLast: the mean of the last k values, all of them when fewer, null for none', () => {
    expect(meanOfLast([1, 0, 0, 1, 1], 2)).toBe(1);
    expect(meanOfLast([1, 0, 0, 1, 1], 4)).toBe(0.5);
    expect(meanOfLast([0.2, 0.4], 50)).toBeCloseTo(0.3, 15);
    expect(meanOfLast([], 50)).toBeNull();
  });

  it('stepsToReach: the first step whose trailing-window mean is at or below the threshold', () => {
    const errs = [0.9, 0.5, 0.4, 0.2, 0.1, 0.5];
    // Window 1: the raw curve first reaches 0.4 at step 3.
    expect(stepsToReach(errs, 0.4, 1)).toBe(3);
    // Window 2: means (.7 .45 .3 .15 .3) from step 2 on; 0.3 is first reached at step 4.
    expect(stepsToReach(errs, 0.3, 2)).toBe(4);
    // A low value inside a window's first steps is not enough: no full window yet at step 1.
    expect(stepsToReach([0, 1, 1], 0.4, 2)).toBeNull();
    expect(stepsToReach(errs, 0.05, 2)).toBeNull();
    expect(() => stepsToReach(errs, 0.3, 0)).toThrow(RangeError);
  });

  it("summarize: a finished run's errors; a stopped one reports none but still its steps to target", () => {
    const spec = presetByName('degradation-fashion').runs[0]!.spec;
    const errs = Array.from({ length: 100 }, (_, i) => (i < 40 ? 0.8 : 0.1));
    const base = { id: 'plain-8', spec, minibatchErr: errs, steps: 100, msPerStep: 12.34 };
    const done = summarize({ ...base, status: 'done', lastEval: { trainErr: 0.2, testErr: 0.25 } });
    expect(done).toMatchObject({ run: 'plain-8', layers: 8, shortcut: 'none', block: 'basic' });
    expect(done.macs).toBe(layerTable(spec).macs);
    expect(done).toMatchObject({ trainErr: 0.2, testErr: 0.25, msPerStep: 12.3 });
    expect(done.lastWindowErr).toBeCloseTo(0.1, 12);
    // Trailing 20-step means fall to ≤ 50 % once 9 of the last 20 values are 0.1: step 49.
    expect(done.stepsToTarget).toBe(49);
    const failed = summarize({ ...base, status: 'diverged', reason: 'diverged at step 100' });
    expect(failed).toMatchObject({ trainErr: null, testErr: null, lastWindowErr: null, stepsToTarget: 49 });
    const table = summaryTable([done, failed]);
    expect(table).toMatch(/MACs\/img/);
    expect(table).toMatch(/^plain-8 .* 20\.0% +25\.0% +10\.0% +49 +12$/m);
    expect(table).toMatch(/diverged: diverged at step 100$/m);
  });
});
