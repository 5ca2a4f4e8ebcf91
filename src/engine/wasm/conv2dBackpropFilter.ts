/**
 * Conv2DBackpropFilter for the wasm backend, which has none (tfjs 4.22). With x zero-padded
 * by (top, left) and stride s, the filter gradient is
 *
 *   dW[i, j, c, o] = Σ_{n, h, w} x[n, h·s + i − top, w·s + j − left, c] · dy[n, h, w, o]
 *
 * which is itself a forward convolution: treat x as a batch of Cin images [Cin, H, W, N]
 * with N channels, and dy as a filter [H', W', N, Cout] whose taps sit s pixels apart
 * (dilation s, stride 1). The output [Cin, kh, kw, Cout] (cut to kh × kw where the padding
 * makes it larger) is dW with its first axis moved third. XNNPACK runs that convolution.
 */
import * as tf from '@tensorflow/tfjs-core';
import { release, runWasmKernel } from './kernelCalls';
import type { KernelArgs, WasmBackend } from './kernelCalls';

function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    filterShape,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw } = info;
  const [, inH, inW] = x.shape as [number, number, number, number];
  const [, outH, outW] = dy.shape as [number, number, number, number];
  const { top, left } = info.padInfo;
  // Pad the far sides so that the dilated dy "filter" fits kh × kw times; anything past the
  // forward pass's own padding is never read by a tap the gradient keeps.
  const bottom = Math.max(0, kh + (outH - 1) * sh - inH - top);
  const right = Math.max(0, kw + (outW - 1) * sw - inW - left);

  const xT = runWasmKernel(backend, tf.Transpose, { x }, { perm: [3, 1, 2, 0] });
  const dyT = runWasmKernel(backend, tf.Transpose, { x: dy }, { perm: [1, 2, 0, 3] });
  const full = runWasmKernel(
    backend,
    tf.Conv2D,
    { x: xT, filter: dyT },
    {
      strides: 1,
      dilations: [sh, sw],
      pad: [
        [0, 0],
        [top, bottom],
        [left, right],
        [0, 0],
      ],
      dataFormat: 'NHWC',
    },
  );
  release(backend, xT, dyT);
  let cut = full;
  if (full.shape[1] !== kh || full.shape[2] !== kw) {
    cut = runWasmKernel(backend, tf.Slice, { x: full }, { begin: [0, 0, 0, 0], size: [-1, kh, kw, -1] });
    release(backend, full);
  }
  const dW = runWasmKernel(backend, tf.Transpose, { x: cut }, { perm: [1, 2, 0, 3] });
  release(backend, cut);
  return dW;
}

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter,
};
