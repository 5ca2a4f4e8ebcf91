/**
 * The Lab store's overlay: a PyTorch log read into the snapshot beside the session; a
 * refused log changes nothing; the overlay outlives a new session and an imported one.
 */
import { describe, expect, it } from 'vitest';
import { createLabStore } from '../../src/state/labStore';
import type { LabStore } from '../../src/state/labStore';
import { fullLog, jsonl, step } from './torchLogLines';

/** A store that never needs the engine: nothing here trains. */
function newStore(): LabStore {
  return createLabStore(() => {
    throw new Error('no engine in this test');
  });
}

describe('LabStore overlay', () => {
  it('holds a loaded log in the snapshot', () => {
    const store = newStore();
    expect(store.getSnapshot().overlay).toBeNull();
    const r = store.loadTorchLog(jsonl(fullLog()));
    expect(r.ok).toBe(true);
    const overlay = store.getSnapshot().overlay;
    expect(overlay?.header.experiment).toBe('degradation-mlp');
    expect(overlay?.runs.map((x) => x.steps.step.length)).toEqual([4, 4]);
  });

  it('leaves the snapshot as it was when a log is refused', () => {
    const store = newStore();
    store.loadTorchLog(jsonl(fullLog()));
    const before = store.getSnapshot();
    const r = store.loadTorchLog(jsonl([...fullLog().slice(0, 2), step('run7', 1)]));
    expect(r).toEqual({ ok: false, message: 'line 3: run "run7" is not in the header (run1, run2)' });
    expect(store.getSnapshot()).toBe(before);
  });

  it('keeps the overlay through a reset, and clears it on clearTorchLog', () => {
    const store = newStore();
    store.loadTorchLog(jsonl(fullLog()));
    const overlay = store.getSnapshot().overlay;
    store.reset();
    expect(store.getSnapshot().overlay).toBe(overlay);
    store.clearTorchLog();
    expect(store.getSnapshot().overlay).toBeNull();
  });
});
