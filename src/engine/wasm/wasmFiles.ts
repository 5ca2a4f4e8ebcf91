/**
 * Where the wasm backend finds its three binaries (plain, SIMD, threaded SIMD): tfjs picks
 * one by feature detection and loads it from here. Node reads the package's own files from
 * disk; a browser fetches the copies Vite ships in the build (no CDN).
 */

/** A folder prefix ending in "/", or one URL per binary name (tfjs's setWasmPaths argument). */
export type WasmFileLocation = string | Record<string, string>;

export function isNode(): boolean {
  return typeof process !== 'undefined' && typeof process.versions?.node === 'string';
}

export async function wasmFileLocation(): Promise<WasmFileLocation> {
  if (isNode()) {
    // The package's entry sits in dist/ beside the binaries; emscripten in Node reads a
    // file:// URL with fs. (Left to itself it would look next to whichever bundle loaded.)
    return new URL('./', import.meta.resolve('@tensorflow/tfjs-backend-wasm')).href;
  }
  const { BROWSER_WASM_FILES } = await import('./browserWasmFiles');
  return BROWSER_WASM_FILES;
}
