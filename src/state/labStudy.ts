/**
 * The Lab's record of a study of the trained networks, a lesion study (engine/lesion.ts) or
 * a loss-landscape slice (engine/landscape.ts): its progress while the worker runs it, then
 * the results, with the step the networks had trained to. A new session clears both
 * (labSnapshot.ts, NO_SESSION_RECORDS); one study runs at a time. Here too the store's part:
 * its study methods and what the worker's study events do to the snapshot.
 */
import type { LandscapeSlice } from '../engine/landscape';
import type { LesionResult } from '../engine/lesion';
import type { EngineClient } from '../worker/client';
import type { LandscapeEvent, LesionEvent, StudyProgressEvent } from '../worker/protocol';
import type { LabSnapshot } from './labSnapshot';

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

/** What a study event does to the snapshot. */
export function studyPatch(
  snap: Pick<LabSnapshot, 'lesion' | 'landscape'>,
  e: StudyProgressEvent | LesionEvent | LandscapeEvent,
): Partial<LabSnapshot> {
  switch (e.type) {
    case 'studyProgress':
      return e.study === 'lesion'
        ? { lesion: studyProgressed(snap.lesion, e) }
        : { landscape: studyProgressed(snap.landscape, e) };
    case 'lesion':
      return { lesion: studyEnded(snap.lesion, e, e.results) };
    case 'landscape':
      return { landscape: studyEnded(snap.landscape, e, e.slices) };
  }
}

/**
 * The store's study methods (LabStore.lesion, landscape, cancelStudy), on its snapshot and
 * its engine client (null before one is connected).
 */
export function studyMethods(
  get: () => LabSnapshot,
  set: (patch: Partial<LabSnapshot>) => void,
  client: () => EngineClient | null,
) {
  /** A trained session the worker holds, and no study running on it. */
  const studyable = () => {
    const snap = get();
    return !!client()?.sessionId && canStudy(snap) && !snap.lesion?.running && !snap.landscape?.running;
  };
  return {
    lesion() {
      if (!studyable()) return;
      set({ lesion: studyStarted() });
      client()!.lesion();
    },
    landscape(n: number, dims: 1 | 2) {
      if (!studyable()) return;
      set({ landscape: studyStarted() });
      client()!.landscape(n, dims);
    },
    cancelStudy() {
      const snap = get();
      if (snap.lesion?.running || snap.landscape?.running) client()?.cancelStudy();
    },
  };
}
