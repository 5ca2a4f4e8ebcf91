/**
 * Identity for the wasm backend as a shared reference, as tfjs-cpu does it. tfjs 4.22's wasm
 * Identity copies the tensor: tfjs calls it for every clone (a float32 → float32 cast, the
 * ReLU gradient's step mask, gradient pass-throughs), ~170 copies of up to 1.6 MB in a
 * ResNet-20 step (≈ 20 ms). Tensors are immutable (a variable's assign swaps its data id),
 * so sharing the data with one more reference is safe.
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

export const identityConfig: tf.KernelConfig = {
  kernelName: tf.Identity,
  backendName: 'wasm',
  kernelFunc: identity,
};
