/**
 * The input gradient of a strided convolution without multiplying by zeros. With stride s
 * and forward padding (top, left),
 *
 *   dx[n, y, x, c] = Σ_{i, j, o} dy[n, h, w, o] · W[i, j, c, o],  y = h·s + i − top, x = w·s + j − left
 *
 * Split the output rows by phase, y = s·Y + p: only the taps i ≡ p + top (mod s) reach
 * them, i = i₀ + s·t with i₀ = (p + top) mod s, t = 0 … T − 1, T = ⌈(kh − i₀)/s⌉, and then
 * h = Y + q − t with q = (p + top − i₀)/s. So each of the s² phases (p, p') is a stride-1
 * forward convolution of dy itself by the sub-filter F[u, v, o, c] = W[i₀ + s·(T − 1 − u),
 * j₀ + s·(T' − 1 − v), c, o], padded by T − 1 − q on top (a negative pad becomes an offset
 * into the output), whose output interleaves into dx. Spreading dy with s − 1 zeros between
 * samples and convolving by the whole turned filter does s² times the multiply-adds.
 */
import * as tf from '@tensorflow/tfjs-core';
import { release, runWasmKernel } from './kernelCalls';
import type { WasmBackend } from './kernelCalls';

/** One axis of one phase: its taps, and where the phase's convolution reads and writes. */
interface PhaseAxis {
  /** First tap i₀ and tap count T. */
  first: number;
  taps: number;
  /** Output rows (or columns) of this phase in dx. */
  size: number;
  /** Padding before and after dy, and the offset of dx's first row in the conv output. */
  before: number;
  after: number;
  offset: number;
}

function phaseAxis(p: number, s: number, k: number, pad: number, inSize: number, dySize: number): PhaseAxis {
  const first = (p + pad) % s;
  const taps = Math.max(0, Math.ceil((k - first) / s));
  const size = Math.max(0, Math.ceil((inSize - p) / s));
  const q = (p + pad - first) / s;
  const wanted = taps - 1 - q;
  const before = Math.max(0, wanted);
  const offset = before - wanted;
  // The conv outputs dySize + before + after − taps + 1 rows; dx needs offset + size of them.
  const after = Math.max(0, size + offset + taps - 1 - dySize - before);
  return { first, taps, size, before, after, offset };
}

export function stridedInputGrad(
  backend: WasmBackend,
  dy: tf.TensorInfo,
  filter: tf.TensorInfo,
  info: tf.backend_util.Conv2DInfo,
): tf.TensorInfo {
  const { batchSize: n, inHeight: h, inWidth: w, inChannels: c, outHeight: dh, outWidth: dw } = info;
  const { filterHeight: kh, filterWidth: kw, strideHeight: sh, strideWidth: sw, outChannels: o } = info;
  const { top, left } = info.padInfo;
  const dx = backend.makeOutput([n, h, w, c], 'float32');
  const phases: [number, number, PhaseAxis, PhaseAxis][] = [];
  for (let py = 0; py < sh; py++)
    for (let px = 0; px < sw; px++)
      phases.push([py, px, phaseAxis(py, sh, kh, top, h, dh), phaseAxis(px, sw, kw, left, w, dw)]);
  // Pixels no tap reaches (a 1×1 kernel of stride 2 skips odd rows) have a zero gradient.
  if (phases.some(([, , ay, ax]) => ay.taps === 0 || ax.taps === 0))
    (backend.typedArrayFromHeap(dx) as Float32Array).fill(0);
  for (const [py, px, ay, ax] of phases) {
    if (ay.size === 0 || ax.size === 0 || ay.taps === 0 || ax.taps === 0) continue;
    const sub = backend.makeOutput([ay.taps, ax.taps, o, c], 'float32');
    const wv = backend.typedArrayFromHeap(filter) as Float32Array;
    const fv = backend.typedArrayFromHeap(sub) as Float32Array;
    for (let u = 0; u < ay.taps; u++)
      for (let v = 0; v < ax.taps; v++) {
        const i = ay.first + sh * (ay.taps - 1 - u);
        const j = ax.first + sw * (ax.taps - 1 - v);
        for (let m = 0; m < o; m++)
          for (let k = 0; k < c; k++)
            fv[((u * ax.taps + v) * o + m) * c + k] = wv[((i * kw + j) * c + k) * o + m]!;
      }
    const out = runWasmKernel(
      backend,
      tf.Conv2D,
      { x: dy, filter: sub },
      {
        strides: 1,
        dilations: 1,
        pad: [
          [0, 0],
          [ay.before, ay.after],
          [ax.before, ax.after],
          [0, 0],
        ],
        dataFormat: 'NHWC',
      },
    );
    release(backend, sub);
    // Interleave: dx[b, sh·Y + py, sw·X + px, :] = out[b, Y + offset, X + offset', :].
    const [, oh, ow] = out.shape as [number, number, number, number];
    const src = backend.typedArrayFromHeap(out) as Float32Array;
    const dst = backend.typedArrayFromHeap(dx) as Float32Array;
    for (let b = 0; b < n; b++)
      for (let yy = 0; yy < ay.size; yy++) {
        const rowIn = (b * oh + yy + ay.offset) * ow + ax.offset;
        const rowOut = (b * h + sh * yy + py) * w + px;
        for (let xx = 0; xx < ax.size; xx++) {
          const from = (rowIn + xx) * c;
          const to = (rowOut + sw * xx) * c;
          for (let k = 0; k < c; k++) dst[to + k] = src[from + k]!;
        }
      }
    release(backend, out);
  }
  return dx;
}
