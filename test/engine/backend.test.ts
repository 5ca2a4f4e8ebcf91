import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { chooseBackend, describeChoice } from '../../src/engine/backend';
import { wasmFeatures } from '../../src/engine/wasm';

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
    const c = await chooseBackend('webgl');
    expect(c.backend).toBe('cpu');
    expect(c.fallbacks).toEqual([{ backend: 'webgl', reason: 'webgl is not available in this environment' }]);
  });

  it('wasm starts in Node from the package binaries, with the kernels conv training needs', async () => {
    const c = await chooseBackend('wasm');
    expect(c).toEqual({ backend: 'wasm', fallbacks: [] });
    expect(tf.getBackend()).toBe('wasm');
    // tfjs 4.22's wasm backend has no Conv2DBackpropFilter of its own.
    expect(tf.getKernel('Conv2DBackpropFilter', 'wasm')).toBeDefined();
    const g = tf.tidy(() =>
      tf.grad((w: tf.Tensor) =>
        tf.sum(tf.conv2d(tf.ones([1, 3, 3, 1]) as tf.Tensor4D, w as tf.Tensor4D, 1, 'valid')),
      )(tf.ones([3, 3, 1, 1])),
    );
    // Each tap of a 3×3 valid conv on a 3×3 input sees one pixel of value 1.
    expect(Array.from(await g.data())).toEqual(Array(9).fill(1));
    g.dispose();
    expect(await wasmFeatures()).toEqual({ simd: true, threads: 1 });
    await tf.setBackend('cpu');
  });
});
