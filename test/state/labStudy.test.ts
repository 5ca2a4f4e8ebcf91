/**
 * The Lab's lesion study, through the store and the real engine host (in-process): asked
 * for a trained session, it reports progress and each run's results; cancelled, nothing;
 * while training, it is not started.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { createLabStore } from '../../src/state/labStore';
import type { LabStore } from '../../src/state/labStore';
import { inProcessClient } from './inProcessEngine';
import { runControl } from './runControls';
import { untilSnapshot } from './untilSnapshot';

const CONTROLS: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [runControl(8, false), runControl(8, true)],
  steps: 80,
  batchSize: 32,
};
const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

async function trainedStore() {
  const store = createLabStore(() => inProcessClient(), { controls: CONTROLS });
  stores.push(store);
  store.toggle();
  await untilSnapshot(store, (s) => s.phase === 'done');
  return store;
}

describe('the Lab’s lesion study', () => {
  it('studies every run of a trained session, with progress, at the step it trained to', async () => {
    const store = await trainedStore();
    const seen: number[] = [];
    const unsubscribe = store.subscribe(() => {
      const l = store.getSnapshot().lesion;
      if (l?.running && l.total) seen.push(l.done);
    });
    store.lesion();
    expect(store.getSnapshot().lesion).toMatchObject({ running: true, results: [] });
    const done = await untilSnapshot(store, (s) => s.lesion?.running === false);
    unsubscribe();
    const l = done.lesion!;
    // 3 blocks each: the net, 3 singles, k = 1, 2 × 3 seeds = 10 evaluations a run.
    expect([l.total, l.done, l.step, l.cancelled]).toEqual([20, 20, 80, false]);
    expect(seen.at(-1)).toBe(20);
    expect(l.results.map((r) => r.run)).toEqual(done.runs.map((r) => r.id));
    for (const r of l.results) {
      expect(r.singles.map((b) => b.block)).toEqual(['stage1.block1', 'stage1.block2', 'stage1.block3']);
      expect(r.random.map((x) => x.errors.length)).toEqual([3, 3]);
      expect(r.baseline).toBeCloseTo(done.runs.find((d) => d.id === r.run)!.testErr.y.at(-1)!, 6);
    }
    // A new session forgets it.
    store.reset();
    expect(store.getSnapshot().lesion).toBeNull();
  });

  it('a cancelled study reports no results; none starts while training', async () => {
    const store = await trainedStore();
    store.lesion();
    store.cancelStudy();
    const done = await untilSnapshot(store, (s) => s.lesion?.running === false);
    expect(done.lesion).toMatchObject({ cancelled: true, results: [] });

    const busy = createLabStore(() => inProcessClient(), { controls: CONTROLS });
    stores.push(busy);
    busy.toggle();
    await untilSnapshot(busy, (s) => s.phase === 'training');
    busy.lesion();
    expect(busy.getSnapshot().lesion).toBeNull();
  });

  it('slices every run’s loss landscape at the grid asked for; a grid the worker refuses is said', async () => {
    const store = await trainedStore();
    store.landscape(5, 2);
    const done = await untilSnapshot(store, (s) => s.landscape?.running === false);
    const l = done.landscape!;
    expect([l.total, l.done, l.step, l.cancelled]).toEqual([52, 52, 80, false]);
    expect(l.results.map((r) => [r.run, r.dims, r.loss.length, r.axis.length])).toEqual(
      done.runs.map((r) => [r.id, 2, 25, 5]),
    );
    for (const r of l.results) expect(r.loss[12]).toBe(r.centre);
    store.landscape(6, 1);
    const refused = await untilSnapshot(store, (s) => s.landscape === null && s.error !== null);
    expect(refused.error).toBe('n: must be odd, so that the trained weights are the centre (got 6)');
  });
});
