/**
 * A convolution whose filter gradient is computed as matrix products, for the cpu backend.
 * tfjs 4.22's cpu kernel for Conv2DBackpropFilter is a naive loop: at batch 64 on 28×28×8 it
 * takes ~10.8 s where the forward pass takes 0.27 s and the input gradient 0.18 s (measured
 * here). The filter gradient is
 *
 *   dW[i, j, c, o] = Σ_{n, h, w} X[n, h·s + i, w·s + j, c] · dY[n, h, w, o]
 *
 * with X zero-padded by p on each side: for every kernel offset (i, j) that is one product
 * of the shifted, subsampled input (as a [N·H·W, C] matrix) with dY (as [N·H·W, O]).
 * The input gradient stays tfjs's own (conv2dTranspose, the Conv2DBackpropInput kernel).
 */
import * as tf from '@tensorflow/tfjs-core';

export function filterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernel: number,
  stride: number,
  pad: number,
): tf.Tensor4D {
  return tf.tidy(() => {
    const [n, , , c] = x.shape;
    const [, ho, wo, o] = dy.shape;
    const xp =
      pad > 0
        ? tf.pad(x, [
            [0, 0],
            [pad, pad],
            [pad, pad],
            [0, 0],
          ])
        : x;
    const dyMat = tf.reshape(dy, [n * ho * wo, o]);
    const parts: tf.Tensor2D[] = [];
    for (let i = 0; i < kernel; i++)
      for (let j = 0; j < kernel; j++) {
        const end = [n, i + (ho - 1) * stride + 1, j + (wo - 1) * stride + 1, c];
        const shifted =
          stride === 1
            ? tf.slice(xp, [0, i, j, 0], [n, ho, wo, c])
            : tf.stridedSlice(xp, [0, i, j, 0], end, [1, stride, stride, 1]);
        parts.push(tf.matMul(tf.reshape(shifted, [n * ho * wo, c]), dyMat, true, false));
      }
    return tf.reshape(tf.stack(parts), [kernel, kernel, c, o]);
  });
}

/** conv2d with symmetric padding, whose gradient uses filterGradient for the weights. */
export function conv2dFastGrad(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: number): tf.Tensor4D {
  const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [xi, wi, save] = args as [tf.Tensor4D, tf.Tensor4D, tf.GradSaveFunc];
    const y = tf.conv2d(xi, wi, stride, pad);
    save([xi, wi]);
    return {
      value: y,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [xs, ws] = saved as [tf.Tensor4D, tf.Tensor4D];
        const dx = tf.conv2dTranspose(dy as tf.Tensor4D, ws, xs.shape, stride, pad);
        return [dx, filterGradient(xs, dy as tf.Tensor4D, ws.shape[0], stride, pad)];
      },
    };
  });
  return f(x, w) as tf.Tensor4D;
}
