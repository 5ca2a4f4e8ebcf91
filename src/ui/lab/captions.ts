/**
 * One "what to look for" line per Lab chart. Each names the session's own runs and, once
 * there are numbers, quotes them from the chart's data, so a caption can never contradict
 * the curves beside it. Before a session (no runs) each caption says what the chart is for.
 */
import type { CostBarsData } from '../../charts/costBars';
import type { GradientBarsData } from '../../charts/gradientBars';
import type { GradientFlowData } from '../../charts/gradientFlow';
import type { ResponseChartData } from '../../charts/responseChart';

/** A run of the session, as its record names it (never the live controls). */
export interface CaptionRun {
  label: string;
  depth: number;
  shortcuts: boolean;
}

type Nums = ArrayLike<number>;

/** The runs a comparison needs: the shallowest and deepest plain nets and the deep net's residual twin. */
export function keyRuns(runs: CaptionRun[]) {
  const plain = runs.filter((r) => !r.shortcuts).sort((a, b) => a.depth - b.depth);
  const res = runs.filter((r) => r.shortcuts).sort((a, b) => a.depth - b.depth);
  const deepPlain = plain.at(-1);
  const shallowPlain = plain.length > 1 && plain[0]!.depth < deepPlain!.depth ? plain[0] : undefined;
  const twin = deepPlain ? res.find((r) => r.depth === deepPlain.depth) : undefined;
  return { shallowPlain, deepPlain, deepRes: twin ?? res.at(-1) };
}

const mean = (a: Nums, from = 0) => {
  let s = 0;
  let n = 0;
  for (let i = from; i < a.length; i++)
    if (Number.isFinite(a[i]!)) {
      s += a[i]!;
      n++;
    }
  return n ? s / n : NaN;
};
const ratioText = (r: number) => (r >= 0.1 ? r.toFixed(2) : r.toExponential(1));

/** The numbers are the verdict's to state; the caption says which curves to compare. */
export function errorCaption(runs: CaptionRun[]): string {
  const { shallowPlain: s, deepPlain: d, deepRes: t } = keyRuns(runs);
  if (!d || !s)
    return 'Look for which curve sits lowest: lower training error means the network fits its data better.';
  const twin = t ? ` and ${t.label} (shortcuts) below ${d.label}` : '';
  return `Look for ${d.label} above ${s.label} (deeper is worse on its own training data: degradation)${twin}.`;
}

export function costCaption(data: CostBarsData): string {
  const runs = data.runs;
  if (!runs.length) return 'Compare the bars: each block’s multiply-adds, FLOPs or parameters.';
  const most = runs.reduce((a, b) => (b.totals.macs > a.totals.macs ? b : a));
  const least = runs.reduce((a, b) => (b.totals.macs < a.totals.macs ? b : a));
  if (most === least) return `Compare the blocks of ${most.label}: which ones cost the most multiply-adds.`;
  return `Compare the totals: ${most.label} needs ${(most.totals.macs / least.totals.macs).toFixed(1)}× the multiply-adds of ${least.label}, and ${(most.totals.params / least.totals.params).toFixed(1)}× its parameters.`;
}

/** First (input side) and last (output side) layers' gradient norm in a run's latest probe. */
function endsOf(flow: GradientFlowData | undefined): { first: number; last: number } | null {
  const col = flow?.norms.at(-1);
  if (!col || col.length < 2) return null;
  return { first: col[0]!, last: col[col.length - 1]! };
}

export function flowCaption(runs: CaptionRun[], labels: string[], flows: GradientFlowData[]): string {
  const { deepPlain } = keyRuns(runs);
  const run = deepPlain ?? runs.at(-1);
  if (!run)
    return 'Compare the first and last layers: a column that fades towards the input means vanishing gradients.';
  const ends = endsOf(flows[labels.indexOf(run.label)]);
  const ask = `Compare the first and last layers of ${run.label}`;
  if (!ends || !(ends.first > 0) || !(ends.last > 0))
    return `${ask}: do its gradients fade towards the input once it trains?`;
  const r = ends.first / ends.last;
  const said = r >= 0.01 ? 'they do not vanish' : 'they shrink on the way to the input';
  return `${ask}: the first layer’s gradient is ${ratioText(r)}× the last one’s, so ${said}.`;
}

export function barsCaption(data: GradientBarsData): string {
  const spans = data.runs.flatMap((r) => {
    const v = Array.from(r.norms).filter((x) => x > 0 && Number.isFinite(x));
    return v.length > 1 ? [{ label: r.label, decades: Math.log10(Math.max(...v) / Math.min(...v)) }] : [];
  });
  if (!spans.length)
    return 'Read each run’s bars from input to output: bars that fall away towards the input mean the early layers barely learn.';
  const widest = spans.reduce((a, b) => (b.decades > a.decades ? b : a));
  return `Read the bars from input to output: ${widest.label}’s gradients span the most, ${widest.decades.toFixed(1)} powers of ten from its smallest layer to its largest.`;
}

export function responseCaption(runs: CaptionRun[], data: ResponseChartData): string {
  const { deepPlain, deepRes } = keyRuns(runs);
  if (!deepPlain || !deepRes)
    return 'Residual branches learn small corrections: their layers respond with a smaller spread than a plain net’s (the paper’s Figure 7).';
  const std = (r: CaptionRun) => mean(data.runs.find((x) => x.label === r.label)?.layerStd ?? []);
  const a = std(deepRes);
  const b = std(deepPlain);
  const base = `Look for ${deepRes.label}’s responses below ${deepPlain.label}’s: residual branches learn small corrections (Figure 7)`;
  return Number.isFinite(a) && Number.isFinite(b)
    ? `${base}. Mean std now ${a.toFixed(2)} vs ${b.toFixed(2)}.`
    : `${base}.`;
}

export function boundaryCaption(runs: CaptionRun[]): string {
  const { deepPlain, deepRes } = keyRuns(runs);
  const pair = deepPlain && deepRes ? `: compare ${deepPlain.label} with ${deepRes.label}` : '';
  return `Look at where the colours meet: a net that has learnt the spirals curls its boundary between the arms${pair}.`;
}

export function networkCaption(runs: CaptionRun[]): string {
  const { deepPlain, deepRes } = keyRuns(runs);
  if (deepPlain && deepRes)
    return `Follow the arcs around each block: ${deepRes.label} has a shortcut around every block, ${deepPlain.label} has none, with the same layers in between.`;
  return 'Follow the data from input to output; click a block for its cost and latest gradient.';
}
