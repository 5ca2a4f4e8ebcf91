// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { blockAnatomy, shortcutCosts } from '../../src/core/blockAnatomy';
import type { BlockChoice } from '../../src/core/blockAnatomy';
import { basicVsBottleneckLab, labMacs, shortcutOptionsLab } from '../../src/core/labExperiments';
import { RESNET34_SHORTCUT_TOP1 } from '../../src/core/paperResults';
import { decodeLabState } from '../../src/core/urlCodec';
import { BlocksPage } from '../../src/pages/BlocksPage';

afterEach(cleanup);

function renderBlocks() {
  return render(
    <MemoryRouter>
      <BlocksPage />
    </MemoryRouter>,
  );
}

const num = (s: string) => Number(s.replace(/,/g, ''));
/** The rendered per-layer table of a block: name → [parameters, multiply-adds]. */
function blockTable(title: 'Basic block' | 'Bottleneck block') {
  const table = screen.getByRole('table', { name: `${title}: parameters and multiply-adds per layer` });
  return new Map(
    [...table.querySelectorAll('tbody tr')].map((tr) => {
      const cell = (k: string) => tr.querySelector(`td[data-col="${k}"]`)!.textContent!;
      return [tr.getAttribute('data-row')!, [num(cell('params')), num(cell('macs'))]] as const;
    }),
  );
}
function expectCoreFigures(choice: Omit<BlockChoice, 'block'>) {
  for (const block of ['basic', 'bottleneck'] as const) {
    const a = blockAnatomy({ ...choice, block });
    const shown = blockTable(block === 'basic' ? 'Basic block' : 'Bottleneck block');
    // Every step with parameters or multiply-adds: the convolutions and the batch norms.
    const weights = a.steps.filter((s) => s.params > 0 || s.macs > 0);
    expect(weights.filter((s) => s.kind === 'conv')).toHaveLength(block === 'basic' ? 2 : 3);
    expect([...shown.keys()]).toEqual([...weights.map((s) => s.name.replace('stage1.block1.', '')), 'total']);
    weights.forEach((s) =>
      expect(shown.get(s.name.replace('stage1.block1.', ''))).toEqual([s.params, s.macs]),
    );
    expect(shown.get('total')).toEqual([a.params, a.macs]);
  }
}
/** Lets ChartHost's animation-frame update reach the chart. */
const frame = () => act(() => new Promise<void>((r) => requestAnimationFrame(() => r())));

describe('Blocks page', () => {
  it('keeps the heading "Residual blocks"', () => {
    renderBlocks();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toBe('Residual blocks');
  });

  it('shows the core’s parameters and multiply-adds per layer and in total, at the paper’s Figure 5 setting', () => {
    renderBlocks();
    expectCoreFigures({ width: 64, size: 56, activation: 'post' });
    expect(screen.getByTestId('matched-cost').textContent).toMatch(/the two blocks of the paper’s Figure 5/);
  });

  it('recounts for the width and input size the learner picks', () => {
    renderBlocks();
    fireEvent.change(screen.getByLabelText('Width w'), { target: { value: '32' } });
    fireEvent.change(screen.getByLabelText('Input size'), { target: { value: '14' } });
    expectCoreFigures({ width: 32, size: 14, activation: 'post' });
  });

  it('redraws both blocks in the pre-activation order when toggled', async () => {
    renderBlocks();
    await frame();
    const kinds = () =>
      [...document.querySelectorAll('[data-block-type="basic"] g.step')].map((g) =>
        g.getAttribute('data-kind'),
      );
    expect(kinds()).toEqual(['conv', 'bn', 'relu', 'conv', 'bn', 'add', 'relu']);
    fireEvent.click(screen.getByLabelText('pre-activation (2016)'));
    await frame();
    expect(kinds()).toEqual(['bn', 'relu', 'conv', 'bn', 'relu', 'conv', 'add']);
    expectCoreFigures({ width: 64, size: 56, activation: 'pre' });
  });

  it('counts what shortcut options A, B and C add to ResNet-34, next to the paper’s Table 3 errors', () => {
    renderBlocks();
    const table = screen.getByRole('table', { name: 'Shortcut options A, B and C in ResNet-34' });
    const rows = [...table.querySelectorAll('tbody tr')];
    const costs = shortcutCosts(34);
    rows.forEach((tr, i) => {
      const cell = (k: string) => tr.querySelector(`td[data-col="${k}"]`)!.textContent!;
      const c = costs[i]!;
      expect(cell('option')).toBe(c.option);
      expect(num(cell('params'))).toBe(c.params);
      expect(num(cell('extra'))).toBe(c.extraParams);
      expect(num(cell('projections'))).toBe(c.projections);
      expect(cell('top1')).toBe(RESNET34_SHORTCUT_TOP1[c.option].top1.toFixed(2));
    });
    expect(table.closest('.data-table')!.textContent).toMatch(/reported by .*Table 3.*not measured here/);
  });

  it('counts the options for ResNet-50 too, without errors the paper does not report', () => {
    renderBlocks();
    fireEvent.change(screen.getByLabelText('Network'), { target: { value: '50' } });
    const table = screen.getByRole('table', { name: 'Shortcut options A, B and C in ResNet-50' });
    const params = [...table.querySelectorAll('td[data-col="params"]')].map((td) => num(td.textContent!));
    expect(params).toEqual(shortcutCosts(50).map((c) => c.params));
    expect(table.querySelector('td[data-col="top1"]')).toBeNull();
  });

  it('opens the Lab on basic vs bottleneck nets matched in multiply-adds', () => {
    renderBlocks();
    const href = screen.getByRole('link', { name: 'Train both in the Lab' }).getAttribute('href')!;
    const { state, notices } = decodeLabState(href.split('?')[1]!);
    expect(notices).toEqual([]);
    expect(state).toEqual(basicVsBottleneckLab());
    const [basic, bottleneck] = state.runs.map(labMacs) as [number, number];
    expect(state.runs.map((r) => r.block)).toEqual(['basic', 'bottleneck']);
    expect(Math.abs(bottleneck / basic - 1)).toBeLessThan(0.05);
  });

  it('opens the Lab on options A, B and C', () => {
    renderBlocks();
    const href = screen.getByRole('link', { name: 'Train A vs B vs C in the Lab' }).getAttribute('href')!;
    const { state, notices } = decodeLabState(href.split('?')[1]!);
    expect(notices).toEqual([]);
    expect(state).toEqual(shortcutOptionsLab());
    expect(state.runs.map((r) => [r.shortcuts, r.option])).toEqual([
      [true, 'A'],
      [true, 'B'],
      [true, 'C'],
    ]);
  });
});
