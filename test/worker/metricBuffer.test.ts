import { describe, expect, it } from 'vitest';
import { createMetricBuffer } from '../../src/worker/metricBuffer';
import { createRateMeter } from '../../src/worker/rateMeter';

const step = (run: string, s: number) => ({ run, step: s, loss: 1 / s, trainErr: 0.5, learningRate: 0.1 });
const probe = (run: string, s: number, shared: Float32Array) => ({
  run,
  step: s,
  gradNorms: shared.subarray(0, 2),
  blockGradNorms: shared.subarray(2, 3),
  layerStd: new Float32Array([1, 1]),
  blockStd: new Float32Array([1]),
  blockRatio: new Float32Array([2]),
  weightNorms: new Float32Array([3]),
});

describe('MetricBuffer', () => {
  it('sends the points added since the last take, once', () => {
    const b = createMetricBuffer('s', ['a', 'b']);
    expect(b.take()).toBeNull();
    b.addStep(step('a', 1));
    b.addStep(step('a', 2));
    b.addEval({ run: 'a', step: 2, testErr: 0.1, trainErr: 0.2 });
    const first = b.take()!;
    expect(first.event.runs.map((r) => [r.run, [...r.steps]])).toEqual([['a', [1, 2]]]);
    expect(Array.from(first.event.runs[0]!.loss)).toEqual([1, Math.fround(0.5)]);
    expect(first.event.evals).toHaveLength(1);
    expect(b.empty).toBe(true);
    b.addStep(step('b', 3));
    expect(b.take()!.event.runs.map((r) => [r.run, [...r.steps]])).toEqual([['b', [3]]]);
  });

  it('transfers each buffer once, and copies probe arrays rather than detach views the engine holds', () => {
    const b = createMetricBuffer('s', ['a']);
    const shared = new Float32Array([1, 2, 3]);
    b.addStep(step('a', 1));
    b.addProbe(probe('a', 1, shared));
    const { event, transfer } = b.take()!;
    expect(new Set(transfer).size).toBe(transfer.length);
    // Four point arrays, six probe arrays (gradients, block gradients, layer std, block std, ratio, weights).
    expect(transfer).toHaveLength(4 + 6);
    expect(event.probes[0]!.gradNorms.buffer).not.toBe(shared.buffer);
    expect(Array.from(event.probes[0]!.gradNorms)).toEqual([1, 2]);
    // The event survives a real transfer, and the worker's copies go with it.
    const received = structuredClone(event, { transfer });
    expect(Array.from(received.runs[0]!.steps)).toEqual([1]);
    expect(event.runs[0]!.steps.byteLength).toBe(0);
    expect(shared.byteLength).toBe(12);
  });

  it('refuses a point of a run it does not hold', () => {
    expect(() => createMetricBuffer('s', ['a']).addStep(step('zz', 1))).toThrow(/no run zz/);
  });
});

describe('RateMeter', () => {
  it('averages the interval between steps, not counting the wait before a restart', () => {
    const m = createRateMeter(0.5);
    expect(m.perSecond).toBe(0);
    m.restart(0);
    m.tick(10);
    expect(m.perSecond).toBeCloseTo(100);
    m.tick(30); // interval 10 + 0.5 (20 − 10) = 15 ms
    expect(m.perSecond).toBeCloseTo(1000 / 15);
    m.restart(5000);
    m.tick(5015);
    expect(m.perSecond).toBeCloseTo(1000 / 15);
  });
});
