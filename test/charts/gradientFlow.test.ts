// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { GRADIENT_LUT, lutIndex } from '../../src/charts/colorScales';
import type { GradientFlowData, GradientFlowOptions } from '../../src/charts/gradientFlow';
import { createGradientFlow, flowDomain, gradientFlowTable, heatCells } from '../../src/charts/gradientFlow';

const f32 = (...v: number[]) => Float32Array.from(v);

/** Stands in for the 2-D context jsdom lacks, keeping every image the chart puts. */
function fakeContext() {
  const puts: { width: number; height: number; data: Uint8ClampedArray }[] = [];
  const ctx = {
    createImageData: (width: number, height: number) => ({
      width,
      height,
      data: new Uint8ClampedArray(width * height * 4),
    }),
    putImageData: (image: (typeof puts)[number]) => puts.push(image),
  };
  return { ctx, puts };
}

/** RGBA of cell (row, col) of an image. */
const pixel = (img: { width: number; data: Uint8ClampedArray }, row: number, col: number) => [
  ...img.data.slice(4 * (row * img.width + col), 4 * (row * img.width + col) + 4),
];

let host: HTMLDivElement;
function mount(options: GradientFlowOptions = {}) {
  host = document.createElement('div');
  return createGradientFlow(host, options);
}
afterEach(() => {
  host?.remove();
  vi.restoreAllMocks();
});

describe('heatCells', () => {
  it('keeps one column per probe step when they fit, in log10', () => {
    const cells = heatCells(
      { layers: ['a', 'b'], steps: [0, 10], norms: [f32(1, 100), f32(0.001, 10)] },
      300,
    );
    expect(cells.cols).toBe(2);
    expect(cells.rows).toBe(2);
    // Row-major, row = layer: a@0, a@10, b@0, b@10.
    expect([...cells.values]).toEqual([0, -3, 2, 1].map(Math.fround));
  });

  it('averages log10 norms over the steps of a column when steps outnumber pixels', () => {
    const data: GradientFlowData = {
      layers: ['conv1', 'conv2'],
      steps: [0, 1, 2, 3, 4],
      norms: [f32(1, 1e-4), f32(100, 1e-2), f32(10, 1), f32(1000, 1), f32(0.1, 1e-6)],
    };
    const cells = heatCells(data, 2);
    expect(cells.cols).toBe(2);
    // Columns hold steps ⌊c·5/2⌋…: {0, 1} and {2, 3, 4}.
    expect(cells.values[0]).toBeCloseTo((0 + 2) / 2, 6); // conv1, steps 0–1
    expect(cells.values[1]).toBeCloseTo((1 + 3 - 1) / 3, 6); // conv1, steps 2–4
    expect(cells.values[2]).toBeCloseTo((-4 - 2) / 2, 6); // conv2, steps 0–1
    expect(cells.values[3]).toBeCloseTo((0 + 0 - 6) / 3, 6); // conv2, steps 2–4
  });

  it('skips zero and non-finite norms, leaving NaN where a column has none', () => {
    const cells = heatCells(
      { layers: ['a', 'b'], steps: [0, 1], norms: [f32(0, NaN), f32(100, Infinity)] },
      1,
    );
    expect(cells.values[0]).toBe(2);
    expect(cells.values[1]).toBeNaN();
  });

  it('is empty before the first probe', () => {
    const cells = heatCells({ layers: ['a'], steps: [], norms: [] }, 100);
    expect(cells.cols).toBe(0);
    expect(cells.values).toHaveLength(0);
  });
});

describe('gradientFlow', () => {
  const layers = ['stem.conv', 'stage1.block1.conv1', 'head.fc'];
  const run = (scale: number): GradientFlowData => ({
    layers,
    steps: [0, 100, 200],
    norms: [f32(1e-2, 1e-1, 1), f32(1e-2 * scale, 1e-1, 1), f32(1e-2, 1e-1 * scale, 1)],
  });

  describe('with a 2-D context', () => {
    let fake: ReturnType<typeof fakeContext>;
    beforeEach(() => {
      fake = fakeContext();
      vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(fake.ctx as never);
    });

    it('paints a value the same colour in two runs that share a domain', () => {
      mount({ domain: [-4, 0] }).update(run(1e-2));
      const a = fake.puts.at(-1)!;
      host.remove();
      mount({ domain: [-4, 0] }).update(run(1e2));
      const b = fake.puts.at(-1)!;
      // stem.conv at step 0 is 10⁻² in both runs: halfway up viridis.
      const j = lutIndex(-2, [-4, 0]);
      const mid = [GRADIENT_LUT[3 * j], GRADIENT_LUT[3 * j + 1], GRADIENT_LUT[3 * j + 2], 255];
      expect(pixel(a, 0, 0)).toEqual(mid);
      expect(pixel(b, 0, 0)).toEqual(mid);
      expect(a.width).toBe(3);
      expect(a.height).toBe(3);
    });

    it('fits the domain to each run without the option, so the same value changes colour', () => {
      mount().update(run(1e-2));
      const a = fake.puts.at(-1)!;
      mount().update(run(1e2));
      const b = fake.puts.at(-1)!;
      expect(pixel(a, 0, 0)).not.toEqual(pixel(b, 0, 0));
    });

    it('repaints only when a probe arrives or the domain changes', () => {
      const chart = mount({ domain: [-4, 0] });
      const data = run(1);
      chart.update(data);
      chart.update({ ...data });
      expect(fake.puts).toHaveLength(1);
      chart.update({ ...data, steps: [...data.steps, 300], norms: [...data.norms, f32(1, 1, 1)] });
      expect(fake.puts).toHaveLength(2);
      chart.update({
        ...data,
        steps: [...data.steps, 300],
        norms: [...data.norms, f32(1, 1, 1)],
        domain: [-6, 0],
      });
      expect(fake.puts).toHaveLength(3);
    });
  });

  describe('without a 2-D context (jsdom)', () => {
    beforeEach(() => {
      vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
    });

    it('still draws its axes and legend', () => {
      mount({ domain: [-4, 0] }).update(run(1));
      const names = [...host.querySelectorAll('g.y-axis .tick text')].map((t) => t.textContent);
      expect(names).toEqual(layers);
      const steps = [...host.querySelectorAll('g.x-axis .tick text')].map((t) => t.textContent);
      expect(steps[0]).toBe('0');
      expect(steps.at(-1)).toBe('200');
      const legend = [...host.querySelectorAll('g.legend-tick text')].map((t) => t.textContent);
      expect(legend).toEqual(['10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '1']);
      expect(host.querySelector('canvas')).not.toBeNull();
    });

    it('names itself as one image for assistive technology', () => {
      mount({ label: 'Gradient flow, plain-20' }).update(run(1));
      const root = host.firstElementChild!;
      expect(root.getAttribute('role')).toBe('img');
      expect(root.getAttribute('aria-label')).toBe('Gradient flow, plain-20');
    });

    it('reuses its root element across updates', () => {
      const chart = mount();
      chart.update(run(1));
      const root = host.firstElementChild;
      const canvas = host.querySelector('canvas');
      chart.update({ ...run(1), steps: [0, 100, 200, 300], norms: [...run(1).norms, f32(1, 1, 1)] });
      expect(host.children).toHaveLength(1);
      expect(host.firstElementChild).toBe(root);
      expect(host.querySelector('canvas')).toBe(canvas);
    });

    it('removes everything on destroy', () => {
      const chart = mount();
      chart.update(run(1));
      chart.destroy();
      expect(host.children).toHaveLength(0);
    });
  });

  it('shares one domain across runs: the extent of all their log norms', () => {
    const [lo, hi] = flowDomain([run(1e-2), run(1e2)]);
    expect(lo).toBeCloseTo(-4, 6);
    expect(hi).toBeCloseTo(1, 6);
  });

  it('gives the latest norm of every layer as its text alternative', () => {
    expect(gradientFlowTable(run(1e-2))).toEqual({
      columns: ['layer', 'gradient norm at step 200'],
      rows: [
        ['stem.conv', 0.01],
        ['stage1.block1.conv1', 0.001],
        ['head.fc', 1],
      ],
    });
  });
});
