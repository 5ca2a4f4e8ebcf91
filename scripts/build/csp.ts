/**
 * The built site's Content-Security-Policy, delivered as a <meta> tag by vite.config.ts (a
 * static host needs no configuration) and documented in docs/RELIABILITY.md for servers
 * that send it as a header. Each directive, and why it is as loose as it is:
 * - scripts only from this origin; 'wasm-unsafe-eval' lets WebAssembly.instantiate compile
 *   the shipped wasm backend (it allows no JavaScript eval);
 * - workers only from this origin (the engine worker is a built file);
 * - stylesheets only from this origin; style *attributes* inline, because KaTeX sets the
 *   size of each glyph box in one (a style attribute cannot run code);
 * - images from this origin, data: and blob: (chart exports are drawn through both);
 * - fonts from this origin and data: (the build inlines KaTeX's smallest fonts);
 * - fetches (the Fashion-MNIST subset, the wasm binaries) from this origin only;
 * - no plugins, no <base>, no form posts.
 * A <meta> policy cannot set frame-ancestors (browsers ignore it there): a server should
 * add `frame-ancestors 'none'` in the header.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "style-src 'self'",
  "style-src-attr 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');
