/**
 * Cost against accuracy for the ImageNet zoo: multiply-adds on x, the paper's reported
 * top-1 error on y, bubble area proportional to parameters, one colour per family (plain,
 * ResNet, VGG). Only models the paper reports an error for are drawn.
 */
import { scaleLinear, scaleSqrt } from 'd3';
import type { Selection } from 'd3';
import type { ZooRow } from '../core/zoo';
import { FONT_TICK, INK, INK_SOFT, RUN_COLORS } from './palette';
import type { ChartContainer, ChartTable, Margin } from './scales';
import { child, createRoot, drawAxes, formatCount, setSize } from './scales';

export interface ZooScatterOptions {
  width: number;
  height: number;
  label: string;
}

const DEFAULTS: ZooScatterOptions = {
  width: 760,
  height: 440,
  label: 'Multiply-adds against the paper’s reported top-1 error; bubble area is parameters',
};
const MARGIN: Margin = { top: 24, right: 32, bottom: 60, left: 76 };
export const FAMILY_COLORS: Record<ZooRow['family'], string> = {
  plain: RUN_COLORS[0],
  resnet: RUN_COLORS[1],
  vgg: RUN_COLORS[2],
};
const FAMILY_NAMES: Record<ZooRow['family'], string> = { plain: 'plain', resnet: 'ResNet', vgg: 'VGG' };
const MAX_R = 34;

type Reported = ZooRow & { reported: NonNullable<ZooRow['reported']> };
const reported = (rows: ZooRow[]) => rows.filter((r): r is Reported => r.reported !== undefined);

export function createZooScatter(el: ChartContainer, options: Partial<ZooScatterOptions> = {}) {
  const opts = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label);
  const axes = child<SVGGElement>(svg, 'g', 'axes');
  const dots = child<SVGGElement>(svg, 'g', 'dots');
  const labels = child<SVGGElement>(svg, 'g', 'labels');
  const key = child<SVGGElement>(svg, 'g', 'key');

  function update(rows: ZooRow[]) {
    const { width, height } = opts;
    const m = MARGIN;
    setSize(svg, width, height);
    const pts = reported(rows);
    const maxMacs = Math.max(1, ...pts.map((p) => p.macs));
    const errs = pts.map((p) => p.reported.top1);
    const x = scaleLinear([0, maxMacs * 1.1], [m.left, width - m.right]).nice();
    const y = scaleLinear(
      [Math.floor(Math.min(20, ...errs)), Math.ceil(Math.max(30, ...errs))],
      [height - m.bottom, m.top],
    ).nice();
    const r = scaleSqrt([0, Math.max(1, ...pts.map((p) => p.params))], [0, MAX_R]);
    drawAxes(axes, {
      width,
      height,
      margin: m,
      x,
      y,
      xFormat: (v) => formatCount(v),
      yFormat: (v) => `${v}%`,
      xLabel: 'multiply-adds per image (the paper’s “FLOPs”)',
      yLabel: 'top-1 error, % (reported by the paper)',
    });
    const g = dots
      .selectAll<SVGGElement, Reported>('g.dot')
      .data(pts, (p) => p.id)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'dot');
        e.append('circle');
        e.append('title');
        return e;
      })
      .attr('data-model', (p) => p.id)
      .attr('transform', (p) => `translate(${x(p.macs)},${y(p.reported.top1)})`);
    g.select('circle')
      .attr('r', (p) => r(p.params))
      .attr('fill', (p) => FAMILY_COLORS[p.family])
      .attr('fill-opacity', 0.35)
      .attr('stroke', (p) => FAMILY_COLORS[p.family])
      .attr('stroke-width', 2);
    drawLabels(
      labels,
      pts.map((p) => ({ p, cx: x(p.macs), cy: y(p.reported.top1), r: r(p.params) })),
      width - m.right,
      m.left,
    );
    g.select('title').text(
      (p) =>
        `${p.name}: ${formatCount(p.macs)} multiply-adds, ${formatCount(p.params)} parameters, ${p.reported.top1}% top-1 (paper, ${p.reported.source})`,
    );
    const fams = (['plain', 'resnet', 'vgg'] as const).filter((f) => pts.some((p) => p.family === f));
    const k = key
      .attr('transform', `translate(${width - m.right - 110 * fams.length},${m.top})`)
      .selectAll<SVGGElement, string>('g.item')
      .data(fams, (f) => f)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'item');
        e.append('circle')
          .attr('r', 7)
          .attr('cx', 8)
          .attr('cy', 8)
          .attr('stroke-width', 2)
          .attr('fill-opacity', 0.35);
        e.append('text').attr('x', 20).attr('y', 13).attr('fill', INK_SOFT);
        return e;
      })
      .attr('transform', (_, i) => `translate(${i * 110},0)`);
    k.select('circle')
      .attr('fill', (f) => FAMILY_COLORS[f])
      .attr('stroke', (f) => FAMILY_COLORS[f]);
    k.select('text').text((f) => FAMILY_NAMES[f]);
  }

  return {
    update,
    destroy() {
      svg.remove();
    },
  };
}

const LABEL_H = 18;
const labelText = (p: Reported) => `${p.name} ${p.reported.top1.toFixed(2)}%`;

/**
 * Name labels right of their bubbles (left of them near the right edge). Bubbles within 48px
 * of each other horizontally share a column of labels, pushed apart to LABEL_H each, with a
 * leader line from each label to its bubble.
 */
function drawLabels(
  layer: Selection<SVGGElement, unknown, null, undefined>,
  items: { p: Reported; cx: number; cy: number; r: number }[],
  right: number,
  leftBound: number,
) {
  const sorted = [...items].sort((a, b) => a.cx - b.cx);
  const groups: (typeof items)[] = [];
  for (const it of sorted) {
    const g = groups[groups.length - 1];
    if (g && it.cx - g[0]!.cx < 48) g.push(it);
    else groups.push([it]);
  }
  const placed = groups.flatMap((g) => {
    const byY = [...g].sort((a, b) => a.cy - b.cy);
    const ys: number[] = [];
    byY.forEach((it, i) => ys.push(i === 0 ? it.cy : Math.max(it.cy, ys[i - 1]! + LABEL_H)));
    // Centre the column on its bubbles again after pushing down.
    const shift = (ys[ys.length - 1]! - byY[byY.length - 1]!.cy) / 2;
    const edge = Math.max(...g.map((it) => it.cx + it.r)) + 8;
    const longest = Math.max(...g.map((it) => labelText(it.p).length)) * 0.6 * FONT_TICK;
    // Flip to the left near the right edge, or where the labels would run over another bubble.
    const hits = items.some(
      (o) =>
        !g.includes(o) &&
        o.cx + o.r > edge &&
        o.cx - o.r < edge + longest &&
        byY.some((it) => Math.abs(o.cy - it.cy) < o.r + LABEL_H),
    );
    const leftEdge = Math.min(...g.map((it) => it.cx - it.r)) - 8;
    const left = (edge + longest > right || hits) && leftEdge - longest > leftBound;
    const lx = left ? leftEdge : edge;
    return byY.map((it, i) => ({ ...it, lx, ly: ys[i]! - shift, left }));
  });
  const t = layer
    .selectAll<SVGGElement, (typeof placed)[number]>('g.label')
    .data(placed, (d) => d.p.id)
    .join((enter) => {
      const e = enter.append('g').attr('class', 'label');
      e.append('line').attr('stroke', INK_SOFT).attr('stroke-width', 1);
      e.append('text').attr('fill', INK).attr('font-size', FONT_TICK);
      return e;
    })
    .attr('data-model', (d) => d.p.id);
  t.select('line')
    .attr('x1', (d) => d.cx + (d.left ? -d.r : d.r))
    .attr('y1', (d) => d.cy)
    .attr('x2', (d) => d.lx + (d.left ? 2 : -2))
    .attr('y2', (d) => d.ly)
    .attr('display', (d) => (Math.abs(d.ly - d.cy) > 4 ? null : 'none'));
  t.select('text')
    .attr('x', (d) => d.lx)
    .attr('y', (d) => d.ly + 5)
    .attr('text-anchor', (d) => (d.left ? 'end' : 'start'))
    .text((d) => labelText(d.p));
}

export function zooScatterTable(rows: ZooRow[]): ChartTable {
  return {
    columns: ['model', 'multiply-adds', 'parameters', 'top-1 error % (paper)', 'source'],
    rows: reported(rows).map((p) => [p.name, p.macs, p.params, p.reported.top1, p.reported.source]),
  };
}
