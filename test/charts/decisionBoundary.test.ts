// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CLASS_COLORS } from '../../src/charts/colorScales';
import type { BoundaryGrid, DecisionBoundaryData } from '../../src/charts/decisionBoundary';
import {
  MAX_ALPHA,
  boundaryPixel,
  createDecisionBoundary,
  decisionBoundaryTable,
  predictedClass,
} from '../../src/charts/decisionBoundary';

// CLASS_COLORS[0] is #E69F00 (orange), [1] #0072B2 (blue), [2] #009E73 (green).
const ORANGE = [0xe6, 0x9f, 0x00];
const BLUE = [0x00, 0x72, 0xb2];
const GREEN = [0x00, 0x9e, 0x73];
const alpha = (confidence: number) => Math.round(255 * MAX_ALPHA * confidence);

/** A 4×4 grid over [-1, 1]² that predicts class 1 above y = 0 (rows 0–1) and class 0 below. */
function splitGrid(): BoundaryGrid {
  const n = 4;
  const probs = new Float32Array(n * n);
  for (let row = 0; row < n; row++)
    for (let col = 0; col < n; col++) probs[row * n + col] = row < 2 ? 0.9 : 0.1;
  return { n, extent: [-1, 1, -1, 1], probs, classes: 2 };
}

/** Two training points of each class (one class-0 point above y = 0, on the wrong side) and one test point. */
function data(): DecisionBoundaryData {
  return {
    grid: splitGrid(),
    points: {
      x: Float32Array.from([0.5, 0.5, -0.5, -0.5, 0.2, 0.8, 0.3, 0.6, 0, -0.9]),
      y: Int32Array.from([1, 0, 0, 1, 0]),
      test: [false, false, false, false, true],
    },
  };
}

let host: HTMLDivElement;
function mount(...args: Parameters<typeof createDecisionBoundary> extends [unknown, ...infer O] ? O : never) {
  host = document.createElement('div');
  return createDecisionBoundary(host, ...args);
}
afterEach(() => {
  host?.remove();
  vi.restoreAllMocks();
});

describe('boundaryPixel', () => {
  it('fades to nothing where two classes are equally likely', () => {
    expect(boundaryPixel(0.5, 2)[3]).toBe(0);
  });

  it('is the class colour at full confidence, with opacity MAX_ALPHA', () => {
    expect(boundaryPixel(1, 2)).toEqual([...BLUE, alpha(1)]);
    expect(boundaryPixel(0, 2)).toEqual([...ORANGE, alpha(1)]);
    expect(alpha(1)).toBe(153);
  });

  it('grows opacity with |2p − 1| for two classes', () => {
    expect(boundaryPixel(0.75, 2)).toEqual([...BLUE, alpha(0.5)]);
    expect(boundaryPixel(0.25, 2)).toEqual([...ORANGE, alpha(0.5)]);
    expect(boundaryPixel(0.9, 2)[3]).toBe(alpha(0.8));
  });

  it('takes the argmax of k classes, confidence (max − 1/k)/(1 − 1/k)', () => {
    expect(boundaryPixel([0.2, 0.1, 0.7], 3)).toEqual([...GREEN, alpha((0.7 - 1 / 3) / (2 / 3))]);
    expect(boundaryPixel([1 / 3, 1 / 3, 1 / 3], 3)[3]).toBe(0);
    expect(boundaryPixel([0, 1, 0], 3)).toEqual([...BLUE, alpha(1)]);
  });

  it('paints nothing for NaN and honours custom colours', () => {
    expect(boundaryPixel(NaN, 2)).toEqual([0, 0, 0, 0]);
    expect(boundaryPixel(1, 2, ['#000000', '#ff0000'])).toEqual([255, 0, 0, alpha(1)]);
  });
});

describe('predictedClass', () => {
  it('reads row 0 as the top of the extent (ymax)', () => {
    const grid = splitGrid();
    expect(predictedClass(grid, 0, 0.9)).toBe(1);
    expect(predictedClass(grid, 0, -0.9)).toBe(0);
    // Outside the extent clamps to the edge cells.
    expect(predictedClass(grid, 5, 5)).toBe(1);
  });

  it('takes the argmax of per-class grids', () => {
    const grid: BoundaryGrid = {
      n: 1,
      extent: [0, 1, 0, 1],
      probs: Float32Array.from([0.1, 0.3, 0.6]),
      classes: 3,
    };
    expect(predictedClass(grid, 0.5, 0.5)).toBe(2);
  });
});

describe('decisionBoundary', () => {
  it('draws training points filled and test points hollow, coloured by label', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    mount().update(data());
    const circles = [...host.querySelectorAll('g.points circle')];
    expect(circles).toHaveLength(5);
    const train = circles.filter((c) => c.getAttribute('data-split') === 'train');
    expect(train.map((c) => c.getAttribute('fill'))).toEqual([
      CLASS_COLORS[1],
      CLASS_COLORS[0],
      CLASS_COLORS[0],
      CLASS_COLORS[1],
    ]);
    const test = circles.find((c) => c.getAttribute('data-split') === 'test')!;
    expect(test.getAttribute('fill')).toBe('#ffffff');
    expect(test.getAttribute('stroke')).toBe(CLASS_COLORS[0]);
    // (0.5, 0.5) in [-1, 1]² of a 360px plot.
    expect(circles[0]!.getAttribute('cx')).toBe('270');
    expect(circles[0]!.getAttribute('cy')).toBe('90');
  });

  it('paints the grid top row first, one pixel per cell', () => {
    const puts: ImageData[] = [];
    const ctx = {
      createImageData: (w: number, h: number) => ({
        width: w,
        height: h,
        data: new Uint8ClampedArray(w * h * 4),
      }),
      putImageData: (img: ImageData) => puts.push(img),
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    mount().update(data());
    expect(puts).toHaveLength(1);
    const img = puts[0]!;
    expect([img.width, img.height]).toEqual([4, 4]);
    expect([...img.data.slice(0, 4)]).toEqual([...BLUE, alpha(0.8)]);
    expect([...img.data.slice(4 * 15, 4 * 16)]).toEqual([...ORANGE, alpha(0.8)]);
  });

  it('draws the p = 0.5 contour for two classes, across the middle', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    mount().update(data());
    const d = host.querySelector('path.boundary-line')!.getAttribute('d')!;
    expect(d).toMatch(/^M/);
    // Every vertex of the horizontal boundary sits at y = 180 (the middle of 360px) or on the frame.
    const ys = [...d.matchAll(/[ML]([\d.]+),([\d.]+)/g)].map((m) => Number(m[2]));
    expect(ys.some((y) => Math.abs(y - 180) < 1)).toBe(true);
  });

  it('rejects a grid whose size does not match n and classes', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    const bad = { ...data(), grid: { ...splitGrid(), probs: new Float32Array(5) } };
    expect(() => mount().update(bad)).toThrow(RangeError);
  });

  it('repaints the grid and redraws points only when they change, in the same root', () => {
    const puts: unknown[] = [];
    const ctx = {
      createImageData: (w: number, h: number) => ({
        width: w,
        height: h,
        data: new Uint8ClampedArray(w * h * 4),
      }),
      putImageData: (img: unknown) => puts.push(img),
    };
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const chart = mount();
    const d = data();
    chart.update(d);
    const root = host.firstElementChild;
    const circle = host.querySelector('g.points circle');
    chart.update({ ...d });
    expect(puts).toHaveLength(1);
    chart.update({ ...d, grid: { ...d.grid, probs: d.grid.probs.map((p) => 1 - p) } });
    expect(puts).toHaveLength(2);
    expect(host.children).toHaveLength(1);
    expect(host.firstElementChild).toBe(root);
    expect(host.querySelector('g.points circle')).toBe(circle);
  });

  it('names itself with its point counts for assistive technology', () => {
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    mount().update(data());
    const root = host.firstElementChild!;
    expect(root.getAttribute('role')).toBe('img');
    expect(root.getAttribute('aria-label')).toBe(
      'Decision boundary: the predicted class over the plane, with 4 training and 1 test points',
    );
  });

  it('tallies, per split and class, the points the boundary gets right', () => {
    expect(decisionBoundaryTable(data())).toEqual({
      columns: ['split', 'class', 'points', 'classified correctly'],
      rows: [
        ['train', 0, 2, 1],
        ['train', 1, 2, 2],
        ['test', 0, 1, 1],
      ],
    });
  });
});
