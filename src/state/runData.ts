/** Everything recorded about one run of the current session, filled from metric events. */
import type { EvalRecord, ProbeRecord, RunLayout } from '../core/metrics';
import type { RunPoints } from '../worker/protocol';
import { Series } from './series';

/**
 * Change counters, one per kind of record: a view derived from one kind (the error curve
 * from points and evals, the gradient heatmap from probes) is recomputed, and its chart
 * repainted, only when its own counter moves.
 */
export interface RunVersions {
  points: number;
  evals: number;
  probes: number;
  status: number;
}

export interface RunData {
  id: string;
  layout: RunLayout;
  engine: 'tfjs' | 'js';
  trainErr: Series;
  loss: Series;
  testErr: Series;
  fullTrainErr: Series;
  probes: ProbeRecord[];
  status: 'ok' | 'diverged' | 'failed';
  reason?: string;
  versions: RunVersions;
}

export function newRunData(layout: RunLayout, engine: 'tfjs' | 'js'): RunData {
  return {
    id: layout.run,
    layout,
    engine,
    trainErr: new Series(),
    loss: new Series(),
    testErr: new Series(64),
    fullTrainErr: new Series(64),
    probes: [],
    status: 'ok',
    versions: { points: 0, evals: 0, probes: 0, status: 0 },
  };
}

export function addPoints(d: RunData, p: RunPoints): void {
  if (!p.steps.length) return;
  d.trainErr.append(p.steps, p.trainErr);
  d.loss.append(p.steps, p.loss);
  d.versions.points++;
}

export function addEval(d: RunData, e: EvalRecord): void {
  d.testErr.append([e.step], [e.testErr]);
  d.fullTrainErr.append([e.step], [e.trainErr]);
  d.versions.evals++;
}

export function addProbe(d: RunData, p: ProbeRecord): void {
  d.probes.push(p);
  d.versions.probes++;
}

export function stopRun(d: RunData, status: 'diverged' | 'failed', reason: string): void {
  d.status = status;
  d.reason = reason;
  d.versions.status++;
}
