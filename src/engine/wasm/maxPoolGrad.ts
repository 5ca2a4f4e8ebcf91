/**
 * MaxPoolGrad for the wasm backend, fast for the 1×1 windows of the option A shortcut's
 * subsampling (shortcutA.ts): a 1×1 max pool of stride s picks x[n, s·i, s·j, c], so its
 * gradient is dy scattered back to those pixels and zero elsewhere,
 *
 *   dx[n, s·i, s·j, c] = dy[n, i, j, c],  dx = 0 at every other pixel,
 *
 * one fill and one copy of each dy pixel's channels (tfjs 4.22's wasm kernel took ~3.4 ms
 * for a 64×28×28×8 input). Other windows route each dy to its window's first maximum in
 * row-major order, as tfjs-cpu does: the built-in wasm kernel does not (it gives other
 * gradients than tfjs-cpu even for 1×1 windows, see test/engine/wasm/maxPoolGrad.test.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import { runWasmKernel } from './kernelCalls';
import type { KernelArgs, WasmBackend } from './kernelCalls';

function maxPoolGrad(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, input } = args.inputs as { dy: tf.TensorInfo; input: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.MaxPoolGradAttrs;
  const info = tf.backend_util.computePool2DInfo(
    input.shape as [number, number, number, number],
    attrs.filterSize,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  if (dy.dtype !== 'float32' || input.dtype !== 'float32')
    return runWasmKernel(backend, tf.MaxPoolGrad, args.inputs, args.attrs!);
  const dx = backend.makeOutput(input.shape, 'float32');
  // Views only after the output exists: allocating can grow the heap and detach them.
  const g = backend.typedArrayFromHeap(dy) as Float32Array;
  const x = backend.typedArrayFromHeap(input) as Float32Array;
  const out = backend.typedArrayFromHeap(dx) as Float32Array;
  out.fill(0);
  if (info.filterHeight === 1 && info.filterWidth === 1 && info.padInfo.top === 0 && info.padInfo.left === 0)
    scatter1x1(g, out, info);
  else routeToMax(g, x, out, info);
  return dx;
}

function scatter1x1(g: Float32Array, out: Float32Array, info: tf.backend_util.Conv2DInfo): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw } = info;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const from = ((b * oh + i) * ow + j) * c;
        const to = ((b * h + i * sh) * w + j * sw) * c;
        for (let k = 0; k < c; k++) out[to + k] = g[from + k]!;
      }
}

/** dx[argmax of each window] += dy, the first maximum in row-major window order winning ties. */
function routeToMax(
  g: Float32Array,
  x: Float32Array,
  out: Float32Array,
  info: tf.backend_util.Conv2DInfo,
): void {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: oh, outWidth: ow } = info;
  const { strideHeight: sh, strideWidth: sw, dilationHeight: dh, dilationWidth: dw } = info;
  const { filterHeight: fh, filterWidth: fw } = info;
  const { top, left } = info.padInfo;
  for (let b = 0; b < n; b++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++)
        for (let k = 0; k < c; k++) {
          let best = -Infinity;
          let at = -1;
          for (let u = 0; u < fh; u++) {
            const r = i * sh - top + u * dh;
            if (r < 0 || r >= h) continue;
            for (let v = 0; v < fw; v++) {
              const q = j * sw - left + v * dw;
              if (q < 0 || q >= w) continue;
              const t = ((b * h + r) * w + q) * c + k;
              if (x[t]! > best) {
                best = x[t]!;
                at = t;
              }
            }
          }
          if (at >= 0) out[at] = out[at]! + g[((b * oh + i) * ow + j) * c + k]!;
        }
}

export const maxPoolGradConfig: tf.KernelConfig = {
  kernelName: tf.MaxPoolGrad,
  backendName: 'wasm',
  kernelFunc: maxPoolGrad,
};
