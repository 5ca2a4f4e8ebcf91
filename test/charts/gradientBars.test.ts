// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cifarNet } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import type { BarRun, GradientBarsData, GradientBarsOptions } from '../../src/charts/gradientBars';
import {
  createGradientBars,
  decadeDomain,
  gradientBarsTable,
  mergeLayers,
} from '../../src/charts/gradientBars';
import { runColor } from '../../src/charts/palette';
import { expectGolden } from './golden';

/** The weight tensors of a CIFAR net in forward order, as `RunLayout.weights` names them. */
const weights = (shortcut: 'none' | 'B') =>
  layerTable(cifarNet(20, { shortcut }))
    .rows.filter((r) => r.kind === 'conv' || r.kind === 'fc')
    .map((r) => r.name);

/**
 * What the paper's argument predicts, written down: the plain net's gradient shrinks by
 * ×0.6 per layer on the way back to the input; the residual net's stays within a factor of
 * two of 0.03 everywhere.
 */
function paperLike(): GradientBarsData {
  const plain = weights('none');
  const res = weights('B');
  return {
    runs: [
      {
        id: 'plain',
        label: 'plain-20',
        color: runColor(0),
        layers: plain,
        norms: plain.map((_, i) => 0.05 * 0.6 ** (plain.length - 1 - i)),
      },
      {
        id: 'res',
        label: 'ResNet-20',
        color: runColor(1),
        layers: res,
        norms: Float32Array.from(res, (_, i) => 0.03 * 2 ** Math.sin(i)),
      },
    ],
  };
}

let host: HTMLDivElement;
function mount(options: GradientBarsOptions = {}) {
  host = document.createElement('div');
  return createGradientBars(host, options);
}
afterEach(() => host?.remove());

const bars = (run?: string) =>
  [...host.querySelectorAll<SVGRectElement>('g.bars rect')].filter(
    (r) => !run || r.getAttribute('fill') === run,
  );

describe('gradientBars golden', () => {
  it('draws a plain net fading toward the input beside a level residual net', () => {
    mount().update(paperLike());
    expectGolden('gradientBars-plain-vs-resnet20', host);
  });
});

describe('gradientBars', () => {
  it('merges layer lists, placing a projection conv after the layer before it', () => {
    expect(
      mergeLayers([
        { layers: ['stem', 'b1.conv1', 'b1.conv2', 'fc'] },
        { layers: ['stem', 'b1.conv1', 'b1.conv2', 'b1.shortcut.conv', 'fc'] },
      ]),
    ).toEqual(['stem', 'b1.conv1', 'b1.conv2', 'b1.shortcut.conv', 'fc']);
    const both = mergeLayers(paperLike().runs);
    expect(both).toHaveLength(22);
    expect(both.indexOf('stage2.block1.shortcut.conv')).toBe(both.indexOf('stage2.block1.conv2') + 1);
  });

  it('spans the whole decades that hold the data, ignoring zeros and NaN', () => {
    expect(decadeDomain([{ norms: [3e-4, 0.2, 0, NaN] }])).toEqual([-4, 0]);
    expect(decadeDomain([{ norms: [0.01] }])).toEqual([-2, -1]);
    expect(decadeDomain([{ norms: [] }])).toEqual([-4, 0]);
  });

  it('draws one bar per finite positive norm, in the run colour', () => {
    const data = paperLike();
    data.runs[0]!.norms = data.runs[0]!.layers.map((_, i) => (i === 0 ? 0 : i === 1 ? NaN : 0.01));
    mount().update(data);
    expect(bars(runColor(0))).toHaveLength(20 - 2);
    expect(bars(runColor(1))).toHaveLength(22);
  });

  it('puts bar heights on a log scale: 10⁻³ is a quarter of the way up [10⁻⁴, 1]', () => {
    const run: BarRun = {
      id: 'r',
      label: 'r',
      color: '#000',
      layers: ['a', 'b', 'c'],
      norms: [1e-3, 1e-2, 1],
    };
    mount({ domain: [-4, 0], height: 304 }).update({ runs: [run] });
    const plotH = 304 - 40 - 64;
    const heights = bars().map((r) => Number(r.getAttribute('height')));
    expect(heights).toEqual([plotH / 4, plotH / 2, plotH]);
    const ticks = [...host.querySelectorAll('g.y-axis .tick text')].map((t) => t.textContent);
    expect(ticks).toEqual(['10⁻⁴', '10⁻³', '10⁻²', '10⁻¹', '1']);
  });

  it('names itself and its runs for assistive technology', () => {
    mount().update(paperLike());
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe(
      'Latest gradient norm per layer, log scale: plain-20, ResNet-20',
    );
  });

  it('updates bars in place: same root and same rect elements on the next frame', () => {
    const chart = mount();
    const data = paperLike();
    chart.update(data);
    const svg = host.querySelector('svg');
    const first = bars(runColor(1))[3];
    const before = first!.getAttribute('height');
    const next = paperLike();
    next.runs[1]!.norms = Float32Array.from(next.runs[1]!.norms, (v) => v / 4);
    chart.update(next);
    expect(host.querySelectorAll('svg')).toHaveLength(1);
    expect(host.querySelector('svg')).toBe(svg);
    expect(bars(runColor(1))[3]).toBe(first);
    expect(first!.getAttribute('height')).not.toBe(before);
  });

  it('gives a table of the latest norms, one column per run, a dash where a run lacks the layer', () => {
    const t = gradientBarsTable(paperLike());
    expect(t.columns).toEqual(['layer', 'plain-20 gradient norm', 'ResNet-20 gradient norm']);
    expect(t.rows).toHaveLength(22);
    expect(t.rows[0]).toEqual(['stem.conv', Number((0.05 * 0.6 ** 19).toPrecision(3)), 0.03]);
    const proj = t.rows.find((r) => r[0] === 'stage2.block1.shortcut.conv')!;
    expect(proj[1]).toBe('—');
    expect(typeof proj[2]).toBe('number');
  });
});
