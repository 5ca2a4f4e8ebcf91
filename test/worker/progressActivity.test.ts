/**
 * What the progress line is told: the warm-up before the first step, an evaluation's
 * progress while it runs, and a time left that counts evaluations and the final scoring.
 */
import { describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import type { ProgressEvent } from '../../src/worker/protocol';
import { createCmd, ctl, harness, isState, isType } from './helpers';

const progressOf = (events: { type: string }[]) =>
  events.filter((e) => e.type === 'progress') as ProgressEvent[];

describe('progress', () => {
  it('says it is warming up when training starts at step 0, with a time left from the step timed at create', async () => {
    const h = harness();
    await h.send(createCmd({ config: { steps: 40, batchSize: 32, evalInterval: 10, probeStride: 0 } }));
    const ready = h.events().find(isType('ready'))!;
    expect(ready.msPerStep).toBeGreaterThan(0);
    await h.send(ctl('start'));
    await h.until(isState('done'));
    const progress = progressOf(h.events());
    expect(progress[0]!.step).toBe(0);
    expect(progress[0]!.activity).toMatch(
      /^warming up: the first step builds and compiles the kernels on cpu$/,
    );
    // 40 steps at the measured step time, plus evaluations: at least the steps' share.
    expect(progress[0]!.secondsLeft).toBeGreaterThanOrEqual((40 * ready.msPerStep!) / 1000);
    const later = progress.filter((p) => p.step > 0);
    for (const p of later) expect(p.secondsLeft).not.toBeNull();
    expect(later.at(-1)).toMatchObject({ state: 'done', step: 40, secondsLeft: 0, activity: null });
  });

  it('reports a long evaluation batch by batch, at the progress rate', async () => {
    // A clock that moves 300 ms per reading: every evaluation batch is past the progress interval.
    let t = 0;
    const h = harness({ now: () => (t += 300) });
    await h.send(
      createCmd({
        runs: [{ id: 'a', spec: mlp(4, 8) }],
        config: { steps: 2, batchSize: 16, evalInterval: 1, probeStride: 0 },
        evalSample: 20,
      }),
    );
    const from = h.mark();
    await h.send(ctl('step'));
    await h.until(isType('progress'), from);
    const interim = progressOf(h.events().slice(from)).map((p) => p.activity);
    expect(interim).toContain('evaluating on fixed samples of the test and training sets: 0 of 40 examples');
    expect(interim.at(-1)).toBeNull();
    const next = h.mark();
    await h.send(ctl('step'));
    await h.until(isState('done'), next);
    const final = progressOf(h.events().slice(next)).map((p) => p.activity);
    // The spirals here: 160 training and 40 test points, scored whole at the end.
    expect(final).toContain('scoring the whole test and training sets: 0 of 200 examples');
  });
});
