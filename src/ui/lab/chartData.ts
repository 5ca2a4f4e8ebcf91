/** From the store's run data to each chart's data: pure functions, so they are testable. */
import type { ErrorChartData } from '../../charts/errorChart';
import type { GradientFlowData } from '../../charts/gradientFlow';
import type { GradientBarsData } from '../../charts/gradientBars';
import type { ResponseChartData } from '../../charts/responseChart';
import { runColor } from '../../charts/palette';
import type { RunData } from '../../state/runData';

export interface RunView {
  data: RunData;
  label: string;
  index: number;
  visible: boolean;
}

export function errorData(runs: RunView[]): ErrorChartData {
  return {
    runs: runs.map((r) => ({
      id: r.data.id,
      label: r.label,
      color: runColor(r.index),
      visible: r.visible,
      train: { step: r.data.trainErr.x, value: r.data.trainErr.y },
      test: { step: r.data.testErr.x, value: r.data.testErr.y },
    })),
  };
}

/** Indices of the weight tensors (conv and fc kernels) among a run's parameters. */
function weightIndices(d: RunData): number[] {
  return d.layout.params.flatMap((p, i) => (p.role === 'weight' ? [i] : []));
}

/** Per-layer (weight tensor) gradient norms over the probe steps: the heatmap's rows and columns. */
export function flowData(d: RunData): GradientFlowData {
  const idx = weightIndices(d);
  return {
    layers: d.layout.weights,
    steps: d.probes.map((p) => p.step),
    norms: d.probes.map((p) => Float32Array.from(idx, (i) => p.gradNorms[i]!)),
  };
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

export function responseData(runs: RunView[]): ResponseChartData {
  return {
    runs: runs
      .filter((r) => r.data.probes.length > 0)
      .map((r) => ({
        id: r.data.id,
        label: r.label,
        color: runColor(r.index),
        visible: r.visible,
        blockStd: r.data.probes[r.data.probes.length - 1]!.blockStd,
        blockNames: r.data.layout.blocks,
      })),
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
