/**
 * The Lab's side of persistence: each checkpoint the worker sends becomes one stored session
 * (sessionDb.ts), holding the snapshot's records up to the checkpoint's step (the worker
 * sends every point before the checkpoint and none after) and the checkpoint itself. Saves
 * run one at a time; one that arrives while another is written replaces any still waiting,
 * so a slow disk costs checkpoints, never order.
 */
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';
import { toExperimentFile } from './experimentFile';
import type { LabSnapshot } from './labSnapshot';
import type { SaveOutcome, SessionDb } from './sessionDb';

export interface Saver {
  /** Store the session `id` as `snap` shows it, at `cp` (which a finished session drops). */
  save(id: string, snap: LabSnapshot, cp: SessionCheckpoint, finished: boolean): void;
  /** Resolves once every queued save is written (tests and page unload). */
  idle(): Promise<void>;
}

export function createSaver(db: SessionDb, told: (outcome: SaveOutcome, step: number) => void): Saver {
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
      const file = toExperimentFile(snap, new Date());
      if (!file) return;
      file.progress = { ...file.progress, step: cp.step, finished };
      // A finished session has nothing to go on from: its checkpoint would only take space.
      const checkpoint = finished ? null : cp;
      waiting = async () => told(await db.save(id, file, checkpoint, Date.now()), cp.step);
      writing ??= drain();
    },
    idle: () => writing ?? Promise.resolve(),
  };
}
