import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { CONV_CASES } from './convCases';
import { expectClose, normals, onBoth } from './helpers';

// Same reasoning as the filter gradient: float32 reordering is ~1e-6 of max|dx|.
const TOL = 1e-4;

type Shape4 = [number, number, number, number];

/** ∂L/∂x of a conv with this filter, stride and padding, for the output gradient `dy`, on the active backend. */
const backpropInput = (
  dy: Float32Array,
  dyShape: Shape4,
  filter: Float32Array,
  filterShape: Shape4,
  strides: number,
  pad: tf.Conv2DBackpropInputAttrs['pad'],
  inputShape: Shape4,
) =>
  tf
    .engine()
    .runKernel(
      tf.Conv2DBackpropInput,
      { dy: tf.tensor(dy, dyShape), filter: tf.tensor4d(filter, filterShape) },
      { strides, pad, dataFormat: 'NHWC', inputShape } as unknown as tf.NamedAttrMap,
    ) as tf.Tensor;

describe('wasm Conv2DBackpropInput (XNNPACK) matches tfjs-cpu', () => {
  for (const c of CONV_CASES)
    it(c.name, async () => {
      const filterShape: [number, number, number, number] = [...c.kernel, c.x[3], c.outChannels];
      const outShape = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, 1, c.pad).outShape;
      const ws = normals(tf.util.sizeFromShape(filterShape), 5);
      const dys = normals(tf.util.sizeFromShape(outShape), 6);
      const r = await onBoth(() => backpropInput(dys, outShape, ws, filterShape, c.stride, c.pad, c.x));
      expectClose(r.wasm[0]!, r.cpu[0]!, TOL);
    });

  it('a forward pad wider than the kernel falls back to the built-in kernel, still correct', async () => {
    const x: [number, number, number, number] = [1, 5, 5, 2];
    const filterShape: [number, number, number, number] = [1, 1, 2, 3];
    const pad: tf.Conv2DBackpropInputAttrs['pad'] = [
      [0, 0],
      [2, 1],
      [1, 2],
      [0, 0],
    ];
    const outShape = tf.backend_util.computeConv2DInfo(x, filterShape, 1, 1, pad).outShape;
    const ws = normals(6, 7);
    const dys = normals(tf.util.sizeFromShape(outShape), 8);
    const r = await onBoth(() => backpropInput(dys, outShape, ws, filterShape, 1, pad, x));
    expectClose(r.wasm[0]!, r.cpu[0]!, TOL);
  });
});
