/**
 * Lab experiments that the Blocks and Zoo pages open with one click, as LabStates (encode
 * them with urlCodec.ts). They train on Fashion-MNIST, where the Lab builds CIFAR-style
 * 6n+2 (basic) and 9n+2 (bottleneck) nets on 28×28×1 inputs.
 */
import { DEFAULT_LAB_STATE, runSpec, validDepths } from './labState';
import type { LabState, RunControl } from './labState';
import { layerTable } from './layerTable';
import type { BlockType } from './netSpec';
import { URL_LIMITS } from './urlCodec';

const IMAGE_TRAINING = {
  data: 'fashion',
  optimizer: 'sgd',
  learningRate: 0.1,
  schedule: 'constant',
  batchSize: 64,
  steps: 200,
} as const satisfies Partial<LabState>;

const residual = (
  depth: number,
  width: number,
  block: BlockType,
  option: RunControl['option'] = 'A',
): RunControl => ({
  depth,
  width,
  block,
  shortcuts: true,
  option,
  preact: false,
  batchNorm: true,
});

export const labMacs = (r: RunControl): number => layerTable(runSpec(r, 'fashion')).macs;

/**
 * The basic net the matched comparison starts from: the paper's ResNet-20 at width 8, half
 * its 16, as the Fashion degradation experiment. A quarter of the multiply-adds (7.7 M vs
 * 30.8 M per image) is what lets the Blocks page's experiments finish in minutes on a CPU.
 */
export const IMAGE_WIDTH = 8;
export const BASIC_REFERENCE = residual(20, IMAGE_WIDTH, 'basic');
const MAX_MATCH_DEPTH = 56;

/**
 * The bottleneck net whose multiply-adds come closest to `basic`'s among the depths and
 * widths the Lab offers (width a multiple of 4, within the URL's limits).
 */
export function matchedBottleneck(basic: RunControl = BASIC_REFERENCE): RunControl {
  const target = labMacs(basic);
  let best: RunControl | null = null;
  let gap = Infinity;
  for (const depth of validDepths('fashion', 'bottleneck').filter((d) => d <= MAX_MATCH_DEPTH))
    for (let width = 4; width <= URL_LIMITS.width.max; width += 4) {
      const r = residual(depth, width, 'bottleneck');
      const g = Math.abs(labMacs(r) - target);
      if (g < gap) [best, gap] = [r, g];
    }
  return best!;
}

/** Basic vs bottleneck blocks at matched multiply-adds. */
export function basicVsBottleneckLab(): LabState {
  return { ...DEFAULT_LAB_STATE, ...IMAGE_TRAINING, runs: [BASIC_REFERENCE, matchedBottleneck()] };
}

/** ResNet-20 with shortcut options A, B and C (the paper's Table 3 question on a small net). */
export function shortcutOptionsLab(): LabState {
  return {
    ...DEFAULT_LAB_STATE,
    ...IMAGE_TRAINING,
    runs: (['A', 'B', 'C'] as const).map((o) => residual(20, IMAGE_WIDTH, 'basic', o)),
  };
}

/** One image run (e.g. from the Zoo's builder) with the settings the Lab uses for images. */
export function singleRunLab(run: RunControl): LabState {
  return { ...DEFAULT_LAB_STATE, ...IMAGE_TRAINING, runs: [run] };
}

/**
 * Figure 6 on Fashion-MNIST in the Lab: plain and residual (option A) nets at 20 and 56
 * layers, width 8, 300 steps, as the degradation-fashion preset trains them (the Lab holds
 * four runs; the preset's 8-layer pair trains with `npm run train`).
 */
export function fashionDegradationLab(): LabState {
  const net = (depth: number, shortcuts: boolean): RunControl => ({
    ...residual(depth, IMAGE_WIDTH, 'basic'),
    shortcuts,
  });
  return {
    ...DEFAULT_LAB_STATE,
    ...IMAGE_TRAINING,
    steps: 300,
    runs: [net(20, false), net(56, false), net(20, true), net(56, true)],
  };
}
