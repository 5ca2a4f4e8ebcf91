/**
 * What the worker's record events do to the Lab's snapshot, as patches the store applies: a
 * session's `ready` (its runs' empty records, unless it goes on from restored ones), new
 * metric points, a run stopped, a decision-boundary grid. Metric points are appended to the
 * runs' own buffers (RunData), so their patch is empty: the version bump is the news.
 */
import type { BoundaryEvent, MetricsEvent, ReadyEvent, RunStoppedEvent } from '../worker/protocol';
import type { LabSnapshot } from './labSnapshot';
import { addEval, addPoints, addProbe, newRunData, stopRun } from './runData';

export function readyPatch(e: ReadyEvent): Partial<LabSnapshot> {
  return {
    phase: 'ready',
    backend: e.backend,
    dataLabel: e.dataLabel,
    step: e.step,
    totalSteps: e.config.steps,
    stepsPerSecond: 0,
    // A resumed session goes on drawing the records it was restored with.
    ...(e.step > 0
      ? {}
      : { runs: e.layouts.map((l) => newRunData(l, e.engines[l.run] ?? 'tfjs')), boundary: null }),
    error: null,
    toyPoints: e.toyPoints ?? null,
  };
}

export function recordsPatch(
  snap: LabSnapshot,
  e: MetricsEvent | RunStoppedEvent | BoundaryEvent,
): Partial<LabSnapshot> {
  const byId = new Map(snap.runs.map((r) => [r.id, r]));
  switch (e.type) {
    case 'metrics':
      for (const p of e.runs) if (byId.has(p.run)) addPoints(byId.get(p.run)!, p);
      for (const p of e.probes) if (byId.has(p.run)) addProbe(byId.get(p.run)!, p);
      for (const v of e.evals) if (byId.has(v.run)) addEval(byId.get(v.run)!, v);
      return {};
    case 'runStopped': {
      const d = byId.get(e.run);
      if (d) stopRun(d, e.status, e.reason);
      return {};
    }
    case 'boundary':
      return {
        boundary: {
          n: e.n,
          extent: e.extent,
          classes: e.classes,
          probs: new Map(e.runs.map((r) => [r.run, r.probs])),
        },
      };
  }
}
