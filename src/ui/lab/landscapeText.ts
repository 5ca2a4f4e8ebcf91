/**
 * What the Lab says of a loss-landscape slice, computed from its values: each run's loss at
 * the trained weights and the width of its basin, the share of the slice where the loss
 * stays within BASIN× the trained loss; with plain and residual runs both sliced, how the
 * basins compare. The paper's claim is quoted apart (LandscapePanel.tsx).
 */
import type { LandscapeSlice } from '../../state/labStudy';
import type { StudiedRun } from './lesionText';

/** A point is in the basin while its loss is at most this many times the trained loss. */
export const BASIN = 2;

/** The share of the slice's points whose loss is within BASIN× the centre's. */
export function basinShare(s: LandscapeSlice): number {
  let inside = 0;
  for (const v of s.loss) if (Number.isFinite(v) && v <= BASIN * s.centre) inside++;
  return s.loss.length ? inside / s.loss.length : 0;
}

const pct = (v: number) => `${Math.round(100 * v)}%`;

export function landscapeLines(slices: LandscapeSlice[], runs: StudiedRun[]): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const lines: string[] = [];
  const shares: { residual: boolean; share: number }[] = [];
  for (const s of slices) {
    const run = byId.get(s.run);
    if (!run) continue;
    const share = basinShare(s);
    shares.push({ residual: run.residual, share });
    lines.push(
      `${run.label}: loss ${s.centre.toPrecision(3)} at the trained weights; it stays within ${BASIN}× that over ${pct(share)} of the slice (±${s.axis.at(-1)} along each direction).`,
    );
  }
  const mean = (residual: boolean) => {
    const r = shares.filter((x) => x.residual === residual).map((x) => x.share);
    return r.length ? r.reduce((a, b) => a + b, 0) / r.length : null;
  };
  const [res, plain] = [mean(true), mean(false)];
  if (res !== null && plain !== null)
    lines.push(
      res > plain
        ? `Here, as the paper reports, the residual nets sit in wider basins (${pct(res)} of the slice on average) than the plain nets (${pct(plain)}).`
        : `Here, unlike the paper's deep nets, the residual nets' basins are no wider (${pct(res)} of the slice on average) than the plain nets' (${pct(plain)}).`,
    );
  return lines;
}
