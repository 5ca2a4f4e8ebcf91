/**
 * The model catalog: named builders for every network of the paper and its follow-ups.
 * Each returns a validated NetSpec; defaults follow the paper (option B for ImageNet
 * ResNets, option A for CIFAR nets, v1 bottlenecks).
 */
import type {
  ActivationOrder,
  BlockType,
  BottleneckVariant,
  ConvNetSpec,
  MlpSpec,
  NetSpec,
  ShortcutOption,
  VggSpec,
} from './netSpec';
import { blocksPerStage } from './depthRules';
import { SpecError } from './specError';
import { validateSpec } from './validate';

/** Blocks per stage of the ImageNet ResNets (paper Table 1). */
export const IMAGENET_DEPTHS = {
  18: { block: 'basic', blocks: [2, 2, 2, 2] },
  34: { block: 'basic', blocks: [3, 4, 6, 3] },
  50: { block: 'bottleneck', blocks: [3, 4, 6, 3] },
  101: { block: 'bottleneck', blocks: [3, 4, 23, 3] },
  152: { block: 'bottleneck', blocks: [3, 8, 36, 3] },
} as const satisfies Record<number, { block: BlockType; blocks: readonly number[] }>;

export type ImageNetDepth = keyof typeof IMAGENET_DEPTHS;
export const IMAGENET_DEPTH_LIST = Object.keys(IMAGENET_DEPTHS).map(Number) as ImageNetDepth[];

export interface ImageNetOptions {
  shortcut?: ShortcutOption;
  variant?: BottleneckVariant;
  /** Square input size (224 in the paper). */
  input?: number;
  channels?: number;
  classes?: number;
  /** Width of the stem and first stage (64 in the paper); later stages double it. */
  width?: number;
  activation?: ActivationOrder;
  batchNorm?: boolean;
}

export function imagenetResNet(depth: ImageNetDepth, o: ImageNetOptions = {}): ConvNetSpec {
  const def = IMAGENET_DEPTHS[depth];
  if (!def) throw new SpecError('depth', `must be one of ${IMAGENET_DEPTH_LIST.join(', ')} (got ${depth})`);
  const base = o.width ?? 64;
  const expansion = def.block === 'bottleneck' ? 4 : 1;
  const shortcut = o.shortcut ?? 'B';
  const size = o.input ?? 224;
  return validateSpec({
    kind: 'conv',
    name: `${shortcut === 'none' ? 'plain' : 'ResNet'}-${depth}`,
    input: { height: size, width: size, channels: o.channels ?? 3 },
    stem: { kind: 'imagenet', width: base },
    stages: def.blocks.map((blocks, i) => ({
      blocks,
      width: base * 2 ** i * expansion,
      stride: i === 0 ? 1 : 2,
    })),
    block: def.block,
    expansion,
    variant: o.variant ?? 'v1',
    shortcut,
    batchNorm: o.batchNorm ?? true,
    activation: o.activation ?? 'post',
    classes: o.classes ?? 1000,
  }) as ConvNetSpec;
}

export interface CifarOptions {
  shortcut?: ShortcutOption;
  block?: BlockType;
  /** Width of the first stage (16 in the paper); the others are 2× and 4×. */
  width?: number;
  input?: number;
  channels?: number;
  classes?: number;
  activation?: ActivationOrder;
  batchNorm?: boolean;
}

/** The paper's §4.2 nets: 3×3 stem, three stages of n blocks at widths w, 2w, 4w, strides 1, 2, 2. */
export function cifarNet(depth: number, o: CifarOptions = {}): ConvNetSpec {
  const block = o.block ?? 'basic';
  const n = blocksPerStage('cifar', block, depth);
  const base = o.width ?? 16;
  const expansion = block === 'bottleneck' ? 4 : 1;
  const shortcut = o.shortcut ?? 'A';
  const size = o.input ?? 32;
  return validateSpec({
    kind: 'conv',
    name: `${shortcut === 'none' ? 'plain' : 'ResNet'}-${depth}`,
    input: { height: size, width: size, channels: o.channels ?? 3 },
    stem: { kind: 'cifar', width: base },
    stages: [0, 1, 2].map((i) => ({ blocks: n, width: base * 2 ** i * expansion, stride: i === 0 ? 1 : 2 })),
    block,
    expansion,
    variant: 'v1',
    shortcut,
    batchNorm: o.batchNorm ?? true,
    activation: o.activation ?? 'post',
    classes: o.classes ?? 10,
  }) as ConvNetSpec;
}

export interface MlpOptions {
  shortcut?: ShortcutOption;
  block?: BlockType;
  inputSize?: number;
  classes?: number;
  activation?: ActivationOrder;
  batchNorm?: boolean;
}

/**
 * An MLP of `depth` weight layers of `width`: a dense stem, (depth − 2) / p blocks of p
 * dense layers (p = 2 basic, 3 bottleneck), and a dense classifier. mlp-52x16 is the
 * 52-layer net of the degradation demo.
 */
export function mlp(depth: number, width: number, o: MlpOptions = {}): MlpSpec {
  const block = o.block ?? 'basic';
  const blocks = blocksPerStage('mlp', block, depth);
  const shortcut = o.shortcut ?? 'A';
  return validateSpec({
    kind: 'mlp',
    name: `${shortcut === 'none' ? 'plain' : 'residual'} MLP-${depth}×${width}`,
    inputSize: o.inputSize ?? 2,
    stages: [{ blocks, width, stride: 1 }],
    block,
    expansion: block === 'bottleneck' ? 4 : 1,
    shortcut,
    batchNorm: o.batchNorm ?? true,
    activation: o.activation ?? 'post',
    classes: o.classes ?? 2,
  }) as MlpSpec;
}

/** VGG configurations D (16) and E (19) of Simonyan & Zisserman. */
export const VGG_CONVS = { 16: [2, 2, 3, 3, 3], 19: [2, 2, 4, 4, 4] } as const;

export function vgg(
  depth: 16 | 19,
  o: { input?: number; classes?: number; batchNorm?: boolean } = {},
): VggSpec {
  const convs = VGG_CONVS[depth];
  if (!convs) throw new SpecError('depth', `VGG depth must be 16 or 19 (got ${depth})`);
  const size = o.input ?? 224;
  return validateSpec({
    kind: 'vgg',
    name: `VGG-${depth}`,
    input: { height: size, width: size, channels: 3 },
    stages: convs.map((c, i) => ({ convs: c, width: Math.min(64 * 2 ** i, 512) })),
    hidden: [4096, 4096],
    batchNorm: o.batchNorm ?? false,
    classes: o.classes ?? 1000,
  }) as VggSpec;
}

export interface NamedModelOptions {
  shortcut?: ShortcutOption;
  variant?: BottleneckVariant;
  input?: number;
  width?: number;
  classes?: number;
}

export const MODEL_NAME_HELP =
  'resnet18|34|50|101|152, plain18|34|50|101|152, vgg16, vgg19, cifar-resnet<6n+2>, cifar-plain<6n+2>, mlp-<depth>x<width>';

/** Build a spec from a catalog name such as "resnet50", "cifar-plain20" or "mlp-52x16". */
export function modelByName(name: string, o: NamedModelOptions = {}): NetSpec {
  let m: RegExpMatchArray | null;
  if ((m = /^(resnet|plain)(\d+)$/.exec(name))) {
    const depth = Number(m[2]) as ImageNetDepth;
    if (!(depth in IMAGENET_DEPTHS))
      throw new SpecError('name', `unknown ImageNet depth ${m[2]}; choose 18, 34, 50, 101 or 152`);
    if (m[1] === 'plain' && o.shortcut && o.shortcut !== 'none')
      throw new SpecError('shortcut', `a plain net has no shortcuts (got ${o.shortcut})`);
    return imagenetResNet(depth, {
      ...o,
      shortcut: m[1] === 'plain' ? 'none' : (o.shortcut ?? 'B'),
    });
  }
  if ((m = /^vgg(\d+)$/.exec(name))) {
    if (m[1] !== '16' && m[1] !== '19')
      throw new SpecError('name', `unknown VGG depth ${m[1]}; choose 16 or 19`);
    if (o.shortcut) throw new SpecError('shortcut', 'VGG has no shortcuts');
    return vgg(Number(m[1]) as 16 | 19, o);
  }
  if ((m = /^cifar-(resnet|plain)(\d+)$/.exec(name))) {
    if (m[1] === 'plain' && o.shortcut && o.shortcut !== 'none')
      throw new SpecError('shortcut', `a plain net has no shortcuts (got ${o.shortcut})`);
    return cifarNet(Number(m[2]), { ...o, shortcut: m[1] === 'plain' ? 'none' : (o.shortcut ?? 'A') });
  }
  if ((m = /^mlp-(\d+)x(\d+)$/.exec(name))) {
    if (o.width !== undefined)
      throw new SpecError('width', `an MLP's width is part of its name, mlp-<depth>x<width>`);
    if (o.variant !== undefined)
      throw new SpecError('variant', 'only ImageNet bottleneck nets have a v1/v1.5 variant');
    return mlp(Number(m[1]), Number(m[2]), {
      ...(o.shortcut ? { shortcut: o.shortcut } : {}),
      ...(o.input ? { inputSize: o.input } : {}),
      ...(o.classes ? { classes: o.classes } : {}),
    });
  }
  throw new SpecError('name', `unknown model "${name.slice(0, 40)}"; known: ${MODEL_NAME_HELP}`);
}
