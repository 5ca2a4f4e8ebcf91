/**
 * The Lab's record of a study of the trained networks, a lesion study (engine/lesion.ts) or
 * a loss-landscape slice (engine/landscape.ts): its progress while the worker runs it, then
 * the results, with the step the networks had trained to. A new session clears both
 * (labSnapshot.ts, NO_SESSION_RECORDS); one study runs at a time.
 */
import type { LandscapeSlice } from '../engine/landscape';
import type { LesionResult } from '../engine/lesion';
import type { StudyProgressEvent } from '../worker/protocol';

export type { LandscapeSlice } from '../engine/landscape';
export type { LesionResult } from '../engine/lesion';

export interface LabStudy<R> {
  running: boolean;
  done: number;
  total: number;
  /** The step the studied networks had trained to; null while running. */
  step: number | null;
  cancelled: boolean;
  results: R[];
}

export type LabLesion = LabStudy<LesionResult>;
export type LabLandscape = LabStudy<LandscapeSlice>;

export const studyStarted = <R>(): LabStudy<R> => ({
  running: true,
  done: 0,
  total: 0,
  step: null,
  cancelled: false,
  results: [],
});

export const studyProgressed = <R>(before: LabStudy<R> | null, e: StudyProgressEvent): LabStudy<R> => ({
  ...(before ?? studyStarted<R>()),
  running: true,
  done: e.done,
  total: e.total,
});

export const studyEnded = <R>(
  before: LabStudy<R> | null,
  e: { step: number; cancelled: boolean },
  results: R[],
): LabStudy<R> => ({
  running: false,
  done: before?.done ?? 0,
  total: before?.total ?? 0,
  step: e.step,
  cancelled: e.cancelled,
  results,
});

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
