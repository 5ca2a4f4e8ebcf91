/**
 * What the charts share: the root svg, the plot frame, axes styled for a projector, the
 * error scale (linear or log), number formats and the table-alternative type.
 */
import { axisBottom, axisLeft, format, scaleLinear, scaleLog, select } from 'd3';
import type { AxisDomain, AxisScale, ScaleContinuousNumeric, Selection } from 'd3';
import { FONT_FAMILY, FONT_LABEL, FONT_TICK, GRID, INK, INK_SOFT, PAPER } from './palette';

/** A numeric series as the store holds it: a typed array or a plain array. */
export type Numbers = ArrayLike<number>;

/** The element a chart draws into; the chart appends its own svg and owns all inside it. */
export type ChartContainer = HTMLElement | SVGElement;

/** A chart's text alternative: the latest values as a table the UI can render. */
export interface ChartTable {
  columns: string[];
  rows: (string | number)[][];
}

export type Svg = Selection<SVGSVGElement, unknown, null, undefined>;
export type G = Selection<SVGGElement, unknown, null, undefined>;

export interface Margin {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

export const DEFAULT_MARGIN: Margin = { top: 24, right: 24, bottom: 60, left: 76 };

/** Appends the chart's root svg: role="img", an aria-label, and the projector type. */
export function createRoot(el: ChartContainer, label: string): Svg {
  return select(el as Element)
    .append('svg')
    .attr('role', 'img')
    .attr('aria-label', label)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', FONT_TICK)
    .attr('fill', INK)
    .style('background', PAPER) as unknown as Svg;
}

export function setSize(svg: Svg, width: number, height: number): void {
  svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
}

/** The single child of `parent` matching `tag.cls`, created on first use. */
export function child<E extends SVGElement>(
  parent: Selection<SVGElement, unknown, null, undefined> | Svg | G,
  tag: string,
  cls: string,
): Selection<E, unknown, null, undefined> {
  const sel = (parent as G).selectChild<E>(`${tag}.${cls}`);
  if (!sel.empty()) return sel as unknown as Selection<E, unknown, null, undefined>;
  return (parent as G).append(tag).attr('class', cls) as unknown as Selection<E, unknown, null, undefined>;
}

export const formatPercentTick = format('~%');
export const formatPercent = format('.2%');
const si = format('.3~s');

/** A count with an SI unit and a space: 1.23 M, 40.6 M, 3.86 G, 512. */
export function formatCount(n: number): string {
  const s = si(n);
  const m = /^([−-]?[\d.]+)(\D*)$/.exec(s);
  return m && m[2] ? `${m[1]} ${m[2]}` : s;
}

/** The x range, least positive y and greatest y of some series (y > 0 matters to a log axis). */
export interface Extent {
  x0: number;
  x1: number;
  yPos: number;
  y1: number;
}

export const EMPTY_EXTENT: Extent = { x0: Infinity, x1: -Infinity, yPos: Infinity, y1: -Infinity };

export const mergeExtents = (a: Extent, b: Extent): Extent => ({
  x0: Math.min(a.x0, b.x0),
  x1: Math.max(a.x1, b.x1),
  yPos: Math.min(a.yPos, b.yPos),
  y1: Math.max(a.y1, b.y1),
});

export function seriesExtent(series: ({ step: Numbers; value: Numbers } | undefined)[]): Extent {
  const e = { ...EMPTY_EXTENT };
  for (const s of series)
    for (let i = 0; s && i < s.value.length; i++) {
      const [x, y] = [s.step[i]!, s.value[i]!];
      e.x0 = Math.min(e.x0, x);
      e.x1 = Math.max(e.x1, x);
      if (y > 0) e.yPos = Math.min(e.yPos, y);
      if (y > e.y1) e.y1 = y;
    }
  return e;
}

export type YScaleKind = 'linear' | 'log';
/** The lowest error a log axis shows; 0 and anything below sit on the bottom edge. */
export const LOG_FLOOR = 1e-4;

/**
 * The y scale of an error chart over values in [lo, hi]: linear from 0, or log over whole
 * decades (so 0.1 sits halfway between 0.01 and 1), clamped so 0 maps to the bottom.
 */
export function errorScale(kind: YScaleKind, lo: number, hi: number, range: [number, number]) {
  if (kind === 'linear')
    return scaleLinear()
      .domain([0, hi > 0 ? hi : 1])
      .range(range)
      .nice(5);
  const bottom = Math.max(LOG_FLOOR, lo > 0 && Number.isFinite(lo) ? lo : LOG_FLOOR);
  const top = Math.max(Number.isFinite(hi) ? hi : 1, bottom * 10);
  return scaleLog().domain([bottom, top]).range(range).nice().clamp(true);
}

/** Tick values of a log error axis: the powers of ten, plus 2× and 5× over 2 decades or fewer. */
export function logTicks(domain: number[]): number[] {
  const [a, b] = [Math.min(...domain), Math.max(...domain)];
  const decades: number[] = [];
  for (let e = Math.floor(Math.log10(a) + 1e-9); 10 ** e <= b * (1 + 1e-9); e++) decades.push(10 ** e);
  if (decades.length > 3) return decades.filter((t) => t >= a * (1 - 1e-9));
  return decades.flatMap((t) => [t, 2 * t, 5 * t]).filter((t) => t >= a * (1 - 1e-9) && t <= b * (1 + 1e-9));
}

export interface AxesSpec {
  width: number;
  height: number;
  margin: Margin;
  x: AxisScale<number>;
  y: ScaleContinuousNumeric<number, number>;
  xTicks?: number[];
  yTicks?: number[];
  xFormat?: (v: number) => string;
  yFormat?: (v: number) => string;
  xLabel: string;
  yLabel: string;
}

/** Draws (or redraws) both axes, horizontal grid lines and the axis titles into `layer`. */
export function drawAxes(layer: G, a: AxesSpec): void {
  const { margin: m, width, height } = a;
  const innerW = width - m.left - m.right;
  const innerH = height - m.top - m.bottom;
  const yTicks = a.yTicks ?? a.y.ticks(5);
  child<SVGGElement>(layer, 'g', 'grid')
    .attr('stroke', GRID)
    .selectAll('line')
    .data(yTicks)
    .join('line')
    .attr('x1', m.left)
    .attr('x2', m.left + innerW)
    .attr('y1', (t) => a.y(t))
    .attr('y2', (t) => a.y(t));
  const xAxis = axisBottom(a.x as AxisScale<AxisDomain>).tickSizeOuter(0);
  if (a.xTicks) xAxis.tickValues(a.xTicks);
  else xAxis.ticks(Math.max(2, Math.floor(innerW / 90)));
  if (a.xFormat) xAxis.tickFormat((v) => a.xFormat!(+v));
  const yAxis = axisLeft(a.y as AxisScale<AxisDomain>)
    .tickValues(yTicks)
    .tickSizeOuter(0);
  if (a.yFormat) yAxis.tickFormat((v) => a.yFormat!(+v));
  styleAxis(
    child<SVGGElement>(layer, 'g', 'x-axis')
      .attr('transform', `translate(0,${m.top + innerH})`)
      .call(xAxis),
  );
  styleAxis(child<SVGGElement>(layer, 'g', 'y-axis').attr('transform', `translate(${m.left},0)`).call(yAxis));
  child<SVGTextElement>(layer, 'text', 'x-label')
    .attr('x', m.left + innerW / 2)
    .attr('y', height - 12)
    .attr('text-anchor', 'middle')
    .attr('font-size', FONT_LABEL)
    .text(a.xLabel);
  child<SVGTextElement>(layer, 'text', 'y-label')
    .attr('transform', `translate(20,${m.top + innerH / 2}) rotate(-90)`)
    .attr('text-anchor', 'middle')
    .attr('font-size', FONT_LABEL)
    .text(a.yLabel);
}

/** Replaces d3-axis's 10px sans-serif with the chart's projector type and ink. */
export function styleAxis(g: G): void {
  g.attr('font-size', FONT_TICK).attr('font-family', null).attr('color', INK_SOFT);
}

export interface StyleKeyItem {
  cls: string;
  /** An svg stroke-dasharray, or null for solid. */
  dash: string | null;
  name: string;
}

export const STYLE_KEY_ROW = 28;

/** Where each key item goes: greedy rows, an item starting a new row when it would overflow. */
export function styleKeyLayout(items: readonly StyleKeyItem[], maxWidth = Infinity) {
  const w = (s: StyleKeyItem) => 44 + s.name.length * 0.6 * FONT_TICK;
  const place: { x: number; row: number }[] = [];
  let x = 8;
  let row = 0;
  let total = 0;
  for (const s of items) {
    if (x > 8 && x + w(s) > maxWidth - 8) {
      x = 8;
      row += 1;
    }
    place.push({ x, row });
    x += w(s);
    total = Math.max(total, x - 8);
  }
  return { place, rows: items.length ? row + 1 : 0, total };
}

/**
 * A key of line styles ("— training  - - test"), right-aligned at `right`: one row where it
 * fits in `maxWidth`, else as many rows as it needs (so a narrow chart never clips it).
 */
export function drawStyleKey(
  key: G,
  items: readonly StyleKeyItem[],
  right: number,
  top: number,
  maxWidth = Infinity,
): void {
  const { place, rows, total } = styleKeyLayout(items, maxWidth);
  key.attr('transform', `translate(${right - total - 8},${top})`);
  child<SVGRectElement>(key, 'rect', 'bg')
    .attr('width', items.length ? total + 8 : 0)
    .attr('height', STYLE_KEY_ROW * rows)
    .attr('fill', PAPER)
    .attr('fill-opacity', 0.9);
  const g = key
    .selectAll<SVGGElement, StyleKeyItem>('g.item')
    .data(items, (s) => s.cls)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'item');
      e.append('line')
        .attr('x2', 30)
        .attr('y1', 14)
        .attr('y2', 14)
        .attr('stroke', INK_SOFT)
        .attr('stroke-width', 2.5);
      e.append('text').attr('x', 36).attr('y', 19).attr('font-size', FONT_TICK).attr('fill', INK);
      return e;
    })
    .attr('transform', (_, i) => `translate(${place[i]!.x},${place[i]!.row * STYLE_KEY_ROW})`);
  g.select('line').attr('stroke-dasharray', (s) => s.dash);
  g.select('text').text((s) => s.name);
}
