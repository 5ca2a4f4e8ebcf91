/**
 * Training error vs iteration for up to four runs (the paper's Figs. 1, 4 and 6): the
 * minibatch error as a solid line (EMA-smoothed over a faint raw line when smoothing > 0),
 * test error dashed, full training-set error dotted. Each series is min/max-decimated to
 * ≤ 2 points per horizontal pixel before its path is built, and a run's paths are rebuilt
 * only when its points or the scales change. The minibatch curves, once decimated, are drawn
 * as their filled min/max band (decimate.ts, envelope): the same pixels, a fraction of the
 * raster cost.
 *
 * An imported run (a PyTorch log's, `imported: true`) is drawn lighter: its smoothed
 * minibatch error as a thin translucent line and its test error as rings at the evaluation
 * steps, so it reads as a second source beside the browser's curves of the same colour.
 */
import { format, line, scaleLinear, select } from 'd3';
import type { Envelope, Point } from './decimate';
import { decimate, envelope } from './decimate';
import { emaSmooth } from './smoothing';
import { colorOf } from './palette';
import type { ChartContainer, ChartTable, Extent, G, Numbers, YScaleKind } from './scales';
import {
  DEFAULT_MARGIN,
  child,
  createRoot,
  drawAxes,
  drawStyleKey,
  STYLE_KEY_ROW,
  styleKeyLayout,
  EMPTY_EXTENT,
  mergeExtents,
  seriesExtent,
  errorScale,
  formatPercent,
  formatPercentTick,
  logTicks,
  setSize,
} from './scales';
import type { ReadoutSeries } from './tooltip';
import { createTooltip, pointerX, readout } from './tooltip';

export interface ErrorSeries {
  step: Numbers;
  value: Numbers;
}

export interface ErrorRun {
  id: string;
  label: string;
  color?: string;
  /** false hides the run (the UI legend toggles it); default true. */
  visible?: boolean;
  /** Minibatch training error in [0, 1], every step. */
  train: ErrorSeries;
  /** Test error at the evaluation steps. */
  test?: ErrorSeries;
  /** Error on the whole training set at the evaluation steps. */
  fullTrain?: ErrorSeries;
  /** Recorded elsewhere (a PyTorch log) and drawn in the lighter imported style. */
  imported?: boolean;
}

export interface ErrorChartData {
  runs: ErrorRun[];
}

export interface ErrorChartOptions {
  width: number;
  height: number;
  yScale: YScaleKind;
  /** EMA weight β in [0, 0.999]; 0 draws the raw minibatch error. */
  smoothing: number;
  xLabel: string;
  yLabel: string;
  /** The svg's aria-label. */
  label: string;
}

export interface ErrorChart {
  /** Draws `data`; `options` (if given) change the chart's options from now on. */
  update(data: ErrorChartData, options?: Partial<ErrorChartOptions>): void;
  destroy(): void;
}

const DEFAULTS: ErrorChartOptions = {
  width: 720,
  height: 420,
  yScale: 'linear',
  smoothing: 0,
  xLabel: 'iteration',
  yLabel: 'training error',
  label: 'Training error vs iteration',
};

const STYLES = [
  { cls: 'train', series: 'train', dash: null, name: 'training (minibatch)' },
  { cls: 'test', series: 'test', dash: '9 5', name: 'test' },
  { cls: 'full', series: 'fullTrain', dash: '2 4', name: 'full training set' },
] as const;

/** The key's entry for imported runs: a light line with a ring on it. */
const IMPORTED_STYLE = {
  cls: 'imported',
  series: 'train',
  dash: null,
  name: 'PyTorch log (○ test)',
} as const;
const IMPORTED_OPACITY = 0.6;
const RING_RADIUS = 4;

interface Prepared {
  run: ErrorRun;
  color: string;
  sig: string;
  smoothed: Float64Array;
  extent: Extent;
}

const last = (a: Numbers | undefined) => (a && a.length ? a[a.length - 1]! : NaN);
const seriesSig = (s?: ErrorSeries) => (s ? `${s.value.length}:${last(s.step)}:${last(s.value)}` : '-');

export function createErrorChart(el: ChartContainer, options: Partial<ErrorChartOptions> = {}): ErrorChart {
  let opts: ErrorChartOptions = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label);
  const axes = child<SVGGElement>(svg, 'g', 'axes');
  const plot = child<SVGGElement>(svg, 'g', 'runs').attr('fill', 'none').attr('stroke-linejoin', 'round');
  const key = child<SVGGElement>(svg, 'g', 'key');
  const tooltip = createTooltip(svg as unknown as G);
  const overlay = child<SVGRectElement>(svg, 'rect', 'overlay')
    .attr('fill', 'none')
    .attr('pointer-events', 'all');
  const cache = new Map<string, Prepared>();
  const drawn = new Map<string, string>();
  let axesKey = '';
  let shown: Prepared[] = [];
  let hoverX: number | null = null;
  let xs = scaleLinear();
  let ys = errorScale('linear', 0, 1, [0, 1]);

  const prepare = (run: ErrorRun, index: number): Prepared => {
    const sig = `${seriesSig(run.train)}|${seriesSig(run.test)}|${seriesSig(run.fullTrain)}|${opts.smoothing}`;
    const old = cache.get(run.id);
    if (old && old.sig === sig && old.run.train.value === run.train.value)
      return { ...old, run, color: colorOf(run, index) };
    const p = {
      run,
      color: colorOf(run, index),
      sig,
      smoothed: emaSmooth(run.train.value, opts.smoothing),
      extent: seriesExtent([run.train, run.test, run.fullTrain]),
    };
    cache.set(run.id, p);
    return p;
  };

  const showTooltip = () => {
    const r = hoverX === null ? null : readout(shown.map(readoutSeries), xs.invert(hoverX));
    if (!r) return tooltip.hide();
    const m = DEFAULT_MARGIN;
    tooltip.show(xs(r.step), m.top, opts.height - m.bottom, r.lines, opts.width - m.right);
  };
  const readoutSeries = (p: Prepared): ReadoutSeries => ({
    label: p.run.label,
    color: p.color,
    step: p.run.train.step,
    raw: p.run.train.value,
    ...(opts.smoothing > 0 ? { smoothed: p.smoothed } : {}),
  });

  overlay
    .on('pointermove', (event: MouseEvent) => {
      hoverX = pointerX(event, svg.node()!, opts.width);
      showTooltip();
    })
    .on('pointerleave', () => {
      hoverX = null;
      tooltip.hide();
    });

  function update(data: ErrorChartData, options?: Partial<ErrorChartOptions>) {
    if (options) opts = { ...opts, ...options };
    const { width, height } = opts;
    svg.attr('aria-label', opts.label);
    shown = data.runs.flatMap((r, i) => (r.visible === false ? [] : [prepare(r, i)]));
    // The key of line styles sits above the plot, in rows that fit, so it never hides a curve.
    const own = shown.filter((p) => !p.run.imported);
    const imported = own.length < shown.length;
    const used = STYLES.filter((s) =>
      s.cls === 'train' ? own.length > 0 || !imported : own.some((p) => p.run[s.series]?.value.length),
    );
    const keyItems = imported ? [...used, IMPORTED_STYLE] : used.length > 1 ? used : [];
    const plotW = width - DEFAULT_MARGIN.left - DEFAULT_MARGIN.right;
    const keyRows = styleKeyLayout(keyItems, plotW).rows;
    const m = { ...DEFAULT_MARGIN, top: DEFAULT_MARGIN.top + keyRows * STYLE_KEY_ROW };
    const ext = shown.reduce((e, p) => mergeExtents(e, p.extent), EMPTY_EXTENT);
    const x0 = Number.isFinite(ext.x0) ? ext.x0 : 0;
    const x1 = Number.isFinite(ext.x1) && ext.x1 > x0 ? ext.x1 : x0 + 1;
    const nextKey = [
      width,
      height,
      m.top,
      opts.yScale,
      x0,
      x1,
      ext.yPos,
      ext.y1,
      opts.xLabel,
      opts.yLabel,
    ].join('|');
    if (nextKey !== axesKey) {
      axesKey = nextKey;
      setSize(svg, width, height);
      xs = scaleLinear()
        .domain([x0, x1])
        .range([m.left, width - m.right]);
      ys = errorScale(opts.yScale, ext.yPos, ext.y1, [height - m.bottom, m.top]);
      const yTicks = opts.yScale === 'log' ? logTicks(ys.domain()) : ys.ticks(5);
      drawAxes(axes, {
        width,
        height,
        margin: m,
        x: xs,
        y: ys,
        yTicks,
        yFormat: formatPercentTick,
        xFormat: format('~s'),
        xLabel: opts.xLabel,
        yLabel: opts.yLabel,
      });
      overlay
        .attr('x', m.left)
        .attr('y', m.top)
        .attr('width', width - m.left - m.right)
        .attr('height', height - m.top - m.bottom);
    }
    // One min/max bucket per 2 px: the envelope stays exact to 2 px, and the browser rasters
    // half the segments each redraw (the Lab's frame rate is bound by raster while it trains).
    const buckets = Math.ceil((width - m.left - m.right) / 2);
    const gen = line<Point>()
      .defined((p) => Number.isFinite(p[1]))
      .x((p) => xs(p[0]))
      .y((p) => ys(p[1]))
      .digits(1);
    const path = (s: ErrorSeries | undefined, y?: Numbers) =>
      s && s.value.length ? gen(decimate(s.step, y ?? s.value, buckets)) : null;
    // The band in pixels, each edge pushed out by half the line's width, so that it covers
    // what the stroked line would; filled, not stroked (a stroke rasters its whole length).
    const px = line<Point>().digits(1);
    const bandPath = (e: Envelope, halfWidth: number) => {
      const top = e.hi.map(([x, y]): Point => [xs(x), ys(y) - halfWidth]);
      const bottom = e.lo.map(([x, y]): Point => [xs(x), ys(y) + halfWidth]).reverse();
      return `${px(top)}${px(bottom)!.replace(/^M/, 'L')}Z`;
    };
    /** The minibatch curves: a filled band once decimated, else a stroked line. */
    const drawSolid = (el: SVGPathElement, s: ErrorSeries | undefined, y?: Numbers) => {
      const e = s && s.value.length ? envelope(s.step, y ?? s.value, buckets) : null;
      el.setAttribute('d', e ? bandPath(e, Number(el.getAttribute('stroke-width')) / 2) : (path(s, y) ?? ''));
      // currentColor is the run's group `color`, so a run given another colour refills.
      el.setAttribute('fill', e ? 'currentColor' : 'none');
      if (e) el.setAttribute('stroke', 'none');
      else el.removeAttribute('stroke');
    };
    /** A ring at each finite point of `s`: an imported run's evaluations. */
    const rings = (s: ErrorSeries | undefined) => {
      let d = '';
      const r = RING_RADIUS;
      for (let i = 0; s && i < s.value.length; i++) {
        const v = s.value[i]!;
        if (!Number.isFinite(v)) continue;
        const [x, y] = [xs(s.step[i]!), ys(v)];
        d += `M${(x - r).toFixed(1)},${y.toFixed(1)}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0`;
      }
      return d;
    };
    /** An imported run: the smoothed minibatch error as a light line, test error as rings. */
    const drawImported = (g: SVGGElement, p: Prepared) => {
      const [raw, train, test, full] = ['raw', 'train', 'test', 'full'].map((c) =>
        g.querySelector(`path.${c}`)!,
      );
      raw!.setAttribute('d', '');
      full!.setAttribute('d', '');
      for (const [el, d] of [
        [train!, path(p.run.train, p.smoothed) ?? ''],
        [test!, rings(p.run.test)],
      ] as const) {
        el.setAttribute('d', d);
        el.setAttribute('fill', 'none');
        el.setAttribute('stroke-width', '2');
        el.setAttribute('stroke-opacity', String(IMPORTED_OPACITY));
        el.removeAttribute('stroke');
        el.removeAttribute('stroke-dasharray');
      }
    };
    plot
      .selectAll<SVGGElement, Prepared>('g.run')
      .data(shown, (p) => p.run.id)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'run');
        g.append('path')
          .attr('class', 'raw')
          .attr('stroke-width', 1.5)
          .attr('stroke-opacity', 0.3)
          .attr('fill-opacity', 0.3);
        for (const s of STYLES)
          g.append('path').attr('class', s.cls).attr('stroke-width', 2.5).attr('stroke-dasharray', s.dash);
        return g;
      })
      .attr('data-run', (p) => p.run.id)
      .classed('imported', (p) => p.run.imported === true)
      .attr('stroke', (p) => p.color)
      .attr('color', (p) => p.color)
      .each(function (this: SVGGElement, p) {
        const k = `${p.sig}|${axesKey}`;
        if (drawn.get(p.run.id) === k) return;
        drawn.set(p.run.id, k);
        if (p.run.imported) return drawImported(this, p);
        const smooth = opts.smoothing > 0;
        drawSolid(this.querySelector('path.raw')!, smooth ? p.run.train : undefined);
        drawSolid(this.querySelector('path.train')!, p.run.train, p.smoothed);
        this.querySelector('path.test')!.setAttribute('d', path(p.run.test) ?? '');
        this.querySelector('path.full')!.setAttribute('d', path(p.run.fullTrain) ?? '');
      })
      .order();
    for (const id of drawn.keys()) if (!shown.some((p) => p.run.id === id)) drawn.delete(id);
    for (const id of cache.keys()) if (!data.runs.some((r) => r.id === id)) cache.delete(id);
    drawStyleKey(key, keyItems, width - m.right, DEFAULT_MARGIN.top - 8, plotW);
    key
      .selectAll<SVGGElement, { cls: string }>('g.item')
      .filter((s) => s.cls === IMPORTED_STYLE.cls)
      .each(function (this: SVGGElement) {
        const sample = this.querySelector('line')!;
        sample.setAttribute('stroke-opacity', String(IMPORTED_OPACITY));
        sample.setAttribute('stroke-width', '2');
        child<SVGCircleElement>(select<SVGGElement, unknown>(this), 'circle', 'ring')
          .attr('cx', 15)
          .attr('cy', 14)
          .attr('r', RING_RADIUS)
          .attr('fill', 'none')
          .attr('stroke', sample.getAttribute('stroke'))
          .attr('stroke-width', 2);
      });
    showTooltip();
  }

  return {
    update,
    destroy() {
      overlay.on('pointermove', null).on('pointerleave', null);
      svg.remove();
      cache.clear();
      drawn.clear();
    },
  };
}

/** The text alternative: each shown run's latest step and errors, as percentages. */
export function errorTable(data: ErrorChartData, smoothing = 0): ChartTable {
  const runs = data.runs.filter((r) => r.visible !== false);
  const hasTest = runs.some((r) => r.test?.value.length);
  const hasFull = runs.some((r) => r.fullTrain?.value.length);
  const pct = (v: number) => (Number.isFinite(v) ? formatPercent(v) : '—');
  const columns = ['run', 'iteration', 'training error (minibatch)'];
  if (smoothing > 0) columns.push('smoothed');
  if (hasTest) columns.push('test error');
  if (hasFull) columns.push('full training-set error');
  const rows = runs.map((r) => {
    const n = r.train.value.length;
    const row: (string | number)[] = [r.label, n ? last(r.train.step) : '—', pct(last(r.train.value))];
    if (smoothing > 0) row.push(pct(n ? emaSmooth(r.train.value, smoothing)[n - 1]! : NaN));
    if (hasTest) row.push(pct(last(r.test?.value)));
    if (hasFull) row.push(pct(last(r.fullTrain?.value)));
    return row;
  });
  return { columns, rows };
}
