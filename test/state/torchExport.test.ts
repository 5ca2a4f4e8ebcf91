/**
 * What "Export to PyTorch" writes a program for: the session on screen (its runs and the
 * controls it was built from, whatever the controls say now), or the live controls before
 * one; the learner's own files become their kind, read from the program's --data folder.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { LAB_EVAL_SAMPLE } from '../../src/core/trainingTime';
import { newSession } from '../../src/state/labSession';
import { torchExperimentOf } from '../../src/state/torchExport';
import { runControl } from './runControls';

const SMALL: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [runControl(8, false), runControl(8, true)],
  steps: 120,
};

function exported(...args: Parameters<typeof torchExperimentOf>) {
  const r = torchExperimentOf(...args);
  if (!r.ok) throw new Error(r.message);
  return r.value;
}

describe('torchExperimentOf', () => {
  it("builds the session's runs, data and config, not the live controls'", () => {
    const session = newSession(3, SMALL, null);
    // The learner has moved on: four runs and 360 steps on screen, the session trained two for 120.
    const exp = exported({ session, controls: DEFAULT_LAB_STATE }, null);
    expect(exp.name).toBe('lab');
    expect(exp.runs.map((r) => [r.id, r.label])).toEqual([
      ['run1', 'plain-8'],
      ['run2', 'ResNet A-8'],
    ]);
    expect(exp.runs[1]!.spec).toEqual(session.runs[1]!.spec);
    expect(exp.title).toBe('ResLab Lab: plain-8, ResNet A-8 on spirals');
    expect(exp.data).toEqual({
      kind: 'toy',
      toy: 'spirals',
      n: 500,
      noise: SMALL.noise,
      testFraction: 0.2,
      seed: SMALL.seed,
    });
    expect(exp.config).toMatchObject({ optimizer: 'adam', learningRate: 0.01, steps: 120, batchSize: 64 });
    // The toy schedule: 12 evaluations, 200 probes over the run (labCommand.ts).
    expect(exp.config).toMatchObject({ evalInterval: 10, probeStride: 1, momentum: 0.9, augment: false });
    expect(exp.evalSample).toBe(LAB_EVAL_SAMPLE);
  });

  it('builds the live controls before any session', () => {
    const exp = exported({ session: null, controls: DEFAULT_LAB_STATE }, null);
    expect(exp.runs.map((r) => r.label)).toEqual(['plain-8', 'plain-52', 'ResNet A-8', 'ResNet A-52']);
    expect(exp.config.steps).toBe(360);
  });

  it("names the kind of the learner's files and carries none of their bytes", () => {
    const user = {
      kind: 'cifar10' as const,
      files: [{ name: 'data_batch_1.bin', bytes: new Uint8Array(9) }],
      label: 'CIFAR-10: data_batch_1.bin',
    };
    const controls = { ...SMALL, data: 'fashion' as const, runs: [runControl(8, true)] };
    const session = newSession(1, controls, user);
    const exp = exported({ session, controls }, null);
    expect(exp.data).toEqual({ kind: 'cifar10', files: [] });
    expect(exp.title).toBe('ResLab Lab: ResNet A-8 on CIFAR-10: data_batch_1.bin');
    // Images get the image schedule: 6 evaluations, 30 probes.
    expect(exp.config).toMatchObject({ evalInterval: 20, probeStride: 4 });
    const idx = newSession(2, controls, { ...user, kind: 'idx', label: 'IDX: train-images-idx3-ubyte' });
    expect(exported({ session: idx, controls }, null).data).toEqual({ kind: 'idx', files: [] });
  });

  it('refuses live controls that cannot be built, saying why', () => {
    const bad = { ...SMALL, runs: [runControl(7, false)] };
    const r = torchExperimentOf({ session: null, controls: bad }, null);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.message).toMatch(/depth/);
  });
});
