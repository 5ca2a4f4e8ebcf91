/**
 * The paper's Figure 7: the standard deviation of each block's residual-branch output F(x)
 * (before the addition), one line with dots per run, at the latest probe. In layer order
 * (top panel of Fig. 7) or sorted by magnitude, largest first (bottom panel). ResNets'
 * responses are smaller than their plain twins': the residual functions stay near zero.
 */
import { format, line, range as d3range, scaleLinear, select, ticks } from 'd3';
import { colorOf, PAPER } from './palette';
import type { ChartContainer, ChartTable, Numbers } from './scales';
import { DEFAULT_MARGIN, child, createRoot, drawAxes, setSize } from './scales';

export interface ResponseRun {
  id: string;
  label: string;
  color?: string;
  visible?: boolean;
  /** Std of each block's residual branch, in layer order. */
  blockStd: Numbers;
  /** The blocks' names, in the same order. */
  blockNames?: string[];
}

export interface ResponseChartData {
  runs: ResponseRun[];
}

export interface ResponseChartOptions {
  width: number;
  height: number;
  /** Sort each run's stds, largest first (Fig. 7 bottom) instead of layer order. */
  sorted: boolean;
  /** Axis titles; by default they follow `sorted`. */
  xLabel?: string;
  yLabel: string;
  label: string;
}

export interface ResponseChart {
  update(data: ResponseChartData, options?: Partial<ResponseChartOptions>): void;
  destroy(): void;
}

/** One dot: x is the block index (1-based) or rank; `block` names the block it came from. */
export interface ResponsePoint {
  x: number;
  std: number;
  block: string;
}

const DEFAULTS: ResponseChartOptions = {
  width: 720,
  height: 420,
  sorted: false,
  yLabel: 'std of residual branch F(x)',
  label: 'Layer responses: std of each block’s residual branch',
};

const formatStd = format('.3~g');

/** A run's dots: in layer order, or ranked by std, largest first. */
export function responsePoints(run: ResponseRun, sorted: boolean): ResponsePoint[] {
  const pts = Array.from(run.blockStd, (std, i) => ({
    x: i + 1,
    std,
    block: run.blockNames?.[i] ?? `block ${i + 1}`,
  }));
  if (!sorted) return pts;
  return pts.sort((a, b) => b.std - a.std).map((p, i) => ({ ...p, x: i + 1 }));
}

export function createResponseChart(
  el: ChartContainer,
  options: Partial<ResponseChartOptions> = {},
): ResponseChart {
  let opts: ResponseChartOptions = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label);
  const axes = child<SVGGElement>(svg, 'g', 'axes');
  const plot = child<SVGGElement>(svg, 'g', 'runs');
  const drawn = new Map<string, string>();
  let axesKey = '';
  let xs = scaleLinear();
  let ys = scaleLinear();

  function update(data: ResponseChartData, options?: Partial<ResponseChartOptions>) {
    if (options) opts = { ...opts, ...options };
    const { width, height, sorted } = opts;
    const m = DEFAULT_MARGIN;
    svg.attr('aria-label', opts.label);
    const shown = data.runs
      .map((run, i) => ({ run, color: colorOf(run, i), points: responsePoints(run, sorted) }))
      .filter((s) => s.run.visible !== false);
    const n = Math.max(1, ...shown.map((s) => s.points.length));
    const top = Math.max(
      0,
      ...shown.flatMap((s) => s.points.map((p) => (Number.isFinite(p.std) ? p.std : 0))),
    );
    const xLabel = opts.xLabel ?? (sorted ? 'block, sorted by std (largest first)' : 'block (layer order)');
    const nextKey = [width, height, n, top, xLabel, opts.yLabel].join('|');
    if (nextKey !== axesKey) {
      axesKey = nextKey;
      setSize(svg, width, height);
      xs = scaleLinear()
        .domain([0.5, n + 0.5])
        .range([m.left, width - m.right]);
      ys = scaleLinear()
        .domain([0, top > 0 ? top * 1.05 : 1])
        .range([height - m.bottom, m.top])
        .nice(5);
      const xTicks = n <= 20 ? d3range(1, n + 1) : ticks(1, n, 10).filter(Number.isInteger);
      drawAxes(axes, {
        width,
        height,
        margin: m,
        x: xs,
        y: ys,
        xTicks,
        xFormat: format('d'),
        xLabel,
        yLabel: opts.yLabel,
      });
    }
    const r = n > 30 ? 3 : 4.5;
    const gen = line<ResponsePoint>()
      .defined((p) => Number.isFinite(p.std))
      .x((p) => xs(p.x))
      .y((p) => ys(p.std))
      .digits(2);
    plot
      .selectAll<SVGGElement, (typeof shown)[number]>('g.run')
      .data(shown, (s) => s.run.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'run');
        g.append('path').attr('class', 'line').attr('fill', 'none').attr('stroke-width', 2.5);
        g.append('g').attr('class', 'dots').attr('stroke', PAPER).attr('stroke-width', 1.5);
        return g;
      })
      .attr('data-run', (s) => s.run.id)
      .each(function (this: SVGGElement, s) {
        const k = `${axesKey}|${sorted}|${s.color}|${s.run.label}|${Array.from(s.run.blockStd).join(',')}`;
        if (drawn.get(s.run.id) === k) return;
        drawn.set(s.run.id, k);
        child<SVGPathElement>(select(this), 'path', 'line').attr('stroke', s.color).attr('d', gen(s.points));
        child<SVGGElement>(select(this), 'g', 'dots')
          .attr('fill', s.color)
          .selectAll('circle')
          .data(s.points.filter((p) => Number.isFinite(p.std)))
          .join((enter) => enter.append('circle').call((c) => c.append('title')))
          .attr('cx', (p) => xs(p.x))
          .attr('cy', (p) => ys(p.std))
          .attr('r', r)
          .select('title')
          .text((p) => `${s.run.label} · ${p.block}: ${formatStd(p.std)}`);
      })
      .order();
    for (const id of drawn.keys()) if (!shown.some((s) => s.run.id === id)) drawn.delete(id);
  }

  return {
    update,
    destroy() {
      svg.remove();
      drawn.clear();
    },
  };
}

/** The text alternative: one row per block (or rank), one column per shown run. */
export function responseTable(data: ResponseChartData, sorted = false): ChartTable {
  const runs = data.runs.filter((r) => r.visible !== false);
  const pts = runs.map((r) => responsePoints(r, sorted));
  const n = Math.max(0, ...pts.map((p) => p.length));
  const columns = [sorted ? 'rank' : 'block', ...(sorted ? [] : ['name']), ...runs.map((r) => r.label)];
  const rows = Array.from({ length: n }, (_, i) => {
    const name = runs.map((r) => r.blockNames?.[i]).find((b) => b !== undefined) ?? `block ${i + 1}`;
    const stds = pts.map((p) => (p[i] && Number.isFinite(p[i].std) ? formatStd(p[i].std) : '—'));
    return [i + 1, ...(sorted ? [] : [name]), ...stds];
  });
  return { columns, rows };
}
