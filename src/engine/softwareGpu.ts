/**
 * Is the active GPU backend running on a software rasteriser? Headless Chromium's WebGPU and
 * WebGL run on SwiftShader unless a real GPU is there; other software adapters name
 * themselves too (Mesa's llvmpipe and lavapipe, Windows' Basic Render Driver). A software
 * GPU is far slower than the wasm backend for training, so the badge says so.
 */
import * as tf from '@tensorflow/tfjs-core';

const SOFTWARE = /swiftshader|llvmpipe|lavapipe|softpipe|basic render driver|software/i;

/** The adapter's own words when they name a software rasteriser, else null. */
export function softwareAdapterName(description: string): string | null {
  const m = SOFTWARE.exec(description);
  return m ? m[0] : null;
}

/** What the active webgpu or webgl backend says its adapter is; '' where it says nothing. */
export function activeAdapterDescription(): string {
  const backend = tf.backend() as unknown as {
    adapterInfo?: { vendor?: string; architecture?: string };
    gpgpu?: { gl?: WebGLRenderingContext };
  };
  const info = backend.adapterInfo;
  if (info) return `${info.vendor ?? ''} ${info.architecture ?? ''}`.trim();
  const gl = backend.gpgpu?.gl;
  const ext = gl?.getExtension('WEBGL_debug_renderer_info');
  return gl && ext ? String(gl.getParameter(ext.UNMASKED_RENDERER_WEBGL) ?? '') : '';
}
