/**
 * Decision boundary of a 2-D toy: the plane shaded by what a run predicts, painted on a
 * canvas, with the data points as SVG circles on top (training points filled, test hollow)
 * and, for two classes, the p = 0.5 contour drawn as a line.
 *
 * Grid layout (the engine fills it by evaluating the net at each cell's centre):
 * - cell (row, col) covers x ∈ [xmin + col·dx, xmin + (col+1)·dx] and
 *   y ∈ [ymax − (row+1)·dy, ymax − row·dy]: row 0 is the top (ymax), col 0 the left (xmin),
 *   as in an image;
 * - `probs` is either n·n values of P(class 1) (two classes), or n·n·classes class
 *   probabilities, class-minor: probs[(row·n + col)·classes + k].
 */
import { axisBottom, axisLeft, contours, geoIdentity, geoPath, rgb, scaleLinear, select } from 'd3';
import { CLASS_COLORS } from './colorScales';
import { FONT_FAMILY, INK_SOFT, LIGHT, PAPER } from './palette';
import { styleAxis } from './scales';
import type { ChartTable } from './scales';

export interface BoundaryGrid {
  /** Cells per side. */
  n: number;
  extent: [xmin: number, xmax: number, ymin: number, ymax: number];
  probs: Float32Array;
  classes: number;
}

export interface BoundaryPoints {
  /** Coordinates, two per point: x0, y0, x1, y1, … */
  x: Float32Array;
  /** Label of each point. */
  y: Int32Array;
  /** true for a held-out point. */
  test?: boolean[];
}

export interface DecisionBoundaryData {
  grid: BoundaryGrid;
  points: BoundaryPoints;
}

export interface DecisionBoundaryOptions {
  /** Accessible name; by default it counts the points. */
  label?: string;
  /** Side of the square plot area in CSS pixels. */
  size?: number;
  classColors?: readonly string[];
  /** Radius of a data point. */
  radius?: number;
}

/** Opacity of the shading where the net is certain; the points stay readable on top of it. */
export const MAX_ALPHA = 0.6;

export type RGBA = [r: number, g: number, b: number, a: number];

/**
 * The colour of one grid cell: the predicted class's colour, with opacity growing with
 * confidence, so the boundary itself fades to the background.
 * - two classes, `prob` = P(class 1): class 1 if prob ≥ 0.5, confidence |2·prob − 1|;
 * - k classes, `prob` = the k probabilities: the argmax, confidence (max − 1/k) / (1 − 1/k),
 *   0 when all classes are equally likely, 1 when one is certain.
 * Alpha is round(255 · MAX_ALPHA · confidence); NaN paints nothing.
 */
export function boundaryPixel(
  prob: number | ArrayLike<number>,
  classes: number,
  colors: readonly string[] = CLASS_COLORS,
): RGBA {
  const table = colorTable(colors);
  const out = new Uint8ClampedArray(4);
  if (typeof prob === 'number') writeBinary(out, 0, prob, table);
  else if (classes === 2 && prob.length === 1) writeBinary(out, 0, prob[0]!, table);
  else writeArgmax(out, 0, prob, 0, classes, table);
  return [out[0]!, out[1]!, out[2]!, out[3]!];
}

function colorTable(colors: readonly string[]): Uint8ClampedArray {
  const t = new Uint8ClampedArray(colors.length * 3);
  colors.forEach((c, i) => {
    const { r, g, b } = rgb(c);
    t[3 * i] = r;
    t[3 * i + 1] = g;
    t[3 * i + 2] = b;
  });
  return t;
}

function writeRgba(
  out: Uint8ClampedArray,
  at: number,
  cls: number,
  confidence: number,
  table: Uint8ClampedArray,
) {
  const c = (cls % (table.length / 3)) * 3;
  out[at] = table[c]!;
  out[at + 1] = table[c + 1]!;
  out[at + 2] = table[c + 2]!;
  out[at + 3] = Math.round(255 * MAX_ALPHA * Math.min(1, Math.max(0, confidence)));
}

function writeBinary(out: Uint8ClampedArray, at: number, p: number, table: Uint8ClampedArray): void {
  if (Number.isNaN(p)) return;
  writeRgba(out, at, p >= 0.5 ? 1 : 0, Math.abs(2 * p - 1), table);
}

function writeArgmax(
  out: Uint8ClampedArray,
  at: number,
  probs: ArrayLike<number>,
  offset: number,
  k: number,
  table: Uint8ClampedArray,
): void {
  let best = 0;
  let max = -Infinity;
  for (let j = 0; j < k; j++) {
    const v = probs[offset + j]!;
    if (v > max) {
      max = v;
      best = j;
    }
  }
  if (!Number.isFinite(max)) return;
  writeRgba(out, at, best, k > 1 ? (max - 1 / k) / (1 - 1 / k) : 1, table);
}

/** Whether `probs` holds P(class 1) per cell (n·n) rather than every class (n·n·classes). */
function isBinaryForm(grid: BoundaryGrid): boolean {
  const cells = grid.n * grid.n;
  if (grid.classes === 2 && grid.probs.length === cells) return true;
  if (grid.probs.length === cells * grid.classes) return false;
  throw new RangeError(
    `decision boundary grid: ${grid.probs.length} probabilities for ${grid.n}×${grid.n} cells and ${grid.classes} classes`,
  );
}

/** The class the grid predicts at a point of the plane (its cell's argmax). */
export function predictedClass(grid: BoundaryGrid, x: number, y: number): number {
  const [xmin, xmax, ymin, ymax] = grid.extent;
  const clamp = (v: number) => Math.min(grid.n - 1, Math.max(0, v));
  const col = clamp(Math.floor(((x - xmin) / (xmax - xmin)) * grid.n));
  const row = clamp(Math.floor(((ymax - y) / (ymax - ymin)) * grid.n));
  const cell = row * grid.n + col;
  if (isBinaryForm(grid)) return grid.probs[cell]! >= 0.5 ? 1 : 0;
  let best = 0;
  for (let k = 1; k < grid.classes; k++)
    if (grid.probs[cell * grid.classes + k]! > grid.probs[cell * grid.classes + best]!) best = k;
  return best;
}

/** Text alternative: per split and class, how many points the current boundary gets right. */
export function decisionBoundaryTable(data: DecisionBoundaryData): ChartTable {
  const { points, grid } = data;
  const tally = new Map<string, { split: string; cls: number; total: number; right: number }>();
  for (let i = 0; i < points.y.length; i++) {
    const split = points.test?.[i] ? 'test' : 'train';
    const cls = points.y[i]!;
    const key = `${split === 'train' ? 0 : 1}:${String(cls).padStart(4, '0')}`;
    const t = tally.get(key) ?? { split, cls, total: 0, right: 0 };
    t.total++;
    if (predictedClass(grid, points.x[2 * i]!, points.x[2 * i + 1]!) === cls) t.right++;
    tally.set(key, t);
  }
  return {
    columns: ['split', 'class', 'points', 'classified correctly'],
    rows: [...tally.keys()].sort().map((k) => {
      const t = tally.get(k)!;
      return [t.split, t.cls, t.total, t.right];
    }),
  };
}

const MARGIN = { top: 12, right: 24, bottom: 36, left: 48 };

interface Dot {
  x: number;
  y: number;
  label: number;
  test: boolean;
}

export function createDecisionBoundary(el: HTMLElement, options: DecisionBoundaryOptions = {}) {
  const size = options.size ?? 360;
  const radius = options.radius ?? 4;
  const colors = options.classColors ?? CLASS_COLORS;
  const table = colorTable(colors);
  const width = MARGIN.left + size + MARGIN.right;
  const height = MARGIN.top + size + MARGIN.bottom;

  const wrapper = select(el)
    .append('div')
    .attr('class', 'decision-boundary')
    .attr('role', 'img')
    .attr('aria-label', options.label ?? 'Decision boundary')
    .style('position', 'relative')
    .style('width', `${width}px`)
    .style('height', `${height}px`)
    .style('background', PAPER);
  const canvas = wrapper
    .append('canvas')
    .attr('aria-hidden', 'true')
    .style('position', 'absolute')
    .style('left', `${MARGIN.left}px`)
    .style('top', `${MARGIN.top}px`)
    .style('width', `${size}px`)
    .style('height', `${size}px`)
    .node()!;
  const svg = wrapper
    .append('svg')
    .attr('aria-hidden', 'true')
    .attr('width', width)
    .attr('height', height)
    .style('position', 'absolute')
    .style('left', '0')
    .style('top', '0')
    .attr('font-family', FONT_FAMILY);
  const plot = svg.append('g').attr('transform', `translate(${MARGIN.left},${MARGIN.top})`);
  const boundary = plot
    .append('path')
    .attr('class', 'boundary-line')
    .attr('fill', 'none')
    .attr('stroke', LIGHT.ink)
    .attr('stroke-width', 1.5)
    .attr('stroke-opacity', 0.7);
  const dots = plot.append('g').attr('class', 'points');
  const xAxis = plot.append('g').attr('class', 'x-axis').attr('transform', `translate(0,${size})`);
  const yAxis = plot.append('g').attr('class', 'y-axis');
  plot.append('rect').attr('width', size).attr('height', size).attr('fill', 'none').attr('stroke', INK_SOFT);

  const ctx = canvasContext(canvas);
  let lastProbs: Float32Array | null = null;
  let lastPoints: BoundaryPoints | null = null;
  let lastExtent = '';

  function paint(grid: BoundaryGrid, binary: boolean): void {
    if (canvas.width !== grid.n) canvas.width = grid.n;
    if (canvas.height !== grid.n) canvas.height = grid.n;
    if (!ctx || grid.n === 0) return;
    const image = ctx.createImageData(grid.n, grid.n);
    const cells = grid.n * grid.n;
    for (let i = 0; i < cells; i++) {
      if (binary) writeBinary(image.data, 4 * i, grid.probs[i]!, table);
      else writeArgmax(image.data, 4 * i, grid.probs, i * grid.classes, grid.classes, table);
    }
    ctx.putImageData(image, 0, 0);
  }

  function drawContour(grid: BoundaryGrid, binary: boolean): void {
    if (grid.classes !== 2 || grid.n < 2) {
      boundary.attr('d', null);
      return;
    }
    const p1 = binary ? grid.probs : grid.probs.filter((_, i) => i % 2 === 1);
    const [line] = contours().size([grid.n, grid.n]).thresholds([0.5])(p1 as unknown as number[]);
    const path = geoPath(geoIdentity().scale(size / grid.n)).digits(1);
    boundary.attr('d', line ? path(line) : null);
  }

  function scales(grid: BoundaryGrid) {
    const [xmin, xmax, ymin, ymax] = grid.extent;
    return {
      x: scaleLinear().domain([xmin, xmax]).range([0, size]),
      y: scaleLinear().domain([ymin, ymax]).range([size, 0]),
    };
  }

  function update(data: DecisionBoundaryData): void {
    const { grid, points } = data;
    const extentKey = grid.extent.join(',');
    const extentChanged = extentKey !== lastExtent;
    const { x, y } = scales(grid);
    if (extentChanged) {
      lastExtent = extentKey;
      xAxis.call(axisBottom(x).ticks(5));
      yAxis.call(axisLeft(y).ticks(5));
      styleAxis(xAxis);
      styleAxis(yAxis);
    }
    if (grid.probs !== lastProbs) {
      lastProbs = grid.probs;
      const binary = isBinaryForm(grid);
      paint(grid, binary);
      drawContour(grid, binary);
    }
    if (points !== lastPoints || extentChanged) {
      lastPoints = points;
      const list: Dot[] = [];
      for (let i = 0; i < points.y.length; i++)
        list.push({
          x: points.x[2 * i]!,
          y: points.x[2 * i + 1]!,
          label: points.y[i]!,
          test: !!points.test?.[i],
        });
      const color = (d: Dot) => colors[d.label % colors.length]!;
      dots
        .selectAll('circle')
        .data(list)
        .join('circle')
        .attr('cx', (d) => Math.round(x(d.x) * 10) / 10)
        .attr('cy', (d) => Math.round(y(d.y) * 10) / 10)
        .attr('r', radius)
        // Points sit on the tinted canvas, which is the same in both themes.
        .attr('fill', (d) => (d.test ? LIGHT.paper : color(d)))
        .attr('fill-opacity', (d) => (d.test ? 0.6 : 1))
        .attr('stroke', (d) => (d.test ? color(d) : LIGHT.ink))
        .attr('stroke-width', (d) => (d.test ? 2 : 0.75))
        .attr('data-split', (d) => (d.test ? 'test' : 'train'));
      const test = list.filter((d) => d.test).length;
      wrapper.attr(
        'aria-label',
        options.label ??
          `Decision boundary: the predicted class over the plane, with ${list.length - test} training and ${test} test points`,
      );
    }
  }

  return {
    update,
    destroy(): void {
      wrapper.remove();
    },
  };
}

/** The 2-D context, or null where there is none (jsdom). */
function canvasContext(canvas: HTMLCanvasElement): CanvasRenderingContext2D | null {
  try {
    return canvas.getContext('2d');
  } catch {
    return null;
  }
}
