// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import type { CifarOptions } from '../../src/core/catalog';
import { buildGraph, isBlock } from '../../src/core/graph';
import { layerTable } from '../../src/core/layerTable';
import type { NetworkDiagramData, NetworkDiagramOptions } from '../../src/charts/networkDiagram';
import { createNetworkDiagram, diagramLayout, networkDiagramTable } from '../../src/charts/networkDiagram';
import { expectGolden } from './golden';

function cifar(depth: number, o: CifarOptions = {}): NetworkDiagramData {
  const spec = cifarNet(depth, o);
  const table = layerTable(spec);
  return { graph: buildGraph(spec), rows: table.rows, inputShape: table.inputShape, name: spec.name };
}

let host: HTMLDivElement;
function mount(options: NetworkDiagramOptions = {}) {
  host = document.createElement('div');
  document.body.append(host);
  return createNetworkDiagram(host, options);
}
afterEach(() => host?.remove());

const blockBoxes = () => [...host.querySelectorAll<SVGGElement>('g.item[data-block]')];
const arcs = (kind?: string) =>
  [...host.querySelectorAll<SVGPathElement>('path.shortcut')].filter(
    (p) => !kind || p.getAttribute('data-shortcut') === kind,
  );
const box = (name: string) => host.querySelector<SVGGElement>(`g.item[data-block="${name}"]`)!;

describe('networkDiagram goldens', () => {
  it('draws a CIFAR ResNet-8 with option A shortcuts', () => {
    mount().update(cifar(8, { shortcut: 'A' }));
    expectGolden('networkDiagram-resnet8-A', host);
  });

  it('draws its plain twin without shortcut arcs', () => {
    mount().update(cifar(8, { shortcut: 'none' }));
    expectGolden('networkDiagram-plain8', host);
  });
});

describe('networkDiagram', () => {
  it('draws one box per block, 54 for a ResNet-110', () => {
    const data = cifar(110);
    mount().update(data);
    expect(data.graph.nodes.filter(isBlock)).toHaveLength(54);
    expect(blockBoxes()).toHaveLength(54);
  });

  it('keeps a 110-layer net legible: each stage starts a row and wraps evenly, nothing overlaps', () => {
    const data = cifar(110);
    const layout = diagramLayout(data.graph, data.rows, 960, data.inputShape);
    const blocks = layout.items.filter((it) => it.block);
    expect(Math.min(...blocks.map((b) => b.w))).toBeGreaterThanOrEqual(40);
    for (const it of layout.items) expect(it.x + it.w).toBeLessThanOrEqual(960);
    for (let i = 1; i < layout.items.length; i++) {
      const [a, b] = [layout.items[i - 1]!, layout.items[i]!];
      if (a.lane === b.lane) expect(b.x).toBeGreaterThan(a.x + a.w);
      if (a.block && b.block && a.block.stage !== b.block.stage) expect(b.lane).toBe(a.lane + 1);
    }
    // 18 blocks a stage, 9 to a row, each row bracketed and labelled with its stage.
    const spans = layout.stages.map((s) => [s.stage, blocks.filter((b) => b.lane === s.lane).length]);
    expect(spans).toEqual([
      [1, 9],
      [1, 9],
      [2, 9],
      [2, 9],
      [3, 9],
      [3, 9],
    ]);
    expect(layout.stages[0]!.label).toBe('stage 1 · 32×32×16');
  });

  it('draws a shallow net on one row', () => {
    const data = cifar(8);
    const layout = diagramLayout(data.graph, data.rows, 960, data.inputShape);
    expect(layout.lanes).toBe(1);
    expect(layout.items.map((it) => it.name)).toEqual([
      'input',
      'stem',
      'stage1.block1',
      'stage2.block1',
      'stage3.block1',
      'head',
      'output',
    ]);
  });

  it('draws option A shape changes dotted with an "A", identities solid', () => {
    mount().update(cifar(20, { shortcut: 'A' }));
    expect(arcs('padded')).toHaveLength(2);
    expect(arcs('identity')).toHaveLength(7);
    expect(arcs('projection')).toHaveLength(0);
    for (const p of arcs('padded')) expect(p.getAttribute('stroke-dasharray')).toBe('2 5');
    for (const p of arcs('identity')) expect(p.getAttribute('stroke-dasharray')).toBeNull();
    const marks = [...host.querySelectorAll('g.shortcut-group g.mark text')].map((t) => t.textContent);
    expect(marks).toEqual(['A', 'A']);
  });

  it('draws option B projections dashed with a "1×1" mark', () => {
    mount().update(cifar(20, { shortcut: 'B' }));
    expect(arcs('projection')).toHaveLength(2);
    expect(arcs('padded')).toHaveLength(0);
    expect(arcs('identity')).toHaveLength(7);
    for (const p of arcs('projection')) expect(p.getAttribute('stroke-dasharray')).toBe('9 5');
    const marked = [...host.querySelectorAll('g.shortcut-group')].filter((g) => g.querySelector('g.mark'));
    expect(marked.map((g) => g.getAttribute('data-block'))).toEqual(['stage2.block1', 'stage3.block1']);
    expect(marked.map((g) => g.querySelector('g.mark text')!.textContent)).toEqual(['1×1', '1×1']);
  });

  it('draws option C with a projection on every block', () => {
    mount().update(cifar(20, { shortcut: 'C' }));
    expect(arcs('projection')).toHaveLength(9);
    expect(arcs()).toHaveLength(9);
  });

  it('draws no arcs and no additions for a plain net, and says so in the key', () => {
    mount().update(cifar(20, { shortcut: 'none' }));
    expect(blockBoxes()).toHaveLength(9);
    expect(arcs()).toHaveLength(0);
    expect(host.querySelectorAll('circle.add')).toHaveLength(0);
    expect(host.querySelector('g.key')!.textContent).toContain('plain net: no shortcuts');
  });

  it('marks exactly the downsampling blocks "/2"', () => {
    mount().update(cifar(20));
    const marked = blockBoxes()
      .filter((g) => g.querySelector('text.line2')!.textContent === '/2')
      .map((g) => g.getAttribute('data-block'));
    expect(marked).toEqual(['stage2.block1', 'stage3.block1']);
  });

  it('shows tensor shapes on hover, in a <title> and a data attribute', () => {
    mount().update(cifar(20));
    const g = box('stage2.block1');
    expect(g.getAttribute('data-shape')).toBe('32×32×16 → 16×16×32');
    const title = g.querySelector('title')!.textContent!;
    expect(title).toContain('32×32×16 → 16×16×32');
    expect(title).toContain('option A: subsample /2, zero-pad +16 channels');
    expect(host.querySelector('g.item[data-ops="stem"]')!.getAttribute('data-shape')).toBe(
      '32×32×3 → 32×32×16',
    );
  });

  it('calls onSelect with the block name on click and on Enter', () => {
    const onSelect = vi.fn();
    mount({ onSelect }).update(cifar(20));
    box('stage2.block3').dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelect).toHaveBeenLastCalledWith('stage2.block3');
    box('stage1.block1').dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true }));
    expect(onSelect).toHaveBeenLastCalledWith('stage1.block1');
    host.querySelector('g.item[data-ops="stem"]')!.dispatchEvent(new MouseEvent('click', { bubbles: true }));
    expect(onSelect).toHaveBeenCalledTimes(2);
  });

  it('names a static chart as one image with no controls inside it', () => {
    mount().update(cifar(20));
    const svg = host.querySelector('svg')!;
    expect(svg.getAttribute('role')).toBe('img');
    expect(svg.getAttribute('aria-label')).toBe('Network diagram of ResNet-20: 9 blocks in 3 stages');
    expect(blockBoxes()).toHaveLength(9);
    expect(host.querySelectorAll('[role="button"], [tabindex]')).toHaveLength(0);
  });

  it('makes a selectable chart a named group of buttons, each named from its visible text', () => {
    mount({ onSelect: () => {} }).update(cifar(20));
    const svg = host.querySelector('svg')!;
    // axe's nested-interactive: buttons inside role="img" are hidden from assistive technology.
    expect(svg.getAttribute('role')).toBe('group');
    expect(svg.getAttribute('aria-label')).toBe('Network diagram of ResNet-20: 9 blocks in 3 stages');
    for (const g of blockBoxes()) {
      expect(g.getAttribute('role')).toBe('button');
      expect(g.getAttribute('aria-label')).toMatch(/^block \d( \/2)?: stage \d, /);
      expect(g.getAttribute('tabindex')).toBe('0');
    }
    expect(box('stage3.block1').getAttribute('aria-label')).toBe(
      'block 1 /2: stage 3, 16×16×32 to 8×8×64, downsamples by 2, zero-padded shortcut (option A)',
    );
  });

  it('names an MLP\'s numbered blocks "block n", keeping the visible number, and counts one stage', () => {
    const spec = mlp(52, 16);
    const table = layerTable(spec);
    // As narrow as a Lab column, where a box shows only its block's number.
    mount({ onSelect: () => {}, width: 268 }).update({
      graph: buildGraph(spec),
      rows: table.rows,
      inputShape: table.inputShape,
      name: 'plain-52',
    });
    const first = blockBoxes()[0]!;
    const visible = [...first.querySelectorAll('text')].map((t) => t.textContent).join('');
    expect(visible).toBe('1');
    expect(first.getAttribute('aria-label')).toBe('block 1: stage 1, 16 to 16, identity shortcut');
    expect(host.querySelector('svg')!.getAttribute('aria-label')).toBe(
      'Network diagram of plain-52: 25 blocks in 1 stage',
    );
  });

  it('reuses its root and boxes when update() only changes the selection', () => {
    const chart = mount({ onSelect: () => {} });
    const data = cifar(20);
    chart.update(data);
    const svg = host.querySelector('svg');
    const g = box('stage2.block2');
    chart.update({ ...data, selected: 'stage2.block2' });
    expect(host.querySelectorAll('svg')).toHaveLength(1);
    expect(host.querySelector('svg')).toBe(svg);
    expect(box('stage2.block2')).toBe(g);
    expect(g.getAttribute('aria-pressed')).toBe('true');
    expect(g.querySelector('rect')!.getAttribute('stroke-width')).toBe('3.5');
    expect(box('stage2.block1').getAttribute('aria-pressed')).toBe('false');
  });

  it('redraws in place when the net changes', () => {
    const chart = mount();
    chart.update(cifar(20, { shortcut: 'none' }));
    const svg = host.querySelector('svg');
    chart.update(cifar(20, { shortcut: 'B' }));
    expect(host.querySelector('svg')).toBe(svg);
    expect(arcs('projection')).toHaveLength(2);
    chart.update(cifar(8, { shortcut: 'none' }));
    expect(blockBoxes()).toHaveLength(3);
    expect(arcs()).toHaveLength(0);
  });

  it('tints blocks by gradient norm on a shared log scale and shows its legend', () => {
    const chart = mount({ gradDomain: [-4, 0] });
    const data = cifar(8);
    chart.update(data);
    expect(host.querySelector<SVGGElement>('g.tint-legend')!.getAttribute('display')).toBe('none');
    const gradNorms = new Map([
      ['stage1.block1', 1e-4],
      ['stage2.block1', 1e-2],
      ['stage3.block1', 1],
    ]);
    chart.update({ ...data, gradNorms });
    const fill = (n: string) => box(n).querySelector('rect')!.getAttribute('fill');
    // Viridis ends: dark purple at 10⁻⁴, yellow at 1, teal in the middle.
    expect(fill('stage1.block1')).toBe('#440154');
    expect(fill('stage3.block1')).toBe('#fde725');
    expect(fill('stage2.block1')).toBe('#21918c');
    expect(box('stage1.block1').querySelector('text')!.getAttribute('fill')).toBe('#ffffff');
    expect(box('stage1.block1').querySelector('title')!.textContent).toContain('gradient norm: 0.000100');
    expect(host.querySelector<SVGGElement>('g.tint-legend')!.getAttribute('display')).toBeNull();
  });

  it('groups the plain ops of an MLP into stem and head boxes', () => {
    const spec = mlp(8, 16);
    const table = layerTable(spec);
    mount().update({ graph: buildGraph(spec), rows: table.rows, inputShape: table.inputShape });
    const ops = [...host.querySelectorAll('g.item[data-ops]')].map((g) => g.getAttribute('data-ops'));
    expect(ops).toEqual(['stem', 'head']);
    expect(host.querySelector('g.item[data-ops="head"] text.line2')!.textContent).toBe(`fc ${spec.classes}`);
  });

  it('gives a table of every block as its text alternative', () => {
    const t = networkDiagramTable({
      ...cifar(8, { shortcut: 'B' }),
      gradNorms: new Map([['stage2.block1', 0.012345]]),
    });
    expect(t.columns).toEqual(['block', 'stage', 'input', 'output', 'shortcut', 'gradient norm']);
    expect(t.rows).toEqual([
      ['stage1.block1', 1, '32×32×16', '32×32×16', 'identity', '—'],
      ['stage2.block1', 2, '32×32×16', '16×16×32', 'projection', 0.0123],
      ['stage3.block1', 3, '16×16×32', '8×8×64', 'projection', '—'],
    ]);
  });
});
