/**
 * An independent float64 forward pass of a ResNet or its plain twin, built from the NetSpec's
 * own fields (stages, block, expansion, variant, shortcut, activation, batchNorm) rather
 * than the project's layer graph, with the parameters looked up by name in a weights record
 * (what a trainer's exportWeights() returns). Training mode: batch norm uses the batch's
 * statistics. Only the conv nets' CIFAR stem is modelled.
 *
 * A block (He et al. 2015 §3; pre-activation: He et al. 2016):
 *   post:  y = relu( BN(W₂ · relu(BN(W₁ x))) + s(x) )
 *   pre:   x' = relu(BN(x));  y = W₂ · relu(BN(W₁ x')) + s
 * with s = 0 (plain), x (identity), x subsampled and zero-padded (option A, shape change),
 * or a 1×1 projection (+ BN in the post order) of x (post) or x' (pre) for options B and C.
 */
import type { ConvNetSpec, MlpSpec } from '../../../src/core/netSpec';
import {
  add,
  addChannels,
  batchNorm,
  conv2d,
  dense,
  globalAveragePool,
  relu,
  softmaxCrossEntropy,
  subsamplePad,
} from './tensors';
import type { Tensor64 } from './tensors';

export type Weights = Record<string, Float64Array>;

/** Float32 exported weights as float64, so finite differences can perturb them finely. */
export function toFloat64(exported: Record<string, Float32Array>): Weights {
  return Object.fromEntries(Object.entries(exported).map(([k, v]) => [k, Float64Array.from(v)]));
}

type Spec = ConvNetSpec | MlpSpec;

function param(w: Weights, name: string): Float64Array {
  const v = w[name];
  if (!v) throw new Error(`reference: no parameter ${name}`);
  return v;
}

/** A weight layer (conv k×k of stride s, or dense), with its bias exactly when BN is off. */
function weightLayer(
  spec: Spec,
  w: Weights,
  name: string,
  x: Tensor64,
  k: number,
  stride: number,
  cout: number,
) {
  const cin = x.shape.at(-1)!;
  const kernel = param(w, `${name}.weight`);
  if (kernel.length !== (spec.kind === 'conv' ? k * k : 1) * cin * cout)
    throw new Error(`reference: ${name} has ${kernel.length} weights`);
  const y =
    spec.kind === 'conv'
      ? conv2d(x, { data: kernel, shape: [k, k, cin, cout] }, stride, Math.floor(k / 2))
      : dense(x, { data: kernel, shape: [cin, cout] });
  return spec.batchNorm ? y : addChannels(y, param(w, `${name}.bias`));
}

function bn(spec: Spec, w: Weights, name: string, x: Tensor64): Tensor64 {
  return spec.batchNorm ? batchNorm(x, param(w, `${name}.gamma`), param(w, `${name}.beta`)) : x;
}

/** Kernel, stride and output width of each weight layer of a block's residual branch. */
function branchLayers(spec: Spec, stride: number, cout: number) {
  if (spec.block === 'basic')
    return [
      { k: 3, stride, cout },
      { k: 3, stride: 1, cout },
    ];
  const inner = cout / spec.expansion;
  const v15 = spec.kind === 'conv' && spec.variant === 'v1.5';
  return [
    { k: 1, stride: v15 ? 1 : stride, cout: inner },
    { k: 3, stride: v15 ? stride : 1, cout: inner },
    { k: 1, stride: 1, cout },
  ];
}

function block(spec: Spec, w: Weights, name: string, x: Tensor64, stride: number, cout: number): Tensor64 {
  const cin = x.shape.at(-1)!;
  const pre = spec.activation === 'pre';
  const layers = branchLayers(spec, stride, cout);
  const xPre = pre ? relu(bn(spec, w, `${name}.bn1`, x)) : x;
  let f = xPre;
  layers.forEach((l, i) => {
    const n = i + 1;
    if (pre && i > 0) f = relu(bn(spec, w, `${name}.bn${n}`, f));
    f = weightLayer(spec, w, `${name}.conv${n}`, f, l.k, l.stride, l.cout);
    if (!pre) {
      f = bn(spec, w, `${name}.bn${n}`, f);
      if (i < layers.length - 1) f = relu(f);
    }
  });
  const changes = cin !== cout || stride !== 1;
  let s: Tensor64 | null = null;
  if (spec.shortcut === 'A') s = changes ? subsamplePad(x, stride, cout - cin) : x;
  if (spec.shortcut === 'B' || spec.shortcut === 'C') {
    if (spec.shortcut === 'C' || changes) {
      s = weightLayer(spec, w, `${name}.shortcut.conv`, xPre, 1, stride, cout);
      if (!pre) s = bn(spec, w, `${name}.shortcut.bn`, s);
    } else s = x;
  }
  const y = s ? add(f, s) : f;
  return pre ? y : relu(y);
}

/** The logits of `x` ([N, H, W, C] images or [N, F] features). */
export function referenceLogits(spec: Spec, w: Weights, x: Tensor64): Tensor64 {
  const pre = spec.activation === 'pre';
  let t: Tensor64;
  let width: number;
  if (spec.kind === 'conv') {
    if (spec.stem.kind !== 'cifar') throw new Error('reference: only the CIFAR stem is modelled');
    width = spec.stem.width;
    t = weightLayer(spec, w, 'stem.conv', x, 3, 1, width);
  } else {
    width = spec.stages[0]!.width;
    t = weightLayer(spec, w, 'stem.fc', x, 1, 1, width);
  }
  if (!pre) t = relu(bn(spec, w, 'stem.bn', t));
  spec.stages.forEach((stage, s) => {
    for (let b = 0; b < stage.blocks; b++) {
      const stride = b === 0 && spec.kind === 'conv' ? stage.stride : 1;
      t = block(spec, w, `stage${s + 1}.block${b + 1}`, t, stride, stage.width);
    }
  });
  if (pre) t = relu(bn(spec, w, 'final.bn', t));
  if (spec.kind === 'conv') t = globalAveragePool(t);
  return addChannels(
    dense(t, { data: param(w, 'head.fc.weight'), shape: [t.shape[1]!, spec.classes] }),
    param(w, 'head.fc.bias'),
  );
}

export function referenceLoss(spec: Spec, w: Weights, x: Tensor64, labels: ArrayLike<number>): number {
  return softmaxCrossEntropy(referenceLogits(spec, w, x), labels);
}
