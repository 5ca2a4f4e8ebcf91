/**
 * From the store's run data to each chart's data: pure functions, so they are testable.
 * Each view reads only its own part of a run (see RunData.versions), and the `*Key`
 * functions say when that part changed, so a host recomputes a view (and its chart
 * repaints) only then.
 */
import type { ErrorChartData } from '../../charts/errorChart';
import { flowDomain } from '../../charts/gradientFlow';
import type { GradientFlowData } from '../../charts/gradientFlow';
import type { GradientBarsData } from '../../charts/gradientBars';
import type { ResponseChartData } from '../../charts/responseChart';
import { runColor } from '../../charts/palette';
import type { RunData } from '../../state/runData';
import type { OverlayRun } from './torchOverlay';

export interface RunView {
  data: RunData;
  label: string;
  index: number;
  visible: boolean;
}

/** What every view of a run depends on besides its records: which run it is and how it is shown. */
const viewKey = (r: RunView) => `${r.data.id}:${r.index}:${r.label}:${r.visible}`;

/** Changes exactly when the error chart's data does: new points or evaluations, or a run shown or hidden. */
export const errorKey = (runs: RunView[]) =>
  runs.map((r) => `${viewKey(r)}:${r.data.versions.points}:${r.data.versions.evals}`).join('|');

/** Changes exactly when some run's probes (or how runs are shown) change. */
export const probesKey = (runs: RunView[]) =>
  runs.map((r) => `${viewKey(r)}:${r.data.versions.probes}`).join('|');

/** As probesKey, over the runs that have probes: the charts that show only those. */
export const probedKey = (runs: RunView[]) => probesKey(runs.filter((r) => r.data.probes.length > 0));

/**
 * Minibatch error solid, test error dashed, error on the whole training set dotted; a
 * PyTorch log's runs after them, drawn as imported (its minibatch error and test rings).
 */
export function errorData(runs: RunView[], overlay: readonly OverlayRun[] = []): ErrorChartData {
  return {
    runs: [
      ...runs.map((r) => ({
        id: r.data.id,
        label: r.label,
        color: runColor(r.index),
        visible: r.visible,
        train: { step: r.data.trainErr.x, value: r.data.trainErr.y },
        test: { step: r.data.testErr.x, value: r.data.testErr.y },
        fullTrain: { step: r.data.fullTrainErr.x, value: r.data.fullTrainErr.y },
      })),
      ...overlay.map((o) => ({
        id: o.id,
        label: o.label,
        color: o.color,
        visible: o.visible,
        imported: true,
        train: { step: o.run.steps.step, value: o.run.steps.trainErr },
        test: { step: o.run.evals.step, value: o.run.evals.testErr },
        // Not drawn (the rings are its evaluations), but listed in the chart's table.
        fullTrain: { step: o.run.evals.step, value: o.run.evals.trainErr },
      })),
    ],
  };
}

/** Indices of the weight tensors (conv and fc kernels) among a run's parameters. */
function weightIndices(d: RunData): number[] {
  return d.layout.params.flatMap((p, i) => (p.role === 'weight' ? [i] : []));
}

/** Each run's heatmap columns so far; probes only ever append, so a column is built once. */
const flowColumns = new WeakMap<RunData, { steps: number[]; norms: Float32Array[] }>();

/** Per-layer (weight tensor) gradient norms over the probe steps: the heatmap's rows and columns. */
export function flowData(d: RunData): GradientFlowData {
  let cols = flowColumns.get(d);
  if (!cols) flowColumns.set(d, (cols = { steps: [], norms: [] }));
  const idx = weightIndices(d);
  for (let k = cols.steps.length; k < d.probes.length; k++) {
    const p = d.probes[k]!;
    cols.steps.push(p.step);
    cols.norms.push(Float32Array.from(idx, (i) => p.gradNorms[i]!));
  }
  // Fresh arrays (sharing the columns): a chart sees new data only when a column was added.
  return { layers: d.layout.weights, steps: cols.steps.slice(), norms: cols.norms.slice() };
}

/** The last heatmaps handed out, per run, with what they were made from. */
export type FlowCache = Map<string, { probes: number; domain: string; data: GradientFlowData }>;

/**
 * Every run's heatmap on one shared colour domain. A run's data object is reused (so its
 * chart does not repaint) unless its own probes or the shared domain changed.
 */
export function sharedFlows(runs: RunView[], cache: FlowCache): GradientFlowData[] {
  const fresh = runs.map((r) => {
    const c = cache.get(r.data.id);
    return c && c.probes === r.data.versions.probes ? c.data : flowData(r.data);
  });
  const domain = flowDomain(fresh.filter((d) => d.steps.length > 0));
  const domainKey = domain.join(',');
  return runs.map((r, i) => {
    const c = cache.get(r.data.id);
    if (c && c.probes === r.data.versions.probes && c.domain === domainKey) return c.data;
    const data = { ...fresh[i]!, domain };
    cache.set(r.data.id, { probes: r.data.versions.probes, domain: domainKey, data });
    return data;
  });
}

export function barsData(runs: RunView[]): GradientBarsData {
  return {
    runs: runs
      .filter((r) => r.visible && r.data.probes.length > 0)
      .map((r) => {
        const last = r.data.probes[r.data.probes.length - 1]!;
        return {
          id: r.data.id,
          label: r.label,
          color: runColor(r.index),
          layers: r.data.layout.weights,
          norms: Float32Array.from(weightIndices(r.data), (i) => last.gradNorms[i]!),
        };
      }),
  };
}

/** Each probed run's latest layer responses and block ratios, and the held-out batch they were measured on. */
export function responseData(runs: RunView[]): ResponseChartData {
  const probed = runs.filter((r) => r.data.probes.length > 0);
  const heldOut = probed.map((r) => r.data.layout.responseBatch).find((b) => b !== undefined);
  return {
    runs: probed.map((r) => {
      const last = r.data.probes[r.data.probes.length - 1]!;
      return {
        id: r.data.id,
        label: r.label,
        color: runColor(r.index),
        visible: r.visible,
        layerStd: last.layerStd,
        layerNames: r.data.layout.responseLayers,
        blockRatio: last.blockRatio,
        blockNames: r.data.layout.blocks,
      };
    }),
    ...(heldOut ? { heldOut } : {}),
  };
}

/** A short axis name for a weight tensor: "stage2.block3.conv1.weight" → "s2b3c1". */
export function shortLayer(name: string): string {
  return name
    .replace(/\.weight$/, '')
    .replace(/stage(\d+)\.block(\d+)\./, 's$1b$2.')
    .replace(/shortcut\.conv/, 'proj')
    .replace(/conv(\d)/, 'c$1')
    .replace(/\./g, '');
}
