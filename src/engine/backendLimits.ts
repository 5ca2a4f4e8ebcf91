/**
 * The hard limits of the active tfjs backend on a single tensor (core/tensorLimits.ts says
 * how each bounds one), read once the backend has started.
 *
 * - webgpu: the device's limits. tfjs-backend-webgpu (base.js) asks the adapter for its own
 *   maxBufferSize and maxStorageBufferBindingSize when it requests the device, so these are
 *   what the GPU allows, not WebGPU's defaults (256 MiB and 128 MiB).
 * - webgl: MAX_TEXTURE_SIZE, through tfjs's WEBGL_MAX_TEXTURE_SIZE flag (which reads
 *   gl.getParameter(gl.MAX_TEXTURE_SIZE) of tfjs's context).
 * - wasm: the most its heap can grow to. A tensor is one malloc in that heap; tfjs
 *   (backend_wasm.js) does not check what malloc returns, and wasm32's malloc takes a 32-bit
 *   size, so a tensor past the heap would be corrupt rather than refused: it is refused here.
 *   The limit is on one tensor; the heap is shared by every tensor of every run, so a
 *   session can still run out of it in total, and that run then stops with its reason (oom.ts).
 * - cpu: none. Each tensor is one typed array (at most 2^32 elements in V8), and running out
 *   of memory throws a RangeError that stops the run (oom.ts).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BackendLimits } from '../core/tensorLimits';

/** tfjs-backend-wasm 4.22's emscripten glue: getHeapMax() returns 4 GiB less one 64 KiB page. */
export const WASM_HEAP_MAX_BYTES = 4_294_901_760;

interface WebGpuLimits {
  maxBufferSize?: number;
  maxStorageBufferBindingSize?: number;
}

const positive = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;

function webglMaxTextureSize(): number | undefined {
  try {
    const v = tf.env().getNumber('WEBGL_MAX_TEXTURE_SIZE');
    return positive(v) ? v : undefined;
  } catch {
    // The flag is registered by the webgl package; without it nothing is known.
    return undefined;
  }
}

/** The limits of the backend tfjs is using now; a limit it cannot read is left out (no limit). */
export function readBackendLimits(): BackendLimits {
  switch (tf.getBackend()) {
    case 'webgpu': {
      const limits = (tf.backend() as unknown as { device?: { limits?: WebGpuLimits } }).device?.limits;
      const buffer = limits?.maxBufferSize;
      const binding = limits?.maxStorageBufferBindingSize;
      return {
        kind: 'webgpu',
        ...(positive(buffer) ? { maxBufferBytes: buffer } : {}),
        ...(positive(binding) ? { maxStorageBindingBytes: binding } : {}),
      };
    }
    case 'webgl': {
      const edge = webglMaxTextureSize();
      return { kind: 'webgl', ...(edge !== undefined ? { maxTextureSize: edge } : {}) };
    }
    case 'wasm':
      return { kind: 'wasm', maxBufferBytes: WASM_HEAP_MAX_BYTES };
    default:
      return { kind: 'cpu' };
  }
}
