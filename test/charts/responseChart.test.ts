// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createRng } from '../../src/core/rng';
import type { ResponseChartData } from '../../src/charts/responseChart';
import { createResponseChart, responsePoints, responseTable } from '../../src/charts/responseChart';
import { expectGolden } from './golden';

const NAMES = [1, 2, 3].flatMap((s) => [1, 2, 3].map((b) => `stage${s}.block${b}`));

/** Seeded Fig.-7-like responses: plain blocks respond ~1, residual ones much less, shrinking with depth. */
function fig7(): ResponseChartData {
  const rng = createRng(7);
  const plain = NAMES.map(() => 0.9 + 0.35 * rng.next());
  const res = NAMES.map((_, i) => 0.6 * Math.exp(-i / 6) + 0.15 * rng.next());
  return {
    runs: [
      { id: 'plain-20', label: 'plain-20', blockStd: Float32Array.from(plain), blockNames: NAMES },
      { id: 'ResNet-20', label: 'ResNet-20', blockStd: Float32Array.from(res), blockNames: NAMES },
    ],
  };
}

let host: HTMLDivElement;
const mount = (...args: Parameters<typeof createResponseChart> extends [unknown, ...infer O] ? O : never) => {
  host = document.createElement('div');
  return createResponseChart(host, ...args);
};
afterEach(() => host?.remove());

describe('responseChart goldens', () => {
  it('draws the std of each block in layer order (Fig. 7 top)', () => {
    mount().update(fig7());
    expectGolden('responseChart-layers', host);
  });

  it('draws the stds sorted by magnitude (Fig. 7 bottom)', () => {
    mount({ sorted: true }).update(fig7());
    expectGolden('responseChart-sorted', host);
  });
});

describe('responseChart', () => {
  it('names itself to assistive technology', () => {
    mount().update(fig7());
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(/residual branch/);
  });

  it('draws one dot per block per run, titled with the block and its std', () => {
    mount().update(fig7());
    const dots = host.querySelectorAll('g.run[data-run="plain-20"] circle');
    expect(dots).toHaveLength(9);
    const std = fig7().runs[0]!.blockStd[0]!;
    expect(dots[0]!.querySelector('title')!.textContent).toBe(
      `plain-20 · stage1.block1: ${+std.toPrecision(3)}`,
    );
  });

  it('draws nothing for a hidden run', () => {
    const data = fig7();
    data.runs[1]!.visible = false;
    mount().update(data);
    expect(host.querySelector('g.run[data-run="ResNet-20"]')).toBeNull();
    expect(host.querySelectorAll('path.line')).toHaveLength(1);
  });

  it('toggles to sorted order through update, keeping the same svg and line', () => {
    const chart = mount();
    const data = fig7();
    chart.update(data);
    const svg = host.querySelector('svg');
    const path = host.querySelector('path.line');
    const before = path!.getAttribute('d');
    chart.update(data, { sorted: true });
    expect(host.querySelector('svg')).toBe(svg);
    expect(host.querySelector('path.line')).toBe(path);
    expect(path!.getAttribute('d')).not.toBe(before);
    expect(host.querySelector('text.x-label')!.textContent).toMatch(/sorted/);
  });

  it('ranks sorted points largest first, remembering their blocks', () => {
    const pts = responsePoints(
      { id: 'a', label: 'a', blockStd: [0.2, 0.9, 0.5], blockNames: ['b1', 'b2', 'b3'] },
      true,
    );
    expect(pts).toEqual([
      { x: 1, std: 0.9, block: 'b2' },
      { x: 2, std: 0.5, block: 'b3' },
      { x: 3, std: 0.2, block: 'b1' },
    ]);
  });
});

describe('responseTable', () => {
  const data: ResponseChartData = {
    runs: [
      { id: 'p', label: 'plain', blockStd: [1.25, 0.5], blockNames: ['s1.b1', 's1.b2'] },
      { id: 'r', label: 'resnet', blockStd: [0.25, 0.125], blockNames: ['s1.b1', 's1.b2'] },
      { id: 'h', label: 'hidden', visible: false, blockStd: [9, 9] },
    ],
  };

  it('lists the latest std of each block per shown run', () => {
    expect(responseTable(data)).toEqual({
      columns: ['block', 'name', 'plain', 'resnet'],
      rows: [
        [1, 's1.b1', '1.25', '0.25'],
        [2, 's1.b2', '0.5', '0.125'],
      ],
    });
  });

  it('lists ranks when sorted', () => {
    expect(
      responseTable({ runs: [data.runs[1]!, { ...data.runs[0]!, blockStd: [0.5, 1.25] }] }, true),
    ).toEqual({
      columns: ['rank', 'resnet', 'plain'],
      rows: [
        [1, '0.25', '1.25'],
        [2, '0.125', '0.5'],
      ],
    });
  });
});
