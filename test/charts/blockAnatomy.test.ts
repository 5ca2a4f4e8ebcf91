// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { blockAnatomyTable, createBlockAnatomy } from '../../src/charts/blockAnatomy';
import { blockAnatomy } from '../../src/core/blockAnatomy';
import type { BlockChoice } from '../../src/core/blockAnatomy';
import { expectGolden } from './golden';

let host: HTMLDivElement;
function draw(c: BlockChoice) {
  host = document.createElement('div');
  document.body.append(host);
  const chart = createBlockAnatomy(host);
  chart.update(blockAnatomy(c));
  return chart;
}
afterEach(() => host?.remove());

const fig5 = { width: 64, size: 56 } as const;

describe('blockAnatomy goldens', () => {
  it('draws the basic block of Figure 5, post-activation', () => {
    draw({ block: 'basic', ...fig5, activation: 'post' });
    expectGolden('blockAnatomy-basic-post', host);
  });

  it('draws the bottleneck block of Figure 5, pre-activation', () => {
    draw({ block: 'bottleneck', ...fig5, activation: 'pre' });
    expectGolden('blockAnatomy-bottleneck-pre', host);
  });
});

describe('blockAnatomy', () => {
  it('is an image with a label naming the block and its cost', () => {
    draw({ block: 'basic', ...fig5, activation: 'post' });
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toMatch(
      /^Basic block: 56×56×64 in, 2 weight layers, identity shortcut/,
    );
  });

  it('draws one step per op, the addition after the branch, and BN-ReLU before each conv when pre-activated', () => {
    draw({ block: 'bottleneck', ...fig5, activation: 'pre' });
    const kinds = [...host.querySelectorAll('g.step')].map((g) => g.getAttribute('data-kind'));
    expect(kinds).toEqual(['bn', 'relu', 'conv', 'bn', 'relu', 'conv', 'bn', 'relu', 'conv', 'add']);
  });

  it('puts a ReLU after the addition in the post-activation order', () => {
    draw({ block: 'basic', ...fig5, activation: 'post' });
    const kinds = [...host.querySelectorAll('g.step')].map((g) => g.getAttribute('data-kind'));
    expect(kinds).toEqual(['conv', 'bn', 'relu', 'conv', 'bn', 'add', 'relu']);
  });

  it('tables every step with the core’s parameters and multiply-adds, and the total', () => {
    const a = blockAnatomy({ block: 'basic', ...fig5, activation: 'post' });
    const t = blockAnatomyTable(a);
    expect(t.rows.at(-1)).toEqual(['total', '', '', a.params, a.macs]);
    expect(t.rows[0]).toEqual(['stage1.block1.conv1', '3×3 conv, 64', '56×56×64', 36864, 36864 * 56 * 56]);
  });
});
