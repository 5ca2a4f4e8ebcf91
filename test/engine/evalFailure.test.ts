/** A run whose evaluation throws stops alone; the others keep training and evaluating. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import type { MlpSpec } from '../../src/core/netSpec';
import { makeToy } from '../../src/data/toy/makeToy';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { createSession } from '../../src/engine/session';
import type { SessionStep } from '../../src/engine/session';
import { config, useCpu } from './helpers';

beforeAll(useCpu);

describe('a failed evaluation', () => {
  it('stops that run with its reason; the other runs train to the end with evaluations', async () => {
    const d = makeToy({ kind: 'spirals', n: 200, noise: 0.1, testFraction: 0.2, seed: 3 });
    let evaluations = 0;
    const s = createSession({
      runs: ['a', 'b', 'c'].map((id) => ({ id, spec: mlp(4, 8) })),
      ...d,
      config: config({ steps: 12, evalInterval: 4, probeStride: 4 }),
      // Fault injection around a real trainer: run b's second evaluation runs out of memory.
      createTrainer: (id, spec, seed, c) => {
        const t = createJsMlpTrainer(id, spec as MlpSpec, seed, c);
        if (id !== 'b') return t;
        return {
          ...t,
          countWrong: (batches) => {
            if (++evaluations > 2) throw new Error('out of memory on the evaluation batch');
            return t.countWrong(batches);
          },
        };
      },
    });
    const steps: SessionStep[] = [];
    for (let i = 0; i < 12; i++) steps.push(await s.step());
    // Each evaluation counts the test split, then the training split: the third call is step 8's.
    const failed = steps[7]!;
    expect(failed.stopped).toEqual([
      {
        run: 'b',
        status: 'failed',
        reason: 'evaluation failed at step 8: out of memory on the evaluation batch',
      },
    ]);
    expect(failed.evals.map((e) => e.run)).toEqual(['a', 'c']);
    expect(steps[3]!.evals.map((e) => e.run)).toEqual(['a', 'b', 'c']);
    expect(steps[11]!.results.map((r) => r.record.run)).toEqual(['a', 'c']);
    expect(steps[11]!.evals.map((e) => [e.run, e.step])).toEqual([
      ['a', 12],
      ['c', 12],
    ]);
    for (const e of steps[11]!.evals) expect(e.testErr).toBeGreaterThanOrEqual(0);
    expect(s.runs.map((r) => r.status)).toEqual(['done', 'failed', 'done']);
    expect(steps.flatMap((x) => x.stopped)).toHaveLength(1);
    s.dispose();
  });
});
