import { defineConfig } from 'vite';
import type { Plugin } from 'vite';
import { CONTENT_SECURITY_POLICY } from './scripts/build/csp';

// JSX/TSX goes through Vite 8's built-in Oxc transform with React's automatic runtime
// (the same as tsconfig's "jsx": "react-jsx"), so there is no @vitejs/plugin-react.
// The one thing that costs: no React Fast Refresh, so an edit reloads the page in dev.
const CROSS_ORIGIN_ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
};

/**
 * The policy as the built page's first <meta> (scripts/build/csp.ts). Build only: Vite's dev
 * server injects an inline script for its client, which the policy would refuse.
 */
function contentSecurityPolicy(): Plugin {
  return {
    name: 'reslab-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CONTENT_SECURITY_POLICY },
        injectTo: 'head-prepend',
      },
    ],
  };
}

export default defineConfig({
  plugins: [contentSecurityPolicy()],
  // Relative asset URLs: the built dist/ works from any folder of any static host.
  base: './',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  // ES-module workers: the default iife format cannot code-split the training worker.
  worker: { format: 'es' },
  // Cross-origin isolation (COOP + COEP) makes SharedArrayBuffer available, which the wasm
  // backend's threaded binary needs; without it tfjs runs the single-threaded one.
  server: { port: 5173, strictPort: true, headers: CROSS_ORIGIN_ISOLATION },
  // Found late by the dep scanner (imported only from the worker), which would reload the page once.
  optimizeDeps: {
    include: [
      '@tensorflow/tfjs-core',
      '@tensorflow/tfjs-core/dist/register_all_gradients',
      '@tensorflow/tfjs-backend-cpu',
      '@tensorflow/tfjs-backend-webgl',
      '@tensorflow/tfjs-backend-webgpu',
      '@tensorflow/tfjs-backend-wasm',
    ],
  },
  preview: { port: 4173, strictPort: true, headers: CROSS_ORIGIN_ISOLATION },
  build: {
    rolldownOptions: {
      onwarn(warning, defaultHandler) {
        // react-router marks its modules "use client" for server components; a client-only
        // bundle has nothing to preserve, so the warning is noise.
        if (warning.code === 'MODULE_LEVEL_DIRECTIVE' && warning.id?.includes('node_modules')) return;
        defaultHandler(warning);
      },
    },
  },
});
