/**
 * The hover read-out of a line chart: a vertical rule at the hovered step and a box that
 * lists one line per run with a colour swatch. Drawn inside the chart's svg, so it needs
 * no DOM outside the element the chart owns.
 */
import type { G } from './scales';
import { child, formatPercent } from './scales';
import { format } from 'd3';
import { FONT_TICK, GRID, INK, INK_SOFT, PAPER } from './palette';

export interface TooltipLine {
  text: string;
  /** A swatch colour; none for a header line. */
  color?: string;
}

export interface Tooltip {
  /** Shows the rule at x (svg units) from y0 to y1 and the lines beside it. */
  show(x: number, y0: number, y1: number, lines: TooltipLine[], maxX: number): void;
  hide(): void;
}

/** Index of the value of sorted `steps` nearest to `x`; −1 for an empty series. */
export function nearestIndex(steps: ArrayLike<number>, x: number): number {
  const n = steps.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (steps[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && Math.abs(steps[lo - 1]! - x) <= Math.abs(steps[lo]! - x)) return lo - 1;
  return lo;
}

/** One run's series as the hover read-out reads it. */
export interface ReadoutSeries {
  label: string;
  color: string;
  step: ArrayLike<number>;
  raw: ArrayLike<number>;
  smoothed?: ArrayLike<number>;
}

const formatStep = format(',');

/**
 * The read-out at step `target`: the step nearest to it over all series, and per series its
 * exact raw (and smoothed) error at its own nearest step, noting that step if it differs.
 */
export function readout(
  series: ReadoutSeries[],
  target: number,
): { step: number; lines: TooltipLine[] } | null {
  const hits = series.map((s) => ({ s, i: nearestIndex(s.step, target) })).filter((h) => h.i >= 0);
  if (!hits.length) return null;
  const steps = hits.map(({ s, i }) => s.step[i]!);
  const step = steps.reduce((a, b) => (Math.abs(b - target) < Math.abs(a - target) ? b : a));
  const lines = hits.map(({ s, i }, k) => {
    const smooth = s.smoothed ? ` (smoothed ${formatPercent(s.smoothed[i]!)})` : '';
    const at = steps[k] === step ? '' : ` @ ${formatStep(steps[k]!)}`;
    return { text: `${s.label}: ${formatPercent(s.raw[i]!)}${smooth}${at}`, color: s.color };
  });
  return { step, lines: [{ text: `iteration ${formatStep(step)}` }, ...lines] };
}

/** The pointer's x in the svg's own units, allowing for CSS scaling of the svg. */
export function pointerX(event: MouseEvent, svg: SVGSVGElement, width: number): number {
  const r = svg.getBoundingClientRect();
  const k = r.width > 0 ? width / r.width : 1;
  return (event.clientX - r.left) * k;
}

const LINE_H = 22;
const PAD = 10;
/** A generous average glyph width at FONT_TICK, since jsdom cannot measure text. */
const CHAR_W = 0.6 * FONT_TICK;

export function createTooltip(layer: G): Tooltip {
  const root = child<SVGGElement>(layer, 'g', 'tooltip')
    .attr('pointer-events', 'none')
    .attr('display', 'none');
  const rule = child<SVGLineElement>(root, 'line', 'rule').attr('stroke', INK_SOFT).attr('stroke-width', 1.5);
  const box = child<SVGGElement>(root, 'g', 'box');
  const frame = child<SVGRectElement>(box, 'rect', 'frame')
    .attr('fill', PAPER)
    .attr('fill-opacity', 1)
    .attr('stroke', GRID)
    .attr('rx', 6);
  return {
    show(x, y0, y1, lines, maxX) {
      root.attr('display', null);
      rule.attr('x1', x).attr('x2', x).attr('y1', y0).attr('y2', y1);
      const w = PAD * 2 + 22 + CHAR_W * Math.max(...lines.map((l) => l.text.length));
      const h = PAD * 2 + LINE_H * lines.length;
      const left = x + 12 + w > maxX ? x - 12 - w : x + 12;
      box.attr('transform', `translate(${left},${y0 + 8})`);
      frame.attr('width', w).attr('height', h);
      const rows = box
        .selectAll<SVGGElement, TooltipLine>('g.line')
        .data(lines)
        .join((enter) => {
          const g = enter.append('g').attr('class', 'line');
          g.append('rect').attr('width', 12).attr('height', 12).attr('y', -11);
          g.append('text').attr('font-size', FONT_TICK).attr('fill', INK);
          return g;
        })
        .attr('transform', (_, i) => `translate(${PAD},${PAD + LINE_H * (i + 0.75)})`);
      rows
        .select('rect')
        .attr('fill', (l) => l.color ?? 'none')
        .attr('display', (l) => (l.color ? null : 'none'));
      rows
        .select('text')
        .attr('x', (l) => (l.color ? 20 : 0))
        .attr('font-weight', (l) => (l.color ? null : 'bold'))
        .text((l) => l.text);
    },
    hide() {
      root.attr('display', 'none');
    },
  };
}
