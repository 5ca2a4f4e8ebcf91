import { describe, expect, it } from 'vitest';
import { createTimeLeft, interimEvaluationsLeft } from '../../src/worker/timeLeft';
import type { SessionPlan } from '../../src/worker/timeLeft';

const plan: SessionPlan = {
  steps: 300,
  evalInterval: 100,
  batchSize: 64,
  runs: 2,
  interimExamples: 2 * 2000,
  finalExamples: 2 * 12000,
};

describe('the time left', () => {
  it('counts the interim evaluations still to come, not the final one', () => {
    // Evaluations at 100 and 200 are interim; the one at 300 is the final scoring.
    expect([0, 99, 100, 199, 200, 299, 300].map((d) => interimEvaluationsLeft(d, plan))).toEqual([
      2, 2, 1, 1, 0, 0, 0,
    ]);
    expect(interimEvaluationsLeft(0, { ...plan, evalInterval: 0 })).toBe(0);
    expect(interimEvaluationsLeft(0, { ...plan, steps: 250 })).toBe(2);
  });

  it('is unknown before a step was timed, and counts steps, evaluations and the final scoring', () => {
    const t = createTimeLeft();
    expect(t.secondsLeft(0, plan)).toBeNull();
    t.step(1000, { ms: 400, examples: 4000 }); // 600 ms of training, 0.1 ms per example scored
    // 299 steps × 0.6 s + (2 interim × 4,000 + 24,000 final) × 0.1 ms
    expect(t.secondsLeft(1, plan)).toBeCloseTo(299 * 0.6 + (2 * 4000 + 24000) * 1e-4, 9);
    expect(t.secondsLeft(300, plan)).toBe(0);
  });

  it("before any evaluation, prices an example scored on one run at a third of that run's share of a step", () => {
    const t = createTimeLeft();
    t.step(192); // two runs: 96 ms each for 64 examples
    const perExample = 192 / (3 * 64 * 2);
    expect(t.secondsLeft(299, plan)).toBeCloseTo((192 + 24000 * perExample) / 1000, 9);
  });

  it('starts from a step measured before training', () => {
    expect(createTimeLeft(undefined, 50).secondsLeft(0, { ...plan, evalInterval: 0 })).toBeCloseTo(
      (300 * 50 + 24000 * (50 / (3 * 64 * 2))) / 1000,
      9,
    );
  });
});
