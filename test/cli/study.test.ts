/**
 * `npm run lesion` and `npm run landscape`: the studies the Lab runs, from the command line.
 * What they print is read from the results they write (--json), their nets are the ones
 * `npm run train` trains, and bad flags are refused with one line.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { landscapeLines, lesionLines, singleCost } from '../../src/core/studyText';
import { levelChar, sliceDomain } from '../../src/cli/studyPrint';
import type { LandscapeSlice } from '../../src/engine/landscape';

const cli = (name: string, ...args: string[]) =>
  spawnSync(
    'node',
    ['--import', './scripts/register-node.mjs', '--import', 'tsx', `src/cli/${name}.ts`, ...args],
    {
      encoding: 'utf8',
    },
  );
const tmp = () => mkdtempSync(join(tmpdir(), 'reslab-study-'));
const pct = (e: number) => (100 * e).toFixed(1);

describe('npm run lesion', () => {
  it("studies the nets `npm run train` trains, and prints the table and the Lab's sentences from its results", () => {
    const file = join(tmp(), 'lesion.json');
    const r = cli('lesion', '--preset', 'degradation-mlp', '--json', file);
    expect(r.status, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(file, 'utf8'));
    expect(out).toMatchObject({
      format: 'reslab-lesion/1',
      experiment: 'degradation-mlp',
      draws: 3,
      testExamples: 100,
    });
    expect(out.runs.map((x: { id: string }) => x.id)).toEqual([
      'plain-8',
      'plain-52',
      'resnet-8',
      'resnet-52',
    ]);
    // 8 layers: 3 blocks; 52 layers: 25. k random blocks for k = 1 … blocks − 1, three draws each.
    expect(out.runs.map((x: { singles: unknown[] }) => x.singles.length)).toEqual([3, 25, 3, 25]);
    for (const x of out.runs) {
      expect(x.random.map((k: { k: number }) => k.k)).toEqual(
        Array.from({ length: x.singles.length - 1 }, (_, i) => i + 1),
      );
      for (const k of x.random) expect(k.errors).toHaveLength(3);
    }
    // The baseline is the trained net's test error, as `npm run train` reports it for the same seed and steps.
    const t = cli('train', '--preset', 'degradation-mlp', '--jsonl');
    expect(t.status, t.stderr).toBe(0);
    const finals = t.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
      .filter((l) => l.final);
    expect(out.runs.map((x: { baseline: number }) => x.baseline)).toEqual(finals.map((f) => f.testErr));
    // Each row of the table is that run's numbers.
    const resnet52 = out.runs[3];
    const printed = r.stdout.split('\n');
    const at = printed.findIndex((l) =>
      l.startsWith(`${resnet52.label}: ${pct(resnet52.baseline)}% test error as trained, 25 blocks`),
    );
    expect(at).toBeGreaterThan(0);
    expect(printed[at + 2]!.trim().split(/\s+/)).toEqual(
      resnet52.singles.map((b: { error: number }) => pct(b.error)),
    );
    // The sentences are the Lab's, from these results.
    const lines = lesionLines(out.runs, out.runs);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(printed).toContain(line);
    expect(printed.some((l) => l.startsWith('The paper: Veit et al. (2016) report'))).toBe(true);
    // Veit et al.'s finding, on the 52-layer twins: one deleted block costs the residual net less.
    expect(singleCost(out.runs[3])!.mean).toBeLessThan(singleCost(out.runs[1])!.mean);
  }, 120_000);
});

const picture = (stdout: string, label: string, n: number) => {
  const lines = stdout.split('\n');
  const at = lines.findIndex((l) => l.startsWith(`${label}: loss `));
  return lines.slice(at + 1, at + 1 + n).map((l) => l.slice(l.indexOf('|') + 1, l.lastIndexOf('|')));
};

describe('npm run landscape', () => {
  it("draws each 2-D slice from its losses on one scale, and the 1-D slice is the grid's middle row", () => {
    const dir = tmp();
    // 60 steps are enough: this checks the drawing and the seeds, not the science.
    const slice = (file: string, ...more: string[]) =>
      cli(
        'landscape',
        '--preset',
        'degradation-mlp',
        '--steps',
        '60',
        '--grid',
        '5',
        '--json',
        join(dir, file),
        ...more,
      );
    const two = slice('2d.json');
    expect(two.status, two.stderr).toBe(0);
    const one = slice('1d.json', '--dims', '1');
    expect(one.status, one.stderr).toBe(0);
    const grid = JSON.parse(readFileSync(join(dir, '2d.json'), 'utf8'));
    const curve = JSON.parse(readFileSync(join(dir, '1d.json'), 'utf8'));
    expect(grid).toMatchObject({ format: 'reslab-landscape/1', n: 5, dims: 2 });
    expect(curve).toMatchObject({ n: 5, dims: 1 });
    const domain = sliceDomain(grid.runs as LandscapeSlice[]);
    for (const [r, s] of grid.runs.entries()) {
      expect(s.axis).toEqual([-1, -0.5, 0, 0.5, 1]);
      expect(s.loss).toHaveLength(25);
      // The centre of the slice is the trained weights.
      expect(s.loss[12]).toBe(s.centre);
      // β = 0 is the 1-D slice along δ: the same direction, drawn from the same seed.
      expect(curve.runs[r].loss).toEqual(s.loss.slice(10, 15));
      // Row 0 of the picture is β = +1; two characters per point; "()" marks the centre.
      const rows = picture(two.stdout, s.label, 5);
      const want = [4, 3, 2, 1, 0].map((j) =>
        [0, 1, 2, 3, 4]
          .map((i) => (i === 2 && j === 2 ? '()' : levelChar(s.loss[j * 5 + i], domain).repeat(2)))
          .join(''),
      );
      expect(rows).toEqual(want);
    }
    const printed = two.stdout.split('\n');
    for (const line of landscapeLines(grid.runs, grid.runs)) expect(printed).toContain(line);
    // The 1-D table: one row per α, the trained weights at α = 0.
    expect(one.stdout).toMatch(/^ +0\.00 .*← trained$/m);
  }, 120_000);

  it('bad flags: one line on stderr naming the problem, exit 2', () => {
    const cases: [string, string[], RegExp][] = [
      ['landscape', ['--preset', 'degradation-mlp', '--grid', '4'], /^--grid must be odd, 5 … 41/],
      ['landscape', ['--preset', 'degradation-mlp', '--dims', '3'], /^--dims must be one of 1, 2/],
      ['lesion', ['--preset', 'degradation-mlp', '--draws', '0'], /^--draws must be 1 … 20 \(got 0\)$/],
      ['lesion', ['--steps', '3'], /^give exactly one of --preset <name> or --spec <file.json>$/],
    ];
    for (const [name, args, message] of cases) {
      const r = cli(name, ...args);
      expect(r.status, args.join(' ')).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr.trim()).toMatch(message);
    }
  }, 120_000);
});
