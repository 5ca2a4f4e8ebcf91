/**
 * Identity, and Cast to the tensor's own dtype, for the wasm backend as a shared reference,
 * as tfjs-cpu does it. tfjs 4.22's wasm kernels copy the tensor: tfjs calls Identity for
 * every clone and gradient pass-through (~170 copies of up to 1.6 MB in a ResNet-20 step,
 * ≈ 20 ms), and the ReLU gradient casts its float32 step mask to float32. Tensors are
 * immutable (a variable's assign swaps its data id), so sharing the data is safe.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runWasmKernel } from './kernelCalls';
import type { KernelArgs, WasmBackend } from './kernelCalls';

function identity(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x } = args.inputs as { x: tf.TensorInfo };
  if (x.dtype === 'string') return runWasmKernel(backend, tf.Identity, args.inputs, args.attrs ?? {});
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function cast(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = args.attrs as unknown as tf.CastAttrs;
  if (x.dtype !== dtype || dtype === 'string')
    return runWasmKernel(backend, tf.Cast, args.inputs, args.attrs!);
  backend.incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype };
}

export const castConfig: tf.KernelConfig = {
  kernelName: tf.Cast,
  backendName: 'wasm',
  kernelFunc: cast,
};

export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity,
};
