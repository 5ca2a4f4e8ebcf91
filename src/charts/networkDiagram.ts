/**
 * Network diagram: a network drawn from its layer graph (core/graph.ts). The stem, every
 * residual (or plain) block in order, and the head are boxes on a chain, each stage's blocks
 * bracketed and labelled. A shallow net fits one row; in a deeper one each stage starts a row
 * and a long stage is split evenly over several. A block's shortcut is an arc over its box:
 * solid for an identity, dotted and marked "A" for option A's zero-padded identity, dashed
 * with a "1×1" mark for a projection (options B, C); a plain twin has no arcs. "/2" marks a
 * block that downsamples. Boxes can be tinted by each block's live gradient norm.
 */
import { select } from 'd3';
import type { BlockNode, NetGraph } from '../core/graph';
import type { LayerRow } from '../core/layerTable';
import { LEGEND_HEIGHT, drawGradientLegend, fitDomain, gradientColor } from './colorScales';
import type { Log10Domain } from './colorScales';
import {
  BLOCK_FILL,
  FONT_FAMILY,
  FONT_LABEL,
  FONT_TICK,
  INK,
  INK_SOFT,
  LIGHT,
  OPS_FILL,
  PAPER,
  SELECTED,
} from './palette';
import type { ChartTable } from './scales';

export interface NetworkDiagramData {
  /** `buildGraph(spec)`. */
  graph: NetGraph;
  /** `layerTable(spec).rows`: the shapes shown on hover. */
  rows: LayerRow[];
  /** `layerTable(spec).inputShape`. */
  inputShape?: number[];
  /** Name of the net for the accessible label, e.g. "ResNet-56". */
  name?: string;
  /** The selected block's name. */
  selected?: string;
  /** Latest gradient norm per block name (e.g. from `ProbeRecord.blockGradNorms`). */
  gradNorms?: Map<string, number>;
}

export interface NetworkDiagramOptions {
  width?: number;
  onSelect?: (blockName: string) => void;
  /** Fixed log10 domain of the gradient tint; otherwise fitted to `gradNorms`. */
  gradDomain?: Log10Domain;
}

import {
  BOX_H,
  ARC_SPACE,
  BELOW,
  LANE_H,
  RETURN_X,
  LEFT,
  CHAR_W,
  shapeText,
  itemTitle,
  blockAria,
  chainUnits,
  diagramLayout,
} from './networkLayout';
import type { ShortcutKind, DiagramItem, StageSpan, DiagramLayout } from './networkLayout';
export type { ShortcutKind, DiagramItem, StageSpan, DiagramLayout } from './networkLayout';
export { itemTitle, diagramLayout } from './networkLayout';

/** Text alternative: one row per block. */
export function networkDiagramTable(data: NetworkDiagramData): ChartTable {
  const items = chainUnits(data.graph, data.rows, data.inputShape);
  const columns = ['block', 'stage', 'input', 'output', 'shortcut'];
  if (data.gradNorms) columns.push('gradient norm');
  const rows = items
    .filter((i) => i.block)
    .map((i) => {
      const row: (string | number)[] = [i.name, i.block!.stage, i.inShape, i.outShape, i.shortcut];
      const v = data.gradNorms?.get(i.name);
      if (data.gradNorms) row.push(v === undefined ? '—' : Number(v.toPrecision(3)));
      return row;
    });
  return { columns, rows };
}

const DASH: Record<ShortcutKind, string | null> = {
  none: null,
  identity: null,
  padded: '2 5',
  projection: '9 5',
};
const KEY: Record<Exclude<ShortcutKind, 'none'>, string> = {
  identity: 'identity shortcut',
  padded: 'A: zero-padded identity',
  projection: 'projection shortcut',
};
const r1 = (v: number) => Math.round(v * 10) / 10;
let instances = 0;

export function createNetworkDiagram(el: HTMLElement, options: NetworkDiagramOptions = {}) {
  const width = options.width ?? 960;
  const gradientId = `reslab-network-legend-${++instances}`;
  // With onSelect its blocks are buttons, which an role="img" would hide (and nest): a group.
  const interactive = options.onSelect !== undefined;
  const svg = select(el)
    .append('svg')
    .attr('class', 'network-diagram')
    .attr('role', interactive ? 'group' : 'img')
    .attr('width', width)
    .attr('viewBox', `0 0 ${width} 0`)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', FONT_TICK);
  const background = svg.append('rect').attr('width', width).attr('fill', PAPER);
  const labels = svg.append('g').attr('class', 'stages');
  const chain = svg
    .append('path')
    .attr('class', 'chain')
    .attr('fill', 'none')
    .attr('stroke', INK_SOFT)
    .attr('stroke-width', 1.5);
  const arcs = svg.append('g').attr('class', 'shortcuts');
  const boxes = svg.append('g').attr('class', 'boxes');
  const key = svg.append('g').attr('class', 'key');
  const tint = svg.append('g').attr('class', 'tint-legend');

  let layout: DiagramLayout | null = null;
  let laidOut: { graph?: NetGraph; rows?: LayerRow[]; input?: string } = {};

  function draw(l: DiagramLayout): void {
    // Brackets under each stage's blocks, one per row the stage spans.
    const span = labels
      .selectAll<SVGGElement, StageSpan>('g.stage')
      .data(l.stages, (st) => `${st.stage}:${st.lane}`)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'stage');
        g.append('path').attr('fill', 'none').attr('stroke', INK_SOFT).attr('stroke-width', 1.5);
        g.append('text').attr('y', 30).attr('fill', INK).attr('font-size', FONT_TICK);
        return g;
      })
      .attr('transform', (st) => `translate(${st.x0},${st.lane * LANE_H + ARC_SPACE + BOX_H})`);
    span.select('path').attr('d', (st) => `M0,6V11H${st.x1 - st.x0}V6`);
    span.select('text').text((st) => st.label);

    // The forward path: left to right along a row, then back along the left edge to the next.
    let d = '';
    l.items.forEach((it, i) => {
      const mid = it.y + it.h / 2;
      const before = l.items[i - 1];
      if (!before) return;
      const from = before.x + before.w;
      if (before.lane === it.lane) d += `M${from},${mid}H${it.x}`;
      else {
        const down = before.y + before.h + BELOW - 6;
        d += `M${from},${before.y + before.h / 2}H${from + 8}V${down}H${RETURN_X}V${mid}H${it.x}`;
      }
    });
    chain.attr('d', d);

    const withArc = l.items.filter((it) => it.shortcut !== 'none');
    const gap = l.gap;
    const arc = arcs
      .selectAll<SVGGElement, DiagramItem>('g.shortcut-group')
      .data(withArc, (it) => it.name)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'shortcut-group');
        g.append('path')
          .attr('class', 'shortcut')
          .attr('fill', 'none')
          .attr('stroke', INK)
          .attr('stroke-width', 2)
          .attr('stroke-linecap', 'round');
        g.append('circle')
          .attr('class', 'add')
          .attr('r', 5)
          .attr('fill', PAPER)
          .attr('stroke', INK)
          .attr('stroke-width', 1.5);
        return g;
      });
    arc.each(function (it) {
      const g = select(this);
      const x0 = it.x - gap / 2;
      const x1 = it.x + it.w + gap / 2;
      const mid = it.y + it.h / 2;
      const c = mid - 56; // the curve peaks at ¼·mid + ¾·c = 20px above the box
      const peak = r1(0.25 * mid + 0.75 * c);
      g.attr('data-block', it.name);
      g.select('path')
        .attr('d', `M${r1(x0)},${mid}C${r1(x0)},${c} ${r1(x1)},${c} ${r1(x1)},${mid}`)
        .attr('data-shortcut', it.shortcut)
        .attr('stroke-dasharray', DASH[it.shortcut]);
      g.select('circle').attr('cx', r1(x1)).attr('cy', mid);
      const mark = shortcutMark(it.block!);
      const m = g
        .selectAll('g.mark')
        .data(mark ? [mark] : [])
        .join((enter) => {
          const e = enter.append('g').attr('class', 'mark');
          e.append('rect').attr('height', 18).attr('y', -9).attr('fill', PAPER);
          e.append('text')
            .attr('y', 5)
            .attr('text-anchor', 'middle')
            .attr('fill', INK)
            .attr('font-size', FONT_TICK);
          return e;
        });
      m.attr('transform', `translate(${r1((x0 + x1) / 2)},${peak})`);
      m.select('rect')
        .attr('x', (t) => -r1(t.length * CHAR_W) / 2 - 5)
        .attr('width', (t) => r1(t.length * CHAR_W) + 10)
        .attr('stroke', (t) => (t === 'A' ? 'none' : INK))
        .attr('rx', 3);
      m.select('text').text((t) => t);
    });

    const box = boxes
      .selectAll<SVGGElement, DiagramItem>('g.item')
      .data(l.items, (it) => it.name)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'item');
        g.append('title');
        g.append('rect').attr('rx', 6).attr('height', BOX_H);
        g.append('text').attr('class', 'line1').attr('text-anchor', 'middle');
        g.append('text').attr('class', 'line2').attr('text-anchor', 'middle');
        return g;
      })
      .attr('transform', (it) => `translate(${it.x},${it.y})`)
      .attr('data-block', (it) => (it.block ? it.name : null))
      .attr('data-ops', (it) => (it.kind === 'ops' ? it.name : null))
      .attr('data-io', (it) => (it.kind === 'io' ? it.name : null))
      .attr('data-shape', (it) => (it.kind === 'io' ? it.outShape : `${it.inShape} → ${it.outShape}`))
      .attr('role', (it) => (interactive && it.block ? 'button' : null))
      .attr('tabindex', (it) => (interactive && it.block ? 0 : null))
      .attr('aria-label', (it) => (interactive && it.block ? blockAria(it) : null))
      .style('cursor', (it) => (interactive && it.block ? 'pointer' : null))
      .on('click', (_, it) => it.block && options.onSelect?.(it.name))
      .on('keydown', (event: KeyboardEvent, it) => {
        if (!it.block || (event.key !== 'Enter' && event.key !== ' ')) return;
        event.preventDefault();
        options.onSelect?.(it.name);
      });
    box
      .select('rect')
      .attr('width', (it) => it.w)
      .attr('display', (it) => (it.kind === 'io' ? 'none' : null));
    box
      .selectAll<SVGTextElement, DiagramItem>('text')
      .attr('x', (it) => (it.kind === 'io' ? 0 : it.w / 2))
      .attr('text-anchor', (it) => (it.kind === 'io' ? 'start' : 'middle'));
    box
      .select('text.line1')
      .attr('y', (it) => (it.lines.length > 1 ? 19 : 28))
      .attr('font-size', (it) => (it.block ? FONT_LABEL : FONT_TICK))
      .attr('font-weight', (it) => (it.kind === 'io' ? 600 : null))
      .text((it) => it.lines[0]!);
    box
      .select('text.line2')
      .attr('y', 37)
      .text((it) => it.lines[1] ?? '');

    // The key lists the shortcut styles this net uses, or says it has none.
    const kinds = (['identity', 'padded', 'projection'] as const).filter((k) =>
      l.items.some((it) => it.shortcut === k),
    );
    const convProjection = l.items.some((it) => it.block && shortcutMark(it.block) === '1×1');
    const entries: { k: ShortcutKind; text: string }[] = kinds.length
      ? kinds.map((k) => ({
          k,
          text: k === 'projection' && convProjection ? 'projection (1×1 conv)' : KEY[k],
        }))
      : [{ k: 'none' as const, text: 'plain net: no shortcuts' }];
    let at = LEFT;
    key.attr('transform', `translate(0,${l.height + 8})`);
    key
      .selectAll<SVGGElement, { k: ShortcutKind; text: string }>('g.key-item')
      .data(entries, (e) => e.k)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'key-item');
        g.append('line')
          .attr('x2', 36)
          .attr('stroke', INK)
          .attr('stroke-width', 2)
          .attr('stroke-linecap', 'round');
        g.append('text').attr('y', 5).attr('fill', INK);
        return g;
      })
      .attr('transform', (e) => {
        const t = `translate(${at},0)`;
        at += (e.k === 'none' ? 0 : 44) + e.text.length * CHAR_W + 28;
        return t;
      })
      .call((g) =>
        g
          .select('line')
          .attr('stroke-dasharray', (e) => DASH[e.k])
          .attr('display', (e) => (e.k === 'none' ? 'none' : null)),
      )
      .call((g) =>
        g
          .select('text')
          .attr('x', (e) => (e.k === 'none' ? 0 : 44))
          .text((e) => e.text),
      );
  }

  function style(data: NetworkDiagramData, l: DiagramLayout): void {
    const norms = data.gradNorms;
    const logs = new Map<string, number>();
    if (norms) for (const [k, v] of norms) if (v > 0 && Number.isFinite(v)) logs.set(k, Math.log10(v));
    const domain = options.gradDomain ?? fitDomain(logs.values());
    const color = gradientColor(domain);
    const fill = (it: DiagramItem) => {
      const v = it.block ? logs.get(it.name) : undefined;
      return v === undefined ? (it.block ? BLOCK_FILL : OPS_FILL) : color(v);
    };
    const item = boxes.selectAll<SVGGElement, DiagramItem>('g.item');
    item.attr('aria-pressed', (it) => (interactive && it.block ? String(it.name === data.selected) : null));
    item
      .select('rect')
      .attr('fill', fill)
      .attr('stroke', (it) => (it.name === data.selected ? SELECTED : INK_SOFT))
      .attr('stroke-width', (it) => (it.name === data.selected ? 3.5 : 1.5));
    // On a viridis cell the text follows the cell (light on its dark end), not the theme.
    item.each(function (it) {
      const v = it.block ? logs.get(it.name) : undefined;
      const ink = v === undefined ? INK : domainT(v, domain) < 0.55 ? LIGHT.paper : LIGHT.ink;
      select(this).selectAll('text').attr('fill', ink);
    });
    item.select('title').text((it) => itemTitle(it, it.block ? norms?.get(it.name) : undefined));
    const tintShown = logs.size > 0;
    const height = l.height + 28 + (tintShown ? LEGEND_HEIGHT + 8 : 0);
    svg.attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    background.attr('height', height);
    tint.attr('display', tintShown ? null : 'none').attr('transform', `translate(${LEFT},${l.height + 32})`);
    if (tintShown)
      drawGradientLegend(tint, {
        domain,
        width: Math.min(320, width - LEFT - 40),
        title: 'block gradient norm',
        gradientId,
      });
    const blocks = l.items.filter((it) => it.block).length;
    const stages = new Set(l.items.filter((it) => it.block).map((it) => it.block!.stage)).size;
    svg.attr(
      'aria-label',
      `Network diagram of ${data.name ?? 'the network'}: ${plural(blocks, 'block')} in ${plural(stages, 'stage')}`,
    );
  }

  function update(data: NetworkDiagramData): void {
    const input = shapeText(data.inputShape);
    if (!layout || laidOut.graph !== data.graph || laidOut.rows !== data.rows || laidOut.input !== input) {
      layout = diagramLayout(data.graph, data.rows, width, data.inputShape);
      laidOut = { graph: data.graph, rows: data.rows, input };
      draw(layout);
    }
    style(data, layout);
  }

  return {
    update,
    destroy(): void {
      svg.selectAll('g.item').on('click', null).on('keydown', null);
      svg.remove();
    },
  };
}

/** The mark on a shortcut arc: "A" for zero padding, "1×1" for a conv projection. */
function shortcutMark(b: BlockNode): string | null {
  const s = b.shortcut;
  if (s.type === 'padded') return 'A';
  if (s.type === 'projection') return s.ops[0]?.type === 'conv' ? '1×1' : 'proj';
  return null;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function domainT(v: number, [lo, hi]: Log10Domain): number {
  return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}
