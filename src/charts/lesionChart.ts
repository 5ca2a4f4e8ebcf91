/**
 * The lesion study's two charts (Veit et al. 2016, Figs. 3 and 5), one line per run on a
 * shared test-error axis:
 * - `block`: test error with block i deleted, i along x; the net as trained is the dashed
 *   line, downsampling blocks are shaded, blocks that cannot be deleted are left out (gaps);
 * - `count`: test error with k random blocks deleted, k = 0 … (blocks − 1): the mean over the
 *   seeds with a whisker from the lowest to the highest.
 */
import { format, line, scaleLinear } from 'd3';
import { FONT_TICK, GRID, INK_SOFT } from './palette';
import type { ChartContainer, ChartTable, Margin } from './scales';
import { child, createRoot, drawAxes, formatPercentTick, setSize } from './scales';

export interface LesionRunData {
  id: string;
  label: string;
  color: string;
  baseline: number;
  /** Per block, in network order: its error when deleted (null: cannot be). */
  singles: { block: string; downsampling: boolean; error: number | null }[];
  random: { k: number; errors: number[] }[];
}

export interface LesionChartData {
  runs: LesionRunData[];
}

export type LesionChartMode = 'block' | 'count';

const MARGIN: Margin = { top: 24, right: 24, bottom: 60, left: 76 };
const mean = (a: number[]) => a.reduce((s, v) => s + v, 0) / a.length;

/** The points a run draws in `mode`: [x, y, low, high]. */
export function lesionPoints(r: LesionRunData, mode: LesionChartMode): [number, number, number, number][] {
  if (mode === 'block')
    return r.singles.flatMap((b, i) => (b.error === null ? [] : [[i + 1, b.error, b.error, b.error]]));
  return [
    [0, r.baseline, r.baseline, r.baseline],
    ...r.random.map((x): [number, number, number, number] => [
      x.k,
      mean(x.errors),
      Math.min(...x.errors),
      Math.max(...x.errors),
    ]),
  ];
}

export function createLesionChart(el: ChartContainer, mode: LesionChartMode, width = 560) {
  const label =
    mode === 'block' ? 'Test error with one block deleted' : 'Test error with k random blocks deleted';
  const svg = createRoot(el, label);
  const shade = child<SVGGElement>(svg, 'g', 'downsampling');
  const axes = child<SVGGElement>(svg, 'g', 'axes');
  const plot = child<SVGGElement>(svg, 'g', 'runs').attr('fill', 'none');

  function update(data: LesionChartData) {
    const height = 320;
    const m = MARGIN;
    setSize(svg, width, height);
    const blocks = Math.max(1, ...data.runs.map((r) => r.singles.length));
    const x0 = mode === 'block' ? 0.5 : -0.5;
    const x1 = mode === 'block' ? blocks + 0.5 : Math.max(1, ...data.runs.map((r) => r.random.length)) + 0.5;
    const xs = scaleLinear([x0, x1], [m.left, width - m.right]);
    const top = Math.max(0.1, ...data.runs.flatMap((r) => lesionPoints(r, mode).map((p) => p[3])));
    const ys = scaleLinear([0, Math.min(1, top * 1.1)], [height - m.bottom, m.top]).nice();
    const ticks = xs.ticks(Math.min(12, Math.ceil(x1 - x0))).filter((t) => Number.isInteger(t) && t > x0);
    drawAxes(axes, {
      width,
      height,
      margin: m,
      x: xs,
      y: ys,
      xTicks: ticks,
      yFormat: formatPercentTick,
      xFormat: format('d'),
      xLabel: mode === 'block' ? 'deleted block (network order)' : 'blocks deleted at random',
      yLabel: 'test error',
    });
    // The blocks that change the shape, shaded (from the first run that has them).
    const marked =
      mode === 'block'
        ? (data.runs[0]?.singles ?? []).flatMap((b, i) => (b.downsampling ? [i + 1] : []))
        : [];
    shade
      .selectAll('rect')
      .data(marked)
      .join('rect')
      .attr('x', (i) => xs(i - 0.5))
      .attr('width', (i) => xs(i + 0.5) - xs(i - 0.5))
      .attr('y', m.top)
      .attr('height', height - m.top - m.bottom)
      .attr('fill', GRID)
      .attr('fill-opacity', 0.6)
      .call((r) =>
        r
          .selectAll('title')
          .data((i) => [i])
          .join('title')
          .text((i) => `block ${i} changes the shape`),
      );
    shade
      .selectAll('text')
      .data(marked)
      .join('text')
      .attr('x', (i) => xs(i))
      .attr('y', m.top + 14)
      .attr('text-anchor', 'middle')
      .attr('font-size', FONT_TICK)
      .attr('fill', INK_SOFT)
      .text('↓');
    const gen = line<[number, number, number, number]>()
      .x((p) => xs(p[0]))
      .y((p) => ys(p[1]));
    plot
      .selectAll<SVGGElement, LesionRunData>('g.run')
      .data(data.runs, (r) => r.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'run');
        g.append('line').attr('class', 'baseline').attr('stroke-dasharray', '6 4').attr('stroke-width', 1.5);
        g.append('path').attr('class', 'curve').attr('stroke-width', 2.5);
        g.append('g').attr('class', 'marks');
        return g;
      })
      .attr('data-run', (r) => r.id)
      .attr('stroke', (r) => r.color)
      .each(function (this: SVGGElement, r) {
        const g = plot.select<SVGGElement>(`g.run[data-run="${CSS.escape(r.id)}"]`);
        const pts = lesionPoints(r, mode);
        g.select('line.baseline')
          .attr('x1', m.left)
          .attr('x2', width - m.right)
          .attr('y1', ys(r.baseline))
          .attr('y2', ys(r.baseline))
          .attr('display', mode === 'block' ? null : 'none');
        // A block that cannot be deleted breaks the line rather than joining its neighbours.
        g.select('path.curve').attr(
          'd',
          mode === 'block'
            ? line<number[]>()
                .defined((p) => p[1] !== null)
                .x((p) => xs(p[0]!))
                .y((p) => ys(p[1]!))(r.singles.map((b, i) => [i + 1, b.error as number]))
            : gen(pts),
        );
        g.select('g.marks')
          .selectAll('g.mark')
          .data(pts)
          .join((enter) => {
            const e = enter.append('g').attr('class', 'mark');
            e.append('line').attr('class', 'whisker').attr('stroke-width', 1.5);
            e.append('circle').attr('r', 3.5).attr('fill', 'currentColor');
            e.append('title');
            return e;
          })
          .attr('color', r.color)
          .call((mk) =>
            mk
              .select('line.whisker')
              .attr('x1', (p) => xs(p[0]))
              .attr('x2', (p) => xs(p[0]))
              .attr('y1', (p) => ys(p[2]))
              .attr('y2', (p) => ys(p[3])),
          )
          .call((mk) =>
            mk
              .select('circle')
              .attr('cx', (p) => xs(p[0]))
              .attr('cy', (p) => ys(p[1])),
          )
          .call((mk) =>
            mk
              .select('title')
              .text((p) =>
                mode === 'block'
                  ? `${r.label}, block ${p[0]} deleted: ${(100 * p[1]).toFixed(1)}% test error`
                  : `${r.label}, ${p[0]} deleted: ${(100 * p[1]).toFixed(1)}% (${(100 * p[2]).toFixed(1)}–${(100 * p[3]).toFixed(1)}%)`,
              ),
          );
      });
  }
  return { update, destroy: () => svg.remove() };
}

/** The text alternative: every point drawn, as percentages. */
export function lesionTable(data: LesionChartData, mode: LesionChartMode): ChartTable {
  const pct = (v: number) => Number((100 * v).toFixed(2));
  if (mode === 'block')
    return {
      columns: ['run', 'block', 'changes shape', 'test error with it deleted (%)', 'as trained (%)'],
      rows: data.runs.flatMap((r) =>
        r.singles.map((b) => [
          r.label,
          b.block,
          b.downsampling ? 'yes' : 'no',
          b.error === null ? 'cannot be deleted' : pct(b.error),
          pct(r.baseline),
        ]),
      ),
    };
  return {
    columns: ['run', 'blocks deleted', 'mean test error (%)', 'lowest (%)', 'highest (%)'],
    rows: data.runs.flatMap((r) =>
      lesionPoints(r, 'count').map((p) => [r.label, p[0], pct(p[1]), pct(p[2]), pct(p[3])]),
    ),
  };
}
