import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';

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
    for (const f of finals) {
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
