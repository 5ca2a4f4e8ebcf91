import * as tf from '@tensorflow/tfjs-core';
import { describe, it } from 'vitest';
import { CONV_CASES } from './convCases';
import { expectClose, normals, onBoth } from './helpers';

// float32 sums of ~100 products in a different order: ~1e-6 relative; 1e-4 of max|dW| is loose enough for that and far below any indexing error.
const TOL = 1e-4;

describe('wasm Conv2DBackpropFilter matches tfjs-cpu', () => {
  for (const c of CONV_CASES)
    it(c.name, async () => {
      const filterShape: [number, number, number, number] = [...c.kernel, c.x[3], c.outChannels];
      const outShape = tf.backend_util.computeConv2DInfo(c.x, filterShape, c.stride, 1, c.pad).outShape;
      const xs = normals(tf.util.sizeFromShape(c.x), 1);
      const dys = normals(tf.util.sizeFromShape(outShape), 2);
      const r = await onBoth(
        () =>
          tf
            .engine()
            .runKernel(tf.Conv2DBackpropFilter, { x: tf.tensor4d(xs, c.x), dy: tf.tensor(dys, outShape) }, {
              strides: c.stride,
              pad: c.pad,
              dataFormat: 'NHWC',
              filterShape,
            } as unknown as tf.NamedAttrMap) as tf.Tensor,
      );
      expectClose(r.wasm[0]!, r.cpu[0]!, TOL);
    });

  it('trains through tf.grad of conv2d (the path the model takes)', async () => {
    const xs = normals(2 * 8 * 8 * 3, 3);
    const ws = normals(3 * 3 * 3 * 4, 4);
    const r = await onBoth(() => {
      const x = tf.tensor4d(xs, [2, 8, 8, 3]);
      const loss = (w: tf.Tensor) => tf.sum(tf.square(tf.conv2d(x, w as tf.Tensor4D, 2, 'same')));
      return tf.grad(loss)(tf.tensor4d(ws, [3, 3, 3, 4]));
    });
    expectClose(r.wasm[0]!, r.cpu[0]!, TOL);
  });
});
