/**
 * Gradient bars: the latest gradient norm of every layer, input on the left, on a log axis,
 * one colour per run. A deep plain net's bars fall by decades toward the input; its residual
 * twin's stay level, because each shortcut hands the gradient back unchanged.
 */
import { axisBottom, axisLeft, scaleBand, scaleLog, select } from 'd3';
import { formatPow10 } from './colorScales';
import type { Log10Domain } from './colorScales';
import { FONT_FAMILY, FONT_LABEL, GRID, INK, PAPER } from './palette';
import { styleAxis } from './scales';
import type { ChartTable } from './scales';

export interface BarRun {
  id: string;
  label: string;
  color: string;
  /** Layer names in forward order (e.g. `RunLayout.weights`). */
  layers: string[];
  /** Latest gradient norm of each layer. */
  norms: Float32Array | number[];
}

export interface GradientBarsData {
  runs: BarRun[];
}

export interface GradientBarsOptions {
  /** Accessible name; by default it names the runs. */
  label?: string;
  width?: number;
  height?: number;
  /** Fixed y domain in log10 units; otherwise the decades that hold the data. */
  domain?: Log10Domain;
  /** How a layer name is shown under the axis. */
  formatLayer?: (name: string) => string;
}

/**
 * The layers of several runs on one axis: every run's layers in its own order, a layer that
 * only some runs have (a projection shortcut's 1×1 conv) placed after its predecessor.
 */
export function mergeLayers(runs: { layers: string[] }[]): string[] {
  const merged: string[] = [];
  const seen = new Set<string>();
  for (const run of runs) {
    let at = 0;
    for (const name of run.layers) {
      if (seen.has(name)) {
        at = merged.indexOf(name) + 1;
        continue;
      }
      merged.splice(at, 0, name);
      seen.add(name);
      at++;
    }
  }
  return merged;
}

/** The whole decades that hold every positive norm: [-4, -1] for norms in 3e-4 … 0.2. */
export function decadeDomain(runs: { norms: ArrayLike<number> }[]): Log10Domain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const run of runs)
    for (let i = 0; i < run.norms.length; i++) {
      const v = run.norms[i]!;
      if (!(v > 0) || !Number.isFinite(v)) continue;
      const l = Math.log10(v);
      if (l < lo) lo = l;
      if (l > hi) hi = l;
    }
  if (lo > hi) return [-4, 0];
  // `+ 0` turns the -0 of Math.ceil(-0.7) into 0.
  const a = Math.floor(lo) + 0;
  const b = Math.ceil(hi) + 0;
  return b > a ? [a, b] : [a, a + 1];
}

/** Text alternative: one row per layer, one column per run. */
export function gradientBarsTable(data: GradientBarsData): ChartTable {
  const layers = mergeLayers(data.runs);
  const lookup = data.runs.map((run) => new Map(run.layers.map((name, i) => [name, run.norms[i]])));
  return {
    columns: ['layer', ...data.runs.map((r) => `${r.label} gradient norm`)],
    rows: layers.map((name) => [
      name,
      ...lookup.map((m) => {
        const v = m.get(name);
        return v === undefined || !Number.isFinite(v) ? '—' : Number(v.toPrecision(3));
      }),
    ]),
  };
}

interface Bar {
  key: string;
  layer: string;
  run: number;
  value: number;
  color: string;
  label: string;
}

const MARGIN = { top: 40, right: 20, bottom: 64, left: 72 };

export function createGradientBars(el: HTMLElement, options: GradientBarsOptions = {}) {
  const width = options.width ?? 640;
  const height = options.height ?? 320;
  const plotW = Math.max(1, width - MARGIN.left - MARGIN.right);
  const plotH = Math.max(1, height - MARGIN.top - MARGIN.bottom);
  const formatLayer = options.formatLayer ?? ((s: string) => s);

  const svg = select(el)
    .append('svg')
    .attr('class', 'gradient-bars')
    .attr('role', 'img')
    .attr('width', width)
    .attr('height', height)
    .attr('viewBox', `0 0 ${width} ${height}`)
    .attr('font-family', FONT_FAMILY);
  svg.append('rect').attr('width', width).attr('height', height).attr('fill', PAPER);
  const legend = svg.append('g').attr('class', 'legend').attr('transform', `translate(${MARGIN.left},12)`);
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const grid = plot.append('g').attr('class', 'grid');
  const bars = plot.append('g').attr('class', 'bars');
  const yAxis = plot.append('g').attr('class', 'y-axis');
  const xAxis = plot.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${plotH})`);
  svg
    .append('text')
    .attr('class', 'y-title')
    .attr('transform', `translate(18,${MARGIN.top + plotH / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', FONT_LABEL)
    .text('gradient norm');
  svg
    .append('text')
    .attr('class', 'x-title')
    .attr('x', MARGIN.left + plotW / 2)
    .attr('y', height - 12)
    .attr('text-anchor', 'middle')
    .attr('fill', INK)
    .attr('font-size', FONT_LABEL)
    .text('layer (input → output)');

  let axesKey = '';
  let legendKey = '';

  function drawAxes(layers: string[], domain: Log10Domain): void {
    const key = `${layers.join('\n')}|${domain.join(',')}`;
    if (key === axesKey) return;
    axesKey = key;
    const x = layerScale(layers, plotW);
    const y = scaleLog()
      .domain([10 ** domain[0], 10 ** domain[1]])
      .range([plotH, 0]);
    const decades: number[] = [];
    for (let k = Math.ceil(domain[0]); k <= Math.floor(domain[1]); k++) decades.push(k);
    const every = Math.max(1, Math.ceil((decades.length * 28) / plotH));
    const ticks = decades.filter((k) => (k - decades[0]!) % every === 0);
    yAxis.call(
      axisLeft(y)
        .tickValues(ticks.map((k) => 10 ** k))
        .tickFormat((v) => formatPow10(Math.round(Math.log10(Number(v))))),
    );
    grid
      .selectAll('line')
      .data(ticks)
      .join('line')
      .attr('x2', plotW)
      .attr('y1', (k) => round(y(10 ** k)))
      .attr('y2', (k) => round(y(10 ** k)))
      .attr('stroke', GRID);
    // Name the two ends only: the depth of a layer is what matters, not its name.
    const ends = layers.length > 1 ? [layers[0]!, layers[layers.length - 1]!] : layers;
    xAxis.call(axisBottom(x).tickValues(ends).tickFormat(formatLayer).tickSizeOuter(0));
    xAxis
      .selectAll<SVGTextElement, string>('text')
      .attr('text-anchor', (d) =>
        layers.length > 1 && d === ends[0] ? 'start' : d === ends[1] ? 'end' : 'middle',
      )
      .attr('dx', (d) =>
        layers.length > 1 && d === ends[0] ? -x.bandwidth() / 2 : d === ends[1] ? x.bandwidth() / 2 : 0,
      );
    styleAxis(yAxis);
    styleAxis(xAxis);
  }

  function drawLegend(runs: BarRun[]): void {
    const key = runs.map((r) => `${r.id}\t${r.label}\t${r.color}`).join('\n');
    if (key === legendKey) return;
    legendKey = key;
    let at = 0;
    const offsets = runs.map((r) => {
      const x = at;
      at += 26 + r.label.length * 9 + 18;
      return x;
    });
    const item = legend
      .selectAll<SVGGElement, BarRun>('g.legend-item')
      .data(runs, (r) => r.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'legend-item');
        g.append('rect').attr('width', 16).attr('height', 16).attr('y', -1);
        g.append('text').attr('x', 24).attr('y', 13).attr('fill', INK).attr('font-size', FONT_LABEL);
        return g;
      })
      .attr('transform', (_, i) => `translate(${offsets[i]},0)`);
    item.select('rect').attr('fill', (r) => r.color);
    item.select('text').text((r) => r.label);
  }

  function update(data: GradientBarsData): void {
    const layers = mergeLayers(data.runs);
    const domain = options.domain ?? decadeDomain(data.runs);
    drawAxes(layers, domain);
    drawLegend(data.runs);
    svg.attr(
      'aria-label',
      options.label ??
        `Latest gradient norm per layer, log scale${data.runs.length ? ': ' + data.runs.map((r) => r.label).join(', ') : ''}`,
    );
    const x = layerScale(layers, plotW);
    const sub = scaleBand<number>()
      .domain(data.runs.map((_, i) => i))
      .range([0, x.bandwidth()]);
    const y = scaleLog()
      .domain([10 ** domain[0], 10 ** domain[1]])
      .range([plotH, 0])
      .clamp(true);
    const list: Bar[] = [];
    data.runs.forEach((run, i) =>
      run.layers.forEach((layer, j) => {
        const value = run.norms[j];
        if (value !== undefined && value > 0 && Number.isFinite(value))
          list.push({ key: `${run.id}\t${layer}`, layer, run: i, value, color: run.color, label: run.label });
      }),
    );
    const rect = bars
      .selectAll<SVGRectElement, Bar>('rect')
      .data(list, (b) => b.key)
      .join((enter) => {
        const r = enter.append('rect');
        r.append('title');
        return r;
      })
      .attr('x', (b) => round(x(b.layer)! + sub(b.run)!))
      .attr('width', round(sub.bandwidth()))
      .attr('y', (b) => round(y(b.value)))
      .attr('height', (b) => round(plotH - y(b.value)))
      .attr('fill', (b) => b.color)
      .attr('data-layer', (b) => b.layer);
    rect.select('title').text((b) => `${b.layer} · ${b.label}: ${b.value.toPrecision(3)}`);
  }

  return {
    update,
    destroy(): void {
      svg.remove();
    },
  };
}

function layerScale(layers: string[], width: number) {
  return scaleBand<string>().domain(layers).range([0, width]).paddingInner(0.2);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}
