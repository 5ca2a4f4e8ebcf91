/**
 * The verdict line: what the charts show, in plain words, once the data support it and not
 * before. It compares the shallowest and deepest plain runs and the deepest plain run's
 * residual twin (same depth, shortcuts on) on their recent training error (the mean of the
 * last WINDOW minibatch errors), and speaks only after MIN_FRACTION of the steps and only
 * about gaps of at least GAP. Sessions that do not pose the degradation question (all
 * residual, e.g. basic vs bottleneck or shortcut options A/B/C) get a ranking of their runs
 * on the same measure instead.
 */
export interface VerdictRun {
  id: string;
  depth: number;
  shortcuts: boolean;
  /** Recent training error in [0, 1], or NaN before any point. */
  recentErr: number;
  label: string;
}

export const WINDOW = 30;
export const GAP = 0.05;
export const MIN_FRACTION = 0.25;

const pct = (x: number) => `${Math.round(100 * x)}%`;

export function verdict(runs: VerdictRun[], step: number, totalSteps: number, done: boolean): string | null {
  // A finished session always gets a line: the reason it cannot be judged, if nothing else.
  if (done && step < WINDOW)
    return `Too short to judge: ${step} step${step === 1 ? '' : 's'}. The verdict compares each run's mean of its last ${WINDOW} training errors, so train at least ${WINDOW} steps.`;
  if (totalSteps <= 0 || (step / totalSteps < MIN_FRACTION && !done) || step < WINDOW) return null;
  const known = runs.filter((r) => Number.isFinite(r.recentErr));
  if (done && known.length === 0)
    return 'No run trained to the end: each stopped early (its reason is beside its name), so there is nothing to compare.';
  const plain = known.filter((r) => !r.shortcuts).sort((a, b) => a.depth - b.depth);
  if (plain.length < 1) return ranking(known, done);
  const deep = plain[plain.length - 1]!;
  const shallow = plain[0]!;
  const twin = known.find((r) => r.shortcuts && r.depth === deep.depth);
  const degraded =
    plain.length > 1 && deep.depth > shallow.depth && deep.recentErr - shallow.recentErr >= GAP;
  const twinFixes = twin !== undefined && deep.recentErr - twin.recentErr >= GAP;
  if (degraded && twinFixes)
    return `The ${deep.depth}-layer plain net trains worse than the ${shallow.depth}-layer one (${pct(deep.recentErr)} vs ${pct(shallow.recentErr)} training error), while its residual twin does not (${pct(twin!.recentErr)}): that is the degradation problem, and shortcuts fix it.`;
  if (degraded)
    return `The ${deep.depth}-layer plain net trains worse than the ${shallow.depth}-layer one (${pct(deep.recentErr)} vs ${pct(shallow.recentErr)} training error): deeper is worse even on the training set. That is degradation, not overfitting.`;
  if (twinFixes)
    return `With shortcuts the ${deep.depth}-layer net trains better than without (${pct(twin!.recentErr)} vs ${pct(deep.recentErr)} training error).`;
  if (done && plain.length > 1 && deep.depth > shallow.depth)
    return `No degradation in this run: the ${deep.depth}-layer plain net trained about as well as the ${shallow.depth}-layer one (${pct(deep.recentErr)} vs ${pct(shallow.recentErr)}). Try more layers, no batch norm, or fewer steps.`;
  return ranking(known, done);
}

/** The runs ordered by recent training error, once a gap shows or training is done. */
function ranking(known: VerdictRun[], done: boolean): string | null {
  const sorted = [...known].sort((a, b) => a.recentErr - b.recentErr);
  const best = sorted[0];
  const worst = sorted.at(-1);
  if (!best || !worst) return null;
  if (sorted.length === 1)
    return done
      ? `${best.label} ended at ${pct(best.recentErr)} training error (last ${WINDOW} steps).`
      : null;
  if (worst.recentErr - best.recentErr >= GAP) {
    const rest = sorted.slice(1).map((r) => `${r.label} ${pct(r.recentErr)}`);
    return `${best.label} trains best: ${pct(best.recentErr)} training error over the last ${WINDOW} steps, against ${rest.join(', ')}.`;
  }
  return done
    ? `These ${sorted.length} runs trained about equally well: ${pct(best.recentErr)} to ${pct(worst.recentErr)} training error over the last ${WINDOW} steps.`
    : null;
}
