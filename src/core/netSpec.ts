/**
 * NetSpec: a plain, JSON-safe description of every network ResLab trains or counts.
 *
 * Conventions (shared by the counter, the engine and every page):
 * - `width` of a stage is the number of channels (or features) its blocks output.
 *   A bottleneck block reduces to `width / expansion` inside (1×1 reduce, 3×3, 1×1 restore),
 *   so `width` must be divisible by `expansion` (ResNet-50's stages are 256, 512, 1024, 2048).
 * - The paper's plain nets are the same stacks with `shortcut: 'none'` (the "plain twin").
 * - Shortcut options (He et al. 2015, §3.3): `A` identity, with strided subsampling and
 *   zero-padded extra channels where the shape changes (no parameters); `B` a 1×1 projection
 *   (+ batch norm) only where the shape changes, identity elsewhere; `C` a projection on every block.
 * - `activation: 'post'` is the 2015 order (conv-BN-ReLU, ReLU after the addition);
 *   `'pre'` is He et al. 2016, "Identity Mappings" (BN-ReLU-conv, nothing after the addition).
 * - Convolutions and hidden fully connected layers carry a bias exactly when batch norm is off;
 *   the classifier always has one.
 */

export type BlockType = 'basic' | 'bottleneck';
export type ShortcutOption = 'none' | 'A' | 'B' | 'C';
export type ActivationOrder = 'post' | 'pre';
/** Where a downsampling bottleneck strides: `v1` in its first 1×1 conv (the paper), `v1.5` in its 3×3 (torchvision). */
export type BottleneckVariant = 'v1' | 'v1.5';
/** `imagenet`: 7×7/2 conv + 3×3/2 max pool (paper Table 1). `cifar`: one 3×3/1 conv (paper §4.2). */
export type StemKind = 'imagenet' | 'cifar';

export const BLOCK_TYPES: readonly BlockType[] = ['basic', 'bottleneck'];
export const SHORTCUT_OPTIONS: readonly ShortcutOption[] = ['none', 'A', 'B', 'C'];
export const ACTIVATION_ORDERS: readonly ActivationOrder[] = ['post', 'pre'];
export const BOTTLENECK_VARIANTS: readonly BottleneckVariant[] = ['v1', 'v1.5'];
export const STEM_KINDS: readonly StemKind[] = ['imagenet', 'cifar'];

export interface StageSpec {
  /** Residual (or plain) blocks in this stage. */
  blocks: number;
  /** Output channels (conv nets) or features (MLPs) of every block in the stage. */
  width: number;
  /** Stride of the stage's first block (conv nets only; MLP stages always use 1). */
  stride: number;
}

interface CommonSpec {
  /** Display name, e.g. "ResNet-50". Optional; never used for counting. */
  name?: string;
  stages: StageSpec[];
  block: BlockType;
  /** Bottleneck expansion: output width ÷ inner width (4 in the paper). */
  expansion: number;
  shortcut: ShortcutOption;
  batchNorm: boolean;
  activation: ActivationOrder;
  classes: number;
}

/** A convolutional ResNet or its plain twin: stem, stages of blocks, global average pool, fc. */
export interface ConvNetSpec extends CommonSpec {
  kind: 'conv';
  input: { height: number; width: number; channels: number };
  stem: { kind: StemKind; width: number };
  variant: BottleneckVariant;
}

/** A fully connected net for 2-D toys: dense stem, stages of dense blocks, dense head. */
export interface MlpSpec extends CommonSpec {
  kind: 'mlp';
  inputSize: number;
}

/** VGG (Simonyan & Zisserman): stages of 3×3 convs each followed by 2×2/2 max pool, then fcs. */
export interface VggSpec {
  kind: 'vgg';
  name?: string;
  input: { height: number; width: number; channels: number };
  /** Convolutions per stage and their width. */
  stages: { convs: number; width: number }[];
  /** Hidden fully connected widths (4096, 4096 in the paper), before the classifier. */
  hidden: number[];
  batchNorm: boolean;
  classes: number;
}

export type NetSpec = ConvNetSpec | MlpSpec | VggSpec;

/** Shape of one activation without the batch axis: [H, W, C] or [features]. */
export type Shape = readonly number[];
