import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { chooseBackend, describeChoice } from '../../src/engine/backend';

// Node has no WebGPU or WebGL: 'missing' is the real situation here. A 'failing' backend is
// a registered one whose factory fails, as a null adapter does in a browser.
afterEach(() => {
  for (const name of ['webgpu', 'webgl']) if (tf.findBackendFactory(name)) tf.removeBackend(name);
});

describe('chooseBackend', () => {
  it('falls back past a missing WebGPU and WebGL to cpu, saying why', async () => {
    const c = await chooseBackend('auto');
    expect(c.backend).toBe('cpu');
    expect(c.fallbacks).toEqual([
      { backend: 'webgpu', reason: 'webgpu is not available in this environment' },
      { backend: 'webgl', reason: 'webgl is not available in this environment' },
    ]);
    expect(tf.getBackend()).toBe('cpu');
  });

  it('falls back past a WebGPU whose start fails (setBackend resolves false)', async () => {
    tf.registerBackend('webgpu', () => {
      throw new Error('requestAdapter() returned null');
    });
    const c = await chooseBackend('auto');
    expect(c.backend).toBe('cpu');
    expect(c.fallbacks[0]).toEqual({
      backend: 'webgpu',
      reason: 'webgpu did not start (no usable adapter or context)',
    });
    expect(describeChoice(c)).toMatch(/^cpu \(webgpu did not start/);
  });

  it('uses a working first choice with no fallback', async () => {
    tf.registerBackend(
      'webgpu',
      () => tf.findBackend('cpu') ?? (tf.findBackendFactory('cpu')!() as tf.KernelBackend),
      1,
    );
    const c = await chooseBackend('webgpu');
    expect(c).toEqual({ backend: 'webgpu', fallbacks: [] });
    await tf.setBackend('cpu');
  });

  it('a forced backend that is missing still falls back to cpu, with the reason', async () => {
    const c = await chooseBackend('wasm');
    expect(c.backend).toBe('cpu');
    expect(c.fallbacks).toEqual([{ backend: 'wasm', reason: 'wasm is not available in this environment' }]);
  });
});
