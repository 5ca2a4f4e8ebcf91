/**
 * The browser side of `npm run bench:browser -- --conv`: loaded into a blank page by Vite's
 * dev server (which transforms this TypeScript on request), it times training steps of one
 * preset run on one backend with the engine's own code, exactly as `npm run bench` does in
 * Node (src/cli/benchTiming.ts: one run alone in a session, evaluation and probes off).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-webgl';
import '@tensorflow/tfjs-backend-webgpu';
import { presetByName } from '../../../src/core/presets';
import { startBackend } from '../../../src/engine/backend';
import type { BackendName } from '../../../src/engine/backend';
import { loadSource } from '../../../src/engine/datasets';
import { timeSteps } from '../../../src/cli/benchTiming';

export interface PageTiming {
  /** ms of each timed step; empty when the backend did not start. */
  ms: number[];
  backend: string;
  error?: string;
}

const fetchBytes = async (path: string) => {
  const r = await fetch(new URL(path, location.origin));
  if (!r.ok) throw new Error(`could not fetch ${path}: HTTP ${r.status}`);
  return new Uint8Array(await r.arrayBuffer());
};

export async function timeRun(
  presetName: string,
  id: string,
  backend: BackendName,
  warmup: number,
  steps: number,
): Promise<PageTiming> {
  tf.env().set('PROD', true);
  const started = await startBackend(backend);
  if (!started.ok) return { ms: [], backend, error: started.reason };
  const name = started.software ? `${backend} (${started.software})` : backend;
  const preset = presetByName(presetName);
  const run = preset.runs.find((r) => r.id === id);
  if (!run) return { ms: [], backend: name, error: `preset ${presetName} has no run ${id}` };
  const data = await loadSource(preset.data, fetchBytes);
  try {
    return {
      ms: await timeSteps({ preset, id, spec: run.spec, engine: 'tfjs', warmup, steps }, data, 0),
      backend: name,
    };
  } catch (e) {
    return { ms: [], backend: name, error: e instanceof Error ? e.message : String(e) };
  }
}
