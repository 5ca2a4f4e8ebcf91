/**
 * Gradient flow: a heatmap of log10 ‖∂L/∂W‖ per layer (rows, input at the top) over training
 * (columns, one per probe step), for one run. In a deep plain net the top rows go dark as the
 * gradient fades on its way back to the input; a residual twin's column stays one colour.
 *
 * The cells are painted on a <canvas> at one pixel per cell and stretched by CSS, so a
 * 100-layer × 1000-probe run costs one putImageData per frame; axes and the colour legend are
 * an SVG laid over it. Columns are downsampled when there are more probe steps than pixels.
 */
import { axisBottom, axisLeft, format, scaleBand, scaleLinear, select } from 'd3';
import {
  GRADIENT_LUT,
  LEGEND_HEIGHT,
  drawGradientLegend,
  fitDomain,
  formatPow10,
  lutIndex,
} from './colorScales';
import type { Log10Domain } from './colorScales';
import { FONT_FAMILY, FONT_LABEL, FONT_TICK, INK, INK_SOFT } from './palette';
import { styleAxis } from './scales';
import type { ChartTable } from './scales';

export interface GradientFlowData {
  /** Row names in forward order (e.g. `RunLayout.weights` or `RunLayout.blocks`). */
  layers: string[];
  /** Probe steps, ascending and evenly spaced. */
  steps: number[];
  /** One array per probe step, one gradient norm per layer (e.g. `ProbeRecord.weightNorms`). */
  norms: Float32Array[];
  /** Overrides `options.domain` for this frame: how runs shown side by side share one scale. */
  domain?: Log10Domain;
}

export interface GradientFlowOptions {
  /** Accessible name, e.g. "Gradient flow, plain-56". */
  label?: string;
  /** CSS pixels of the whole chart. */
  width?: number;
  height?: number;
  /** Fixed colour domain in log10 units; otherwise fitted to the data on every redraw. */
  domain?: Log10Domain;
  /** Width of the layer-name gutter. */
  labelWidth?: number;
  /** How a layer name is shown on the axis (the readout always shows the full name). */
  formatLayer?: (name: string) => string;
}

export interface HeatCells {
  cols: number;
  rows: number;
  /**
   * rows × cols, row-major (row r = layer r, column c = probe bucket c): the mean of log10 of
   * the norms in the bucket, i.e. log10 of their geometric mean. NaN where a bucket holds no
   * finite positive norm. Averaging in log space keeps one spike from repainting a bucket.
   */
  values: Float32Array;
}

/**
 * The cell matrix of the heatmap at a width of `widthPx` pixels: one column per probe step, or,
 * when there are more steps than pixels, `widthPx` columns where column c averages steps
 * ⌊c·n/cols⌋ … ⌊(c+1)·n/cols⌋ − 1.
 */
export function heatCells(data: GradientFlowData, widthPx: number): HeatCells {
  const rows = data.layers.length;
  const n = Math.min(data.steps.length, data.norms.length);
  const cols = Math.min(n, Math.max(1, Math.floor(widthPx)));
  const values = new Float32Array(rows * cols).fill(NaN);
  const sums = new Float64Array(rows);
  const counts = new Uint32Array(rows);
  for (let c = 0; c < cols; c++) {
    const start = Math.floor((c * n) / cols);
    const end = Math.floor(((c + 1) * n) / cols);
    sums.fill(0);
    counts.fill(0);
    for (let k = start; k < end; k++) {
      const col = data.norms[k]!;
      const m = Math.min(rows, col.length);
      for (let r = 0; r < m; r++) {
        const v = col[r]!;
        if (v > 0 && Number.isFinite(v)) {
          sums[r]! += Math.log10(v);
          counts[r]!++;
        }
      }
    }
    for (let r = 0; r < rows; r++) if (counts[r]) values[r * cols + c] = sums[r]! / counts[r]!;
  }
  return { cols, rows, values };
}

/** One colour domain for several runs' heatmaps: the extent of all their log10 norms. */
export function flowDomain(runs: GradientFlowData[], fallback?: Log10Domain): Log10Domain {
  function* logs() {
    for (const run of runs) for (const col of run.norms) for (const v of col) if (v > 0) yield Math.log10(v);
  }
  return fitDomain(logs(), fallback);
}

/** Text alternative: each layer's gradient norm at the latest probe step. */
export function gradientFlowTable(data: GradientFlowData): ChartTable {
  const n = Math.min(data.steps.length, data.norms.length);
  if (n === 0) return { columns: ['layer', 'gradient norm'], rows: [] };
  const last = data.norms[n - 1]!;
  return {
    columns: ['layer', `gradient norm at step ${data.steps[n - 1]}`],
    rows: data.layers.map((name, i) => [name, roundSig(last[i] ?? NaN)]),
  };
}

function roundSig(v: number): number {
  return Number.isFinite(v) && v !== 0 ? Number(v.toPrecision(3)) : v;
}

const MARGIN = { top: 30, right: 24, bottom: 48 + 12 + LEGEND_HEIGHT };
let instances = 0;

export function createGradientFlow(el: HTMLElement, options: GradientFlowOptions = {}) {
  const width = options.width ?? 480;
  const height = options.height ?? 360;
  const left = options.labelWidth ?? 170;
  const plotW = Math.max(1, width - left - MARGIN.right);
  const plotH = Math.max(1, height - MARGIN.top - MARGIN.bottom);
  const formatLayer = options.formatLayer ?? ((s: string) => s);
  const gradientId = `reslab-gradient-flow-${++instances}`;

  const wrapper = select(el)
    .append('div')
    .attr('class', 'gradient-flow')
    .attr('role', 'img')
    .attr('aria-label', options.label ?? 'Gradient flow: log gradient norm per layer over training')
    .style('position', 'relative')
    .style('width', `${width}px`)
    .style('height', `${height}px`);
  const canvas = wrapper
    .append('canvas')
    .attr('aria-hidden', 'true')
    .style('position', 'absolute')
    .style('left', `${left}px`)
    .style('top', `${MARGIN.top}px`)
    .style('width', `${plotW}px`)
    .style('height', `${plotH}px`)
    .style('image-rendering', 'pixelated')
    .node()!;
  const svg = wrapper
    .append('svg')
    .attr('aria-hidden', 'true')
    .attr('width', width)
    .attr('height', height)
    .style('position', 'absolute')
    .style('left', '0')
    .style('top', '0')
    .style('pointer-events', 'none')
    .attr('font-family', FONT_FAMILY);
  const frame = svg
    .append('rect')
    .attr('x', left)
    .attr('y', MARGIN.top)
    .attr('width', plotW)
    .attr('height', plotH)
    .attr('fill', 'none')
    .attr('stroke', INK_SOFT);
  const xAxis = svg
    .append('g')
    .attr('class', 'x-axis')
    .attr('transform', `translate(${left},${MARGIN.top + plotH})`);
  const yAxis = svg.append('g').attr('class', 'y-axis').attr('transform', `translate(${left},${MARGIN.top})`);
  svg
    .append('text')
    .attr('class', 'x-title')
    .attr('x', left + plotW / 2)
    .attr('y', MARGIN.top + plotH + 44)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', FONT_LABEL)
    .text('iteration');
  const readout = svg
    .append('text')
    .attr('class', 'readout')
    .attr('x', left)
    .attr('y', MARGIN.top - 10)
    .attr('fill', INK)
    .attr('font-size', FONT_TICK);
  const legend = svg
    .append('g')
    .attr('class', 'legend')
    .attr('transform', `translate(${left},${MARGIN.top + plotH + 60})`);
  frame.raise();

  // What the last redraw drew, so an unchanged frame costs nothing.
  let drawn: { n: number; lastNorms?: Float32Array; layersKey: string; domain: Log10Domain } | null = null;
  let axesKey = '';
  let legendKey = '';
  let current: { data: GradientFlowData; cells: HeatCells } | null = null;

  const ctx = canvasContext(canvas);

  function paint(cells: HeatCells, domain: Log10Domain): void {
    if (canvas.width !== Math.max(1, cells.cols)) canvas.width = Math.max(1, cells.cols);
    if (canvas.height !== Math.max(1, cells.rows)) canvas.height = Math.max(1, cells.rows);
    if (!ctx || cells.cols === 0 || cells.rows === 0) return;
    const image = ctx.createImageData(cells.cols, cells.rows);
    const px = image.data;
    for (let i = 0; i < cells.values.length; i++) {
      const j = lutIndex(cells.values[i]!, domain);
      if (j < 0) continue; // transparent: no finite gradient here
      px[4 * i] = GRADIENT_LUT[3 * j]!;
      px[4 * i + 1] = GRADIENT_LUT[3 * j + 1]!;
      px[4 * i + 2] = GRADIENT_LUT[3 * j + 2]!;
      px[4 * i + 3] = 255;
    }
    ctx.putImageData(image, 0, 0);
  }

  function drawAxes(data: GradientFlowData, n: number): void {
    const first = data.steps[0] ?? 0;
    const last = n > 1 ? data.steps[n - 1]! : first + 1;
    const key = `${data.layers.join('\n')}|${first}|${last}`;
    if (key === axesKey) return;
    axesKey = key;
    const x = scaleLinear().domain([first, last]).range([0, plotW]);
    xAxis.call(
      axisBottom(x)
        .ticks(Math.max(2, Math.floor(plotW / 90)))
        .tickFormat(format('~s')),
    );
    const y = scaleBand<string>().domain(data.layers).range([0, plotH]);
    // At most one label per 20px; the first layer (the input end) is always labelled.
    const every = Math.max(1, Math.ceil((data.layers.length * 20) / plotH));
    yAxis.call(
      axisLeft(y)
        .tickValues(data.layers.filter((_, i) => i % every === 0))
        .tickFormat(formatLayer),
    );
    styleAxis(xAxis);
    styleAxis(yAxis);
  }

  function drawLegend(domain: Log10Domain): void {
    const key = domain.join(',');
    if (key === legendKey) return;
    legendKey = key;
    drawGradientLegend(legend, {
      domain,
      width: Math.min(plotW, 320),
      title: 'gradient norm (log scale)',
      gradientId,
    });
  }

  function update(data: GradientFlowData): void {
    const n = Math.min(data.steps.length, data.norms.length);
    const layersKey = data.layers.join('\n');
    const fixed = data.domain ?? options.domain;
    const lastNorms = data.norms[n - 1];
    if (
      drawn &&
      drawn.n === n &&
      drawn.lastNorms === lastNorms &&
      drawn.layersKey === layersKey &&
      (!fixed || sameDomain(fixed, drawn.domain))
    )
      return;
    const cells = heatCells(data, plotW);
    const domain = fixed ?? fitDomain(cells.values);
    paint(cells, domain);
    drawAxes(data, n);
    drawLegend(domain);
    drawn = { n, lastNorms, layersKey, domain };
    current = { data, cells };
  }

  function onMove(event: PointerEvent): void {
    if (!current || current.cells.cols === 0) return;
    const { data, cells } = current;
    const box = (wrapper.node() as HTMLDivElement).getBoundingClientRect();
    const c = Math.floor(((event.clientX - box.left - left) / plotW) * cells.cols);
    const r = Math.floor(((event.clientY - box.top - MARGIN.top) / plotH) * cells.rows);
    if (c < 0 || r < 0 || c >= cells.cols || r >= cells.rows) {
      readout.text('');
      return;
    }
    const n = Math.min(data.steps.length, data.norms.length);
    const step = data.steps[Math.floor((c * n) / cells.cols)];
    const v = cells.values[r * cells.cols + c]!;
    readout.text(
      `${data.layers[r]} · step ${step} · ${Number.isFinite(v) ? formatPow10(Number(v.toFixed(2))) : '—'}`,
    );
  }
  const onLeave = () => readout.text('');
  wrapper.on('pointermove', onMove).on('pointerleave', onLeave);

  return {
    update,
    destroy(): void {
      wrapper.on('pointermove', null).on('pointerleave', null);
      wrapper.remove();
    },
  };
}

function sameDomain(a: Log10Domain, b: Log10Domain): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** The 2-D context, or null where there is none (jsdom, or a canvas-less environment). */
function canvasContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}
