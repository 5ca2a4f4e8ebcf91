/**
 * The wasm training path: tfjs-backend-wasm (XNNPACK, SIMD where available) plus the kernels
 * it lacks or runs slowly for training, registered for 'wasm'.
 *
 * - `registerWasmTraining()` registers those kernels (idempotent), replacing built-ins of the
 *   same name; it must run after the package has loaded, or the package's own registration
 *   would replace them back.
 * - `loadWasmBackend()` loads the package, points it at its binaries, decides on threads and
 *   registers the kernels; call it before `tf.setBackend('wasm')`.
 * - `setWasmBackend()` does both and switches tfjs to wasm (for a bench or a script).
 *
 * Threads: tfjs's threaded binary needs SharedArrayBuffer, i.e. a cross-origin-isolated page
 * (COOP/COEP headers), and tfjs caps it at half the reported cores, so below 4 cores it would
 * run one worker thread plus the cost of a thread pool. Threads are used only when the page
 * is isolated and reports at least 4 cores; Node never gets them (tfjs disables them there).
 */
import * as tf from '@tensorflow/tfjs-core';
import { conv2dBackpropFilterConfig } from './conv2dBackpropFilter';
import { conv2dBackpropInputConfig } from './conv2dBackpropInput';
import { tileConfig } from './tile';
import { castConfig, identityConfig } from './identity';
import { maxPoolGradConfig } from './maxPoolGrad';
import { overrideWasmKernel } from './kernelCalls';
import { wasmFileLocation } from './wasmFiles';

const TRAINING_KERNELS: readonly tf.KernelConfig[] = [
  conv2dBackpropFilterConfig,
  conv2dBackpropInputConfig,
  tileConfig,
  identityConfig,
  castConfig,
  maxPoolGradConfig,
];

export function registerWasmTraining(): void {
  for (const config of TRAINING_KERNELS) overrideWasmKernel(config);
}

/** Whether this page may run wasm threads: cross-origin isolated and at least 4 cores. */
export function wasmThreadsAllowed(): boolean {
  const isolated = typeof crossOriginIsolated !== 'undefined' && crossOriginIsolated === true;
  const cores = typeof navigator !== 'undefined' ? (navigator.hardwareConcurrency ?? 1) : 1;
  return isolated && cores >= 4;
}

let loading: Promise<void> | null = null;

export function loadWasmBackend(): Promise<void> {
  loading ??= (async () => {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    wasm.setWasmPaths(await wasmFileLocation());
    if (!wasmThreadsAllowed()) tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', false);
    registerWasmTraining();
  })().catch((e: unknown) => {
    loading = null;
    throw e;
  });
  return loading;
}

export async function setWasmBackend(): Promise<void> {
  await loadWasmBackend();
  if (!(await tf.setBackend('wasm'))) throw new Error('the wasm backend did not start');
  await tf.ready();
}

/** What the running wasm backend uses: SIMD or not, and its thread count (1 = no pool). */
export async function wasmFeatures(): Promise<{ simd: boolean; threads: number }> {
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  return {
    simd: (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true,
    threads: wasm.getThreadsCount(),
  };
}
