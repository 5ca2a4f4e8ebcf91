/**
 * A stored session back into the Lab: its experiment file read through the same checks as
 * an imported one (so an old or damaged record is refused by name, not shown half-read),
 * the charts drawn from its records, and, when it is resumable, its checkpoint kept for
 * Train to go on from (phase 'paused' at the checkpoint's step).
 */
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';
import { experimentJson, parseExperimentFile } from './experimentFile';
import type { Experiment } from './experimentFile';
import { importedSnapshot } from './labImport';
import type { LabSnapshot } from './labSnapshot';
import type { StoredSession } from './sessionDb';

/** What the Lab says of a session it restored, from the stored record. */
export interface RestoredInfo {
  id: string;
  name: string;
  savedAt: number;
  /** The step it was saved at. */
  step: number;
  /** Train goes on from the checkpoint; false for a finished session or one on the learner's own files. */
  resumable: boolean;
}

export type Restored =
  | {
      ok: true;
      experiment: Experiment;
      snapshot: Omit<LabSnapshot, 'notices' | 'settingsChanged' | 'version' | 'checkpointEvery' | 'overlay'>;
      checkpoint: SessionCheckpoint | null;
    }
  | { ok: false; message: string };

export function restoredSession(rec: StoredSession, serial: number): Restored {
  const parsed = parseExperimentFile(experimentJson(rec.file));
  if (!parsed.ok) return { ok: false, message: `the stored session could not be read: ${parsed.message}` };
  const exp = parsed.value;
  const cp = rec.checkpoint;
  const resumable = rec.summary.resumable && cp !== null && cp.step === exp.progress.step;
  const base = importedSnapshot(exp, serial);
  return {
    ok: true,
    experiment: exp,
    checkpoint: resumable ? cp : null,
    snapshot: {
      ...base,
      phase: resumable ? 'paused' : base.phase,
      imported: null,
      restored: {
        id: rec.summary.id,
        name: rec.summary.name,
        savedAt: rec.summary.updatedAt,
        step: exp.progress.step,
        resumable,
      },
    },
  };
}

const clock = (ms: number) => new Date(ms).toTimeString().slice(0, 5);
const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** "Restored … saved 2026-12-02 21:40 at step 200 of 300. Train goes on from step 200." */
export function restoredText(snap: LabSnapshot): string | null {
  const r = snap.restored;
  if (!r || !snap.session) return null;
  const head = `Restored ${r.name}, saved ${day(r.savedAt)} ${clock(r.savedAt)} at step ${r.step} of ${snap.totalSteps}.`;
  if (r.resumable) return `${head} Train goes on from step ${r.step}.`;
  if (snap.phase === 'done') return `${head} It had finished.`;
  return snap.session.userDataLabel !== null
    ? `${head} It trained on your own files, which ResLab does not store: Train starts afresh.`
    : `${head} No checkpoint was stored: Train starts afresh.`;
}
