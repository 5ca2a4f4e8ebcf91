/**
 * Training-mode batch norm as one op with its own gradient, for the backends whose tensors
 * live in host memory (cpu, and wasm, whose heap is a typed array). Unfused, tf.moments +
 * tf.batchNorm and their tape gradient launch ~20 kernels per layer (the tfjs gradient
 * tiles γ and the statistics up to x's shape); here the forward pass and the backward pass
 * are each one kernel over x as an [N·H·W, C] matrix (./batchNormWide.ts):
 *
 *   μ = mean over N·H·W,  σ² = biased variance,  r = 1/√(σ² + ε),  y = γ·(x − μ)·r + β
 *   ∂L/∂x = γ·r·(dy − mean(dy) − x̂·mean(dy·x̂)),  ∂L/∂γ = Σ dy·x̂,  ∂L/∂β = Σ dy
 *
 * ε is BN_EPSILON (PyTorch's 1e-5). The op also returns μ and σ² (biased) for the running
 * averages; they carry no gradient (nothing differentiates through the running statistics).
 */
import * as tf from '@tensorflow/tfjs-core';
import { batchNormBackwardWide, batchNormForwardWide } from './batchNormWide';
import { HOST_BACKENDS, hostIO, registerHostKernel } from './hostKernel';
import { batchNormBackwardXnn, batchNormForwardXnn, batchNormXnnApplies } from './wasm/batchNormXnn';
import type { WasmBackend } from './wasm/kernelCalls';

export const BATCH_NORM_TRAIN = 'ResLabBatchNormTrain';
export const BATCH_NORM_TRAIN_GRAD = 'ResLabBatchNormTrainGrad';

/** Backends whose float32 data this op reads and writes in place. */
export const FUSED_BATCH_NORM_BACKENDS: readonly string[] = HOST_BACKENDS;

type KernelArgs = Parameters<tf.KernelFunc>[0];

function rowsAndChannels(x: tf.TensorInfo): [number, number] {
  const c = x.shape[x.shape.length - 1]!;
  return [tf.util.sizeFromShape(x.shape) / c, c];
}

interface BatchNormAttrs {
  /** Apply a ReLU to the output (and mask the gradient by it). */
  relu: boolean;
}

const reluOf = (attrs: tf.NamedAttrMap | undefined) =>
  Boolean((attrs as unknown as BatchNormAttrs | undefined)?.relu);

/** The wasm backend runs conv activations on XNNPACK kernels (wasm/batchNormXnn.ts). */
const onWasm = (backend: unknown): backend is WasmBackend =>
  tf.getBackend() === 'wasm' && tf.engine().backend === backend;

function forwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { x, gamma, beta } = inputs as Record<'x' | 'gamma' | 'beta', tf.TensorInfo>;
  if (onWasm(backend) && batchNormXnnApplies(x))
    return batchNormForwardXnn(backend, x, gamma, beta, reluOf(attrs));
  const [n, c] = rowsAndChannels(x);
  const io = hostIO(BATCH_NORM_TRAIN, backend as tf.KernelBackend, [x, gamma, beta], [x.shape, [c], [c]]);
  const [xs, g, b] = io.ins as [Float32Array, Float32Array, Float32Array];
  const [y, mean, variance] = io.outArrays as [Float32Array, Float32Array, Float32Array];
  batchNormForwardWide(xs, g, b, y, mean, variance, n, c, reluOf(attrs));
  return io.outs;
}

/** The ReLU's gradient mask applied to dy, in a buffer reused from call to call. */
let masked = new Float32Array(0);

function maskByOutput(dy: Float32Array, y: Float32Array): Float32Array {
  if (masked.length < dy.length) masked = new Float32Array(dy.length);
  const out = masked.subarray(0, dy.length);
  for (let i = 0; i < dy.length; i++) out[i] = y[i]! > 0 ? dy[i]! : 0;
  return out;
}

function backwardKernel({ inputs, backend, attrs }: KernelArgs): tf.TensorInfo[] {
  const { dy, x, gamma, mean, variance, y } = inputs as Record<
    'dy' | 'x' | 'gamma' | 'mean' | 'variance' | 'y',
    tf.TensorInfo
  >;
  const relu = reluOf(attrs);
  if (relu && !y) throw new Error(`${BATCH_NORM_TRAIN_GRAD} with relu needs the forward output y`);
  if (onWasm(backend) && batchNormXnnApplies(x))
    return batchNormBackwardXnn(backend, dy, x, gamma, mean, variance, relu ? y! : null);
  const [n, c] = rowsAndChannels(x);
  const ins = relu ? [dy, x, gamma, mean, variance, y!] : [dy, x, gamma, mean, variance];
  const io = hostIO(BATCH_NORM_TRAIN_GRAD, backend as tf.KernelBackend, ins, [x.shape, [c], [c]]);
  const [dyRaw, xs, g, mu, v, ys] = io.ins as [
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array,
    Float32Array | undefined,
  ];
  const dys = ys ? maskByOutput(dyRaw, ys) : dyRaw;
  const [dx, dgamma, dbeta] = io.outArrays as [Float32Array, Float32Array, Float32Array];
  batchNormBackwardWide(dys, xs, g, mu, v, dx, dgamma, dbeta, n, c);
  return io.outs;
}

function register(): void {
  registerHostKernel(BATCH_NORM_TRAIN, forwardKernel as tf.KernelFunc);
  registerHostKernel(BATCH_NORM_TRAIN_GRAD, backwardKernel as tf.KernelFunc);
  if (!tf.getGradient(BATCH_NORM_TRAIN))
    tf.registerGradient({
      kernelName: BATCH_NORM_TRAIN,
      inputsToSave: ['x', 'gamma'],
      outputsToSave: [true, true, true],
      gradFunc: (dys, saved, attrs) => {
        const [x, gamma, y, mean, variance] = saved as [
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
          tf.Tensor,
        ];
        const dy = (dys as (tf.Tensor | null)[])[0]!;
        // One kernel yields all three gradients; the tape asks for each in its own tidy,
        // so they are made here, in the enclosing backward scope. With the ReLU, y (its
        // output) says where the gradient passes.
        const relu = reluOf(attrs);
        const inputs = { dy, x, gamma, mean, variance, ...(relu ? { y } : {}) };
        const [dx, dgamma, dbeta] = tf
          .engine()
          .runKernel(BATCH_NORM_TRAIN_GRAD, inputs, { relu } as unknown as tf.NamedAttrMap) as tf.Tensor[];
        return { x: () => dx!, gamma: () => dgamma!, beta: () => dbeta! };
      },
    });
}

register();

/**
 * Training-mode batch norm over every axis but the last (channels); with `relu`, a ReLU on
 * its output in the same kernel (and its gradient mask in the backward kernel), which saves
 * the Relu op forward and the Step, Cast and Multiply of its gradient.
 */
export function fusedBatchNormTrain(
  x: tf.Tensor,
  gamma: tf.Tensor,
  beta: tf.Tensor,
  opts: { relu?: boolean } = {},
): { y: tf.Tensor; mean: tf.Tensor1D; variance: tf.Tensor1D } {
  const attrs = { relu: opts.relu === true } as unknown as tf.NamedAttrMap;
  const [y, mean, variance] = tf
    .engine()
    .runKernel(BATCH_NORM_TRAIN, { x, gamma, beta }, attrs) as tf.Tensor[];
  return { y: y!, mean: mean as tf.Tensor1D, variance: variance as tf.Tensor1D };
}

/** Whether the active backend runs the fused op. */
export function fusedBatchNormAvailable(): boolean {
  return FUSED_BATCH_NORM_BACKENDS.includes(tf.getBackend());
}
