/**
 * Loss-landscape slices (Li et al. 2018, Figs. 1 and 5): a 2-D slice as filled contours of
 * log10(loss) over (α, β), one chart per run on one shared colour domain, the trained
 * weights marked at the centre; a 1-D slice as loss against α, every run on one log axis.
 */
import { contours, format, geoPath, geoTransform, line, range, scaleLinear, scaleLog } from 'd3';
import { drawGradientLegend, gradientColor, LEGEND_HEIGHT } from './colorScales';
import type { Log10Domain } from './colorScales';
import { FONT_TICK, INK } from './palette';
import type { ChartContainer, ChartTable, Margin } from './scales';
import { child, createRoot, drawAxes, setSize } from './scales';

/** One run's slice, as the engine gives it (engine/landscape.ts, LandscapeSlice). */
export interface SliceData {
  axis: number[];
  dims: 1 | 2;
  loss: ArrayLike<number>;
  centre: number;
}

export interface ContourData {
  label: string;
  slice: SliceData;
  /** log10 loss domain, shared by the runs shown side by side. */
  domain: Log10Domain;
}

export interface CurveData {
  runs: { id: string; label: string; color: string; slice: SliceData }[];
}

const MARGIN: Margin = { top: 16, right: 16, bottom: 56 + LEGEND_HEIGHT, left: 64 };
const LEVELS = 14;

/** The shared log10 domain of several slices' losses (finite, positive values only). */
export function landscapeDomain(slices: SliceData[]): Log10Domain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of slices)
    for (let i = 0; i < s.loss.length; i++) {
      const v = s.loss[i]!;
      if (!(v > 0) || !Number.isFinite(v)) continue;
      lo = Math.min(lo, Math.log10(v));
      hi = Math.max(hi, Math.log10(v));
    }
  if (lo > hi) return [-1, 1];
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

let serial = 0;

export function createLandscapeContour(el: ChartContainer, size = 300) {
  const svg = createRoot(el, 'Loss landscape, 2-D slice');
  const bands = child<SVGGElement>(svg, 'g', 'bands');
  const axes = child<SVGGElement>(svg, 'g', 'axes');
  const mark = child<SVGGElement>(svg, 'g', 'trained');
  const legend = child<SVGGElement>(svg, 'g', 'legend');
  const gradientId = `landscape-legend-${++serial}`;

  function update(d: ContourData) {
    const m = MARGIN;
    const width = m.left + size + m.right;
    const height = m.top + size + m.bottom;
    setSize(svg, width, height);
    svg.attr('aria-label', `Loss landscape of ${d.label}, 2-D slice: log-scaled loss over two directions`);
    const { axis, loss } = d.slice;
    const n = axis.length;
    const span = axis[n - 1]!;
    const xs = scaleLinear([-span, span], [m.left, m.left + size]);
    const ys = scaleLinear([-span, span], [m.top + size, m.top]);
    // Grid cell g (0…n) to a coordinate: cell centres sit on the axis values.
    const step = n > 1 ? (2 * span) / (n - 1) : 1;
    const coord = (g: number) => -span + (g - 0.5) * step;
    const logs = Array.from(loss, (v) => (v > 0 ? Math.log10(v) : d.domain[0]));
    const [lo, hi] = d.domain;
    const thresholds = range(LEVELS).map((k) => lo + ((hi - lo) * k) / LEVELS);
    const colour = gradientColor(d.domain);
    const project = geoTransform({
      point(x, y) {
        this.stream.point(xs(coord(x)), ys(coord(y)));
      },
    });
    bands
      .selectAll('path')
      .data(contours().size([n, n]).thresholds(thresholds)(logs))
      .join('path')
      .attr('d', geoPath(project))
      .attr('fill', (c) => colour(c.value))
      .attr('stroke', 'none');
    drawAxes(axes, {
      width,
      height: m.top + size + 56,
      margin: { ...m, bottom: 56 },
      x: xs,
      y: ys,
      yTicks: [-span, 0, span],
      xTicks: [-span, 0, span],
      xFormat: format('~g'),
      yFormat: format('~g'),
      xLabel: 'α (direction δ)',
      yLabel: 'β (direction η)',
    });
    child<SVGCircleElement>(mark, 'circle', 'centre')
      .attr('cx', xs(0))
      .attr('cy', ys(0))
      .attr('r', 4)
      .attr('fill', 'white')
      .attr('stroke', INK)
      .attr('stroke-width', 1.5);
    child<SVGTextElement>(mark, 'text', 'centre-label')
      .attr('x', xs(0) + 7)
      .attr('y', ys(0) - 7)
      .attr('font-size', FONT_TICK)
      .attr('fill', 'white')
      .attr('stroke', INK)
      .attr('stroke-width', 0.4)
      .text(`trained: ${d.slice.centre.toPrecision(3)}`);
    legend.attr('transform', `translate(${m.left},${m.top + size + 62})`);
    drawGradientLegend(legend, { domain: d.domain, width: size, title: 'loss (log scale)', gradientId });
  }
  return { update, destroy: () => svg.remove() };
}

export function createLandscapeCurve(el: ChartContainer, width = 560) {
  const svg = createRoot(el, 'Loss landscape, 1-D slice');
  const axes = child<SVGGElement>(svg, 'g', 'axes');
  const plot = child<SVGGElement>(svg, 'g', 'runs').attr('fill', 'none');

  function update(d: CurveData) {
    const height = 320;
    const m: Margin = { top: 16, right: 24, bottom: 60, left: 76 };
    setSize(svg, width, height);
    const span = Math.max(1e-9, ...d.runs.map((r) => r.slice.axis.at(-1) ?? 1));
    const all = d.runs.flatMap((r) => Array.from(r.slice.loss)).filter((v) => v > 0 && Number.isFinite(v));
    const xs = scaleLinear([-span, span], [m.left, width - m.right]);
    const ys = scaleLog([Math.min(...all, 1), Math.max(...all, 1)], [height - m.bottom, m.top]).nice();
    drawAxes(axes, {
      width,
      height,
      margin: m,
      x: xs,
      y: ys,
      yTicks: ys.ticks(5),
      yFormat: format('~g'),
      xFormat: format('~g'),
      xLabel: 'α (one filter-normalised direction)',
      yLabel: 'loss (log scale)',
    });
    const gen = line<[number, number]>()
      .defined((p) => p[1] > 0 && Number.isFinite(p[1]))
      .x((p) => xs(p[0]))
      .y((p) => ys(p[1]));
    plot
      .selectAll<SVGPathElement, CurveData['runs'][number]>('path.curve')
      .data(d.runs, (r) => r.id)
      .join('path')
      .attr('class', 'curve')
      .attr('data-run', (r) => r.id)
      .attr('stroke', (r) => r.color)
      .attr('stroke-width', 2.5)
      .attr('d', (r) => gen(r.slice.axis.map((a, i): [number, number] => [a, r.slice.loss[i]!])));
  }
  return { update, destroy: () => svg.remove() };
}

/** The text alternative of a slice: every point's coordinates and loss. */
export function sliceTable(label: string, s: SliceData): ChartTable {
  const n = s.axis.length;
  const rows: (string | number)[][] = [];
  for (let k = 0; k < s.loss.length; k++)
    rows.push([
      label,
      s.axis[k % n]!,
      s.dims === 2 ? s.axis[Math.floor(k / n)]! : 0,
      Number(s.loss[k]!.toPrecision(6)),
    ]);
  return { columns: ['run', 'α', 'β', 'loss'], rows };
}
