/**
 * One SGD-with-momentum update of one parameter as one kernel (cpu and wasm), instead of
 * six tfjs ops (three multiplies, two adds and a subtraction, each a pass over the tensor
 * and ~30 µs of engine bookkeeping): a ResNet-20 step updates 59 parameters.
 *
 *   g' = g + λ·w  (λ > 0; PyTorch's weight decay),  v' = μ·v + g'  (μ > 0, else v' = g'),
 *   w' = w − η·v'
 *
 * Each operation rounds to float32 in the order the ops did (the scalars λ, μ, η are float32
 * tensors there too), so the result is bit for bit that of the op sequence.
 */
import * as tf from '@tensorflow/tfjs-core';
import { hostIO, registerHostKernel } from './hostKernel';

export const SGD_MOMENTUM = 'ResLabSgdMomentum';

export interface SgdAttrs {
  learningRate: number;
  momentum: number;
  weightDecay: number;
}

type KernelArgs = Parameters<tf.KernelFunc>[0];

const f32 = Math.fround;

/** Fills w' and v' from w, v and g. */
export function sgdMomentumUpdate(
  w: Float32Array,
  v: Float32Array,
  g: Float32Array,
  wOut: Float32Array,
  vOut: Float32Array,
  o: SgdAttrs,
): void {
  const lr = f32(o.learningRate);
  const mu = f32(o.momentum);
  const wd = f32(o.weightDecay);
  const decay = o.weightDecay > 0;
  const carry = o.momentum > 0;
  for (let i = 0; i < w.length; i++) {
    const wi = w[i]!;
    const gi = decay ? f32(g[i]! + f32(wi * wd)) : g[i]!;
    const vi = carry ? f32(f32(v[i]! * mu) + gi) : gi;
    vOut[i] = vi;
    wOut[i] = wi - f32(vi * lr);
  }
}

function sgdKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { w, v, g } = inputs as Record<'w' | 'v' | 'g', tf.TensorInfo>;
  const io = hostIO(SGD_MOMENTUM, backend as tf.KernelBackend, [w, v, g], [w.shape, w.shape]);
  const [ws, vs, gs] = io.ins as [Float32Array, Float32Array, Float32Array];
  sgdMomentumUpdate(ws, vs, gs, io.outArrays[0]!, io.outArrays[1]!, attrs as unknown as SgdAttrs);
  return io.outs;
}

registerHostKernel(SGD_MOMENTUM, sgdKernel as tf.KernelFunc);

/** [w', v'] for one parameter, on a host backend (see hostKernelsAvailable). */
export function sgdMomentumStep(
  w: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  o: SgdAttrs,
): [tf.Tensor, tf.Tensor] {
  const [wNew, vNew] = tf
    .engine()
    .runKernel(SGD_MOMENTUM, { w, v, g }, o as unknown as tf.NamedAttrMap) as tf.Tensor[];
  return [wNew!, vNew!];
}
