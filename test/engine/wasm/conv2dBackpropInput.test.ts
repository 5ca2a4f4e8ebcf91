import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { CONV_CASES } from './convCases';
import { expectClose, normals, onBoth } from './helpers';

// Same reasoning as the filter gradient: float32 reordering is ~1e-6 of max|dx|.
const TOL = 1e-4;

describe('wasm Conv2DBackpropInput (XNNPACK) matches tfjs-cpu', () => {
  for (const c of CONV_CASES)
    it(c.name, async () => {
      const filterShape: [number, number, number, number] = [...c.kernel, c.x[3], c.outChannels];
      const outShape = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, 1, c.pad).outShape;
      const ws = normals(tf.util.sizeFromShape(filterShape), 5);
      const dys = normals(tf.util.sizeFromShape(outShape), 6);
      const r = await onBoth(
        () =>
          tf
            .engine()
            .runKernel(
              tf.Conv2DBackpropInput,
              { dy: tf.tensor(dys, outShape), filter: tf.tensor4d(ws, filterShape) },
              {
                strides: c.stride,
                pad: c.pad,
                dataFormat: 'NHWC',
                inputShape: c.x,
              } as unknown as tf.NamedAttrMap,
            ) as tf.Tensor,
      );
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
    const r = await onBoth(
      () =>
        tf
          .engine()
          .runKernel(
            tf.Conv2DBackpropInput,
            { dy: tf.tensor(dys, outShape), filter: tf.tensor4d(ws, filterShape) },
            { strides: 1, pad, dataFormat: 'NHWC', inputShape: x } as unknown as tf.NamedAttrMap,
          ) as tf.Tensor,
    );
    expectClose(r.wasm[0]!, r.cpu[0]!, TOL);
  });
});
