/**
 * Conv2DBackpropInput for the wasm backend on XNNPACK. tfjs 4.22's own wasm kernel is a
 * scalar loop (~28 ms for a 64×28×28×8 → 8, 3×3 layer, ten times its forward pass). With
 * forward padding (top, left) and stride s,
 *
 *   dx[n, y, x, c] = Σ_{i, j, o} dy[n, h, w, o] · W[i, j, c, o],  y = h·s + i − top, x = w·s + j − left
 *
 * At stride 1 that is a forward convolution of dy by the filter turned 180° with its
 * channel axes swapped, W'[i, j, o, c] = W[kh − 1 − i, kw − 1 − j, c, o], padded by
 * kh − 1 − top on top and kw − 1 − left on the left, and on the far sides by whatever
 * makes the output H × W. Strided, it is one such convolution per output phase by a
 * sub-filter (stridedInputGrad.ts), so no multiply-add is spent on zeros.
 */
import * as tf from '@tensorflow/tfjs-core';
import { release, runWasmKernel } from './kernelCalls';
import type { KernelArgs, WasmBackend } from './kernelCalls';
import { stridedInputGrad } from './stridedInputGrad';

function conv2dBackpropInput(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { dy, filter } = args.inputs as { dy: tf.TensorInfo; filter: tf.TensorInfo };
  const attrs = args.attrs as unknown as tf.Conv2DBackpropInputAttrs;
  if (attrs.dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropInput supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    attrs.inputShape,
    filter.shape as [number, number, number, number],
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, inHeight, inWidth } = info;
  const { top, left } = info.padInfo;
  // Strided: one stride-1 convolution per output phase, no zeros multiplied (stridedInputGrad.ts).
  if ((sh > 1 || sw > 1) && filter.dtype === 'float32' && dy.dtype === 'float32')
    return stridedInputGrad(backend, dy, filter, info);
  const padTop = kh - 1 - top;
  const padLeft = kw - 1 - left;
  // A forward pad wider than the kernel would need negative padding here; the built-in handles it.
  if (padTop < 0 || padLeft < 0)
    return runWasmKernel(backend, tf.Conv2DBackpropInput, args.inputs, args.attrs!);

  let input = dy;
  // Output height = padTop + rows + padBottom − kh + 1 must be inHeight.
  let rows = input.shape[1]!;
  let cols = input.shape[2]!;
  const needRows = inHeight + kh - 1 - padTop;
  const needCols = inWidth + kw - 1 - padLeft;
  if (rows > needRows || cols > needCols) {
    // A far-side forward pad wider than the kernel: those rows of dy reach no pixel of dx.
    rows = Math.min(rows, needRows);
    cols = Math.min(cols, needCols);
    const cut = runWasmKernel(
      backend,
      tf.Slice,
      { x: input },
      { begin: [0, 0, 0, 0], size: [-1, rows, cols, -1] },
    );
    if (input !== dy) release(backend, input);
    input = cut;
  }
  const turned = runWasmKernel(backend, tf.Reverse, { x: filter }, { dims: [0, 1] });
  const swapped = runWasmKernel(backend, tf.Transpose, { x: turned }, { perm: [0, 1, 3, 2] });
  release(backend, turned);
  const dx = runWasmKernel(
    backend,
    tf.Conv2D,
    { x: input, filter: swapped },
    {
      strides: 1,
      dilations: 1,
      pad: [
        [0, 0],
        [padTop, needRows - rows],
        [padLeft, needCols - cols],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  release(backend, swapped);
  if (input !== dy) release(backend, input);
  return dx;
}

export const conv2dBackpropInputConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropInput,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropInput,
};
