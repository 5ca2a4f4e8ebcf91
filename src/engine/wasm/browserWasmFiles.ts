/**
 * The wasm binaries as Vite assets: each import makes the build emit the file (hashed, under
 * assets/) and gives its URL relative to the bundle, so the site works from any folder of a
 * static host. Only the binary tfjs picks is fetched. Imported only in a browser.
 */
import plain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import simd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import threadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

export const BROWSER_WASM_FILES: Record<string, string> = {
  'tfjs-backend-wasm.wasm': plain,
  'tfjs-backend-wasm-simd.wasm': simd,
  'tfjs-backend-wasm-threaded-simd.wasm': threadedSimd,
};
