/**
 * The tfjs backends `npm run bench` times conv nets and kernels on, in Node. Each engine
 * says how to make itself the active backend, or why it cannot here.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { loadWasmBackend } from '../engine/wasm';

export type BenchEngineName = 'tfjs-cpu' | 'tfjs-wasm';

export interface BenchEngine {
  name: BenchEngineName;
  /** Make this the active backend; resolves to why not when it cannot train conv nets here. */
  activate(): Promise<string | null>;
}

async function startBackend(backend: string): Promise<string | null> {
  if (!(await tf.setBackend(backend))) return `${backend} did not start`;
  await tf.ready();
  return null;
}

/**
 * The wasm training path's setup: load the wasm backend and register the kernels training
 * needs (src/engine/wasm). Null leaves the 'tfjs-wasm' column out of every table.
 */
export const wasmTraining: { setup: (() => Promise<void>) | null } = { setup: loadWasmBackend };

export const BENCH_ENGINES: readonly BenchEngine[] = [
  { name: 'tfjs-cpu', activate: () => startBackend('cpu') },
  {
    name: 'tfjs-wasm',
    activate: async () => {
      const setup = wasmTraining.setup;
      if (!setup) return 'no wasm training path (src/engine/wasm) in this build';
      try {
        await setup();
      } catch (e) {
        return `wasm setup failed: ${e instanceof Error ? e.message : String(e)}`;
      }
      return startBackend('wasm');
    },
  },
];
