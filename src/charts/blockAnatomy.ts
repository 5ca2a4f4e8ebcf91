/**
 * One residual block drawn top to bottom from core's BlockAnatomy: the input tensor, every
 * op of the branch (weight layers as tall boxes with their parameters and multiply-adds,
 * BN and ReLU as slim bars), the shortcut running down the right side into the addition,
 * what follows the addition, and the block's totals. Pre- and post-activation orders differ
 * only in where BN-ReLU sits, so the two drawings can be compared step by step.
 */
import type { BlockAnatomy, BlockStep } from '../core/blockAnatomy';
import { CONV_FILL, FONT_LABEL, FONT_TICK, INK, INK_SOFT, PAPER, RELU_FILL, RUN_COLORS } from './palette';
import type { ChartContainer, ChartTable } from './scales';
import { child, createRoot, formatCount, setSize } from './scales';

export interface BlockAnatomyOptions {
  width: number;
  label: string;
}

const DEFAULTS: BlockAnatomyOptions = { width: 460, label: 'Anatomy of a residual block' };
const SHORTCUT = RUN_COLORS[1];
const TOP = 56;
const GAP = 14;
const ADD_R = 14;
const heightOf = (s: BlockStep) => (s.kind === 'conv' ? 50 : s.kind === 'add' ? 2 * ADD_R : 26);
const fillOf = (s: BlockStep) => (s.kind === 'conv' ? CONV_FILL : s.kind === 'relu' ? RELU_FILL : PAPER);
const shape = (s: number[]) => s.join('×');

interface Placed {
  step: BlockStep;
  y: number;
  h: number;
}

/** Vertical positions of each step and the total height. */
export function blockLayout(data: BlockAnatomy): { placed: Placed[]; height: number } {
  let y = TOP;
  const placed = data.steps.map((step) => {
    const h = heightOf(step);
    const p = { step, y, h };
    y += h + GAP;
    return p;
  });
  return { placed, height: y + 70 };
}

export function createBlockAnatomy(el: ChartContainer, options: Partial<BlockAnatomyOptions> = {}) {
  const opts = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label);
  const title = child<SVGTextElement>(svg, 'text', 'title');
  const spine = child<SVGPathElement>(svg, 'path', 'spine');
  const shortcut = child<SVGGElement>(svg, 'g', 'shortcut');
  const steps = child<SVGGElement>(svg, 'g', 'steps');
  const io = child<SVGGElement>(svg, 'g', 'io');
  const heads = child<SVGGElement>(svg, 'g', 'arrowheads');
  const totals = child<SVGTextElement>(svg, 'text', 'totals');

  function update(data: BlockAnatomy) {
    const { width } = opts;
    const { placed, height } = blockLayout(data);
    const x0 = 16;
    const boxW = width - 130;
    const cx = x0 + boxW / 2;
    const scX = x0 + boxW + 50;
    setSize(svg, width, height);
    svg.attr(
      'aria-label',
      `${data.title}: ${shape(data.inputShape)} in, ${data.steps.filter((s) => s.kind === 'conv').length} weight layers, ${data.shortcut.label} shortcut, ${formatCount(data.params)} parameters, ${formatCount(data.macs)} multiply-adds`,
    );
    title
      .attr('x', x0)
      .attr('y', 22)
      .attr('font-size', FONT_LABEL)
      .attr('font-weight', 'bold')
      .text(`${data.title} · ${data.choice.activation === 'pre' ? 'pre-activation' : 'post-activation'}`);
    const inY = TOP - 10;
    const add = placed.find((p) => p.step.kind === 'add')!;
    const addY = add.y + ADD_R;
    const last = placed[placed.length - 1]!;
    const outY = last.y + last.h + 22;
    spine
      .attr('d', `M${cx},${inY}V${outY - 8}`)
      .attr('stroke', INK)
      .attr('stroke-width', 2);
    io.selectAll('text')
      .data([
        { y: inY - 6, t: `input x: ${shape(data.inputShape)}` },
        { y: outY + 16, t: `output: ${shape(last.step.outShape)}` },
      ])
      .join('text')
      .attr('x', cx)
      .attr('y', (d) => d.y)
      .attr('text-anchor', 'middle')
      .attr('font-weight', 'bold')
      .text((d) => d.t);
    const dashed = data.shortcut.kind === 'projection';
    shortcut
      .selectAll('path')
      .data([0])
      .join('path')
      .attr('d', `M${cx},${inY + 2}H${scX}V${addY}H${cx + ADD_R + 2}`)
      .attr('fill', 'none')
      .attr('stroke', SHORTCUT)
      .attr('stroke-width', 4)
      .attr('stroke-dasharray', dashed ? '8 5' : null);
    heads
      .selectAll('path')
      .data([
        { d: `M${cx - 6},${outY - 10}L${cx},${outY}L${cx + 6},${outY - 10}z`, fill: INK },
        {
          d: `M${cx + ADD_R + 12},${addY - 6}L${cx + ADD_R + 2},${addY}L${cx + ADD_R + 12},${addY + 6}z`,
          fill: SHORTCUT,
        },
      ])
      .join('path')
      .attr('d', (a) => a.d)
      .attr('fill', (a) => a.fill);
    const scText = [
      data.shortcut.label,
      ...(data.shortcut.params ? [`${formatCount(data.shortcut.params)} params`] : ['no parameters']),
    ];
    shortcut
      .selectAll('text')
      .data(scText)
      .join('text')
      .attr('transform', (_, i) => `translate(${scX + 24 + i * 19},${(inY + addY) / 2}) rotate(-90)`)
      .attr('text-anchor', 'middle')
      .attr('fill', SHORTCUT)
      .attr('font-weight', 'bold')
      .text((t) => t);

    const g = steps
      .selectAll<SVGGElement, Placed>('g.step')
      .data(placed, (p) => p.step.name)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'step');
        e.append('rect');
        e.append('circle');
        e.append('text').attr('class', 'label');
        e.append('text').attr('class', 'shape');
        e.append('text').attr('class', 'cost');
        e.append('title');
        return e;
      })
      .attr('data-step', (p) => p.step.name)
      .attr('data-kind', (p) => p.step.kind)
      .attr('transform', (p) => `translate(0,${p.y})`);
    g.select('rect')
      .attr('display', (p) => (p.step.kind === 'add' ? 'none' : null))
      .attr('x', x0)
      .attr('width', boxW)
      .attr('height', (p) => p.h)
      .attr('rx', 6)
      .attr('fill', (p) => fillOf(p.step))
      .attr('stroke', (p) => (p.step.kind === 'conv' ? INK : INK_SOFT))
      .attr('stroke-width', (p) => (p.step.kind === 'conv' ? 2 : 1.2));
    g.select('circle')
      .attr('display', (p) => (p.step.kind === 'add' ? null : 'none'))
      .attr('cx', cx)
      .attr('cy', ADD_R)
      .attr('r', ADD_R)
      .attr('fill', PAPER)
      .attr('stroke', INK)
      .attr('stroke-width', 2.5);
    g.select('text.label')
      .attr('x', (p) => (p.step.kind === 'add' ? cx : x0 + 10))
      .attr('y', (p) => (p.step.kind === 'add' ? ADD_R + 6 : p.step.kind === 'conv' ? 20 : 18))
      .attr('text-anchor', (p) => (p.step.kind === 'add' ? 'middle' : 'start'))
      .attr('font-size', (p) => (p.step.kind === 'add' ? 22 : FONT_TICK))
      .attr('font-weight', (p) => (p.step.kind === 'conv' || p.step.kind === 'add' ? 'bold' : null))
      .text((p) => (p.step.kind === 'add' ? '+' : p.step.label));
    g.select('text.shape')
      .attr('x', (p) => (p.step.kind === 'add' ? cx - ADD_R - 8 : x0 + boxW - 10))
      .attr('y', (p) => (p.step.kind === 'add' ? ADD_R + 5 : p.step.kind === 'conv' ? 20 : 18))
      .attr('text-anchor', 'end')
      .attr('fill', INK_SOFT)
      .text((p) => shape(p.step.outShape));
    g.select('text.cost')
      .attr('x', x0 + 10)
      .attr('y', 41)
      .attr('fill', INK_SOFT)
      .text((p) =>
        p.step.kind === 'conv'
          ? `${formatCount(p.step.params)} params · ${formatCount(p.step.macs)} mult-adds`
          : '',
      );
    g.select('title').text(
      (p) =>
        `${p.step.name}: ${p.step.label}, output ${shape(p.step.outShape)}, ${p.step.params} parameters, ${p.step.macs} multiply-adds`,
    );
    totals
      .attr('x', x0)
      .attr('y', height - 8)
      .attr('font-size', FONT_LABEL)
      .attr('fill', INK)
      .attr('font-weight', 'bold')
      .text(`Block total: ${formatCount(data.params)} params · ${formatCount(data.macs)} multiply-adds`);
  }

  return {
    update,
    destroy() {
      svg.remove();
    },
  };
}

/** The text alternative: every step with its shape, parameters and multiply-adds, then the totals. */
export function blockAnatomyTable(data: BlockAnatomy): ChartTable {
  return {
    columns: ['step', 'op', 'output shape', 'parameters', 'multiply-adds'],
    rows: [
      ...data.steps.map((s) => [s.name, s.label, shape(s.outShape), s.params, s.macs]),
      [
        'shortcut',
        data.shortcut.label,
        shape(data.steps.find((s) => s.kind === 'add')!.outShape),
        data.shortcut.params,
        data.shortcut.macs,
      ],
      ['total', '', '', data.params, data.macs],
    ],
  };
}
