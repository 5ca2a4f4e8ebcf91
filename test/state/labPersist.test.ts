/**
 * Sessions kept in IndexedDB (fake-indexeddb, a complete in-memory implementation, in Node;
 * the browser tests use the real one) by the Lab store over the real engine host: saved at
 * every checkpoint, restored with their records, resumed to the very numbers an uninterrupted
 * session reaches, refused whole when the quota would not hold them.
 */
import 'fake-indexeddb/auto';
import { openDB } from 'idb';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { CHECKPOINT_CHOICES } from '../../src/state/checkpointInterval';
import { restoredText } from '../../src/state/labRestore';
import { createLabStore } from '../../src/state/labStore';
import type { LabSnapshot, LabStore } from '../../src/state/labStore';
import { openSessionDb } from '../../src/state/sessionDb';
import type { SessionDb } from '../../src/state/sessionDb';
import type { ExperimentFile } from '../../src/state/experimentFile';
import { inProcessClient } from './inProcessEngine';
import { untilSnapshot } from './untilSnapshot';
import { runControl } from './runControls';

const CONTROLS: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [runControl(4, false), runControl(6, true)],
  steps: 60,
  batchSize: 32,
};
const EVERY = { steps: 10, seconds: 3600 };

let dbSerial = 0;
const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

function open(db: SessionDb, controls: LabState = CONTROLS) {
  const store = createLabStore(() => inProcessClient(), { controls, sessions: db, checkpointEvery: EVERY });
  stores.push(store);
  const until = (pred: (s: LabSnapshot) => boolean) => untilSnapshot(store, pred);
  return { store, until };
}

const freshDb = (estimate?: () => Promise<StorageEstimate>) =>
  openSessionDb({ name: `test-${++dbSerial}`, ...(estimate ? { estimate } : {}) });

/** The stored parts of the one session in the last database made, as IndexedDB holds them. */
async function storedParts(): Promise<ExperimentFile[]> {
  const raw = await openDB(`test-${dbSerial}`);
  const parts = (await raw.getAll('parts')) as { seq: number; file: ExperimentFile }[];
  raw.close();
  return parts.map((p) => p.file);
}

/** Every record a run has, as plain arrays. */
const records = (s: LabSnapshot) =>
  s.runs.map((r) => ({
    trainErr: [Array.from(r.trainErr.x), Array.from(r.trainErr.y)],
    loss: [Array.from(r.loss.x), Array.from(r.loss.y)],
    testErr: [Array.from(r.testErr.x), Array.from(r.testErr.y)],
    full: [Array.from(r.fullTrainErr.x), Array.from(r.fullTrainErr.y)],
    probes: r.probes.map((p) => [p.step, Array.from(p.gradNorms)]),
  }));

async function trainThenPause(db: SessionDb, controls = CONTROLS) {
  const a = open(db, controls);
  a.store.toggle();
  await a.until((s) => s.phase === 'training' && (s.runs[0]?.trainErr.length ?? 0) >= 15);
  a.store.toggle();
  const paused = await a.until((s) => s.phase === 'paused');
  await a.until((s) => s.saved?.step === paused.step);
  await a.store.saved();
  return { ...a, paused };
}

describe('sessions kept across a reload', () => {
  it('a paused session is stored at its step; reopened in a new Lab, it redraws and trains on to the uninterrupted numbers', async () => {
    const db = freshDb();
    const { paused } = await trainThenPause(db);
    expect(paused.step).toBeLessThan(60);
    const [summary] = await db.list();
    expect(summary).toMatchObject({ step: paused.step, totalSteps: 60, finished: false, resumable: true });
    expect(summary!.runs.map((r) => r.label)).toEqual(['plain-4', 'ResNet A-6']);
    expect(summary!.runs[0]!.trainErr).toBe(paused.runs[0]!.trainErr.y.at(-1));

    // A new page: another store and worker over the same database.
    const b = open(db, DEFAULT_LAB_STATE);
    expect(await b.store.openStored(summary!.id)).toBeNull();
    const restored = b.store.getSnapshot();
    expect(restored).toMatchObject({ phase: 'paused', step: paused.step, controls: CONTROLS });
    expect(records(restored)).toEqual(records(paused));
    expect(restoredText(restored)).toMatch(
      new RegExp(
        `^Restored .*, saved \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d at step ${paused.step} of 60\\. Train goes on from step ${paused.step}\\.$`,
      ),
    );
    b.store.toggle();
    // Built again and ready at the checkpoint's step, its records still on screen: it goes on, not over.
    const ready = await b.until((s) => s.phase !== 'building' && s.phase !== 'paused');
    expect(ready.backend).not.toBeNull();
    expect([ready.step, ready.runs[0]!.trainErr.x.length]).toEqual([paused.step, paused.step]);
    const resumed = await b.until((s) => s.phase === 'done');

    const whole = open(freshDb());
    whole.store.toggle();
    const uninterrupted = await whole.until((s) => s.phase === 'done');
    expect(records(resumed)).toEqual(records(uninterrupted));
    expect(resumed.runs[0]!.trainErr.x.length).toBe(60);
    expect(resumed.restored).toBeNull();

    // Still the same stored session, now finished and without a checkpoint to keep.
    await b.until((s) => s.saved?.step === 60);
    await b.store.saved();
    const after = await db.list();
    expect(after.map((s) => [s.id, s.step, s.finished, s.resumable])).toEqual([
      [summary!.id, 60, true, false],
    ]);
    expect((await db.load(summary!.id))!.checkpoint).toBeNull();
  });

  it('each save stores only the records since the one before, and the parts load as the whole session', async () => {
    const db = freshDb();
    const { paused } = await trainThenPause(db);
    const parts = await storedParts();
    // One part per checkpoint (every 10 steps) and one at the pause: each starts after the last.
    expect(parts.length).toBeGreaterThanOrEqual(2);
    const steps = parts.map((p) => p.runs[0]!.points.step);
    expect(steps.flat()).toEqual(Array.from({ length: paused.step }, (_, i) => i + 1));
    // Each part ends at its checkpoint (one at the pause may hold nothing new).
    for (const [k, p] of parts.entries())
      expect(
        steps
          .slice(0, k + 1)
          .flat()
          .at(-1),
      ).toBe(p.progress.step);
    expect(Math.max(...steps.slice(1).map((st) => st.length))).toBeLessThanOrEqual(EVERY.steps);
    const [summary] = await db.list();
    expect(summary!.parts).toBe(parts.length);
    expect(summary!.metricBytes).toBe(parts.reduce((n, p) => n + JSON.stringify(p).length, 0));
    const loaded = (await db.load(summary!.id))!.file;
    expect(loaded.runs.map((r) => r.evals.step)).toEqual(paused.runs.map((r) => Array.from(r.testErr.x)));
    expect(loaded.runs.map((r) => r.probes.map((p) => p.step))).toEqual(
      paused.runs.map((r) => r.probes.map((p) => p.step)),
    );
  });

  it('a part the quota refused is carried by the next save, so no record is missing', async () => {
    let full = false;
    const db = freshDb(async () => ({ quota: 10_000_000, usage: full ? 10_000_000 : 0 }));
    const a = open(db);
    a.store.toggle();
    await a.until((s) => (s.saved?.step ?? 0) >= 10);
    full = true;
    const refused = await a.until((s) => s.storageError !== null);
    const stopped = refused.saved!.step;
    full = false;
    const later = await a.until((s) => s.storageError === null && (s.saved?.step ?? 0) > stopped);
    await a.until((s) => s.saved?.step === 60);
    await a.store.saved();
    expect(later.saved!.step).toBeGreaterThan(stopped);
    const [summary] = await db.list();
    const loaded = (await db.load(summary!.id))!.file;
    expect(loaded.runs[0]!.points.step).toEqual(Array.from({ length: 60 }, (_, i) => i + 1));
    expect(loaded.progress).toMatchObject({ step: 60, finished: true });
  });

  it("loads a record of version 1's one-file layout, and replaces it with parts on the next save", async () => {
    const db = freshDb();
    const { paused } = await trainThenPause(db);
    const [summary] = await db.list();
    const rec = (await db.load(summary!.id))!;
    // The same session as version 1 stored it: one whole file, the summary without parts.
    const name = `test-${++dbSerial}`;
    const v1 = await openDB(name, 1, {
      upgrade(d) {
        for (const s of ['summaries', 'files', 'checkpoints']) d.createObjectStore(s, { keyPath: 'id' });
      },
    });
    const { parts: _p, metricBytes: _m, ...oldSummary } = summary!;
    await v1.put('summaries', oldSummary);
    await v1.put('files', { id: summary!.id, file: rec.file });
    await v1.put('checkpoints', { id: summary!.id, checkpoint: rec.checkpoint });
    v1.close();
    const old = openSessionDb({ name });
    const b = open(old, DEFAULT_LAB_STATE);
    expect(await b.store.openStored(summary!.id)).toBeNull();
    expect(records(b.store.getSnapshot())).toEqual(records(paused));
    b.store.step();
    await b.until((s) => s.saved?.step === paused.step + 1);
    await b.store.saved();
    const parts = await storedParts();
    expect(parts.map((p) => p.runs[0]!.points.step.length)).toEqual([paused.step + 1]);
    expect((await old.list())[0]).toMatchObject({ step: paused.step + 1, parts: 1 });
  });

  it('checkpoints at the interval chosen before the build; a change mid-session waits for the next one', async () => {
    const db = freshDb();
    const a = open(db);
    const [often, , seldom] = CHECKPOINT_CHOICES;
    a.store.setCheckpointEvery(often!);
    a.store.toggle();
    const training = await a.until((s) => s.phase === 'training');
    expect(training.savingEvery).toEqual(often);
    a.store.setCheckpointEvery(seldom!);
    expect(a.store.getSnapshot()).toMatchObject({ savingEvery: often, checkpointEvery: seldom });
    await a.until((s) => s.saved?.step === 60);
    await a.store.saved();
    // 25 steps come long before 10 s here: a part at 25, at 50, and the finish.
    expect((await storedParts()).map((p) => p.progress.step)).toEqual([25, 50, 60]);
  });

  it('a rename survives later saves; a deleted session is no longer saved', async () => {
    const db = freshDb();
    const a = await trainThenPause(db);
    const [s] = await db.list();
    expect(await db.rename(s!.id, '  Monday, period 3  ')).toBeNull();
    expect(await db.rename(s!.id, '   ')).toBe('a session needs a name');
    a.store.step();
    await a.until((x) => x.saved?.step === a.paused.step + 1);
    await a.store.saved();
    const [renamed] = await db.list();
    expect([renamed!.name, renamed!.step]).toEqual(['Monday, period 3', a.paused.step + 1]);
    expect((await db.load(s!.id))!.file.name).toBe('Monday, period 3');
    expect(await db.remove(s!.id)).toBeNull();
    a.store.forgetStored(s!.id);
    a.store.step();
    await a.until((x) => x.step === a.paused.step + 2);
    await a.store.saved();
    expect(await db.list()).toEqual([]);
  });

  it('refuses a checkpoint the quota cannot hold, saying so, and writes nothing', async () => {
    const db = freshDb(async () => ({ quota: 5_000, usage: 4_000 }));
    const a = open(db);
    a.store.toggle();
    const refused = await a.until((s) => s.storageError !== null);
    expect(refused.storageError).toMatch(
      /^not saved: this session needs \d+(\.\d)? kB of storage and only 1\.0 kB is free; delete past sessions to make room$/,
    );
    await a.until((s) => s.phase === 'done');
    await a.store.saved();
    expect(await db.list()).toEqual([]);
    expect(refused.saved).toBeNull();
  });

  it('refuses, by name, a stored record it cannot read, and keeps the Lab as it was', async () => {
    const db = freshDb();
    const { paused } = await trainThenPause(db);
    const [s] = await db.list();
    const rec = (await db.load(s!.id))!;
    rec.file.runs[0]!.points.step[3] = -1;
    expect((await db.save(s!.id, rec.file, rec.checkpoint, Date.now())).ok).toBe(true);
    const b = open(db, DEFAULT_LAB_STATE);
    expect(await b.store.openStored(s!.id)).toMatch(
      /^the stored session could not be read: runs\[0\]\.points\.step\[3\]/,
    );
    expect(b.store.getSnapshot().phase).toBe('idle');
    expect(await b.store.openStored('nope')).toBe('that session is no longer stored');
    expect(paused.phase).toBe('paused');
  });
});
