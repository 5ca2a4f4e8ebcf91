/**
 * The layout of the network diagram: which boxes, where, with which labels; pure functions
 * of the layer graph and its rows, so they are tested without a DOM (networkDiagram.ts draws).
 */
import type { BlockNode, NetGraph, Op } from '../core/graph';
import type { LayerRow } from '../core/layerTable';
import { FONT_TICK } from './palette';

export type ShortcutKind = 'none' | 'identity' | 'padded' | 'projection';

/**
 * One thing on the chain: a residual block, a run of plain ops sharing a name prefix
 * ("stem", "head"), or the input and output labels at the ends.
 */
export interface DiagramItem {
  kind: 'block' | 'ops' | 'io';
  name: string;
  block?: BlockNode;
  ops: Op[];
  shortcut: ShortcutKind;
  lane: number;
  x: number;
  y: number;
  w: number;
  h: number;
  inShape: string;
  outShape: string;
  /** Text inside the box, one string per line. */
  lines: string[];
}

/** The blocks of one stage on one row, bracketed and labelled underneath. */
export interface StageSpan {
  stage: number;
  lane: number;
  x0: number;
  x1: number;
  label: string;
}

export interface DiagramLayout {
  width: number;
  height: number;
  /** Horizontal space between neighbouring items; shortcut arcs start and end halfway across it. */
  gap: number;
  lanes: number;
  items: DiagramItem[];
  stages: StageSpan[];
}

export const BOX_H = 44;
/** Space above a box for its shortcut arc and the arc's mark. */
export const ARC_SPACE = 46;
/** Space below a box for the stage bracket and label, and the return path to the next row. */
export const BELOW = 52;
export const LANE_H = ARC_SPACE + BOX_H + BELOW;
/** The return path runs down the left edge at x = RETURN_X; rows start at LEFT. */
export const RETURN_X = 12;
export const LEFT = 28;
export const BOX_MIN = 40;
export const BOX_MAX = 112;
export const CHAR_W = 0.6 * FONT_TICK;

export const shapeText = (s: number[] | undefined) => (s ? s.join('×') : '?');
export const prefix = (name: string) => name.split('.')[0]!;

/** Short labels of the ops that shape the data; normalisation and activations only in the tooltip. */
export function opSummary(ops: Op[]): string {
  const parts: string[] = [];
  const counts: number[] = [];
  for (const op of ops) {
    let s: string | null = null;
    if (op.type === 'conv')
      s = `${op.kernel}×${op.kernel} conv${op.stride > 1 ? `/${op.stride}` : ''}, ${op.outChannels}`;
    else if (op.type === 'fc') s = `fc ${op.outFeatures}`;
    else if (op.type === 'maxpool') s = `max pool/${op.stride}`;
    else if (op.type === 'gap') s = 'avg pool';
    if (s === null) continue;
    if (parts[parts.length - 1] === s) {
      counts[counts.length - 1]!++;
    } else {
      parts.push(s);
      counts.push(1);
    }
  }
  if (parts.length === 0)
    return ops.map((o) => (o.type === 'bn' ? 'BN' : o.type === 'relu' ? 'ReLU' : o.type)).join('-');
  return parts.map((p, i) => (counts[i]! > 1 ? `${p} ×${counts[i]}` : p)).join(' · ');
}

export function opDetail(op: Op): string {
  switch (op.type) {
    case 'conv':
      return `${op.kernel}×${op.kernel} conv${op.stride > 1 ? `/${op.stride}` : ''} ${op.inChannels}→${op.outChannels}`;
    case 'fc':
      return `fc ${op.inFeatures}→${op.outFeatures}`;
    case 'bn':
      return 'BN';
    case 'relu':
      return 'ReLU';
    case 'maxpool':
      return `${op.kernel}×${op.kernel} max pool/${op.stride}`;
    case 'gap':
      return 'global avg pool';
    case 'flatten':
      return 'flatten';
  }
}

export function shortcutText(b: BlockNode): string {
  const s = b.shortcut;
  switch (s.type) {
    case 'none':
      return 'none (plain block)';
    case 'identity':
      return 'identity';
    case 'padded':
      return `option A: subsample /${s.stride}, zero-pad +${s.extraChannels} channels`;
    case 'projection':
      return `projection: ${s.ops.map(opDetail).join(', ')}`;
  }
}

/** Hover text of a box: its name, shapes and every op. */
export function itemTitle(item: DiagramItem, norm?: number): string {
  if (item.kind === 'io') return `${item.name}: ${item.outShape}`;
  const lines = [item.name, `${item.inShape} → ${item.outShape}`];
  const b = item.block;
  if (b) {
    lines.push(`branch: ${[...b.pre, ...b.branch].map(opDetail).join(', ')}`, `shortcut: ${shortcutText(b)}`);
    if (b.post.length) lines.push(`after the addition: ${b.post.map(opDetail).join(', ')}`);
  } else lines.push(item.ops.map(opDetail).join(', '));
  if (norm !== undefined) lines.push(`gradient norm: ${norm.toPrecision(3)}`);
  return lines.join('\n');
}

export function blockAria(item: DiagramItem): string {
  const b = item.block!;
  const sc = {
    none: 'no shortcut',
    identity: 'identity shortcut',
    padded: 'zero-padded shortcut (option A)',
    projection: 'projection shortcut',
  }[item.shortcut];
  const down = b.stride > 1 ? `, downsamples by ${b.stride}` : '';
  // Starts with the box's visible text ("block 2 /2", or an MLP's bare "2"), so a voice user
  // can say what they see.
  const seen = item.lines.join(' ');
  const name = seen.startsWith('block') ? seen : `block ${seen}`;
  return `${name}: stage ${b.stage}, ${item.inShape} to ${item.outShape}${down}, ${sc}`;
}

export type Unit = Omit<DiagramItem, 'lane' | 'x' | 'y' | 'w' | 'h'>;

/** The chain in forward order: input, each block, each run of ops with one name prefix, output. */
export function chainUnits(graph: NetGraph, rows: LayerRow[], inputShape?: number[]): Unit[] {
  const rowByName = new Map(rows.map((r) => [r.name, r]));
  const lastRowOf = new Map<string, LayerRow>();
  for (const r of rows) if (r.block) lastRowOf.set(r.block, r);
  let shape = shapeText(inputShape);
  const io = (name: string): Unit => ({
    kind: 'io',
    name,
    ops: [],
    shortcut: 'none',
    inShape: shape,
    outShape: shape,
    lines: [name, shape],
  });
  const units: Unit[] = [io('input')];
  for (const node of graph.nodes) {
    if (node.type === 'block') {
      const out = shapeText(lastRowOf.get(node.name)?.outShape);
      const sc = node.shortcut;
      const ops = [...node.pre, ...node.branch, ...(sc.type === 'projection' ? sc.ops : []), ...node.post];
      const lines = [`block ${node.index}`, ...(node.stride > 1 ? [`/${node.stride}`] : [])];
      units.push({
        kind: 'block',
        name: node.name,
        block: node,
        ops,
        shortcut: sc.type,
        inShape: shape,
        outShape: out,
        lines,
      });
      shape = out;
      continue;
    }
    const out = shapeText(rowByName.get(node.name)?.outShape);
    const last = units[units.length - 1]!;
    if (last.kind === 'ops' && last.name === prefix(node.name)) {
      last.ops.push(node);
      last.outShape = out;
      last.lines[1] = opSummary(last.ops);
    } else {
      const name = prefix(node.name);
      units.push({
        kind: 'ops',
        name,
        ops: [node],
        shortcut: 'none',
        inShape: shape,
        outShape: out,
        lines: [name, opSummary([node])],
      });
    }
    shape = out;
  }
  units.push(io('output'));
  return units;
}

export const textWidth = (lines: string[]) => Math.ceil(Math.max(...lines.map((l) => l.length)) * CHAR_W);

/**
 * Where everything goes at a given chart width. A net that fits on one row at full box width
 * gets one row. Otherwise every stage starts a row, a stage too long for one row is split
 * evenly over several, the stem joins the first stage's row and the head the last's when
 * they fit. Pure: the tests and the UI can read it.
 */
export function diagramLayout(
  graph: NetGraph,
  rows: LayerRow[],
  width: number,
  inputShape?: number[],
): DiagramLayout {
  const units = chainUnits(graph, rows, inputShape);
  const right = width - 16;
  const avail = right - LEFT;
  const unitW = (u: Unit, boxW: number) =>
    u.kind === 'block'
      ? boxW
      : u.kind === 'io'
        ? textWidth(u.lines) + 10
        : Math.max(80, textWidth(u.lines) + 20);
  const perStage = new Map<number, number>();
  for (const u of units) if (u.block) perStage.set(u.block.stage, (perStage.get(u.block.stage) ?? 0) + 1);

  let gap = 24;
  let boxW = BOX_MAX;
  let perLane = (_stage: number) => Infinity;
  const oneRow = units.reduce((x, u) => x + unitW(u, BOX_MAX) + gap, -gap) <= avail;
  if (!oneRow && perStage.size) {
    const cap = Math.max(1, Math.floor((avail + 16) / (BOX_MIN + 16)));
    const split = new Map([...perStage].map(([s, n]) => [s, Math.ceil(n / Math.ceil(n / cap))]));
    const most = Math.max(...split.values());
    gap = most > 8 ? 16 : 24;
    boxW = Math.max(BOX_MIN, Math.min(BOX_MAX, Math.floor((avail + gap) / most) - gap));
    perLane = (s) => split.get(s)!;
  }

  const items: DiagramItem[] = [];
  let lane = 0;
  let x = LEFT;
  let laneHasBlock = false;
  let inChunk = 0;
  units.forEach((u, i) => {
    const w = unitW(u, boxW);
    const b = u.block;
    const prev = units[i - 1]?.block;
    let wrap = x > LEFT && x + w > right;
    if (b) {
      const startsStage = !prev || prev.stage !== b.stage;
      if (startsStage) inChunk = 0;
      const chunkFull = inChunk === perLane(b.stage);
      if (chunkFull) inChunk = 0;
      const chunkW = Math.min(perLane(b.stage), perStage.get(b.stage)!) * (boxW + gap) - gap;
      if (!oneRow && x > LEFT && (startsStage || chunkFull) && (laneHasBlock || x + chunkW > right))
        wrap = true;
      inChunk++;
    }
    if (wrap) {
      lane++;
      x = LEFT;
      laneHasBlock = false;
    }
    if (b) laneHasBlock = true;
    const y = lane * LANE_H + ARC_SPACE;
    items.push({
      ...u,
      lines: b && boxW < 72 ? [String(b.index), ...u.lines.slice(1)] : u.lines,
      lane,
      x,
      y,
      w,
      h: BOX_H,
    });
    x += w + gap;
  });

  // A stage's label names its output shape where the bracket is long enough to hold it.
  const stages: StageSpan[] = [];
  const stageOut = new Map<number, string>();
  for (const it of items) if (it.block) stageOut.set(it.block.stage, it.outShape);
  for (const it of items) {
    if (!it.block) continue;
    const last = stages[stages.length - 1];
    if (last && last.stage === it.block.stage && last.lane === it.lane) last.x1 = it.x + it.w;
    else stages.push({ stage: it.block.stage, lane: it.lane, x0: it.x, x1: it.x + it.w, label: '' });
  }
  for (const span of stages) {
    const room = span.x1 - span.x0 + gap;
    const full = `stage ${span.stage} · ${stageOut.get(span.stage)}`;
    const short = `stage ${span.stage}`;
    span.label =
      full.length * CHAR_W <= room ? full : short.length * CHAR_W <= room ? short : `${span.stage}`;
  }
  return { width, height: (lane + 1) * LANE_H, gap, lanes: lane + 1, items, stages };
}
