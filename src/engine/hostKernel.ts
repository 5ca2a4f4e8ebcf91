/**
 * Kernels written in JavaScript over the float32 data of the backends whose tensors live in
 * host memory: cpu, and wasm, whose heap is one typed array. `hostIO` hands a kernel its
 * inputs' values and fresh outputs with writable arrays.
 */
import * as tf from '@tensorflow/tfjs-core';

/** Backends whose float32 data the host kernels read and write in place. */
export const HOST_BACKENDS: readonly string[] = ['cpu', 'wasm'];

interface HeapBackend extends tf.KernelBackend {
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
}

const onHeap = (b: tf.KernelBackend): b is HeapBackend => 'typedArrayFromHeap' in b;

export interface HostIO {
  ins: Float32Array[];
  outs: tf.TensorInfo[];
  outArrays: Float32Array[];
}

/**
 * The inputs' values and fresh outputs with writable arrays. On wasm every output is
 * allocated before any view is taken: an allocation can grow the heap and detach views.
 */
export function hostIO(
  kernel: string,
  backend: tf.KernelBackend,
  inputs: tf.TensorInfo[],
  outShapes: number[][],
): HostIO {
  for (const t of inputs)
    if (t.dtype !== 'float32') throw new Error(`${kernel} takes float32, got ${t.dtype}`);
  if (onHeap(backend)) {
    const outs = outShapes.map((s) => backend.makeOutput(s, 'float32'));
    return {
      ins: inputs.map((t) => backend.typedArrayFromHeap(t)),
      outs,
      outArrays: outs.map((t) => backend.typedArrayFromHeap(t)),
    };
  }
  // The cpu backend keeps the array it is given, so filling it after write() fills the tensor.
  const outArrays = outShapes.map((s) => new Float32Array(tf.util.sizeFromShape(s)));
  return {
    ins: inputs.map((t) => backend.readSync(t.dataId) as Float32Array),
    outs: outArrays.map((a, i) => ({
      dataId: backend.write(a, outShapes[i]!, 'float32'),
      shape: outShapes[i]!,
      dtype: 'float32' as const,
    })),
    outArrays,
  };
}

/** Registers `kernelFunc` as `kernelName` on every host backend (once). */
export function registerHostKernel(kernelName: string, kernelFunc: tf.KernelFunc): void {
  for (const backendName of HOST_BACKENDS)
    if (!tf.getKernel(kernelName, backendName)) tf.registerKernel({ kernelName, backendName, kernelFunc });
}

/** Whether the active backend runs the host kernels. */
export function hostKernelsAvailable(): boolean {
  return HOST_BACKENDS.includes(tf.getBackend());
}
