/**
 * A convolution whose filter gradient is computed in plain JavaScript loops over the
 * tensors' backing arrays, for the cpu backend. tfjs 4.22's cpu Conv2DBackpropFilter is a
 * naive loop (~10 s at batch 64 on 28×28×8, measured here), and writing the gradient as k²
 * matrix products over shifted slices paid ~2 s per 3×3 conv for tfjs-cpu's generic Slice.
 * The filter gradient is
 *
 *   dW[i, j, c, o] = Σ_{n, h, w} X[n, h·s + i − top, w·s + j − left, c] · dY[n, h, w, o]
 *
 * with X read as zero outside its bounds (top/left: the padding before the first row and
 * column). The input gradient stays tfjs's own (conv2dTranspose, Conv2DBackpropInput).
 */
import * as tf from '@tensorflow/tfjs-core';

/** Symmetric padding of this many pixels, or tfjs's 'same' / 'valid'. */
export type ConvPad = number | 'same' | 'valid';

/**
 * dW for a k×k conv of x [N,H,W,C] whose output gradient is dy [N,H',W',O]. On the cpu
 * backend dataSync() returns the tensors' own arrays, so nothing is copied; elsewhere it is
 * a synchronous readback.
 */
export function filterGradient(
  x: tf.Tensor4D,
  dy: tf.Tensor4D,
  kernel: number,
  stride: number,
  pad: ConvPad,
): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const o = dy.shape[3];
  const info = tf.backend_util.computeConv2DInfo(x.shape, [kernel, kernel, c, o], stride, 1, pad);
  const { outHeight: ho, outWidth: wo } = info;
  if (dy.shape[0] !== n || dy.shape[1] !== ho || dy.shape[2] !== wo)
    throw new Error(
      `filterGradient: dy is ${dy.shape.join('×')}, the conv's output is ${n}×${ho}×${wo}×${o}`,
    );
  const xs = x.dataSync() as Float32Array;
  const ds = dy.dataSync() as Float32Array;
  const top = info.padInfo.top;
  const left = info.padInfo.left;
  const co = c * o;
  // Float64 sums (as tfjs's own kernel), over N·H'·W' terms each.
  const acc = new Float64Array(kernel * kernel * co);
  // Each (image, output row, kernel row) meets one input row. Along it, for each kernel
  // column, dW[i, j] gains Σ_q x[q·s + j]ᵀ dy[q] over the in-bounds columns q: a sum of
  // outer products, taken 2 channels × 4 outputs at a time in locals (8 sums, 6 loads per
  // 8 multiply-adds) and added into dW once per row. x and dy rows stay in L1.
  for (let b = 0; b < n; b++)
    for (let r = 0; r < ho; r++) {
      const dyRow = (b * ho + r) * wo * o;
      for (let i = 0; i < kernel; i++) {
        const y = r * stride + i - top;
        if (y < 0 || y >= h) continue;
        const xRow = (b * h + y) * w * c;
        for (let j = 0; j < kernel; j++) {
          // In-bounds columns: 0 ≤ q·s + j − left < w.
          const qLo = Math.max(0, Math.ceil((left - j) / stride));
          const qHi = Math.min(wo - 1, Math.floor((w - 1 + left - j) / stride));
          if (qLo > qHi) continue;
          const xStep = stride * c;
          const x0At = xRow + (qLo * stride + j - left) * c;
          const wAt = (i * kernel + j) * co;
          for (let c0 = 0; c0 < c; c0 += 2) {
            // A lone last channel or output reads a valid neighbour and drops its sums.
            const c1 = c0 + 1 < c ? 1 : 0;
            for (let o0 = 0; o0 < o; o0 += 4) {
              const k1 = o0 + 1 < o ? 1 : 0;
              const k2 = o0 + 2 < o ? 2 : k1;
              const k3 = o0 + 3 < o ? 3 : k2;
              let a00 = 0,
                a01 = 0,
                a02 = 0,
                a03 = 0,
                a10 = 0,
                a11 = 0,
                a12 = 0,
                a13 = 0;
              let xa = x0At + c0;
              let da = dyRow + qLo * o + o0;
              for (let q = qLo; q <= qHi; q++, xa += xStep, da += o) {
                const x0 = xs[xa]!;
                const x1 = xs[xa + c1]!;
                const d0 = ds[da]!;
                const d1 = ds[da + k1]!;
                const d2 = ds[da + k2]!;
                const d3 = ds[da + k3]!;
                a00 += x0 * d0;
                a01 += x0 * d1;
                a02 += x0 * d2;
                a03 += x0 * d3;
                a10 += x1 * d0;
                a11 += x1 * d1;
                a12 += x1 * d2;
                a13 += x1 * d3;
              }
              const t0 = wAt + c0 * o + o0;
              acc[t0]! += a00;
              if (k1 === 1) acc[t0 + 1]! += a01;
              if (k2 === 2) acc[t0 + 2]! += a02;
              if (k3 === 3) acc[t0 + 3]! += a03;
              if (c1 === 1) {
                const t1 = t0 + o;
                acc[t1]! += a10;
                if (k1 === 1) acc[t1 + 1]! += a11;
                if (k2 === 2) acc[t1 + 2]! += a12;
                if (k3 === 3) acc[t1 + 3]! += a13;
              }
            }
          }
        }
      }
    }
  return tf.tensor4d(Float32Array.from(acc), [kernel, kernel, c, o]);
}

/** conv2d whose gradient uses filterGradient for the weights. */
export function conv2dFastGrad(x: tf.Tensor4D, w: tf.Tensor4D, stride: number, pad: ConvPad): tf.Tensor4D {
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
