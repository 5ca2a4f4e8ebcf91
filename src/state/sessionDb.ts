/**
 * Past Lab sessions in IndexedDB (through idb): per session a summary for the list, its
 * experiment file (controls and every recorded metric) as a list of parts (sessionParts.ts:
 * a save appends the records since the last one) and its latest checkpoint. A save writes
 * the summary, one part and the checkpoint in one transaction, so each save is stored whole
 * or not at all, and is refused before it starts when the browser's quota would not hold it.
 * Version 1 kept one whole file per session in `files`; such a record still loads, and its
 * next save replaces it with parts.
 *
 * No method throws: a failure is a message (`SaveOutcome`, or null / [] for reads) that
 * names the problem, since storage is a convenience the Lab must never fail for.
 */
import { openDB } from 'idb';
import type { DBSchema, IDBPDatabase } from 'idb';
import { formatBytes } from '../core/memory';
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';
import type { ExperimentFile } from './experimentFile';
import { mergeParts } from './sessionParts';
import { summaryOf } from './sessionSummary';
import type { SessionSummary } from './sessionSummary';

export type { SessionSummary } from './sessionSummary';

interface Schema extends DBSchema {
  summaries: { key: string; value: SessionSummary };
  /** Version 1's whole files. */
  files: { key: string; value: { id: string; file: ExperimentFile } };
  parts: { key: [string, number]; value: { id: string; seq: number; file: ExperimentFile } };
  checkpoints: { key: string; value: { id: string; checkpoint: SessionCheckpoint } };
}

export interface StoredSession {
  summary: SessionSummary;
  file: ExperimentFile;
  checkpoint: SessionCheckpoint | null;
}

/** `gone`: an append found no stored session to append to (it was deleted meanwhile). */
export type SaveOutcome = { ok: true; summary: SessionSummary } | { ok: false; message: string; gone?: true };

export interface SessionDb {
  /** Newest first. */
  list(): Promise<SessionSummary[]>;
  /**
   * Stores session `id`: `replace` with `file` as the whole of it, `append` with `file` as
   * its records since the last save (the head fields its latest); and its checkpoint. A
   * stored session keeps its name (a rename) and creation time. Refused, with nothing
   * written, when it does not fit.
   */
  save(
    id: string,
    file: ExperimentFile,
    checkpoint: SessionCheckpoint | null,
    now: number,
    mode?: 'replace' | 'append',
  ): Promise<SaveOutcome>;
  load(id: string): Promise<StoredSession | null>;
  rename(id: string, name: string): Promise<string | null>;
  remove(id: string): Promise<string | null>;
  /** Bytes the sessions take (their summaries' sum) and, where the browser says, its quota and use. */
  usage(): Promise<{ sessions: number; used: number | null; quota: number | null }>;
}

export interface SessionDbOptions {
  name?: string;
  /** navigator.storage.estimate, where the browser has it. */
  estimate?: () => Promise<StorageEstimate>;
}

const STORES = ['summaries', 'files', 'parts', 'checkpoints'] as const;

/** Every part of session `id`: keys [id, 0] … [id, ∞). */
const partsOf = (id: string) => IDBKeyRange.bound([id, 0], [id, Infinity]);

const why = (e: unknown) =>
  e instanceof DOMException && e.name === 'QuotaExceededError'
    ? "the browser's storage for this site is full; delete past sessions to make room"
    : e instanceof Error
      ? e.message
      : String(e);

export function openSessionDb(o: SessionDbOptions = {}): SessionDb {
  const estimate =
    o.estimate ??
    (typeof navigator !== 'undefined' && navigator.storage?.estimate
      ? () => navigator.storage.estimate()
      : undefined);
  let db: Promise<IDBPDatabase<Schema>> | null = null;
  const open = () =>
    (db ??= openDB<Schema>(o.name ?? 'reslab-sessions', 2, {
      upgrade(d, from) {
        if (from < 1)
          for (const s of ['summaries', 'files', 'checkpoints'] as const)
            d.createObjectStore(s, { keyPath: 'id' });
        if (from < 2) d.createObjectStore('parts', { keyPath: ['id', 'seq'] });
      },
    }).catch((e: unknown) => {
      db = null;
      throw new Error(`this browser keeps no storage for ResLab (${why(e)})`);
    }));

  /** Refuses, before anything is written, a record the quota cannot hold. */
  async function roomFor(bytes: number, replacing: number): Promise<string | null> {
    if (!estimate) return null;
    let est: StorageEstimate;
    try {
      est = await estimate();
    } catch {
      return null;
    }
    if (est.quota === undefined || est.usage === undefined) return null;
    const free = est.quota - est.usage + replacing;
    if (bytes <= free) return null;
    return `not saved: this session needs ${formatBytes(bytes)} of storage and only ${formatBytes(Math.max(0, free))} is free; delete past sessions to make room`;
  }

  async function list(): Promise<SessionSummary[]> {
    try {
      const all = await (await open()).getAll('summaries');
      return all.sort((a, b) => b.updatedAt - a.updatedAt);
    } catch {
      return [];
    }
  }

  return {
    list,
    async save(id, file, checkpoint, now, mode = 'replace') {
      try {
        const d = await open();
        const before = await d.get('summaries', id);
        const append = mode === 'append';
        if (append && before?.parts === undefined)
          return { ok: false, message: 'not saved: the stored session was deleted', gone: true };
        const seq = append ? before!.parts! : 0;
        const bytes = JSON.stringify(file).length;
        const summary = summaryOf(
          id,
          file,
          checkpoint,
          { createdAt: before?.createdAt ?? now, updatedAt: now },
          before?.name ?? file.name,
          append
            ? { parts: seq + 1, metricBytes: before!.metricBytes! + bytes, before: before! }
            : { parts: 1, metricBytes: bytes },
        );
        const full = await roomFor(summary.bytes, before?.bytes ?? 0);
        if (full) return { ok: false, message: full };
        const tx = d.transaction(STORES, 'readwrite');
        const writes: Promise<unknown>[] = [
          tx.objectStore('summaries').put(summary),
          ...(append
            ? []
            : [tx.objectStore('files').delete(id), tx.objectStore('parts').delete(partsOf(id))]),
          tx.objectStore('parts').put({ id, seq, file }),
          checkpoint
            ? tx.objectStore('checkpoints').put({ id, checkpoint })
            : tx.objectStore('checkpoints').delete(id),
        ];
        await Promise.all([...writes, tx.done]);
        return { ok: true, summary };
      } catch (e) {
        return { ok: false, message: `not saved: ${why(e)}` };
      }
    },
    async load(id) {
      try {
        const tx = (await open()).transaction(STORES, 'readonly');
        const [summary, whole, parts, cp] = await Promise.all([
          tx.objectStore('summaries').get(id),
          tx.objectStore('files').get(id),
          tx.objectStore('parts').getAll(partsOf(id)),
          tx.objectStore('checkpoints').get(id),
        ]);
        // Parts come back in key order, which is seq order.
        const file = mergeParts([...(whole ? [whole.file] : []), ...parts.map((p) => p.file)]);
        if (!summary || !file) return null;
        return { summary, file: { ...file, name: summary.name }, checkpoint: cp?.checkpoint ?? null };
      } catch {
        return null;
      }
    },
    async rename(id, name) {
      const clean = name.trim().slice(0, 200);
      if (!clean) return 'a session needs a name';
      try {
        // The summary holds the name; load gives it to the file.
        const tx = (await open()).transaction('summaries', 'readwrite');
        const s = await tx.store.get(id);
        if (!s) return 'that session is no longer stored';
        await Promise.all([tx.store.put({ ...s, name: clean }), tx.done]);
        return null;
      } catch (e) {
        return `not renamed: ${why(e)}`;
      }
    },
    async remove(id) {
      try {
        const tx = (await open()).transaction(STORES, 'readwrite');
        await Promise.all([
          ...(['summaries', 'files', 'checkpoints'] as const).map((s) => tx.objectStore(s).delete(id)),
          tx.objectStore('parts').delete(partsOf(id)),
          tx.done,
        ]);
        return null;
      } catch (e) {
        return `not deleted: ${why(e)}`;
      }
    },
    async usage() {
      const sessions = (await list()).reduce((n, s) => n + s.bytes, 0);
      let est: StorageEstimate | null = null;
      try {
        est = estimate ? await estimate() : null;
      } catch {
        est = null;
      }
      return { sessions, used: est?.usage ?? null, quota: est?.quota ?? null };
    },
  };
}
