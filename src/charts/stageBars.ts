/**
 * Where each network spends its multiply-adds: one horizontal bar per model, stacked by
 * stage (stem, stage 1 … 5, head) in network order, on one shared axis so ResNet-152's
 * long stage 3 and VGG's expensive early stages stand out.
 */
import { axisBottom, scaleBand, scaleLinear } from 'd3';
import type { StageCost } from '../core/zoo';
import { FONT_LABEL, FONT_TICK, GRID, INK, INK_SOFT } from './palette';
import type { ChartContainer, ChartTable, Margin } from './scales';
import { child, createRoot, formatCount, setSize, styleAxis } from './scales';

export interface StageBarsModel {
  id: string;
  name: string;
  stages: StageCost[];
}

export interface StageBarsOptions {
  width: number;
  label: string;
}

const DEFAULTS: StageBarsOptions = { width: 760, label: 'Multiply-adds per stage of each model' };
const MARGIN: Margin = { top: 44, right: 28, bottom: 56, left: 130 };
const ROW = 34;
/** Okabe–Ito, in stage order: grey for the stem, then warm to cool, purple for the head. */
export const STAGE_COLORS: Record<string, string> = {
  stem: '#7a7a7a',
  stage1: '#E69F00',
  stage2: '#56B4E9',
  stage3: '#009E73',
  stage4: '#0072B2',
  stage5: '#D55E00',
  head: '#CC79A7',
};
const stageName = (s: string) => (s.startsWith('stage') ? `stage ${s.slice(5)}` : s);

/** The stages present in any model, in network order. */
export function stageKeys(models: StageBarsModel[]): string[] {
  const seen = new Set(models.flatMap((m) => m.stages.map((s) => s.stage)));
  const order = Object.keys(STAGE_COLORS);
  return [...order.filter((k) => seen.has(k)), ...[...seen].filter((k) => !order.includes(k))];
}

export function createStageBars(el: ChartContainer, options: Partial<StageBarsOptions> = {}) {
  const opts = { ...DEFAULTS, ...options };
  const svg = createRoot(el, opts.label);
  const grid = child<SVGGElement>(svg, 'g', 'grid');
  const xAxis = child<SVGGElement>(svg, 'g', 'x-axis');
  const bars = child<SVGGElement>(svg, 'g', 'bars');
  const key = child<SVGGElement>(svg, 'g', 'key');
  const xLabel = child<SVGTextElement>(svg, 'text', 'x-label');

  function update(models: StageBarsModel[]) {
    const m = MARGIN;
    const { width } = opts;
    const height = m.top + m.bottom + ROW * models.length;
    setSize(svg, width, height);
    const total = (md: StageBarsModel) => md.stages.reduce((a, s) => a + s.macs, 0);
    const x = scaleLinear([0, Math.max(1, ...models.map(total))], [m.left, width - m.right]).nice();
    const y = scaleBand(
      models.map((md) => md.id),
      [m.top, height - m.bottom],
    ).paddingInner(0.25);
    const ticks = x.ticks(6);
    grid
      .attr('stroke', GRID)
      .selectAll('line')
      .data(ticks)
      .join('line')
      .attr('x1', (t) => x(t))
      .attr('x2', (t) => x(t))
      .attr('y1', m.top)
      .attr('y2', height - m.bottom);
    styleAxis(
      xAxis.attr('transform', `translate(0,${height - m.bottom})`).call(
        axisBottom(x)
          .tickValues(ticks)
          .tickFormat((v) => formatCount(+v))
          .tickSizeOuter(0),
      ),
    );
    xLabel
      .attr('x', m.left + (width - m.left - m.right) / 2)
      .attr('y', height - 12)
      .attr('text-anchor', 'middle')
      .attr('font-size', FONT_LABEL)
      .attr('fill', INK)
      .text('multiply-adds per image, stacked by stage');
    const rows = bars
      .selectAll<SVGGElement, StageBarsModel>('g.model')
      .data(models, (md) => md.id)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'model');
        e.append('text').attr('class', 'name');
        e.append('g').attr('class', 'segments');
        return e;
      })
      .attr('data-model', (md) => md.id)
      .attr('transform', (md) => `translate(0,${y(md.id)})`);
    rows
      .select('text.name')
      .attr('x', m.left - 8)
      .attr('y', y.bandwidth() / 2 + 5)
      .attr('text-anchor', 'end')
      .attr('font-size', FONT_TICK)
      .attr('fill', INK)
      .text((md) => md.name);
    rows
      .select('g.segments')
      .selectAll<SVGRectElement, { s: StageCost; x0: number; model: string }>('rect')
      .data((md) => {
        let acc = 0;
        return md.stages.map((s) => {
          const x0 = acc;
          acc += s.macs;
          return { s, x0, model: md.name };
        });
      })
      .join((enter) => enter.append('rect').call((r) => r.append('title')))
      .attr('data-stage', (d) => d.s.stage)
      .attr('x', (d) => x(d.x0))
      .attr('width', (d) => Math.max(0, x(d.x0 + d.s.macs) - x(d.x0)))
      .attr('height', y.bandwidth())
      .attr('fill', (d) => STAGE_COLORS[d.s.stage] ?? INK_SOFT)
      .select('title')
      .text((d) => `${d.model} · ${stageName(d.s.stage)}: ${formatCount(d.s.macs)} multiply-adds`);
    const keys = stageKeys(models);
    key
      .attr('transform', `translate(${m.left},10)`)
      .selectAll<SVGGElement, string>('g.item')
      .data(keys, (k) => k)
      .join((enter) => {
        const e = enter.append('g').attr('class', 'item');
        e.append('rect').attr('width', 14).attr('height', 14).attr('y', 2);
        e.append('text').attr('x', 19).attr('y', 14).attr('fill', INK_SOFT);
        return e;
      })
      .attr('transform', (_, i) => `translate(${i * 84},0)`)
      .call((g) => g.select('rect').attr('fill', (k) => STAGE_COLORS[k] ?? INK_SOFT))
      .call((g) => g.select('text').text(stageName));
  }

  return {
    update,
    destroy() {
      svg.remove();
    },
  };
}

export function stageBarsTable(models: StageBarsModel[]): ChartTable {
  const keys = stageKeys(models);
  return {
    columns: ['model', ...keys.map(stageName), 'total'],
    rows: models.map((md) => {
      const by = new Map(md.stages.map((s) => [s.stage, s.macs]));
      return [md.name, ...keys.map((k) => by.get(k) ?? 0), md.stages.reduce((a, s) => a + s.macs, 0)];
    }),
  };
}
