/**
 * The numbers a lesson's reveal speaks of, read from one finished (or paused) session: the
 * session's own runs and records, never the live controls. Training error is smoothed
 * exactly as the lesson's error chart and its table smooth it, so the reveal and the
 * chart's "smoothed" column print the same figures.
 */
import { emaSmooth } from '../../charts/smoothing';
import type { RunControl } from '../../core/labState';
import { layerTable } from '../../core/layerTable';
import type { LabSnapshot } from '../../state/labStore';

/** The smoothing of the lessons' error charts (the Lab's default). */
export const LESSON_SMOOTHING = 0.6;

export interface RunFacts {
  id: string;
  label: string;
  control: RunControl;
  status: 'ok' | 'diverged' | 'failed';
  /** Last smoothed minibatch training error in [0, 1] (relative squared error for the identity task); NaN before any point. */
  finalErr: number;
  /** Last held-out error, NaN before an evaluation. */
  testErr: number;
  /** Gradient norm of each weight tensor at the last probe, input side first. */
  gradNorms: number[];
  weightNames: string[];
  /** Fig. 7 std of each weight layer's response at the last probe. */
  layerStd: number[];
  /** ‖F(x)‖ / ‖x‖ per block at the last probe. */
  blockRatio: number[];
  params: number;
  macs: number;
}

const lastOf = (a: ArrayLike<number>) => (a.length ? a[a.length - 1]! : NaN);

export function runFacts(snap: LabSnapshot): RunFacts[] {
  if (!snap.session) return [];
  return snap.session.runs.map((r) => {
    const d = snap.runs.find((x) => x.id === r.id);
    const t = layerTable(r.spec);
    const probe = d?.probes[d.probes.length - 1];
    const weightIdx = d ? d.layout.params.flatMap((p, i) => (p.role === 'weight' ? [i] : [])) : [];
    return {
      id: r.id,
      label: r.label,
      control: r.control,
      status: d?.status ?? 'ok',
      finalErr: d ? lastOf(emaSmooth(d.trainErr.y, LESSON_SMOOTHING)) : NaN,
      testErr: d ? lastOf(d.testErr.y) : NaN,
      gradNorms: probe ? weightIdx.map((i) => probe.gradNorms[i]!) : [],
      weightNames: d?.layout.weights ?? [],
      layerStd: probe ? Array.from(probe.layerStd) : [],
      blockRatio: probe ? Array.from(probe.blockRatio) : [],
      params: t.params,
      macs: t.macs,
    };
  });
}
