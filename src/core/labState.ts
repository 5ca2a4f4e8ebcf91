/**
 * The Lab's controls as plain data: the dataset, up to four runs and the shared training
 * settings. Everything here is encoded in the URL (urlCodec.ts); results never are. Each
 * run control turns into a NetSpec for the data it trains on: an MLP for the 2-D toys, a
 * CIFAR-style 6n+2 (basic) or 9n+2 (bottleneck) conv net for images.
 */
import { cifarNet, mlp } from './catalog';
import type { DepthFamily } from './depthRules';
import { validDepthsUpTo } from './depthRules';
import type { BlockType, NetSpec, ShortcutOption } from './netSpec';
import type { OptimizerName } from './trainConfig';
import type { ToyKindName } from './dataSource';
import { DEFAULT_TOY } from './dataSource';
import { SpecError } from './specError';

export type LabDataKind = ToyKindName | 'fashion';
export type BackendSetting = 'auto' | 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type ScheduleKind = 'constant' | 'step' | 'cosine';

export interface RunControl {
  depth: number;
  width: number;
  block: BlockType;
  /** Off: the plain twin. */
  shortcuts: boolean;
  option: 'A' | 'B' | 'C';
  preact: boolean;
  batchNorm: boolean;
}

export interface LabState {
  data: LabDataKind;
  /** Noise of the 2-D toys (ignored for images). */
  noise: number;
  runs: RunControl[];
  optimizer: OptimizerName;
  learningRate: number;
  schedule: ScheduleKind;
  batchSize: number;
  steps: number;
  seed: number;
  backend: BackendSetting;
}

export const MAX_LAB_RUNS = 4;
export const DEPTH_LIMIT = { mlp: 104, conv: 110 } as const;

const run = (depth: number, shortcuts: boolean): RunControl => ({
  depth,
  width: 16,
  block: 'basic',
  shortcuts,
  option: 'A',
  preact: false,
  batchNorm: true,
});

/** Opening /lab: the degradation experiment (two spirals; 8 vs 52 layers, plain vs residual). */
export const DEFAULT_LAB_STATE: LabState = {
  data: DEFAULT_TOY.toy,
  noise: DEFAULT_TOY.noise,
  runs: [run(8, false), run(52, false), run(8, true), run(52, true)],
  optimizer: 'adam',
  learningRate: 0.01,
  schedule: 'constant',
  batchSize: 64,
  steps: 360,
  seed: DEFAULT_TOY.seed,
  backend: 'auto',
};

export const isToy = (d: LabDataKind): d is ToyKindName => d !== 'fashion';

/** The toys train MLPs, images CIFAR-style conv nets. */
export const depthFamily = (data: LabDataKind): DepthFamily => (isToy(data) ? 'mlp' : 'cifar');

/** Depths the slider offers: every depth of the data's family (depthRules.ts) up to the Lab's limit. */
export function validDepths(data: LabDataKind, block: BlockType): number[] {
  return validDepthsUpTo(depthFamily(data), block, isToy(data) ? DEPTH_LIMIT.mlp : DEPTH_LIMIT.conv);
}

export function nearestDepth(data: LabDataKind, block: BlockType, depth: number): number {
  const all = validDepths(data, block);
  return all.reduce((best, d) => (Math.abs(d - depth) < Math.abs(best - depth) ? d : best), all[0]!);
}

export function shortcutOf(r: RunControl): ShortcutOption {
  return r.shortcuts ? r.option : 'none';
}

export function runLabel(r: RunControl): string {
  const kind = r.shortcuts ? `ResNet ${r.option}` : 'plain';
  return `${kind}-${r.depth}${r.block === 'bottleneck' ? ' bottleneck' : ''}${r.preact ? ' pre-act' : ''}${r.batchNorm ? '' : ' no BN'}`;
}

/** The NetSpec a run control trains on this data; throws a SpecError saying why it cannot be built. */
export function runSpec(
  r: RunControl,
  data: LabDataKind,
  image: { height: number; width: number; channels: number; classes: number } = {
    height: 28,
    width: 28,
    channels: 1,
    classes: 10,
  },
): NetSpec {
  const common = {
    shortcut: shortcutOf(r),
    block: r.block,
    activation: r.preact ? 'pre' : 'post',
    batchNorm: r.batchNorm,
  } as const;
  if (r.block === 'bottleneck' && r.width % 4 !== 0)
    throw new SpecError('width', `a bottleneck width must be divisible by 4 (got ${r.width})`);
  if (isToy(data)) return mlp(r.depth, r.width, common);
  // Images: width is the first stage's; bottlenecks take it as their output width.
  return cifarNet(r.depth, {
    ...common,
    input: image.height,
    channels: image.channels,
    classes: image.classes,
    width: r.block === 'bottleneck' ? r.width / 4 : r.width,
  });
}
