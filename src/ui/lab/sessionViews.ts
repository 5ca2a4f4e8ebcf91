/**
 * What the Lab shows about its runs, derived from one source: the session that produced
 * the curves when there is one (its labels, depths and specs, whatever the controls say
 * now), or a preview of the live controls before any session (no curves to mix with).
 */
import type { RunControl } from '../../core/labState';
import { runLabel } from '../../core/labState';
import { layerTable } from '../../core/layerTable';
import type { NetSpec } from '../../core/netSpec';
import type { CostBarsData } from '../../charts/costBars';
import type { LabSnapshot } from '../../state/labStore';
import type { RunData } from '../../state/runData';
import { verdict, WINDOW } from '../../state/verdict';
import type { RunView } from './chartData';
import type { RunCheck } from './runCheck';

export interface ShownRun {
  id: string;
  index: number;
  label: string;
  control: RunControl;
  /** Null for a previewed run that cannot be built (its card says why). */
  spec: NetSpec | null;
  /** The session's records; undefined in a preview or before the session is ready. */
  data: RunData | undefined;
}

/** The session's runs, or the live controls' when there is no session. */
export function shownRuns(snap: LabSnapshot, liveChecks: RunCheck[]): ShownRun[] {
  if (snap.session)
    return snap.session.runs.map((r, index) => ({
      id: r.id,
      index,
      label: r.label,
      control: r.control,
      spec: r.spec,
      data: snap.runs.find((d) => d.id === r.id),
    }));
  return snap.controls.runs.map((control, index) => {
    const check = liveChecks[index];
    return {
      id: `run${index + 1}`,
      index,
      label: runLabel(control),
      control,
      spec: check?.ok ? check.spec : null,
      data: undefined,
    };
  });
}

/** The runs with records, as the charts take them. */
export function runViews(runs: ShownRun[], hidden: ReadonlySet<number>): RunView[] {
  return runs.flatMap((r) =>
    r.data ? [{ data: r.data, index: r.index, label: r.label, visible: !hidden.has(r.index) }] : [],
  );
}

export function costData(runs: ShownRun[]): CostBarsData {
  return {
    runs: runs.flatMap((r) => {
      if (!r.spec) return [];
      const t = layerTable(r.spec);
      return [
        {
          id: r.id,
          label: r.label,
          rows: t.rows,
          totals: { params: t.params, macs: t.macs, flops: t.flops },
        },
      ];
    }),
  };
}

/** The verdict on the session's curves, or null (no session, or not enough data to tell). */
export function sessionVerdict(snap: LabSnapshot, runs: ShownRun[]): string | null {
  if (!snap.session) return null;
  return verdict(
    runs.map((r) => ({
      id: r.id,
      depth: r.control.depth,
      shortcuts: r.control.shortcuts,
      recentErr: r.data && r.data.status === 'ok' ? r.data.trainErr.tailMean(WINDOW) : NaN,
      label: r.label,
    })),
    snap.step,
    snap.totalSteps,
    snap.phase === 'done',
  );
}
