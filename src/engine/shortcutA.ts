/**
 * The option A shortcut (He et al. 2015, §3.3) of a block that changes shape: identity with
 * strided subsampling and zero-padded extra channels, no parameters.
 *
 *   out[n, i, j, c] = x[n, s·i, s·j, c]   for c < C
 *   out[n, i, j, c] = 0                   for C ≤ c < C + extra
 *
 * (for an MLP, [n, f] with no spatial axes: out[n, f] = x[n, f], then `extra` zero features).
 * The subsampling is a 1×1 max pool of stride s, which has a gradient on every backend
 * (tfjs's stridedSlice has none); at an odd size it keeps rows 0, 2, …, H − 1, as many as
 * a 3×3 conv of stride s and padding 1 outputs.
 */
import * as tf from '@tensorflow/tfjs-core';

export function optionAShortcut(x: tf.Tensor, stride: number, extraChannels: number): tf.Tensor {
  let t = x;
  if (stride > 1 && t.rank === 4) t = tf.maxPool(t as tf.Tensor4D, 1, stride, 'valid');
  if (extraChannels > 0)
    t = tf.pad(
      t,
      t.rank === 4
        ? [
            [0, 0],
            [0, 0],
            [0, 0],
            [0, extraChannels],
          ]
        : [
            [0, 0],
            [0, extraChannels],
          ],
    );
  return t;
}
