/**
 * Composing a kernel from the wasm backend's own kernels. A kernel function must return
 * TensorInfos the backend owns and must not re-enter the engine (no tf.* ops inside), so
 * the custom kernels here call the registered wasm kernel functions directly and free
 * every intermediate themselves.
 */
import * as tf from '@tensorflow/tfjs-core';

/** The part of tfjs-backend-wasm's BackendWasm the custom kernels use. */
export interface WasmBackend extends tf.KernelBackend {
  disposeData(dataId: tf.DataId, force?: boolean): boolean;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  /** A live view of the tensor's bytes on the wasm heap (invalid once the heap grows). */
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array | Int32Array | Uint8Array;
}

/** What tfjs passes a kernel function. */
export type KernelArgs = Parameters<tf.KernelFunc>[0];

/** Runs the wasm backend's registered kernel `name` (its built-in one, not an override). */
export function runWasmKernel(
  backend: WasmBackend,
  name: string,
  inputs: tf.NamedTensorInfoMap,
  attrs: tf.NamedAttrMap,
): tf.TensorInfo {
  const builtIn = builtIns.get(name);
  const kernel = builtIn ?? tf.getKernel(name, 'wasm');
  if (!kernel) throw new Error(`wasm kernel ${name} is not registered`);
  if (builtIn) setUp(builtIn, backend);
  return kernel.kernelFunc({ inputs, attrs, backend }) as tf.TensorInfo;
}

/** Backends each replaced built-in has been set up on (tfjs sets up only registered kernels). */
const setUpOn = new Map<tf.KernelConfig, WeakSet<WasmBackend>>();

function setUp(kernel: tf.KernelConfig, backend: WasmBackend): void {
  if (!kernel.setupFunc) return;
  let done = setUpOn.get(kernel);
  if (!done) setUpOn.set(kernel, (done = new WeakSet()));
  if (done.has(backend)) return;
  kernel.setupFunc(backend);
  done.add(backend);
}

export function release(backend: WasmBackend, ...infos: tf.TensorInfo[]): void {
  for (const t of infos) backend.disposeData(t.dataId);
}

/** The wasm backend's own kernels that an override here replaced, so compositions can still reach them. */
const builtIns = new Map<string, tf.KernelConfig>();

/** Registers `config` for wasm, keeping any built-in kernel of that name reachable by runWasmKernel. */
export function overrideWasmKernel(config: tf.KernelConfig): void {
  const existing = tf.getKernel(config.kernelName, 'wasm');
  if (existing === config) return;
  if (existing) {
    if (!builtIns.has(config.kernelName)) builtIns.set(config.kernelName, existing);
    tf.unregisterKernel(config.kernelName, 'wasm');
  }
  tf.registerKernel(config);
}

/** The built-in wasm kernel `name` replaced by overrideWasmKernel, for comparisons (tests, bench). */
export function builtInWasmKernel(name: string): tf.KernelConfig | undefined {
  return builtIns.get(name);
}
