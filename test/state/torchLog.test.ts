/**
 * Reading a reslab-log/1 log (docs/PYTORCH.md): a whole log reads into each run's arrays;
 * a log cut short still reads and says so; every refusal names the line and the problem.
 */
import { describe, expect, it } from 'vitest';
import { lastLoggedStep, MAX_LOG_BYTES, parseTorchLog, tooLargeMessage } from '../../src/state/torchLog';
import type { ParsedTorchLog, TorchLog } from '../../src/state/torchLog';
import { fullLog, HEADER, jsonl, step, stoppedLog } from './torchLogLines';

function read(lines: (object | string)[]): TorchLog {
  const r = parseTorchLog(jsonl(lines));
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

const refusal = (r: ParsedTorchLog) => (r.ok ? 'read' : r.message);

/** The log with line `n` (1-based) replaced. */
function withLine(n: number, line: object | string): string {
  const lines: (object | string)[] = fullLog();
  lines[n - 1] = line;
  return jsonl(lines);
}

describe('parseTorchLog reads', () => {
  it('the header: where it ran, the data, the checked config and the runs', () => {
    const log = read(fullLog());
    expect(log.header.experiment).toBe('degradation-mlp');
    expect(log.header.where).toMatchObject({ torch: '2.1.0', device: 'cuda', world: 2, backend: 'nccl' });
    expect(log.header.config.steps).toBe(4);
    expect(log.header.config.optimizer).toBe('sgd');
    expect(log.runs.map((r) => [r.id, r.label])).toEqual([
      ['run1', 'plain-8'],
      ['run2', 'ResNet A-8'],
    ]);
  });

  it("each run's steps, evaluations and probes, in order", () => {
    const [run1, run2] = read(fullLog()).runs;
    expect([...run1!.steps.step]).toEqual([1, 2, 3, 4]);
    expect([...run1!.steps.trainErr]).toEqual([0.4, 0.3, 0.2, 0.1].map(Math.fround));
    expect([...run2!.steps.loss]).toEqual([1, 1 / 2, 1 / 3, 1 / 4].map(Math.fround));
    expect([...run1!.steps.learningRate]).toEqual([0.1, 0.1, 0.1, 0.1].map(Math.fround));
    expect([...run2!.evals.step]).toEqual([2, 4]);
    expect([...run2!.evals.testErr]).toEqual([0.3, 0.2].map(Math.fround));
    expect([...run2!.evals.trainErr]).toEqual([0.2, 0.1].map(Math.fround));
    expect(run2!.evals.full).toEqual([false, true]);
    expect([run1!.probes, run2!.probes]).toEqual([2, 0]);
  });

  it('the end line', () => {
    const log = read(fullLog());
    expect(log.end).toEqual({ steps: 4, seconds: 0.4, msPerStep: 100 });
    expect(log.cutOff).toBe(false);
    expect(lastLoggedStep(log)).toBe(4);
  });

  it('a log without its end line, as far as it goes', () => {
    const log = read(fullLog().slice(0, 8));
    expect(log.end).toBeNull();
    expect([...log.runs[0]!.steps.step]).toEqual([1, 2]);
    expect(lastLoggedStep(log)).toBe(2);
  });

  it('a last line cut off mid-write, leaving it out', () => {
    const text = `${jsonl(fullLog().slice(0, 8))}{"type":"step","run":"run1","st`;
    const r = parseTorchLog(text);
    expect(r.ok && r.value.cutOff).toBe(true);
    expect(r.ok && r.value.runs[0]!.steps.step.length).toBe(2);
  });

  it('a run that stopped, with its reason, while the others go on', () => {
    const log = read(stoppedLog());
    expect(log.runs[0]!.stop).toEqual({
      step: 3,
      status: 'diverged',
      reason: 'diverged at step 3: the loss is nan',
    });
    expect(log.runs[1]!.stop).toBeNull();
    expect([...log.runs[1]!.steps.step]).toEqual([1, 2, 3]);
  });

  it("Python's bare NaN and Infinity as non-finite values", () => {
    const text =
      jsonl([HEADER]) +
      '{"type":"step","run":"run1","step":1,"loss":NaN,"trainErr":0.5,"learningRate":0.1}\n';
    const r = parseTorchLog(
      `${text}{"type":"probe","run":"run1","step":1,"gradNorms":[Infinity, -Infinity]}\n`,
    );
    expect(r.ok).toBe(true);
    expect(r.ok && Number.isNaN(r.value.runs[0]!.steps.loss[0])).toBe(true);
  });

  it('CRLF line ends and blank lines', () => {
    const text = jsonl(fullLog()).replace(/\n/g, '\r\n\r\n');
    expect(refusal(parseTorchLog(text))).toBe('read');
  });
});

describe('parseTorchLog refuses, naming the line', () => {
  it('an empty file', () => {
    expect(refusal(parseTorchLog('\n\n'))).toBe('the file is empty');
  });

  it('a line that is not JSON', () => {
    expect(refusal(parseTorchLog(withLine(3, '{"type":"step",')))).toBe('line 3: not JSON');
  });

  it('a file whose first line is not a header', () => {
    expect(refusal(parseTorchLog(jsonl([step('run1', 1)])))).toBe(
      'line 1: the first line must be the log\'s header ({"type":"header",…}), not a "step" line; is this a reslab-log/1 log?',
    );
    expect(refusal(parseTorchLog('[1, 2]\n'))).toMatch(/^line 1: the first line must be the log's header/);
  });

  it('an unknown format, and a later version', () => {
    expect(refusal(parseTorchLog(withLine(1, { ...HEADER, format: 'wandb' })))).toBe(
      'line 1: unknown format "wandb"; expected "reslab-log/1"',
    );
    expect(refusal(parseTorchLog(withLine(1, { ...HEADER, format: 'reslab-log/2' })))).toBe(
      'line 1: format "reslab-log/2" is not one this ResLab reads (reslab-log/1)',
    );
  });

  it('a header field of the wrong type, by its path', () => {
    const bad = { ...HEADER, where: { ...HEADER.where, world: 0 } };
    expect(refusal(parseTorchLog(withLine(1, bad)))).toBe(
      'line 1: where.world: expected at least 1, got the integer 0',
    );
  });

  it('a config the engine would not train', () => {
    const bad = { ...HEADER, config: { ...HEADER.config, batchSize: 0 } };
    expect(refusal(parseTorchLog(withLine(1, bad)))).toBe(
      'line 1: config.batchSize: must be an integer in 1..4096 (got 0)',
    );
  });

  it('a run listed twice in the header', () => {
    const bad = { ...HEADER, runs: [HEADER.runs[0], HEADER.runs[0]] };
    expect(refusal(parseTorchLog(withLine(1, bad)))).toBe('line 1: runs[1].id: run "run1" is listed twice');
  });

  it('a step that is not a positive integer', () => {
    expect(refusal(parseTorchLog(withLine(3, { ...step('run1', 1), step: 0 })))).toBe(
      'line 3: step: expected at least 1, got the integer 0',
    );
    expect(refusal(parseTorchLog(withLine(3, { ...step('run1', 1), step: 1.5 })))).toBe(
      'line 3: step: expected an integer, got the number 1.5',
    );
  });

  it('a missing field', () => {
    const { trainErr: _, ...noErr } = step('run1', 1);
    expect(refusal(parseTorchLog(withLine(3, noErr)))).toBe('line 3: trainErr: missing; expected a number');
  });

  it('a run id not in the header', () => {
    expect(refusal(parseTorchLog(withLine(3, step('run9', 1))))).toBe(
      'line 3: run "run9" is not in the header (run1, run2)',
    );
  });

  it('an unknown line type, by name', () => {
    expect(refusal(parseTorchLog(withLine(3, { type: 'checkpoint', run: 'run1' })))).toMatch(
      /^line 3: unknown line type "checkpoint" \(a reslab-log\/1 log holds step, eval, probe, stop, end\)$/,
    );
    expect(refusal(parseTorchLog(withLine(3, { run: 'run1' })))).toBe(
      'line 3: type: missing; expected a string',
    );
  });

  it('a second header', () => {
    expect(refusal(parseTorchLog(withLine(3, HEADER)))).toBe(
      'line 3: a second header; a log holds one, on its first line',
    );
  });

  it('steps out of order', () => {
    // Line 5 is run1's step 2 in fullLog(): step 1 again comes after step 1.
    expect(refusal(parseTorchLog(withLine(5, step('run1', 1))))).toBe(
      'line 5: step 1 of run1 comes after its step 1',
    );
  });

  it('a step past the steps the config trains', () => {
    expect(refusal(parseTorchLog(withLine(3, step('run1', 5))))).toBe(
      "line 3: step 5 of run1 is past the 4 steps the header's config trains",
    );
  });

  it('probes with the wrong number of norms', () => {
    expect(refusal(parseTorchLog(withLine(2, { type: 'probe', run: 'run1', step: 1, gradNorms: [1] })))).toBe(
      "line 2: gradNorms: 1 norms for run1's 2 parameters",
    );
  });

  it('a line after the end', () => {
    expect(refusal(parseTorchLog(jsonl([...fullLog(), step('run1', 4)])))).toBe(
      'line 17: a "step" line after the log\'s end line',
    );
  });

  it('records of a run after it stopped', () => {
    const stop = { type: 'stop', run: 'run1', step: 1, status: 'diverged', reason: 'nan' };
    expect(refusal(parseTorchLog(jsonl([HEADER, stop, step('run1', 2)])))).toBe(
      'line 3: run1 stopped at step 1; it has no "step" line after that',
    );
  });

  it('a file over the size limit, saying the limit', () => {
    expect(tooLargeMessage(70 * 1024 * 1024)).toBe('the file is 70 MB; ResLab reads logs of up to 64 MB');
    expect(refusal(parseTorchLog(' '.repeat(MAX_LOG_BYTES + 1)))).toBe(
      'the file is 65 MB; ResLab reads logs of up to 64 MB',
    );
  });

  it('a file over the line limit', () => {
    expect(refusal(parseTorchLog('\n'.repeat(2_000_001)))).toBe(
      'the file has 2,000,001 lines; ResLab reads logs of up to 2,000,000 lines',
    );
  });
});
