/**
 * The browser test imports test/fixtures/torch/lab-default.jsonl, a real log of the Lab's
 * default experiment from its exported program (scripts/make-torch-fixture.ts writes it).
 * It must stay what the program writes: the Lab's parser reads it whole, and a fresh log
 * from today's program has the same kinds of line with the same fields.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { parseTorchLog } from '../../src/state/torchLog';
import { torchExperimentOf } from '../../src/state/torchExport';
import { hasTorch, PYTHON, readLog, runCommand, writeProgram } from './torchRun';
import type { LogLine } from './torchRun';

const FIXTURE = 'test/fixtures/torch/lab-default.jsonl';
const text = readFileSync(FIXTURE, 'utf8');

/** Each line type with its sorted field names (and the header's `where` fields). */
function shape(lines: LogLine[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const l of lines) {
    out[l.type] = Object.keys(l).sort();
    if (l.type === 'header') out.where = Object.keys(l.where as object).sort();
  }
  return out;
}

describe('the PyTorch log fixture', () => {
  it("is read whole by the Lab's parser: four runs of 40 steps, ended", () => {
    const parsed = parseTorchLog(text);
    if (!parsed.ok) throw new Error(parsed.message);
    expect(parsed.value.runs.map((r) => r.label)).toEqual([
      'plain-8',
      'plain-52',
      'ResNet A-8',
      'ResNet A-52',
    ]);
    for (const r of parsed.value.runs)
      expect([...r.steps.step]).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(parsed.value.end?.steps).toBe(40);
  });

  it.skipIf(!hasTorch)(
    'has the shape of a log the program writes today',
    async () => {
      const exp = torchExperimentOf({ session: null, controls: DEFAULT_LAB_STATE }, null);
      if (!exp.ok) throw new Error(exp.message);
      const file = writeProgram(exp.value);
      const log = join(file, '..', 'fresh.jsonl');
      const ran = await runCommand(PYTHON, [file, '--device', 'cpu', '--steps', '2', '--log', log]);
      expect(ran.status, ran.stderr).toBe(0);
      const fresh = readLog(log);
      const fixture = text
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l) as LogLine);
      expect(shape(fresh)).toEqual(shape(fixture));
      expect(fresh[0]!.runs).toEqual(
        (fixture[0]!.runs as object[]).map((r) => expect.objectContaining({ ...r })),
      );
    },
    120_000,
  );
});
