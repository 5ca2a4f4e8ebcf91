/**
 * Training batch norm on the wasm backend composed of XNNPACK kernels (SIMD), for NHWC
 * activations. A per-channel x·a + b (+ ReLU) is a 1×1 depthwise convolution with a bias
 * (0.15 ms for 64×28×28×8, a tenth of a JavaScript pass; tfjs's wasm broadcasting Mul and
 * Sub take 0.76), and same-shape Mul and Sub run at ~0.06 ms. The math is
 * ../batchNormWide.ts's, in two passes:
 *
 *   μ = Σx / n,  d = x − μ,  σ² = Σd² / n,  r = 1/√(σ² + ε),  y = d·(γ·r) + β  (ReLU optional)
 *   ∂L/∂β = Σg,  ∂L/∂γ = r·Σ g·d,  ∂L/∂x = g·(γ·r) − d·(γ·r³·Σ g·d / n) − γ·r·Σg / n
 *
 * with g = dy (masked by y > 0 after a ReLU). A channel sum Σ over N·H·W is a few 2×2,
 * stride-2 depthwise convolutions by ones (each sums 4:1, float32) while the spatial size is
 * even, then a float64 JavaScript sum over what is left (a 64×28×28 plane: 64×7×7).
 */
import * as tf from '@tensorflow/tfjs-core';
import { BN_EPSILON } from '../bnConstants';
import { release, runWasmKernel } from './kernelCalls';
import type { WasmBackend } from './kernelCalls';

const f32 = (b: WasmBackend, t: tf.TensorInfo) => b.typedArrayFromHeap(t) as Float32Array;

/** A [c] tensor of the given values (released by the caller). */
function vector(b: WasmBackend, values: ArrayLike<number>): tf.TensorInfo {
  const t = b.makeOutput([values.length], 'float32');
  f32(b, t).set(values);
  return t;
}

/** Per-channel float64 sums of an NHWC tensor. */
function channelSums(b: WasmBackend, x: tf.TensorInfo): Float64Array {
  const c = x.shape[3]!;
  let t = x;
  let ones: tf.TensorInfo | null = null;
  while (t.shape[1]! % 2 === 0 && t.shape[2]! % 2 === 0 && t.shape[1]! * t.shape[2]! > 16) {
    if (!ones) {
      ones = b.makeOutput([2, 2, c, 1], 'float32');
      f32(b, ones).fill(1);
    }
    const next = runWasmKernel(
      b,
      tf.DepthwiseConv2dNative,
      { x: t, filter: ones },
      { strides: 2, pad: 'valid', dataFormat: 'NHWC', dilations: 1 },
    );
    if (t !== x) release(b, t);
    t = next;
  }
  if (ones) release(b, ones);
  const v = f32(b, t);
  const sums = new Float64Array(c);
  for (let i = 0; i < v.length; i += c) for (let k = 0; k < c; k++) sums[k] = sums[k]! + v[i + k]!;
  if (t !== x) release(b, t);
  return sums;
}

const binary = (b: WasmBackend, op: string, a: tf.TensorInfo, c: tf.TensorInfo) =>
  runWasmKernel(b, op, { a, b: c }, {});

/** x·scale + shift per channel, then a ReLU if asked: one 1×1 depthwise convolution. */
function scaleShift(
  b: WasmBackend,
  x: tf.TensorInfo,
  scale: ArrayLike<number>,
  shift: ArrayLike<number>,
  relu = false,
): tf.TensorInfo {
  const c = scale.length;
  const filter = b.makeOutput([1, 1, c, 1], 'float32');
  f32(b, filter).set(scale);
  const bias = vector(b, shift);
  const out = runWasmKernel(
    b,
    tf.FusedDepthwiseConv2D,
    { x, filter, bias },
    { strides: 1, pad: 'valid', dataFormat: 'NHWC', dilations: 1, activation: relu ? 'relu' : 'linear' },
  );
  release(b, filter, bias);
  return out;
}

/** Whether this path takes x: 4-D float32 (smaller or odd tensors gain little). */
export function batchNormXnnApplies(x: tf.TensorInfo): boolean {
  return x.shape.length === 4 && x.dtype === 'float32';
}

export function batchNormForwardXnn(
  b: WasmBackend,
  x: tf.TensorInfo,
  gamma: tf.TensorInfo,
  beta: tf.TensorInfo,
  relu: boolean,
): tf.TensorInfo[] {
  const c = x.shape[3]!;
  const n = tf.util.sizeFromShape(x.shape) / c;
  const mu = channelSums(b, x).map((s) => s / n);
  const ones = new Float64Array(c).fill(1);
  const d = scaleShift(
    b,
    x,
    ones,
    mu.map((m) => -m),
  );
  const d2 = binary(b, tf.Multiply, d, d);
  release(b, d);
  const variance = channelSums(b, d2).map((s) => s / n);
  release(b, d2);
  const g = f32(b, gamma);
  const be = f32(b, beta);
  const a = variance.map((v, k) => g[k]! / Math.sqrt(v + BN_EPSILON));
  // y = a·(x − μ) + β = a·x + (β − a·μ).
  const y = scaleShift(
    b,
    x,
    a,
    a.map((ak, k) => be[k]! - ak * mu[k]!),
    relu,
  );
  return [y, vector(b, mu), vector(b, variance)];
}

export function batchNormBackwardXnn(
  b: WasmBackend,
  dy: tf.TensorInfo,
  x: tf.TensorInfo,
  gamma: tf.TensorInfo,
  mean: tf.TensorInfo,
  variance: tf.TensorInfo,
  y: tf.TensorInfo | null,
): tf.TensorInfo[] {
  const c = x.shape[3]!;
  const n = tf.util.sizeFromShape(x.shape) / c;
  let g = dy;
  if (y) {
    const mask = runWasmKernel(b, tf.Step, { x: y }, { alpha: 0 });
    g = binary(b, tf.Multiply, dy, mask);
    release(b, mask);
  }
  const sumG = channelSums(b, g);
  const mu = Float64Array.from(f32(b, mean));
  const v = Float64Array.from(f32(b, variance));
  const gam = Float64Array.from(f32(b, gamma));
  const d = scaleShift(
    b,
    x,
    new Float64Array(c).fill(1),
    mu.map((m) => -m),
  );
  const gd = binary(b, tf.Multiply, g, d);
  const sumGd = channelSums(b, gd);
  release(b, gd);
  const r = v.map((vk) => 1 / Math.sqrt(vk + BN_EPSILON));
  // dx = g·(γr) − (γr·Σg/n) − d·(γr³·Σ g·d / n)
  const t1 = scaleShift(
    b,
    g,
    r.map((rk, k) => gam[k]! * rk),
    r.map((rk, k) => (-gam[k]! * rk * sumG[k]!) / n),
  );
  const t2 = scaleShift(
    b,
    d,
    r.map((rk, k) => (gam[k]! * rk * rk * rk * sumGd[k]!) / n),
    new Float64Array(c),
  );
  release(b, d);
  if (g !== dy) release(b, g);
  const dx = binary(b, tf.Sub, t1, t2);
  release(b, t1, t2);
  return [
    dx,
    vector(
      b,
      r.map((rk, k) => rk * sumGd[k]!),
    ),
    vector(b, sumG),
  ];
}
