import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { expect } from 'vitest';
import { createRng } from '../../../src/core/rng';
import { setWasmBackend } from '../../../src/engine/wasm';

export type Backend = 'cpu' | 'wasm';

export async function switchTo(backend: Backend): Promise<void> {
  if (backend === 'wasm') await setWasmBackend();
  else {
    await tf.setBackend('cpu');
    await tf.ready();
  }
}

/** Seeded standard-normal values. */
export function normals(size: number, seed: number): Float32Array {
  const rng = createRng(seed);
  return Float32Array.from({ length: size }, () => rng.normal());
}

/** Runs `f` on each backend in turn (same inputs, built inside `f`) and returns its values. */
export async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<Record<Backend, Float32Array[]>> {
  const out = {} as Record<Backend, Float32Array[]>;
  for (const backend of ['cpu', 'wasm'] as const) {
    await switchTo(backend);
    const r = tf.tidy(f);
    const list = Array.isArray(r) ? r : [r];
    out[backend] = await Promise.all(list.map(async (t) => new Float32Array(await t.data())));
    tf.dispose(list);
  }
  await switchTo('cpu');
  return out;
}

export const maxAbs = (a: Float32Array) => a.reduce((m, v) => Math.max(m, Math.abs(v)), 0);

/** |a − b| ≤ tol · max|b| everywhere, and b is not trivially zero. */
export function expectClose(a: Float32Array, b: Float32Array, tol: number): void {
  expect(a.length).toBe(b.length);
  const scale = maxAbs(b);
  expect(scale).toBeGreaterThan(0);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  expect(worst / scale).toBeLessThanOrEqual(tol);
}
