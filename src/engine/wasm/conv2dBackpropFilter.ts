/**
 * Conv2DBackpropFilter for the wasm backend, which has none (tfjs 4.22). With x zero-padded
 * by (top, left) and stride s, the filter gradient is
 *
 *   dW[i, j, c, o] = Σ_{n, h, w} x[n, h·s + i − top, w·s + j − left, c] · dy[n, h, w, o]
 *
 * which is itself a forward convolution: treat x as a batch of Cin images [Cin, H, W, N]
 * with N channels, and dy as a filter [H', W', N, Cout] whose taps sit s pixels apart
 * (dilation s, stride 1). The output [Cin, kh, kw, Cout] (cut to kh × kw where the padding
 * makes it larger) is dW with its first axis moved third. XNNPACK runs that convolution;
 * the three re-layouts around it are JavaScript loops on the heap (heapLayout.ts), which
 * halve the kernel's time against tfjs's wasm Transpose and Slice.
 */
import * as tf from '@tensorflow/tfjs-core';
import { release, runWasmKernel } from './kernelCalls';
import type { KernelArgs, WasmBackend } from './kernelCalls';
import { batchInsidePixels, swapBatchAndChannels } from './heapLayout';

function conv2dBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  const { strides, pad, dataFormat, dimRoundingMode, filterShape } =
    args.attrs as unknown as tf.Conv2DBackpropFilterAttrs;
  if (dataFormat === 'NCHW') throw new Error('wasm Conv2DBackpropFilter supports NHWC only');
  if (x.dtype !== 'float32' || dy.dtype !== 'float32')
    throw new Error('wasm Conv2DBackpropFilter supports float32 only');
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

  const [n, , , cin] = x.shape as [number, number, number, number];
  const cout = dy.shape[3]!;
  // The transposed operands, laid out in JavaScript (heapLayout.ts); views only once both
  // exist, since an allocation can grow the heap and detach them.
  const xT = backend.makeOutput([cin, inH, inW, n], 'float32');
  const dyT = backend.makeOutput([outH, outW, n, cout], 'float32');
  swapBatchAndChannels(heap(backend, x), heap(backend, xT), n, inH * inW, cin);
  batchInsidePixels(heap(backend, dy), heap(backend, dyT), n, outH * outW, cout);
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
  // full [cin, fh, fw, cout] → dW [kh, kw, cin, cout], keeping the kh × kw corner.
  const dW = backend.makeOutput([kh, kw, cin, cout], 'float32');
  const src = heap(backend, full);
  const dst = heap(backend, dW);
  const [, fh, fw] = full.shape as [number, number, number, number];
  for (let i = 0; i < kh; i++)
    for (let j = 0; j < kw; j++)
      for (let c = 0; c < cin; c++) {
        const from = ((c * fh + i) * fw + j) * cout;
        dst.set(src.subarray(from, from + cout), ((i * kw + j) * cin + c) * cout);
      }
  release(backend, full);
  return dW;
}

const heap = (backend: WasmBackend, t: tf.TensorInfo) => backend.typedArrayFromHeap(t) as Float32Array;

export const conv2dBackpropFilterConfig: tf.KernelConfig = {
  kernelName: tf.Conv2DBackpropFilter,
  backendName: 'wasm',
  kernelFunc: conv2dBackpropFilter,
};
