/**
 * The training worker's entry: registers the tfjs backends, wires `self` to the engine host,
 * fetches shipped data files over HTTP and watches the WebGPU device. Bundled by Vite as an
 * ES-module worker (worker.format 'es'); the main thread reaches it through client.ts.
 *
 * Backends: cpu and webgl register on import (webgl draws on an OffscreenCanvas in a
 * worker); webgpu registers only if `navigator.gpu` exists when its module loads, so on a
 * browser without WebGPU `chooseBackend` reports it "not available" and falls back.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import type { BackendChoice } from '../engine/backend';
import { createEngineHost } from './engineHost';
import type { EngineEvent } from './protocol';

const scope = self as unknown as DedicatedWorkerGlobalScope;

/**
 * Where the site's public files are when the create command does not say: under `vite` the
 * site is served at BASE_URL from the origin; in a build with base './' this file sits in
 * assets/, one folder below the site root. The client always sends `baseUrl`, so this is a
 * fallback only.
 */
function fallbackBase(): string {
  const base = import.meta.env.BASE_URL;
  if (/^[a-z][a-z0-9+.-]*:/i.test(base)) return base;
  if (base.startsWith('/')) return new URL(base, scope.location.origin).href;
  return new URL('../', scope.location.href).href;
}

async function fetchBytes(path: string, baseUrl: string | undefined): Promise<Uint8Array> {
  const url = new URL(path, baseUrl ?? fallbackBase());
  const response = await fetch(url);
  if (!response.ok)
    throw new Error(`could not fetch ${url.href}: HTTP ${response.status} ${response.statusText}`);
  return new Uint8Array(await response.arrayBuffer());
}

interface LostInfo {
  reason?: string;
  message?: string;
}
const watched = new WeakSet<object>();

/**
 * tfjs's WebGPU backend does not listen to `device.lost` (FIELD-NOTES), so the worker does,
 * once per device. On loss the host rebuilds the session on the next backend from its last
 * checkpoint (engineHost.ts `rebuild`, recovery.ts).
 */
function watchBackend(choice: BackendChoice, lost: (reason: string) => void): void {
  if (choice.backend !== 'webgpu') return;
  const device = (tf.backend() as unknown as { device?: { lost?: Promise<LostInfo> } }).device;
  if (!device?.lost || watched.has(device)) return;
  watched.add(device);
  void device.lost.then((info) =>
    lost(
      `the GPU device was lost (${info.reason ?? 'unknown reason'}${info.message ? `: ${info.message}` : ''})`,
    ),
  );
}

const host = createEngineHost(
  (event: EngineEvent, transfer: ArrayBuffer[]) => scope.postMessage(event, { transfer }),
  { fetchBytes, watchBackend },
);

scope.onmessage = (ev: MessageEvent) => {
  void host.handle(ev.data);
};
