/**
 * What ResLab says of a lesion study (Veit et al. 2016) and of a loss-landscape slice
 * (Li et al. 2018), computed from their results, for the Lab's panels and the command line
 * alike: each run's mean and worst cost of one deleted block, each slice's basin width, and,
 * with plain and residual runs both studied, how the kinds compare. The papers' claims are
 * kept apart, as the papers' (VEIT_CLAIM, LI_CLAIM).
 */

/** A studied run as the sentences name it. */
export interface StudiedRun {
  id: string;
  label: string;
  residual: boolean;
}

/** What the lesion sentences read of a study (engine/lesion.ts, LesionResult). */
export interface LesionScores {
  run: string;
  baseline: number;
  /** Test error with each block deleted in turn; null for a block that cannot be. */
  singles: readonly { error: number | null }[];
}

/** What the landscape sentences read of a slice (engine/landscape.ts, LandscapeSlice). */
export interface SliceScores {
  run: string;
  axis: readonly number[];
  loss: ArrayLike<number>;
  centre: number;
}

export const VEIT_CLAIM =
  'Veit et al. (2016) report that a trained ResNet behaves like an ensemble of shallow paths: deleting one of its blocks barely changes its test error, while deleting a layer of a plain net (VGG) collapses it.';

export const LI_CLAIM =
  'Li et al. (2018) report that skip connections keep the loss surface of a deep net smooth and nearly convex around its minimum, where the surface of its plain twin turns chaotic.';

const pts = (v: number) => `${v >= 0 ? '+' : '−'}${Math.abs(100 * v).toFixed(1)}`;
const pct = (v: number) => `${Math.round(100 * v)}%`;

/** Mean of the values of `kind` (residual or plain), or null when there are none. */
function meanOf(xs: { residual: boolean; v: number }[], residual: boolean): number | null {
  const k = xs.filter((x) => x.residual === residual);
  return k.length ? k.reduce((s, x) => s + x.v, 0) / k.length : null;
}

/** Mean increase in test error over the deletable blocks, and the block (1-based) that cost most. */
export function singleCost(r: LesionScores): { mean: number; worst: { at: number; cost: number } } | null {
  const costs = r.singles.flatMap((b, i) =>
    b.error === null ? [] : [{ at: i + 1, cost: b.error - r.baseline }],
  );
  if (!costs.length) return null;
  const worst = costs.reduce((a, b) => (b.cost > a.cost ? b : a));
  return { mean: costs.reduce((s, c) => s + c.cost, 0) / costs.length, worst };
}

/** One line per run, then the comparison (when both kinds were studied). */
export function lesionLines(results: readonly LesionScores[], runs: readonly StudiedRun[]): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const lines: string[] = [];
  const kinds: { residual: boolean; v: number }[] = [];
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
    kinds.push({ residual: run.residual, v: c.mean });
    lines.push(
      `${run.label}: ${(100 * r.baseline).toFixed(1)}% test error as trained; one deleted block changes it by ${pts(c.mean)} points on average, at most ${pts(c.worst.cost)} (block ${c.worst.at}).${rest}`,
    );
  }
  const [res, plain] = [meanOf(kinds, true), meanOf(kinds, false)];
  if (res !== null && plain !== null)
    lines.push(
      res < plain
        ? `Here, as the paper reports, a deleted block cost the residual nets less (${pts(res)} points on average) than the plain nets (${pts(plain)}).`
        : `Here, unlike the paper's ResNets, a deleted block cost the residual nets no less (${pts(res)} points on average) than the plain nets (${pts(plain)}).`,
    );
  return lines;
}

/** A point is in the basin while its loss is at most this many times the trained loss. */
export const BASIN = 2;

/** The share of the slice's points whose loss is within BASIN× the centre's. */
export function basinShare(s: SliceScores): number {
  let inside = 0;
  for (let i = 0; i < s.loss.length; i++) {
    const v = s.loss[i]!;
    if (Number.isFinite(v) && v <= BASIN * s.centre) inside++;
  }
  return s.loss.length ? inside / s.loss.length : 0;
}

/** One line per run (its trained loss and basin), then the comparison (when both kinds were sliced). */
export function landscapeLines(slices: readonly SliceScores[], runs: readonly StudiedRun[]): string[] {
  const byId = new Map(runs.map((r) => [r.id, r]));
  const lines: string[] = [];
  const shares: { residual: boolean; v: number }[] = [];
  for (const s of slices) {
    const run = byId.get(s.run);
    if (!run) continue;
    const share = basinShare(s);
    shares.push({ residual: run.residual, v: share });
    lines.push(
      `${run.label}: loss ${s.centre.toPrecision(3)} at the trained weights; it stays within ${BASIN}× that over ${pct(share)} of the slice (±${s.axis.at(-1)} along each direction).`,
    );
  }
  const [res, plain] = [meanOf(shares, true), meanOf(shares, false)];
  if (res !== null && plain !== null)
    lines.push(
      res > plain
        ? `Here, as the paper reports, the residual nets sit in wider basins (${pct(res)} of the slice on average) than the plain nets (${pct(plain)}).`
        : `Here, unlike the paper's deep nets, the residual nets' basins are no wider (${pct(res)} of the slice on average) than the plain nets' (${pct(plain)}).`,
    );
  return lines;
}
