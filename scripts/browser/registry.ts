/**
 * The browser-test API. A file in test/browser/*.browser.ts calls `test(name, fn)` at
 * its top level; scripts/browser/run.ts imports the file, then runs each registered
 * test in a fresh browser context and page against the built app.
 *
 *   import assert from 'node:assert/strict';
 *   import { test } from '../../scripts/browser/registry';
 *
 *   test('the zoo has a heading', async ({ page, goto, screenshot }) => {
 *     await goto('/zoo');
 *     assert.equal(await page.getByRole('heading', { level: 1 }).textContent(), 'Model zoo');
 *     await screenshot('zoo');
 *   });
 *
 * A test fails if it throws, runs past its timeout, or if the page logs a console
 * error, throws an uncaught error, or requests anything outside the local server.
 */
import type { BrowserContext, Page } from 'playwright-core';

export interface BrowserTestContext {
  /** A fresh page in a fresh context (no storage shared with other tests). */
  readonly page: Page;
  readonly context: BrowserContext;
  /** URL of the served build, ending in `/`; routes live after `#`. */
  readonly baseURL: string;
  /** Loads the app at a hash route (`'/zoo'` → `<baseURL>#/zoo`) and waits for React to render. */
  goto(route: string): Promise<void>;
  /** Saves a PNG of the viewport to artifacts/screenshots/ and returns its path. */
  screenshot(name: string, options?: { fullPage?: boolean }): Promise<string>;
  /** Records a JSON-safe fact in this test's entry in test-results/browser.json. */
  note(key: string, value: unknown): void;
}

export interface BrowserTestOptions {
  /** Default 60 s. SwiftShader WebGPU is slow: keep training tests tiny. */
  readonly timeoutMs?: number;
  /** Console errors matching one of these do not fail the test (say why next to it). */
  readonly allowConsoleErrors?: readonly RegExp[];
}

export type BrowserTestFn = (context: BrowserTestContext) => Promise<void>;

export interface RegisteredBrowserTest {
  readonly name: string;
  readonly fn: BrowserTestFn;
  readonly options: BrowserTestOptions;
}

const registered: RegisteredBrowserTest[] = [];

export function test(name: string, fn: BrowserTestFn, options: BrowserTestOptions = {}): void {
  if (registered.some((entry) => entry.name === name))
    throw new Error(`duplicate browser test name: ${name}`);
  registered.push({ name, fn, options });
}

/** For the runner: hands over the tests registered since the last call. */
export function takeRegisteredTests(): RegisteredBrowserTest[] {
  return registered.splice(0, registered.length);
}
