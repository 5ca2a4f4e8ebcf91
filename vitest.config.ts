import { defineConfig } from 'vitest/config';

// Unit and component tests. Engine tests run in Node on the cpu backend; component
// tests opt into jsdom with a `// @vitest-environment jsdom` docblock. Browser tests
// (test/browser) run under scripts/test.mjs against real Chromium, not here.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['test/browser/**', 'node_modules/**'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
