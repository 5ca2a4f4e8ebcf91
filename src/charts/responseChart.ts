/**
 * The paper's Figure 7: the standard deviation of each weight layer's output after batch
 * norm, before the ReLU and the addition, measured in inference mode on a held-out batch;
 * one line with dots per run, at the latest probe. In layer order (top panel of Fig. 7) or
 * sorted by magnitude, largest first (bottom panel). ResNets' responses are smaller than
 * their plain twins': the residual functions stay near zero. A narrower panel beside it
 * shows ‖F(x)‖ / ‖x‖ per block, the same claim as a ratio: how much a block adds to what
 * its shortcut carries.
 */
import { format, line, range as d3range, scaleLinear, select, ticks } from 'd3';
import type { ScaleLinear } from 'd3';
import { colorOf, FONT_TICK, PAPER } from './palette';
import type { ChartContainer, ChartTable, G, Margin, Numbers, Svg } from './scales';
import { DEFAULT_MARGIN, child, createRoot, drawAxes, setSize } from './scales';

export interface ResponseRun {
  id: string;
  label: string;
  color?: string;
  visible?: boolean;
  /** Std of each weight layer's response, in network order (ProbeRecord.layerStd). */
  layerStd: Numbers;
  /** The layers' names, in the same order (RunLayout.responseLayers). */
  layerNames?: string[];
  /** ‖F(x)‖ / ‖x‖ of each block, in block order (ProbeRecord.blockRatio). */
  blockRatio?: Numbers;
  /** The blocks' names, in the same order. */
  blockNames?: string[];
}

/** The held-out batch the responses were measured on (RunLayout.responseBatch). */
export interface HeldOutBatch {
  n: number;
  unit: 'images' | 'points';
}

export interface ResponseChartData {
  runs: ResponseRun[];
  heldOut?: HeldOutBatch;
}

export interface ResponseChartOptions {
  width: number;
  height: number;
  /** Sort each run's stds, largest first (Fig. 7 bottom) instead of layer order. */
  sorted: boolean;
  /** Axis titles; by default they follow `sorted`. */
  xLabel?: string;
  yLabel: string;
  /** The accessible name; by default the caption, which says what is measured. */
  label?: string;
}

export interface ResponseChart {
  update(data: ResponseChartData, options?: Partial<ResponseChartOptions>): void;
  destroy(): void;
}

/** One dot: x is the layer (or block) index, 1-based, or its rank; `name` says which it is. */
export interface ResponsePoint {
  x: number;
  value: number;
  name: string;
}

const DEFAULTS: ResponseChartOptions = {
  width: 760,
  height: 420,
  sorted: false,
  yLabel: 'std of layer output',
};

/** Room above the plots for the two-line caption. */
const MARGIN: Margin = { ...DEFAULT_MARGIN, top: 64 };
const RATIO_LABEL = '‖F(x)‖ / ‖x‖ per block';

const formatValue = format('.3~g');

/** What the std panel measures, in words, with the held-out batch's size. */
export function responseCaption(heldOut?: HeldOutBatch): [string, string] {
  const batch = heldOut ? `${heldOut.n} test ${heldOut.unit}` : 'test examples';
  return [
    'std of each weight layer’s output after batch norm, before ReLU and the addition;',
    `inference mode, held-out batch of ${batch}`,
  ];
}

/** A run's layer dots: in layer order, or ranked by std, largest first. */
export function responsePoints(run: ResponseRun, sorted: boolean): ResponsePoint[] {
  const pts = Array.from(run.layerStd, (value, i) => ({
    x: i + 1,
    value,
    name: run.layerNames?.[i] ?? `layer ${i + 1}`,
  }));
  if (!sorted) return pts;
  return pts.sort((a, b) => b.value - a.value).map((p, i) => ({ ...p, x: i + 1 }));
}

/** A run's block dots, always in block order. */
export function ratioPoints(run: ResponseRun): ResponsePoint[] {
  return Array.from(run.blockRatio ?? [], (value, i) => ({
    x: i + 1,
    value,
    name: run.blockNames?.[i] ?? `block ${i + 1}`,
  }));
}

interface Series {
  run: ResponseRun;
  color: string;
  points: ResponsePoint[];
}

const top = (shown: Series[]) =>
  Math.max(0, ...shown.flatMap((s) => s.points.map((p) => (Number.isFinite(p.value) ? p.value : 0))));

/** Every index where they fit (about 22 px each), else round ones. */
const indexTicks = (n: number, innerWidth: number) =>
  n <= innerWidth / 22
    ? d3range(1, n + 1)
    : ticks(1, n, Math.max(2, Math.floor(innerWidth / 40))).filter(Number.isInteger);

/** One panel: axes over 1..n and one line with titled dots per run, redrawn only when its key changes. */
function createPanel(parent: Svg | G, cls: string) {
  const g = child<SVGGElement>(parent, 'g', cls);
  const axes = child<SVGGElement>(g, 'g', 'axes');
  const plot = child<SVGGElement>(g, 'g', 'runs');
  const drawn = new Map<string, string>();
  let axesKey = '';
  let xs: ScaleLinear<number, number> = scaleLinear();
  let ys: ScaleLinear<number, number> = scaleLinear();
  return {
    g,
    draw(shown: Series[], a: { width: number; height: number; xLabel: string; yLabel: string; key: string }) {
      const m = MARGIN;
      const n = Math.max(1, ...shown.map((s) => s.points.length));
      const hi = top(shown);
      const nextKey = [a.width, a.height, n, hi, a.xLabel, a.yLabel].join('|');
      if (nextKey !== axesKey) {
        axesKey = nextKey;
        xs = scaleLinear()
          .domain([0.5, n + 0.5])
          .range([m.left, a.width - m.right]);
        ys = scaleLinear()
          .domain([0, hi > 0 ? hi * 1.05 : 1])
          .range([a.height - m.bottom, m.top])
          .nice(5);
        drawAxes(axes, {
          ...a,
          margin: m,
          x: xs,
          y: ys,
          xTicks: indexTicks(n, a.width - m.left - m.right),
          xFormat: format('d'),
        });
      }
      const r = n > 30 ? 3 : 4.5;
      const gen = line<ResponsePoint>()
        .defined((p) => Number.isFinite(p.value))
        .x((p) => xs(p.x))
        .y((p) => ys(p.value))
        .digits(2);
      plot
        .selectAll<SVGGElement, Series>('g.run')
        .data(shown, (s) => s.run.id)
        .join((enter) => {
          const e = enter.append('g').attr('class', 'run');
          e.append('path').attr('class', 'line').attr('fill', 'none').attr('stroke-width', 2.5);
          e.append('g').attr('class', 'dots').attr('stroke', PAPER).attr('stroke-width', 1.5);
          return e;
        })
        .attr('data-run', (s) => s.run.id)
        .each(function (this: SVGGElement, s) {
          const k = `${axesKey}|${a.key}|${s.color}|${s.run.label}|${s.points.map((p) => `${p.name}:${p.value}`).join(',')}`;
          if (drawn.get(s.run.id) === k) return;
          drawn.set(s.run.id, k);
          child<SVGPathElement>(select(this), 'path', 'line')
            .attr('stroke', s.color)
            .attr('d', gen(s.points));
          child<SVGGElement>(select(this), 'g', 'dots')
            .attr('fill', s.color)
            .selectAll('circle')
            .data(s.points.filter((p) => Number.isFinite(p.value)))
            .join((enter) => enter.append('circle').call((c) => c.append('title')))
            .attr('cx', (p) => xs(p.x))
            .attr('cy', (p) => ys(p.value))
            .attr('r', r)
            .select('title')
            .text((p) => `${s.run.label} · ${p.name}: ${formatValue(p.value)}`);
        })
        .order();
      for (const id of drawn.keys()) if (!shown.some((s) => s.run.id === id)) drawn.delete(id);
    },
    clear: () => drawn.clear(),
  };
}

export function createResponseChart(
  el: ChartContainer,
  options: Partial<ResponseChartOptions> = {},
): ResponseChart {
  let opts: ResponseChartOptions = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label ?? responseCaption().join(' '));
  const caption = child<SVGTextElement>(svg, 'text', 'caption').attr('font-size', FONT_TICK);
  const layers = createPanel(svg, 'layers');
  const ratios = createPanel(svg, 'ratios');

  function update(data: ResponseChartData, options?: Partial<ResponseChartOptions>) {
    if (options) opts = { ...opts, ...options };
    const { width, height, sorted } = opts;
    const lines = responseCaption(data.heldOut);
    const who = data.runs.map((r) => r.label).join(', ');
    svg.attr(
      'aria-label',
      opts.label ??
        `${who ? `Layer responses of ${who}: ` : ''}${lines.join(' ')}. Beside it, ${RATIO_LABEL}.`,
    );
    setSize(svg, width, height);
    caption
      .attr('x', MARGIN.left)
      .selectAll('tspan')
      .data(lines)
      .join('tspan')
      .attr('x', MARGIN.left)
      .attr('y', (_, i) => 20 + 19 * i)
      .text((t) => t);
    const visible = data.runs
      .map((run, i) => ({ run, color: colorOf(run, i) }))
      .filter((s) => s.run.visible !== false);
    // The ratio panel takes about 30% of the width, the std panel the rest.
    const ratioWidth = Math.max(220, Math.round(width * 0.3));
    layers.draw(
      visible.map((s) => ({ ...s, points: responsePoints(s.run, sorted) })),
      {
        width: width - ratioWidth,
        height,
        xLabel:
          opts.xLabel ??
          (sorted ? 'weight layer, sorted by std (largest first)' : 'weight layer (network order)'),
        yLabel: opts.yLabel,
        key: String(sorted),
      },
    );
    ratios.g.attr('transform', `translate(${width - ratioWidth},0)`);
    ratios.draw(
      visible.map((s) => ({ ...s, points: ratioPoints(s.run) })),
      { width: ratioWidth, height, xLabel: 'block', yLabel: RATIO_LABEL, key: '' },
    );
  }

  return {
    update,
    destroy() {
      svg.remove();
      layers.clear();
      ratios.clear();
    },
  };
}

/**
 * The text alternative: one row per weight layer (or rank), the layer's name and each shown
 * run's std. The per-block ratios are in `responseRatioTable`.
 */
export function responseTable(data: ResponseChartData, sorted = false): ChartTable {
  const runs = data.runs.filter((r) => r.visible !== false);
  const pts = runs.map((r) => responsePoints(r, sorted));
  const n = Math.max(0, ...pts.map((p) => p.length));
  const columns = [sorted ? 'rank' : 'layer', ...(sorted ? [] : ['name']), ...runs.map((r) => r.label)];
  const rows = Array.from({ length: n }, (_, i) => {
    const name = runs.map((r) => r.layerNames?.[i]).find((b) => b !== undefined) ?? `layer ${i + 1}`;
    const values = pts.map((p) => (p[i] && Number.isFinite(p[i].value) ? formatValue(p[i].value) : '—'));
    return [i + 1, ...(sorted ? [] : [name]), ...values];
  });
  return { columns, rows };
}

/** The ratio panel's text alternative: one row per block, its name and each shown run's ‖F(x)‖ / ‖x‖. */
export function responseRatioTable(data: ResponseChartData): ChartTable {
  const runs = data.runs.filter((r) => r.visible !== false);
  const pts = runs.map(ratioPoints);
  const n = Math.max(0, ...pts.map((p) => p.length));
  const rows = Array.from({ length: n }, (_, i) => {
    const name = runs.map((r) => r.blockNames?.[i]).find((b) => b !== undefined) ?? `block ${i + 1}`;
    return [
      i + 1,
      name,
      ...pts.map((p) => (p[i] && Number.isFinite(p[i].value) ? formatValue(p[i].value) : '—')),
    ];
  });
  return { columns: ['block', 'name', ...runs.map((r) => r.label)], rows };
}
