/**
 * What the list of past sessions shows of each stored one, derived from its own record: the
 * name, dates, runs with their final errors, how far it trained and whether it can go on.
 */
import type { ExperimentFile } from './experimentFile';
import type { SessionCheckpoint } from '../engine/sessionCheckpoint';

/** Bytes of float32 data a checkpoint holds (what storing it costs, near enough). */
function floatBytes(cp: SessionCheckpoint): number {
  let n = 0;
  for (const r of cp.runs) {
    if (!r.state) continue;
    for (const a of Object.values(r.state.weights)) n += a.byteLength;
    for (const list of r.state.slots) for (const a of list) n += a.byteLength;
  }
  return n;
}

export interface SessionSummary {
  /** The persist id: one per session built, kept by a resumed session. */
  id: string;
  name: string;
  /** ms since 1970. */
  createdAt: number;
  updatedAt: number;
  dataLabel: string;
  step: number;
  totalSteps: number;
  finished: boolean;
  runs: {
    label: string;
    status: 'ok' | 'diverged' | 'failed';
    /** The last minibatch training error recorded, or null before the first step. */
    trainErr: number | null;
    /** The last held-out error evaluated, or null before the first evaluation. */
    testErr: number | null;
  }[];
  /** A checkpoint is stored and the data is ResLab's own (a learner's files are never stored). */
  resumable: boolean;
  /** What the record costs to store, near enough: its metrics' JSON and its checkpoint's floats. */
  bytes: number;
  /** The stored parts (sessionParts.ts) and their JSON's length; absent in a record of one file. */
  parts?: number;
  metricBytes?: number;
}

/** What is stored of the session: its parts so far, and the summary they replace, if appended to. */
export interface StoredParts {
  parts: number;
  metricBytes: number;
  before?: SessionSummary;
}

/** The last value of a part's list, or, when the part has none, the summary's value before it. */
const last = (a: readonly (number | null)[], before: number | null | undefined) =>
  a.length ? (a.at(-1) ?? null) : (before ?? null);

/** `file` is the session's latest part: the whole session, or its records since `stored.before`. */
export function summaryOf(
  id: string,
  file: ExperimentFile,
  checkpoint: SessionCheckpoint | null,
  times: { createdAt: number; updatedAt: number },
  name = file.name,
  stored: StoredParts = { parts: 1, metricBytes: JSON.stringify(file).length },
): SessionSummary {
  const before = stored.before?.runs;
  return {
    id,
    name,
    ...times,
    dataLabel: file.dataLabel,
    step: file.progress.step,
    totalSteps: file.progress.totalSteps,
    finished: file.progress.finished,
    runs: file.runs.map((r, i) => ({
      label: r.label,
      status: r.status,
      trainErr: last(r.points.trainErr, before?.[i]?.trainErr),
      testErr: last(r.evals.testErr, before?.[i]?.testErr),
    })),
    resumable: checkpoint !== null && !file.progress.finished && file.userData === null,
    bytes: stored.metricBytes + (checkpoint ? floatBytes(checkpoint) : 0),
    parts: stored.parts,
    metricBytes: stored.metricBytes,
  };
}
