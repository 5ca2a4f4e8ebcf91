/**
 * The Lab's record of a lesion study (engine/lesion.ts): its progress while the worker runs
 * it, then the results, with the step the networks had trained to. A new session clears it
 * (labSnapshot.ts, NO_SESSION_RECORDS); one study at a time.
 */
import type { LesionResult } from '../engine/lesion';

export type { LesionResult } from '../engine/lesion';
import type { LesionEvent, LesionProgressEvent } from '../worker/protocol';

export interface LabLesion {
  running: boolean;
  done: number;
  total: number;
  /** The step the studied networks had trained to; null while running. */
  step: number | null;
  cancelled: boolean;
  results: LesionResult[];
}

export const LESION_STARTED: LabLesion = {
  running: true,
  done: 0,
  total: 0,
  step: null,
  cancelled: false,
  results: [],
};

/** The record after one of the worker's lesion events. */
export function lesionAfter(before: LabLesion | null, e: LesionProgressEvent | LesionEvent): LabLesion {
  if (e.type === 'lesionProgress')
    return { ...(before ?? LESION_STARTED), running: true, done: e.done, total: e.total };
  return {
    running: false,
    done: before?.done ?? 0,
    total: before?.total ?? 0,
    step: e.step,
    cancelled: e.cancelled,
    results: e.results,
  };
}

/** The session on screen is one the worker holds, trained and not training: it can be studied. */
export function canStudy(snap: {
  phase: string;
  imported: unknown;
  restored: unknown;
  session: unknown;
}): boolean {
  return (
    snap.session !== null &&
    snap.imported === null &&
    snap.restored === null &&
    (snap.phase === 'paused' || snap.phase === 'done' || snap.phase === 'stopped')
  );
}
