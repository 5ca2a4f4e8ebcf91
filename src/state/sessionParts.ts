/**
 * A stored session is a list of parts, each an experiment file holding the records since the
 * part before it (experimentFile.ts, RecordRange), so that a save costs what was recorded
 * since the last one, not the whole session again: a Lab that saved its whole record at every
 * checkpoint spent O(steps) of main thread on each, and its frame rate fell from 54 to 24 fps
 * over a 5,000-step run (docs/RELIABILITY.md, Soak).
 *
 * mergeParts puts them back together: the last part's head (progress, status, names), every
 * part's records in order, and the latest toy points and boundary map that a part carried.
 */
import type { ExperimentFile, ExperimentRun } from './experimentFile';

const concat = <T>(lists: T[][]): T[] => ([] as T[]).concat(...lists);

function mergeRun(parts: ExperimentRun[]): ExperimentRun {
  const last = parts.at(-1)!;
  return {
    ...last,
    points: {
      step: concat(parts.map((r) => r.points.step)),
      trainErr: concat(parts.map((r) => r.points.trainErr)),
      loss: concat(parts.map((r) => r.points.loss)),
    },
    evals: {
      step: concat(parts.map((r) => r.evals.step)),
      testErr: concat(parts.map((r) => r.evals.testErr)),
      trainErr: concat(parts.map((r) => r.evals.trainErr)),
    },
    probes: concat(parts.map((r) => r.probes)),
  };
}

/** The session the parts make, oldest part first; null for none. */
export function mergeParts(parts: readonly ExperimentFile[]): ExperimentFile | null {
  const last = parts.at(-1);
  if (!last) return null;
  if (parts.length === 1) return last;
  const latest = <K extends 'toyPoints' | 'boundary'>(k: K): ExperimentFile[K] => {
    for (let i = parts.length - 1; i >= 0; i--) if (parts[i]![k]) return parts[i]![k];
    return null;
  };
  return {
    ...last,
    // A part's run i is the session's run i (a session's runs never change); a part with
    // fewer runs is damaged, and the merged file's checks refuse it by the field it lacks.
    runs: last.runs.map((_, i) => mergeRun(parts.flatMap((p) => (p.runs[i] ? [p.runs[i]] : [])))),
    toyPoints: latest('toyPoints'),
    boundary: latest('boundary'),
  };
}
