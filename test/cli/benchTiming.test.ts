import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetByName } from '../../src/core/presets';
import { loadSource } from '../../src/engine/datasets';
import { mean, median, timeSteps } from '../../src/cli/benchTiming';
import { useCpu } from '../engine/helpers';

beforeAll(useCpu);

describe('bench timing', () => {
  it('median and mean of step times', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(mean([1, 2, 6])).toBe(3);
  });

  it('times exactly the steps asked for, after the warm-up, and frees the session', async () => {
    const preset = presetByName('degradation-mlp');
    const data = await loadSource(preset.data, () => Promise.reject(new Error('toy data needs no files')));
    const run = preset.runs[0]!;
    const before = tf.memory().numTensors;
    for (const engine of ['js', 'tfjs'] as const) {
      const times = await timeSteps(
        { preset, id: run.id, spec: run.spec, engine, warmup: 2, steps: 3 },
        data,
        0,
      );
      expect(times).toHaveLength(3);
      expect(times.every((ms) => ms > 0)).toBe(true);
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
