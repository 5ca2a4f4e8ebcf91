/** Everything recorded about one run of the current session, filled from metric events. */
import type { EvalRecord, ProbeRecord, RunLayout } from '../core/metrics';
import type { RunPoints } from '../worker/protocol';
import { Series } from './series';

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
  };
}

export function addPoints(d: RunData, p: RunPoints): void {
  d.trainErr.append(p.steps, p.trainErr);
  d.loss.append(p.steps, p.loss);
}

export function addEval(d: RunData, e: EvalRecord): void {
  d.testErr.append([e.step], [e.testErr]);
  d.fullTrainErr.append([e.step], [e.trainErr]);
}
