/**
 * The active backend's limits, read where tfjs keeps them: the WebGPU device's limits, the
 * WEBGL_MAX_TEXTURE_SIZE flag. Node has no GPU, so stand-ins for the webgpu and webgl
 * backends (the cpu backend carrying a device, registered under those names) are read.
 */
import * as tf from '@tensorflow/tfjs-core';
import { MathBackendCPU } from '@tensorflow/tfjs-backend-cpu';
// Registers the WEBGL_* flags (in Node, not the backend: it registers only in a browser).
import '@tensorflow/tfjs-backend-webgl';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readBackendLimits, WASM_HEAP_MAX_BYTES } from '../../src/engine/backendLimits';
import { useCpu } from './helpers';

class FakeWebGpu extends MathBackendCPU {
  device = { limits: { maxBufferSize: 4_294_967_296, maxStorageBufferBindingSize: 2_147_483_644 } };
}

beforeAll(() => {
  tf.registerBackend('webgl', () => new MathBackendCPU());
  tf.registerBackend('webgpu', () => new FakeWebGpu());
});

afterAll(async () => {
  await useCpu();
  tf.removeBackend('webgl');
  tf.removeBackend('webgpu');
  tf.env().reset();
});

describe('readBackendLimits', () => {
  it("webgpu: the device's maxBufferSize and maxStorageBufferBindingSize", async () => {
    expect(await tf.setBackend('webgpu')).toBe(true);
    expect(readBackendLimits()).toEqual({
      kind: 'webgpu',
      maxBufferBytes: 4_294_967_296,
      maxStorageBindingBytes: 2_147_483_644,
    });
  });

  it("webgl: tfjs's WEBGL_MAX_TEXTURE_SIZE", async () => {
    expect(await tf.setBackend('webgl')).toBe(true);
    tf.env().set('WEBGL_MAX_TEXTURE_SIZE', 16384);
    expect(readBackendLimits()).toEqual({ kind: 'webgl', maxTextureSize: 16384 });
  });

  it('cpu: none', async () => {
    await useCpu();
    expect(readBackendLimits()).toEqual({ kind: 'cpu' });
  });

  it("wasm's is its heap's most, 4 GiB less one 64 KiB page", () => {
    expect(WASM_HEAP_MAX_BYTES).toBe(2 ** 32 - 2 ** 16);
  });
});
