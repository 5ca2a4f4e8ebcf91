/**
 * Cost per layer of each run's network, from the architecture core's layer table: MACs,
 * FLOPs or parameters, summed per residual block (`row.block ?? row.name`, so a 110-layer
 * net shows ~57 bars, not 400). One small multiple per run, stacked, sharing the x order
 * (blocks aligned by name, so a plain net sits under its residual twin) and the y scale;
 * each panel's title carries the run's total.
 */
import { axisLeft, scaleBand, scaleLinear, select } from 'd3';
import type { LayerRow, Totals } from '../core/layerTable';
import { colorOf, FONT_LABEL, FONT_TICK, GRID, INK, INK_SOFT } from './palette';
import type { ChartContainer, ChartTable, Margin } from './scales';
import { child, createRoot, formatCount, setSize, styleAxis } from './scales';

export type CostMetric = 'macs' | 'flops' | 'params';

export interface CostRun {
  id: string;
  label: string;
  color?: string;
  rows: LayerRow[];
  totals: Totals;
}

export interface CostBarsData {
  runs: CostRun[];
}

export interface CostBarsOptions {
  width: number;
  /** Total height; by default 150px per run plus the axes. */
  height?: number;
  metric: CostMetric;
  label: string;
}

export interface CostBars {
  update(data: CostBarsData, options?: Partial<CostBarsOptions>): void;
  destroy(): void;
}

export const METRIC_NAMES: Record<CostMetric, string> = {
  macs: 'MACs (multiply-adds)',
  flops: 'FLOPs',
  params: 'parameters',
};

const DEFAULTS: CostBarsOptions = { width: 720, metric: 'macs', label: 'Cost per layer' };
const MARGIN: Margin = { top: 8, right: 24, bottom: 0, left: 76 };
const TITLE_H = 30;
const GAP = 12;

/** `rows` summed per block (or per layer outside blocks), in network order. */
export function aggregateRows(rows: LayerRow[], metric: CostMetric): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of rows) {
    const key = r.block ?? r.name;
    out.set(key, (out.get(key) ?? 0) + r[metric]);
  }
  return out;
}

/**
 * The bar keys of all runs in one order that keeps each run's own order (a key new to a
 * later run goes right after its predecessor in that run), dropping keys that are 0 in
 * every run: with metric = params, the weightless layers.
 */
export function costGroups(data: CostBarsData, metric: CostMetric) {
  const perRun = data.runs.map((r) => aggregateRows(r.rows, metric));
  const keys: string[] = [];
  for (const groups of perRun) {
    let at = 0;
    for (const k of groups.keys()) {
      const i = keys.indexOf(k);
      if (i >= 0) at = i + 1;
      else keys.splice(at++, 0, k);
    }
  }
  return { keys: keys.filter((k) => perRun.some((g) => (g.get(k) ?? 0) > 0)), perRun };
}

const prefix = (key: string) => key.split('.')[0]!;

export function createCostBars(el: ChartContainer, options: Partial<CostBarsOptions> = {}): CostBars {
  let opts: CostBarsOptions = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label);
  const xAxis = child<SVGGElement>(svg, 'g', 'x-axis');
  const panels = child<SVGGElement>(svg, 'g', 'panels');
  let drawnKey = '';

  function update(data: CostBarsData, options?: Partial<CostBarsOptions>) {
    if (options) opts = { ...opts, ...options };
    const { width, metric } = opts;
    const { keys, perRun } = costGroups(data, metric);
    // One label per key when they fit, else one per stage (the name before the first dot),
    // slanted at 45°; the bottom margin grows to hold the longest.
    const few = keys.length <= 16;
    const stages = keys.filter((k, i) => few || i === 0 || prefix(k) !== prefix(keys[i - 1]!));
    const tickText = (k: string) => (few ? k : prefix(k));
    const longest = Math.max(0, ...stages.map((k) => tickText(k).length)) * 0.6 * FONT_TICK * Math.SQRT1_2;
    const m = { ...MARGIN, bottom: Math.ceil(longest) + 50 };
    const n = Math.max(1, data.runs.length);
    const height = opts.height ?? m.top + m.bottom + 150 * n;
    const runs = data.runs.map((run, i) => ({ run, color: colorOf(run, i), groups: perRun[i]! }));
    const key = JSON.stringify([
      width,
      height,
      metric,
      keys,
      runs.map((r) => [r.run.label, r.color, [...r.groups]]),
    ]);
    if (key === drawnKey) return;
    drawnKey = key;
    svg.attr('aria-label', opts.label);
    setSize(svg, width, height);
    const xs = scaleBand(keys, [m.left, width - m.right]).paddingInner(0.2);
    // A stage label too close to the next one (a stem of 1–3 bars) gives way to it.
    const labelled = stages.filter((k, i) => i === stages.length - 1 || xs(stages[i + 1]!)! - xs(k)! >= 24);
    const panelH = (height - m.top - m.bottom) / n;
    const top = Math.max(1, ...runs.flatMap((r) => keys.map((k) => r.groups.get(k) ?? 0)));
    const ys = scaleLinear([0, top], [panelH - GAP, TITLE_H]).nice(3);
    const left = (k: string) => xs(k)! - (xs.step() * xs.paddingInner()) / 2;

    panels
      .selectAll<SVGGElement, (typeof runs)[number]>('g.panel')
      .data(runs, (r) => r.run.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'panel');
        g.append('text').attr('class', 'title').attr('x', m.left).attr('y', 20).attr('font-size', FONT_LABEL);
        g.append('g').attr('class', 'y-axis');
        g.append('g').attr('class', 'bars');
        return g;
      })
      .attr('data-run', (r) => r.run.id)
      .attr('transform', (_, i) => `translate(0,${m.top + i * panelH})`)
      .each(function (this: SVGGElement, r) {
        const g = select(this);
        const total = `${formatCount(r.run.totals[metric])} ${METRIC_NAMES[metric]}`;
        g.select('text.title').attr('font-weight', 'bold').text(`${r.run.label}: ${total}`);
        styleAxis(
          g
            .select<SVGGElement>('g.y-axis')
            .attr('transform', `translate(${m.left},0)`)
            .call(
              axisLeft(ys)
                .ticks(3)
                .tickFormat((v) => formatCount(+v))
                .tickSizeOuter(0),
            ),
        );
        g.select('g.bars')
          .attr('fill', r.color)
          .selectAll('rect')
          .data(keys.filter((k) => (r.groups.get(k) ?? 0) > 0))
          .join((enter) => enter.append('rect').call((e) => e.append('title')))
          .attr('x', (k) => xs(k)!)
          .attr('width', xs.bandwidth())
          .attr('y', (k) => ys(r.groups.get(k)!))
          .attr('height', (k) => ys(0) - ys(r.groups.get(k)!))
          .select('title')
          .text((k) => `${r.run.label} · ${k}: ${formatCount(r.groups.get(k)!)} ${METRIC_NAMES[metric]}`);
      });

    const bottom = height - m.bottom;
    xAxis
      .attr('font-size', FONT_TICK)
      .selectAll('line.sep')
      .data(few ? [] : labelled.slice(1))
      .join('line')
      .attr('class', 'sep')
      .attr('stroke', GRID)
      .attr('x1', left)
      .attr('x2', left)
      .attr('y1', m.top)
      .attr('y2', bottom);
    xAxis
      .selectAll('text.tick')
      .data(labelled)
      .join('text')
      .attr('class', 'tick')
      .attr('fill', INK_SOFT)
      .attr('text-anchor', 'end')
      .attr(
        'transform',
        (k) => `translate(${few ? xs(k)! + xs.bandwidth() / 2 : left(k) + 6},${bottom + 12}) rotate(-45)`,
      )
      .text(tickText);
    child<SVGTextElement>(xAxis, 'text', 'x-label')
      .attr('x', m.left + (width - m.left - m.right) / 2)
      .attr('y', height - 10)
      .attr('text-anchor', 'middle')
      .attr('font-size', FONT_LABEL)
      .attr('fill', INK)
      .text(few ? 'layer or block, in network order' : 'block, in network order (grouped by stage)');
  }

  return {
    update,
    destroy() {
      svg.remove();
      drawnKey = '';
    },
  };
}

/** The text alternative: each bar's value per run, then each run's total. */
export function costTable(data: CostBarsData, metric: CostMetric = 'macs'): ChartTable {
  const { keys, perRun } = costGroups(data, metric);
  const cell = (v: number | undefined) => (v && v > 0 ? formatCount(v) : '—');
  return {
    columns: [`layer or block (${METRIC_NAMES[metric]})`, ...data.runs.map((r) => r.label)],
    rows: [
      ...keys.map((k) => [k, ...perRun.map((g) => cell(g.get(k)))]),
      ['total', ...data.runs.map((r) => formatCount(r.totals[metric]))],
    ],
  };
}
