/**
 * What the Lab says of a lesion study, computed from its results: each run's mean and worst
 * cost of one deleted block, and, with plain and residual runs both studied, how they compare.
 * The paper's claim is said as the paper's, separately (LesionPanel.tsx).
 */
import type { LabSession } from '../../state/labSession';
import type { LesionResult } from '../../state/labStudy';

export interface StudiedRun {
  id: string;
  label: string;
  residual: boolean;
}

/** The session's runs as the studies name and colour them (index: the run's colour). */
export function studiedRuns(session: LabSession | null): (StudiedRun & { index: number })[] {
  return (session?.runs ?? []).map((r, i) => ({
    id: r.id,
    label: r.label,
    residual: r.control.shortcuts,
    index: i,
  }));
}

const pts = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)}`;

/** Mean increase in test error over the deletable blocks, and the block that cost most. */
export function singleCost(r: LesionResult): { mean: number; worst: { at: number; cost: number } } | null {
  const costs = r.singles.flatMap((b, i) =>
    b.error === null ? [] : [{ at: i + 1, cost: b.error - r.baseline }],
  );
  if (!costs.length) return null;
  const worst = costs.reduce((a, b) => (b.cost > a.cost ? b : a));
  return { mean: costs.reduce((s, c) => s + c.cost, 0) / costs.length, worst };
}

/** One line per run, then the comparison (when both kinds were studied). */
export function lesionLines(results: LesionResult[], runs: StudiedRun[]): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const lines: string[] = [];
  const kinds: { residual: boolean; mean: number }[] = [];
  for (const r of results) {
    const run = byId.get(r.run);
    if (!run) continue;
    const c = singleCost(r);
    const skipped = r.singles.filter((b) => b.error === null).length;
    const rest = skipped
      ? ` ${skipped} of its ${r.singles.length} blocks could not be deleted (they change the shape).`
      : '';
    if (!c) {
      lines.push(`${run.label}: no block could be deleted.${rest}`);
      continue;
    }
    kinds.push({ residual: run.residual, mean: c.mean });
    lines.push(
      `${run.label}: ${(100 * r.baseline).toFixed(1)}% test error as trained; one deleted block changes it by ${pts(c.mean)} points on average, at most ${pts(c.worst.cost)} (block ${c.worst.at}).${rest}`,
    );
  }
  const avg = (residual: boolean) => {
    const k = kinds.filter((x) => x.residual === residual);
    return k.length ? k.reduce((s, x) => s + x.mean, 0) / k.length : null;
  };
  const [res, plain] = [avg(true), avg(false)];
  if (res !== null && plain !== null)
    lines.push(
      res < plain
        ? `Here, as the paper reports, a deleted block cost the residual nets less (${pts(res)} points on average) than the plain nets (${pts(plain)}).`
        : `Here, unlike the paper's ResNets, a deleted block cost the residual nets no less (${pts(res)} points on average) than the plain nets (${pts(plain)}).`,
    );
  return lines;
}
