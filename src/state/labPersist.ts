/**
 * The Lab's side of persistence: each checkpoint the worker sends is stored with the
 * session's records up to it (the worker sends every point before the checkpoint and none
 * after, so their counts at that moment are where the save ends). A save writes one part
 * (sessionParts.ts): the records since the last part written for that session; the first
 * save of a session in this page writes the whole session anew (and so compacts its parts).
 * Saves run one at a time; one that arrives while another is written replaces any still
 * waiting (it ends later and starts where the last written part ended, so nothing is lost),
 * so a slow disk costs checkpoints, never records or order.
 */
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';
import { recordCounts, toExperimentFile } from './experimentFile';
import type { RecordCounts } from './experimentFile';
import type { LabSnapshot } from './labSnapshot';
import type { SaveOutcome, SessionDb } from './sessionDb';

export interface Saver {
  /** Store the session `id` as `snap` shows it, at `cp` (which a finished session drops). */
  save(id: string, snap: LabSnapshot, cp: SessionCheckpoint, finished: boolean): void;
  /** Resolves once every queued save is written (tests and page unload). */
  idle(): Promise<void>;
}

/** Where the last part written for a session ended. */
interface Written {
  counts: RecordCounts[];
  boundary: LabSnapshot['boundary'];
}

export function createSaver(db: SessionDb, told: (outcome: SaveOutcome, step: number) => void): Saver {
  const written = new Map<string, Written>();
  let waiting: (() => Promise<void>) | null = null;
  let writing: Promise<void> | null = null;

  async function drain() {
    while (waiting) {
      const job = waiting;
      waiting = null;
      await job();
    }
    writing = null;
  }

  return {
    save(id, snap, cp, finished) {
      const until = recordCounts(snap);
      waiting = async () => {
        const last = written.get(id) ?? null;
        // Built when written, not when asked: a newer save that replaced this one must
        // start where the last written part ended. The records are append-only, so the
        // counts taken at the checkpoint still name exactly its records.
        const file = toExperimentFile(snap, new Date(), {
          from: last?.counts ?? null,
          until,
          ...(last ? { boundary: last.boundary } : {}),
        });
        if (!file) return;
        file.progress = { ...file.progress, step: cp.step, finished };
        // A finished session has nothing to go on from: its checkpoint would only take space.
        const checkpoint = finished ? null : cp;
        const outcome = await db.save(id, file, checkpoint, Date.now(), last ? 'append' : 'replace');
        // A refused part leaves the stored parts as they were: the next one starts where they
        // end. Only a record that is gone altogether must be written whole again.
        if (outcome.ok) written.set(id, { counts: until, boundary: snap.boundary });
        else if (outcome.gone) written.delete(id);
        told(outcome, cp.step);
      };
      writing ??= drain();
    },
    idle: () => writing ?? Promise.resolve(),
  };
}
