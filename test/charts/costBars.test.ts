// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import type { NetSpec } from '../../src/core/netSpec';
import type { CostBarsData, CostRun } from '../../src/charts/costBars';
import { aggregateRows, costGroups, costTable, createCostBars } from '../../src/charts/costBars';
import { formatCount } from '../../src/charts/scales';
import { expectGolden } from './golden';

function runOf(spec: NetSpec): CostRun {
  const t = layerTable(spec);
  const name = spec.name ?? spec.kind;
  return {
    id: name,
    label: name,
    rows: t.rows,
    totals: { params: t.params, macs: t.macs, flops: t.flops },
  };
}

/** ResNet-20 above its plain twin: CIFAR nets of §4.2. */
const twins = (depth = 20): CostBarsData => ({
  runs: [runOf(cifarNet(depth, { shortcut: 'none' })), runOf(cifarNet(depth))],
});

let host: HTMLDivElement;
const mount = (...args: Parameters<typeof createCostBars> extends [unknown, ...infer O] ? O : never) => {
  host = document.createElement('div');
  return createCostBars(host, ...args);
};
afterEach(() => host?.remove());

describe('costBars goldens', () => {
  it('draws MACs per block of plain-20 and ResNet-20', () => {
    mount({ metric: 'macs' }).update(twins());
    expectGolden('costBars-macs', host);
  });

  it('draws parameters per layer of a small MLP, every bar labelled', () => {
    mount({ metric: 'params' }).update({ runs: [runOf(mlp(6, 32))] });
    expectGolden('costBars-params-mlp', host);
  });
});

describe('costBars', () => {
  it('names itself to assistive technology', () => {
    mount().update(twins());
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Cost per layer');
  });

  it('shows one bar per block, not per op, for a 110-layer net', () => {
    const data = { runs: [runOf(cifarNet(110))] };
    mount({ metric: 'flops' }).update(data);
    const bars = host.querySelectorAll('g.panel rect');
    // stem conv, bn, relu + 54 blocks + gap + fc
    expect(bars).toHaveLength(3 + 54 + 2);
    expect(data.runs[0]!.rows.length).toBeGreaterThan(350);
  });

  it('omits weightless layers when the metric is params', () => {
    mount({ metric: 'params' }).update({ runs: [runOf(cifarNet(20))] });
    const titles = [...host.querySelectorAll('g.panel rect title')].map((t) => t.textContent);
    expect(titles.some((t) => /stem\.relu|gap/.test(t!))).toBe(false);
    expect(titles.some((t) => /stem\.conv/.test(t!))).toBe(true);
  });

  it('prints each run’s total in its panel title', () => {
    const data = twins();
    mount({ metric: 'macs' }).update(data);
    const titles = [...host.querySelectorAll('text.title')].map((t) => t.textContent);
    expect(titles).toEqual([
      `plain-20: ${formatCount(data.runs[0]!.totals.macs)} MACs (multiply-adds)`,
      `ResNet-20: ${formatCount(data.runs[1]!.totals.macs)} MACs (multiply-adds)`,
    ]);
    expect(titles[1]).toBe('ResNet-20: 40.6 M MACs (multiply-adds)');
  });

  it('switches metric through update without re-creating the svg', () => {
    const chart = mount({ metric: 'macs' });
    chart.update(twins());
    const svg = host.querySelector('svg');
    const count = host.querySelectorAll('g.panel rect').length;
    chart.update(twins(), { metric: 'flops' });
    expect(host.querySelector('svg')).toBe(svg);
    // FLOPs count batch norm, ReLU and pooling too, so those layers gain bars.
    expect(host.querySelectorAll('g.panel rect').length).toBeGreaterThan(count);
    expect(host.querySelector('text.title')!.textContent).toMatch(/FLOPs$/);
  });
});

describe('cost aggregation', () => {
  it('sums rows per block in network order', () => {
    const t = layerTable(cifarNet(20));
    const groups = aggregateRows(t.rows, 'params');
    expect([...groups.keys()].slice(0, 5)).toEqual([
      'stem.conv',
      'stem.bn',
      'stem.relu',
      'stage1.block1',
      'stage1.block2',
    ]);
    // Two 3×3×16×16 convs and two batch norms of 16 channels.
    expect(groups.get('stage1.block1')).toBe(2 * 3 * 3 * 16 * 16 + 2 * 2 * 16);
    expect([...groups.values()].reduce((a, b) => a + b)).toBe(t.params);
  });

  it('merges the block orders of nets of different depths', () => {
    const { keys } = costGroups({ runs: [runOf(cifarNet(20)), runOf(cifarNet(32))] }, 'macs');
    expect(keys.slice(0, 7)).toEqual([
      'stem.conv',
      'stage1.block1',
      'stage1.block2',
      'stage1.block3',
      'stage1.block4',
      'stage1.block5',
      'stage2.block1',
    ]);
  });
});

describe('costTable', () => {
  it('lists each bar’s value per run and the totals', () => {
    const data = twins();
    const table = costTable(data, 'params');
    expect(table.columns).toEqual(['layer or block (parameters)', 'plain-20', 'ResNet-20']);
    expect(table.rows[0]).toEqual(['stem.conv', '432', '432']);
    expect(table.rows.at(-1)).toEqual(['total', formatCount(data.runs[0]!.totals.params), '270 k']);
  });
});
