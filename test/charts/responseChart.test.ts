// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import type { ResponseChartData } from '../../src/charts/responseChart';
import {
  createResponseChart,
  responsePoints,
  responseRatioTable,
  responseTable,
} from '../../src/charts/responseChart';
import { expectGolden } from './golden';

const BLOCKS = [1, 2, 3].flatMap((s) => [1, 2, 3].map((b) => `stage${s}.block${b}`));
const LAYERS = ['stem.conv', ...BLOCKS.flatMap((b) => [`${b}.conv1`, `${b}.conv2`])];

/** Seeded Fig.-7-like responses of a 20-layer pair: plain layers respond ~1, residual ones less, shrinking with depth. */
function fig7(): ResponseChartData {
  const rng = createRng(7);
  const plain = LAYERS.map(() => 0.9 + 0.35 * rng.next());
  const res = LAYERS.map((_, i) => 0.6 * Math.exp(-i / 12) + 0.15 * rng.next());
  const plainRatio = BLOCKS.map(() => 0.9 + 0.3 * rng.next());
  const resRatio = BLOCKS.map((_, i) => 0.5 * Math.exp(-i / 5) + 0.05 * rng.next());
  const run = (id: string, std: number[], ratio: number[]) => ({
    id,
    label: id,
    layerStd: Float32Array.from(std),
    layerNames: LAYERS,
    blockRatio: Float32Array.from(ratio),
    blockNames: BLOCKS,
  });
  return {
    runs: [run('plain-20', plain, plainRatio), run('ResNet-20', res, resRatio)],
    heldOut: { n: 256, unit: 'images' },
  };
}

let host: HTMLDivElement;
const mount = (...args: Parameters<typeof createResponseChart> extends [unknown, ...infer O] ? O : never) => {
  host = document.createElement('div');
  return createResponseChart(host, ...args);
};
afterEach(() => host?.remove());

describe('responseChart goldens', () => {
  it('draws the std of each weight layer in network order (Fig. 7 top) beside ‖F(x)‖/‖x‖ per block', () => {
    mount().update(fig7());
    expectGolden('responseChart-layers', host);
  });

  it('draws the stds sorted by magnitude (Fig. 7 bottom)', () => {
    mount({ sorted: true }).update(fig7());
    expectGolden('responseChart-sorted', host);
  });
});

describe('responseChart', () => {
  it('says exactly what it measures, with the held-out batch’s size from the data', () => {
    const chart = mount();
    chart.update(fig7());
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    const said =
      'std of each weight layer’s output after batch norm, before ReLU and the addition; inference mode, held-out batch of 256 test images';
    expect(svg.getAttribute('aria-label')).toBe(
      `Layer responses of plain-20, ResNet-20: ${said}. Beside it, ‖F(x)‖ / ‖x‖ per block.`,
    );
    expect(Array.from(host.querySelectorAll('text.caption tspan'), (t) => t.textContent).join(' ')).toBe(
      said,
    );
    chart.update({ ...fig7(), heldOut: { n: 80, unit: 'points' } });
    expect(host.querySelector('text.caption')!.textContent).toMatch(/held-out batch of 80 test points$/);
  });

  it('draws one dot per layer per run, titled with the layer and its std', () => {
    mount().update(fig7());
    const dots = host.querySelectorAll('g.layers g.run[data-run="plain-20"] circle');
    expect(dots).toHaveLength(19);
    const std = fig7().runs[0]!.layerStd[0]!;
    expect(dots[0]!.querySelector('title')!.textContent).toBe(`plain-20 · stem.conv: ${+std.toPrecision(3)}`);
  });

  it('draws one dot per block per run in the ratio panel, to the right of the std panel', () => {
    mount().update(fig7());
    const dots = host.querySelectorAll('g.ratios g.run[data-run="ResNet-20"] circle');
    expect(dots).toHaveLength(9);
    expect(dots[8]!.querySelector('title')!.textContent).toMatch(/^ResNet-20 · stage3\.block3: /);
    expect(host.querySelector('g.ratios')!.getAttribute('transform')).toBe('translate(532,0)');
  });

  it('draws nothing for a hidden run', () => {
    const data = fig7();
    data.runs[1]!.visible = false;
    mount().update(data);
    expect(host.querySelector('g.run[data-run="ResNet-20"]')).toBeNull();
    expect(host.querySelectorAll('path.line')).toHaveLength(2);
  });

  it('toggles to sorted order through update, keeping the same svg and line', () => {
    const chart = mount();
    const data = fig7();
    chart.update(data);
    const svg = host.querySelector('svg');
    const path = host.querySelector('g.layers path.line');
    const ratio = host.querySelector('g.ratios path.line')!.getAttribute('d');
    const before = path!.getAttribute('d');
    chart.update(data, { sorted: true });
    expect(host.querySelector('svg')).toBe(svg);
    expect(host.querySelector('g.layers path.line')).toBe(path);
    expect(path!.getAttribute('d')).not.toBe(before);
    expect(host.querySelector('g.ratios path.line')!.getAttribute('d')).toBe(ratio);
    expect(host.querySelector('g.layers text.x-label')!.textContent).toMatch(/sorted/);
  });

  it('ranks sorted points largest first, remembering their layers', () => {
    const pts = responsePoints(
      { id: 'a', label: 'a', layerStd: [0.2, 0.9, 0.5], layerNames: ['l1', 'l2', 'l3'] },
      true,
    );
    expect(pts).toEqual([
      { x: 1, value: 0.9, name: 'l2' },
      { x: 2, value: 0.5, name: 'l3' },
      { x: 3, value: 0.2, name: 'l1' },
    ]);
  });
});

describe('responseTable', () => {
  const data: ResponseChartData = {
    runs: [
      {
        id: 'p',
        label: 'plain',
        layerStd: [1.25, 0.5, 0.75],
        layerNames: ['stem.fc', 's1.b1.conv1', 's1.b1.conv2'],
        blockRatio: [1.5],
        blockNames: ['s1.b1'],
      },
      {
        id: 'r',
        label: 'resnet',
        layerStd: [0.25, 0.125, 0.0625],
        layerNames: ['stem.fc', 's1.b1.conv1', 's1.b1.conv2'],
        blockRatio: [0.25],
        blockNames: ['s1.b1'],
      },
      { id: 'h', label: 'hidden', visible: false, layerStd: [9, 9, 9] },
    ],
  };

  it('lists each weight layer’s name and latest std per shown run', () => {
    expect(responseTable(data)).toEqual({
      columns: ['layer', 'name', 'plain', 'resnet'],
      rows: [
        [1, 'stem.fc', '1.25', '0.25'],
        [2, 's1.b1.conv1', '0.5', '0.125'],
        [3, 's1.b1.conv2', '0.75', '0.0625'],
      ],
    });
  });

  it('lists ranks when sorted', () => {
    expect(responseTable({ runs: [data.runs[1]!, data.runs[0]!] }, true)).toEqual({
      columns: ['rank', 'resnet', 'plain'],
      rows: [
        [1, '0.25', '1.25'],
        [2, '0.125', '0.75'],
        [3, '0.0625', '0.5'],
      ],
    });
  });

  it('lists each block’s ‖F(x)‖/‖x‖ per shown run in the ratio table', () => {
    expect(responseRatioTable(data)).toEqual({
      columns: ['block', 'name', 'plain', 'resnet'],
      rows: [[1, 's1.b1', '1.5', '0.25']],
    });
  });
});
