/**
 * Float64 reference kernels for the tests, written from the definitions and sharing no code
 * with the engine. Tensors are row-major with the channel (feature) axis last: images
 * [N, H, W, C], conv kernels [k, k, C_in, C_out], fc kernels [in, out].
 */

export interface Tensor64 {
  data: Float64Array;
  shape: number[];
}

export const BN_EPS = 1e-5;

const sizeOf = (shape: number[]) => shape.reduce((a, b) => a * b, 1);
const zeros = (shape: number[]): Tensor64 => ({ data: new Float64Array(sizeOf(shape)), shape });

/**
 * y[n, i, j, o] = Σ_{a, b, c} x̃[n, s·i + a, s·j + b, c] · k[a, b, c, o], x̃ = x zero-padded by
 * p on each side; H' = ⌊(H + 2p − k) / s⌋ + 1.
 */
export function conv2d(x: Tensor64, k: Tensor64, stride: number, pad: number): Tensor64 {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const [kh, kw, kc, o] = k.shape as [number, number, number, number];
  if (kc !== c) throw new Error(`conv2d: kernel reads ${kc} channels, input has ${c}`);
  const ho = Math.floor((h + 2 * pad - kh) / stride) + 1;
  const wo = Math.floor((w + 2 * pad - kw) / stride) + 1;
  const y = zeros([n, ho, wo, o]);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++) {
        const out = ((b * ho + i) * wo + j) * o;
        for (let a = 0; a < kh; a++) {
          const r = i * stride + a - pad;
          if (r < 0 || r >= h) continue;
          for (let q = 0; q < kw; q++) {
            const col = j * stride + q - pad;
            if (col < 0 || col >= w) continue;
            const src = ((b * h + r) * w + col) * c;
            for (let ch = 0; ch < c; ch++) {
              const v = x.data[src + ch]!;
              const kk = ((a * kw + q) * c + ch) * o;
              for (let oc = 0; oc < o; oc++) y.data[out + oc]! += v * k.data[kk + oc]!;
            }
          }
        }
      }
  return y;
}

/** y = x·W for x [N, F], W [F, O]. */
export function dense(x: Tensor64, w: Tensor64): Tensor64 {
  const [n, f] = x.shape as [number, number];
  const [wf, o] = w.shape as [number, number];
  if (wf !== f) throw new Error(`dense: kernel reads ${wf} features, input has ${f}`);
  const y = zeros([n, o]);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < f; i++) {
      const v = x.data[b * f + i]!;
      for (let j = 0; j < o; j++) y.data[b * o + j]! += v * w.data[i * o + j]!;
    }
  return y;
}

/** x + v broadcast over the last axis. */
export function addChannels(x: Tensor64, v: Float64Array): Tensor64 {
  const c = x.shape.at(-1)!;
  return { data: x.data.map((e, i) => e + v[i % c]!), shape: x.shape };
}

export function add(a: Tensor64, b: Tensor64): Tensor64 {
  if (a.shape.join() !== b.shape.join()) throw new Error(`add: [${a.shape}] + [${b.shape}]`);
  return { data: a.data.map((e, i) => e + b.data[i]!), shape: a.shape };
}

export function relu(x: Tensor64): Tensor64 {
  return { data: x.data.map((e) => (e > 0 ? e : 0)), shape: x.shape };
}

/**
 * Training-mode batch norm over every axis but the last: μ and the biased σ² of each
 * channel over the batch (and positions), y = γ·(x − μ)/√(σ² + ε) + β.
 */
export function batchNorm(x: Tensor64, gamma: Float64Array, beta: Float64Array): Tensor64 {
  const c = x.shape.at(-1)!;
  const rows = x.data.length / c;
  const y = zeros(x.shape);
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += x.data[r * c + j]!;
    const mu = s / rows;
    let sq = 0;
    for (let r = 0; r < rows; r++) sq += (x.data[r * c + j]! - mu) ** 2;
    const inv = 1 / Math.sqrt(sq / rows + BN_EPS);
    for (let r = 0; r < rows; r++) y.data[r * c + j] = gamma[j]! * (x.data[r * c + j]! - mu) * inv + beta[j]!;
  }
  return y;
}

/**
 * Option A where the shape changes: x[:, ::s, ::s, :] (images) then `extra` zero channels.
 * out[n, i, j, c] = x[n, s·i, s·j, c] for c < C, 0 above; H' = ⌈H / s⌉.
 */
export function subsamplePad(x: Tensor64, stride: number, extra: number): Tensor64 {
  if (x.shape.length === 2) {
    const [n, f] = x.shape as [number, number];
    const y = zeros([n, f + extra]);
    for (let b = 0; b < n; b++) for (let i = 0; i < f; i++) y.data[b * (f + extra) + i] = x.data[b * f + i]!;
    return y;
  }
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const ho = Math.ceil(h / stride);
  const wo = Math.ceil(w / stride);
  const co = c + extra;
  const y = zeros([n, ho, wo, co]);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let ch = 0; ch < c; ch++)
          y.data[((b * ho + i) * wo + j) * co + ch] =
            x.data[((b * h + i * stride) * w + j * stride) * c + ch]!;
  return y;
}

/** Global average pool: [N, H, W, C] → [N, C]. */
export function globalAveragePool(x: Tensor64): Tensor64 {
  const [n, h, w, c] = x.shape as [number, number, number, number];
  const y = zeros([n, c]);
  for (let b = 0; b < n; b++)
    for (let p = 0; p < h * w; p++)
      for (let ch = 0; ch < c; ch++) y.data[b * c + ch]! += x.data[(b * h * w + p) * c + ch]! / (h * w);
  return y;
}

/** L = (1/N) Σ_n ( log Σ_j e^{z_nj} − z_{n, y_n} ). */
export function softmaxCrossEntropy(z: Tensor64, labels: ArrayLike<number>): number {
  const [n, k] = z.shape as [number, number];
  let total = 0;
  for (let b = 0; b < n; b++) {
    const row = z.data.subarray(b * k, (b + 1) * k);
    const max = Math.max(...row);
    let s = 0;
    for (const v of row) s += Math.exp(v - max);
    total += max + Math.log(s) - row[labels[b]!]!;
  }
  return total / n;
}
