/**
 * The session's runs as the studies name and colour them; what the studies say of them is
 * core/studyText.ts, shared with `npm run lesion` and `npm run landscape`.
 */
import type { StudiedRun } from '../../core/studyText';
import type { LabSession } from '../../state/labSession';

/** Each run of the session, with its index (the run's colour). */
export function studiedRuns(session: LabSession | null): (StudiedRun & { index: number })[] {
  return (session?.runs ?? []).map((r, i) => ({
    id: r.id,
    label: r.label,
    residual: r.control.shortcuts,
    index: i,
  }));
}
