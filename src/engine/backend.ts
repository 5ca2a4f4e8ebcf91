/**
 * Backend choice with fallback: webgpu, then webgl, then cpu. wasm (XNNPACK, with the
 * training kernels of ./wasm) is used on request only, until a measurement decides where it
 * belongs in that chain. A backend fails in one of two ways, and both are caught with their
 * reason: `tf.setBackend` throws (the backend is not registered, e.g. the webgpu module found
 * no `navigator.gpu` when it loaded) or resolves false (its factory failed, e.g. a null
 * adapter or a wasm binary that would not load).
 */
import * as tf from '@tensorflow/tfjs-core';
import { activeAdapterDescription, softwareAdapterName } from './softwareGpu';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];

export interface BackendChoice {
  /** The backend in use. */
  backend: BackendName;
  /** Why each backend tried before it was passed over, in order. Empty when the first choice worked. */
  fallbacks: { backend: BackendName; reason: string }[];
  /** For webgpu or webgl on a software rasteriser: its name (e.g. "SwiftShader"). */
  software?: string;
}

function candidates(pref: BackendPreference): BackendName[] {
  if (pref === 'auto') return [...BACKEND_ORDER];
  // A forced backend still falls back to cpu rather than leave the user with nothing.
  return pref === 'cpu' ? ['cpu'] : [pref, 'cpu'];
}

export async function chooseBackend(pref: BackendPreference = 'auto'): Promise<BackendChoice> {
  const fallbacks: BackendChoice['fallbacks'] = [];
  for (const name of candidates(pref)) {
    let reason: string;
    try {
      // The wasm package loads on demand (its glue and binaries stay out of other sessions).
      if (name === 'wasm') await (await import('./wasm')).loadWasmBackend();
      if (await tf.setBackend(name)) {
        await tf.ready();
        const software =
          name === 'webgpu' || name === 'webgl' ? softwareAdapterName(activeAdapterDescription()) : null;
        return { backend: name, fallbacks, ...(software ? { software } : {}) };
      }
      reason =
        name === 'wasm'
          ? 'wasm did not start (its .wasm binary did not load)'
          : `${name} did not start (no usable adapter or context)`;
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      reason = /not found in registry/.test(message)
        ? `${name} is not available in this environment`
        : `${name} failed: ${message}`;
    }
    fallbacks.push({ backend: name, reason });
  }
  throw new Error(`no backend could start: ${fallbacks.map((f) => f.reason).join('; ')}`);
}

/** One line for the UI: "webgl (webgpu is not available in this environment)". */
export function describeChoice(c: BackendChoice): string {
  return c.fallbacks.length ? `${c.backend} (${c.fallbacks.map((f) => f.reason).join('; ')})` : c.backend;
}
