/**
 * Starting tfjs backends. `chooseBackend` takes the first that starts, in order (webgpu,
 * webgl, cpu for 'auto'); backendTrial.ts instead times the session's networks on every one
 * that starts and keeps the fastest. A backend fails in one of two ways, and both are caught
 * with their reason: `tf.setBackend` throws (the backend is not registered, e.g. the webgpu
 * module found no `navigator.gpu` when it loaded) or resolves false (its factory failed, e.g.
 * a null adapter or a wasm binary that would not load).
 */
import * as tf from '@tensorflow/tfjs-core';
import { activeAdapterDescription, softwareAdapterName } from './softwareGpu';

export type BackendName = 'webgpu' | 'webgl' | 'wasm' | 'cpu';
export type BackendPreference = 'auto' | BackendName;

/** The first-that-starts order of 'auto' when nothing is measured (toy sessions). */
export const BACKEND_ORDER: readonly BackendName[] = ['webgpu', 'webgl', 'cpu'];
/** Every backend a measurement may time, in the order it times them. */
export const MEASURED_BACKENDS: readonly BackendName[] = ['webgpu', 'webgl', 'wasm', 'cpu'];

/** One backend in a measurement: its warm step time, or why it was passed over. */
export interface TrialEntry {
  backend: BackendName;
  /** Median warm session step in ms (all runs, one minibatch), when timed in full. */
  msPerStep?: number;
  /** The software rasteriser it runs on, for webgpu or webgl (e.g. "SwiftShader"). */
  software?: string;
  /** Why it was not timed in full or not chosen: did not start, software GPU, too slow at once. */
  passedOver?: string;
}

export interface BackendChoice {
  /** The backend in use. */
  backend: BackendName;
  /** Why each backend tried before it was passed over, in order. Empty when the first choice worked. */
  fallbacks: { backend: BackendName; reason: string }[];
  /** For webgpu or webgl on a software rasteriser: its name (e.g. "SwiftShader"). */
  software?: string;
  /** When the backend was chosen by timing the session's networks: every backend's result. */
  measured?: TrialEntry[];
}

export type StartResult = { ok: true; software?: string } | { ok: false; reason: string };

/** Backends whose device was lost in this realm (a worker): tfjs would hand back the dead instance. */
const lostBackends = new Map<BackendName, string>();

/** From now on `name` does not start: every later choice or measurement passes it over. */
export function markLost(name: BackendName, reason: string): void {
  lostBackends.set(name, reason);
}

/** Makes `name` the active backend, or says why it cannot be. */
export async function startBackend(name: BackendName): Promise<StartResult> {
  const lost = lostBackends.get(name);
  if (lost) return { ok: false, reason: `${name} is out of use since ${lost}` };
  try {
    // The wasm package loads on demand (its glue and binaries stay out of other sessions).
    if (name === 'wasm') await (await import('./wasm')).loadWasmBackend();
    if (await tf.setBackend(name)) {
      await tf.ready();
      const software =
        name === 'webgpu' || name === 'webgl' ? softwareAdapterName(activeAdapterDescription()) : null;
      return software ? { ok: true, software } : { ok: true };
    }
    return {
      ok: false,
      reason:
        name === 'wasm'
          ? 'wasm did not start (its .wasm binary did not load)'
          : `${name} did not start (no usable adapter or context)`,
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return {
      ok: false,
      reason: /not found in registry/.test(message)
        ? `${name} is not available in this environment`
        : `${name} failed: ${message}`,
    };
  }
}

function candidates(pref: BackendPreference): BackendName[] {
  if (pref === 'auto') return [...BACKEND_ORDER];
  // A forced backend still falls back to cpu rather than leave the user with nothing.
  return pref === 'cpu' ? ['cpu'] : [pref, 'cpu'];
}

export async function chooseBackend(pref: BackendPreference = 'auto'): Promise<BackendChoice> {
  const fallbacks: BackendChoice['fallbacks'] = [];
  for (const name of candidates(pref)) {
    const s = await startBackend(name);
    if (s.ok) return { backend: name, fallbacks, ...(s.software ? { software: s.software } : {}) };
    fallbacks.push({ backend: name, reason: s.reason });
  }
  throw new Error(`no backend could start: ${fallbacks.map((f) => f.reason).join('; ')}`);
}

/** One line for the UI: "webgl (webgpu is not available in this environment)". */
export function describeChoice(c: BackendChoice): string {
  return c.fallbacks.length ? `${c.backend} (${c.fallbacks.map((f) => f.reason).join('; ')})` : c.backend;
}
