// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import type { ErrorChartData, ErrorRun } from '../../src/charts/errorChart';
import { createErrorChart, errorTable } from '../../src/charts/errorChart';
import { DEFAULT_MARGIN } from '../../src/charts/scales';
import { expectGolden } from './golden';

/** A seeded training curve: error decays from ~90% towards `floor`, with multiplicative minibatch noise. */
function curve(seed: number, steps: number, floor: number, every = 1, noise = 0.25) {
  const rng = createRng(seed);
  const step: number[] = [];
  const value: number[] = [];
  for (let t = 0; t < steps; t += every) {
    step.push(t);
    const mean = floor + (0.9 - floor) * Math.exp(-t / (steps / 6));
    value.push(Math.min(1, mean * Math.exp(noise * rng.normal())));
  }
  return { step, value };
}

function run(
  id: string,
  seed: number,
  steps: number,
  floor: number,
  extra: Partial<ErrorRun> = {},
): ErrorRun {
  return { id, label: id, train: curve(seed, steps, floor), ...extra };
}

const paperLike = (): ErrorChartData => ({
  runs: [
    run('plain-20', 1, 2000, 0.12, { test: curve(11, 2000, 0.15, 200, 0.05) }),
    run('ResNet-20', 2, 2000, 0.04, { test: curve(12, 2000, 0.09, 200, 0.05) }),
  ],
});

let host: HTMLDivElement;
const mount = (...args: Parameters<typeof createErrorChart> extends [unknown, ...infer O] ? O : never) => {
  host = document.createElement('div');
  return createErrorChart(host, ...args);
};
const pathD = (id: string, cls: string) =>
  host.querySelector(`g.run[data-run="${id}"] path.${cls}`)?.getAttribute('d') ?? null;
const pointCount = (d: string | null) => (d ?? '').split(/[ML]/).filter(Boolean).length;

afterEach(() => host?.remove());

describe('errorChart goldens', () => {
  it('draws two runs, smoothed over raw, with dashed test error', () => {
    mount({ smoothing: 0.9 }).update(paperLike());
    expectGolden('errorChart-smoothed', host);
  });

  it('draws the log-scale axis in decades', () => {
    mount({ yScale: 'log', smoothing: 0.6 }).update(paperLike());
    expectGolden('errorChart-log', host);
  });

  it('draws an imported PyTorch run lighter, its test error as rings, beside the browser run', () => {
    mount({ smoothing: 0.9 }).update(withImported());
    expectGolden('errorChart-imported', host);
  });
});

/** The paper-like pair and a PyTorch log of the same plain net, in its colour. */
const withImported = (): ErrorChartData => {
  const data = paperLike();
  data.runs[0]!.color = '#D55E00';
  data.runs.push(
    run('torch:plain-20', 31, 2000, 0.11, {
      label: 'plain-20 · PyTorch 2.1 on cpu',
      color: '#D55E00',
      test: curve(41, 2000, 0.14, 200, 0.05),
      imported: true,
    }),
  );
  return data;
};

describe('errorChart with an imported run', () => {
  const group = (id: string) => host.querySelector(`g.run[data-run="${id}"]`)!;

  it('marks its group and strokes its smoothed minibatch error as a thin translucent line', () => {
    mount({ smoothing: 0.9 }).update(withImported());
    const g = group('torch:plain-20');
    expect(g.getAttribute('class')).toBe('run imported');
    expect(group('plain-20').getAttribute('class')).toBe('run');
    const train = g.querySelector('path.train')!;
    expect(train.getAttribute('d')).toMatch(/^M[^Z]+$/);
    expect([
      train.getAttribute('fill'),
      train.getAttribute('stroke-width'),
      train.getAttribute('stroke-opacity'),
    ]).toEqual(['none', '2', '0.6']);
    expect(g.querySelector('path.raw')!.getAttribute('d')).toBe('');
    // The browser's run keeps its filled band and faint raw line.
    expect(group('plain-20').querySelector('path.train')!.getAttribute('fill')).toBe('currentColor');
  });

  it('draws one ring per finite test-error point, undashed', () => {
    const data = withImported();
    const test = data.runs[2]!.test!;
    (test.value as number[])[3] = NaN;
    mount().update(data);
    const rings = group('torch:plain-20').querySelector('path.test')!;
    expect((rings.getAttribute('d') ?? '').match(/M/g)).toHaveLength(test.value.length - 1);
    expect(rings.hasAttribute('stroke-dasharray')).toBe(false);
    expect(group('plain-20').querySelector('path.test')!.getAttribute('stroke-dasharray')).toBe('9 5');
  });

  it('adds the imported style to the key, and only while an imported run is shown', () => {
    const chart = mount();
    const data = withImported();
    chart.update(data);
    const names = () => [...host.querySelectorAll('g.key g.item text')].map((t) => t.textContent);
    expect(names()).toEqual(['training (minibatch)', 'test', 'PyTorch log (○ test)']);
    expect(host.querySelector('g.key g.item circle.ring')).not.toBeNull();
    data.runs[2]!.visible = false;
    chart.update(data);
    expect(names()).toEqual(['training (minibatch)', 'test']);
  });

  it('keys only the imported style when there are no browser runs', () => {
    mount().update({ runs: [withImported().runs[2]!] });
    expect([...host.querySelectorAll('g.key g.item text')].map((t) => t.textContent)).toEqual([
      'PyTorch log (○ test)',
    ]);
  });

  it('lists the imported run in the table under its own label', () => {
    expect(errorTable(withImported()).rows.map((r) => r[0])).toEqual([
      'plain-20',
      'ResNet-20',
      'plain-20 · PyTorch 2.1 on cpu',
    ]);
  });
});

describe('errorChart', () => {
  it('names itself to assistive technology', () => {
    mount().update(paperLike());
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Training error vs iteration');
  });

  it('puts 10% halfway between 1% and 100% on a log axis', () => {
    const data = { runs: [{ id: 'a', label: 'a', train: { step: [0, 1, 2], value: [1, 0.1, 0.01] } }] };
    mount({ yScale: 'log' }).update(data);
    const tickY = (label: string) => {
      const tick = [...host.querySelectorAll('g.y-axis g.tick')].find((t) => t.textContent === label)!;
      return +/translate\(0,([-\d.]+)\)/.exec(tick.getAttribute('transform')!)![1]!;
    };
    expect(tickY('10%')).toBeCloseTo((tickY('1%') + tickY('100%')) / 2, 6);
    expect(tickY('1%')).toBeGreaterThan(tickY('100%'));
  });

  it('draws no path for a hidden run', () => {
    const data = paperLike();
    data.runs[0]!.visible = false;
    mount().update(data);
    expect(host.querySelector('g.run[data-run="plain-20"]')).toBeNull();
    expect(host.querySelectorAll('g.run')).toHaveLength(1);
    expect(pathD('ResNet-20', 'train')).toMatch(/^M/);
  });

  it('updates the path in place as points arrive, keeping the same svg and path elements', () => {
    const chart = mount();
    const full = curve(3, 400, 0.1);
    const upTo = (n: number) => ({
      runs: [{ id: 'a', label: 'a', train: { step: full.step.slice(0, n), value: full.value.slice(0, n) } }],
    });
    chart.update(upTo(100));
    const svg = host.querySelector('svg');
    const path = host.querySelector('path.train');
    const before = path!.getAttribute('d');
    chart.update(upTo(200));
    expect(host.querySelectorAll('svg')).toHaveLength(1);
    expect(host.querySelector('svg')).toBe(svg);
    expect(host.querySelector('path.train')).toBe(path);
    expect(path!.getAttribute('d')).not.toBe(before);
  });

  it('draws a long minibatch curve as a filled band, a short or broken one as a line', () => {
    const width = 720;
    const long = curve(5, 5000, 0.1);
    const broken = curve(6, 5000, 0.1);
    broken.value[2500] = NaN;
    const short = curve(7, 200, 0.1);
    mount({ width, smoothing: 0.6 }).update({
      runs: [
        { id: 'long', label: 'long', train: long },
        { id: 'broken', label: 'broken', train: broken },
        { id: 'short', label: 'short', train: short },
      ],
    });
    const el = (id: string, cls: string) => host.querySelector(`g.run[data-run="${id}"] path.${cls}`)!;
    for (const cls of ['train', 'raw']) {
      expect(el('long', cls).getAttribute('d')).toMatch(/Z$/);
      expect([el('long', cls).getAttribute('fill'), el('long', cls).getAttribute('stroke')]).toEqual([
        'currentColor',
        'none',
      ]);
      for (const id of ['broken', 'short']) {
        expect(el(id, cls).getAttribute('d')).not.toMatch(/Z$/);
        expect([el(id, cls).getAttribute('fill'), el(id, cls).hasAttribute('stroke')]).toEqual([
          'none',
          false,
        ]);
      }
    }
    // The band's edges are the line's width apart where the series is flat: 2.5 px for the bold curve.
    const flat = { step: long.step, value: long.value.map(() => 0.5) };
    mount({ width }).update({ runs: [{ id: 'flat', label: 'flat', train: flat }] });
    const ys = [...pathD('flat', 'train')!.matchAll(/[ML][\d.]+,([\d.]+)/g)].map((m) => Number(m[1]));
    expect(Math.max(...ys) - Math.min(...ys)).toBeCloseTo(2.5, 1);
  });

  it('leaves a path untouched when its run has no new points', () => {
    const chart = mount();
    const data = paperLike();
    chart.update(data);
    const path = host.querySelector('path.train')!;
    path.setAttribute('d', 'sentinel');
    chart.update({ runs: data.runs.map((r) => ({ ...r })) });
    expect(path.getAttribute('d')).toBe('sentinel');
  });

  it('draws 4 runs × 10,000 steps with at most 2 points per horizontal pixel', () => {
    const runs = [0, 1, 2, 3].map((i) => run(`r${i}`, 20 + i, 10_000, 0.02 * (i + 1)));
    const width = 720;
    const t0 = performance.now();
    mount({ width }).update({ runs });
    const ms = performance.now() - t0;
    const pixels = width - DEFAULT_MARGIN.left - DEFAULT_MARGIN.right;
    for (const r of runs) {
      const n = pointCount(pathD(r.id, 'train'));
      expect(n).toBeGreaterThan(pixels);
      expect(n).toBeLessThanOrEqual(2 * pixels + 2);
    }
    expect(ms).toBeLessThan(1000);
  });

  it('shows the exact raw and smoothed values of each run at the hovered step', () => {
    const a = { step: [0, 10, 20, 30], value: [0.5, 0.25, 0.75, 0.125] };
    const data = { runs: [{ id: 'a', label: 'plain', train: a }] };
    mount({ smoothing: 0.5 }).update(data);
    const overlay = host.querySelector('rect.overlay')!;
    const plotW = 720 - DEFAULT_MARGIN.left - DEFAULT_MARGIN.right;
    // Pointer a little right of step 20 (of 0…30): the nearest step is 20.
    overlay.dispatchEvent(
      new MouseEvent('pointermove', { clientX: DEFAULT_MARGIN.left + plotW * (21 / 30) }),
    );
    const texts = [...host.querySelectorAll('g.tooltip text')].map((t) => t.textContent);
    // EMA β=0.5, debiased: m = 0.25, 0.25, 0.5 → /(1−0.5^3) = 0.5/0.875 = 57.14%.
    expect(texts).toEqual(['iteration 20', 'plain: 75.00% (smoothed 57.14%)']);
    expect(host.querySelector('g.tooltip')!.getAttribute('display')).toBeNull();
    overlay.dispatchEvent(new MouseEvent('pointerleave'));
    expect(host.querySelector('g.tooltip')!.getAttribute('display')).toBe('none');
  });

  it('wraps its style key into rows on a narrow chart, so no item leaves the plot', () => {
    const data = paperLike();
    data.runs[0]!.fullTrain = curve(13, 2000, 0.12, 200, 0.05);
    const rows = (width: number) => {
      mount({ width, height: 300 }).update(data);
      const key = host.querySelector('g.key')!;
      const left = Number(/translate\(([-\d.]+),/.exec(key.getAttribute('transform')!)![1]);
      const items = [...key.querySelectorAll('g.item')].map((g) =>
        /translate\(([-\d.]+),([-\d.]+)\)/.exec(g.getAttribute('transform')!)!.slice(1).map(Number),
      );
      host.remove();
      return { left, rowsUsed: new Set(items.map((t) => t[1])).size, count: items.length };
    };
    expect(rows(900)).toMatchObject({ rowsUsed: 1, count: 3 });
    const narrow = rows(360);
    expect(narrow.count).toBe(3);
    expect(narrow.rowsUsed).toBeGreaterThan(1);
    expect(narrow.left).toBeGreaterThanOrEqual(DEFAULT_MARGIN.left - 8);
  });

  it('removes its svg on destroy', () => {
    mount().destroy();
    expect(host.querySelector('svg')).toBeNull();
  });
});

describe('errorTable', () => {
  it('lists the latest step, raw, smoothed and test error of each shown run', () => {
    const data: ErrorChartData = {
      runs: [
        {
          id: 'a',
          label: 'plain-20',
          train: { step: [1, 2], value: [0.5, 0.25] },
          test: { step: [2], value: [0.3] },
        },
        { id: 'b', label: 'hidden', visible: false, train: { step: [1], value: [0.9] } },
        { id: 'c', label: 'ResNet-20', train: { step: [], value: [] } },
      ],
    };
    expect(errorTable(data, 0.5)).toEqual({
      columns: ['run', 'iteration', 'training error (minibatch)', 'smoothed', 'test error'],
      // (0.5·0.25 + 0.5·0.5·0.5)/(1 − 0.25) = 0.25/0.75 = 33.33%
      rows: [
        ['plain-20', 2, '25.00%', '33.33%', '30.00%'],
        ['ResNet-20', '—', '—', '—', '—'],
      ],
    });
  });
});
