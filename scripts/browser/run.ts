/**
 * The browser-test runner: serves dist/ on a free localhost port, launches headless
 * Chromium with WebGPU on, and runs every test registered by test/browser/*.browser.ts
 * (see ./registry.ts for the API), each in a fresh context and page.
 *
 *   node --import tsx scripts/browser/run.ts [--grep <text>]
 *   (BROWSER_TESTS=<file substring> picks files; RESLAB_DIST=<folder> serves another build)
 *
 * Needs a built app (`vite build`). Writes test-results/browser.json and screenshots
 * in artifacts/screenshots/. Exit status: 0 all passed, 1 a test failed, 2 the suite
 * could not run (no Chromium, no build, browser failed to launch).
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import type { Browser } from 'playwright-core';
import { CHROMIUM_ARGS, findChromium, launchChromium } from './chromium';
import { serveStatic } from './staticServer';
import { takeRegisteredTests, type BrowserTestContext, type RegisteredBrowserTest } from './registry';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** RESLAB_DIST serves another build folder, so parallel work can build and test apart. */
const DIST = resolve(ROOT, process.env.RESLAB_DIST ?? 'dist');
const TEST_DIR = join(ROOT, 'test', 'browser');
const SCREENSHOT_DIR = join(ROOT, 'artifacts', 'screenshots');
const REPORT_FILE = join(ROOT, 'test-results', 'browser.json');
/** The build is served below `/` to prove its relative URLs work from a sub-folder. */
const MOUNT_PATH = '/reslab/';
const VIEWPORT = { width: 1280, height: 800 };
const DEFAULT_TIMEOUT_MS = 60_000;

interface BrowserTestResult {
  file: string;
  name: string;
  status: 'passed' | 'failed';
  durationMs: number;
  error?: string;
  consoleErrors: string[];
  offsiteRequests: string[];
  screenshots: string[];
  notes: Record<string, unknown>;
}

interface BrowserReport {
  startTime: number;
  durationMs: number;
  success: boolean;
  numTotalTests: number;
  numPassedTests: number;
  numFailedTests: number;
  /** Set when the suite itself could not run; counted as one failed test. */
  error?: string;
  browser?: { version: string; executablePath: string; args: readonly string[] };
  baseURL?: string;
  testResults: BrowserTestResult[];
}

const slug = (text: string) =>
  text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const stack = (error.stack ?? error.message).split('\n');
  // Keep the message and the first frames that point into test or script files.
  const frames = stack
    .filter(
      (line) => /^\s+at /.test(line) && !/node_modules|node:internal|scripts\/browser\/run\.ts/.test(line),
    )
    .slice(0, 4);
  const message = stack.filter((line) => !/^\s+at /.test(line)).join('\n');
  return [message, ...frames].join('\n');
}

async function runOne(
  browser: Browser,
  baseURL: string,
  file: string,
  entry: RegisteredBrowserTest,
): Promise<BrowserTestResult> {
  const result: BrowserTestResult = {
    file,
    name: entry.name,
    status: 'passed',
    durationMs: 0,
    consoleErrors: [],
    offsiteRequests: [],
    screenshots: [],
    notes: {},
  };
  const started = performance.now();
  const origin = new URL(baseURL).origin;
  const isLocal = (url: string) => url.startsWith(`${origin}/`) || /^(data|blob|about):/.test(url);
  const allowed = entry.options.allowConsoleErrors ?? [];
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  // Offline by construction: anything not served by us is recorded and blocked.
  await context.route(
    (url) => !isLocal(url.href),
    (route) => route.abort('blockedbyclient'),
  );
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const text = message.text();
    if (allowed.some((pattern) => pattern.test(text))) return;
    const { url, lineNumber } = message.location();
    result.consoleErrors.push(url ? `${text} (${url}:${lineNumber})` : text);
  });
  page.on('pageerror', (error) => result.consoleErrors.push(`uncaught ${describeError(error)}`));
  page.on('crash', () => result.consoleErrors.push('the page crashed'));
  page.on('request', (request) => {
    if (!isLocal(request.url())) result.offsiteRequests.push(request.url());
  });

  const shotPrefix = `${basename(file, '.browser.ts')}--${slug(entry.name)}`;
  const context_: BrowserTestContext = {
    page,
    context,
    baseURL,
    async goto(route) {
      const hash = route.startsWith('#') ? route : `#${route.startsWith('/') ? route : `/${route}`}`;
      await page.goto(new URL(hash, baseURL).href, { waitUntil: 'load' });
      await page.locator('#root > *').first().waitFor({ state: 'attached' });
    },
    async screenshot(name, options = {}) {
      const path = join(SCREENSHOT_DIR, `${shotPrefix}--${slug(name)}.png`);
      await page.screenshot({ path, fullPage: options.fullPage ?? false });
      result.screenshots.push(relative(ROOT, path));
      return path;
    },
    note(key, value) {
      result.notes[key] = value;
    },
  };

  const timeoutMs = entry.options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const running = entry.fn(context_);
  running.catch(() => undefined); // if it loses the race, its later rejection is expected
  try {
    await Promise.race([
      running,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
  } catch (error) {
    result.status = 'failed';
    result.error = describeError(error);
  } finally {
    clearTimeout(timer);
  }
  if (result.consoleErrors.length > 0 || result.offsiteRequests.length > 0) result.status = 'failed';
  if (result.status === 'failed') {
    await context_.screenshot('failure').catch(() => undefined);
  }
  await context.close().catch(() => undefined);
  result.durationMs = Math.round(performance.now() - started);
  return result;
}

function printResult(result: BrowserTestResult): void {
  const mark = result.status === 'passed' ? '✓' : '✗';
  console.log(`  ${mark} ${result.name} (${result.durationMs} ms)`);
  if (result.status === 'passed') return;
  const indent = (text: string) => text.replace(/^/gm, '      ');
  if (result.error) console.log(indent(result.error));
  for (const line of result.consoleErrors) console.log(indent(`console error: ${line}`));
  for (const url of result.offsiteRequests) console.log(indent(`request outside the local server: ${url}`));
}

async function writeReport(report: BrowserReport): Promise<void> {
  await mkdir(join(ROOT, 'test-results'), { recursive: true });
  const { testResults, ...summary } = report; // summary first, so the file reads top-down
  await writeFile(REPORT_FILE, `${JSON.stringify({ ...summary, testResults }, null, 2)}\n`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({ options: { grep: { type: 'string' } } });
  const startTime = Date.now();
  const report: BrowserReport = {
    startTime,
    durationMs: 0,
    success: false,
    numTotalTests: 0,
    numPassedTests: 0,
    numFailedTests: 0,
    testResults: [],
  };
  const giveUp = async (error: string) => {
    report.error = error;
    report.numTotalTests = report.numFailedTests = 1;
    report.durationMs = Date.now() - startTime;
    await writeReport(report);
    console.error(`browser suite could not run: ${error}`);
    return 2;
  };

  const chromium = findChromium();
  if (!chromium.found) return giveUp(chromium.reason);
  if (!existsSync(join(DIST, 'index.html')))
    return giveUp('dist/index.html is missing: run `vite build` first');

  const files = (await readdir(TEST_DIR).catch(() => [] as string[]))
    .filter((name) => name.endsWith('.browser.ts'))
    // BROWSER_TESTS=lab runs only the files whose name contains "lab" (for working on one).
    .filter((name) => !process.env.BROWSER_TESTS || name.includes(process.env.BROWSER_TESTS))
    .sort()
    .map((name) => join(TEST_DIR, name));
  await rm(SCREENSHOT_DIR, { recursive: true, force: true });
  await mkdir(SCREENSHOT_DIR, { recursive: true });

  const server = await serveStatic(DIST, MOUNT_PATH);
  let browser: Browser;
  try {
    browser = await launchChromium(chromium.path);
  } catch (error) {
    await server.close();
    return giveUp(`Chromium at ${chromium.path} failed to launch: ${describeError(error)}`);
  }
  report.baseURL = server.url;
  report.browser = {
    version: browser.version(),
    executablePath: chromium.path,
    args: CHROMIUM_ARGS,
  };
  console.log(`browser tests: Chromium ${browser.version()} (${chromium.path}), app at ${server.url}`);

  try {
    for (const file of files) {
      const shortName = relative(ROOT, file);
      console.log(shortName);
      let tests: RegisteredBrowserTest[];
      try {
        await import(pathToFileURL(file).href);
        tests = takeRegisteredTests();
      } catch (error) {
        const failed: BrowserTestResult = {
          file: shortName,
          name: '(loading the file)',
          status: 'failed',
          durationMs: 0,
          error: describeError(error),
          consoleErrors: [],
          offsiteRequests: [],
          screenshots: [],
          notes: {},
        };
        report.testResults.push(failed);
        printResult(failed);
        continue;
      }
      for (const entry of tests) {
        if (values.grep && !entry.name.includes(values.grep)) continue;
        const result = await runOne(browser, server.url, shortName, entry);
        report.testResults.push(result);
        printResult(result);
      }
    }
  } finally {
    await browser.close().catch(() => undefined);
    await server.close();
  }

  report.numTotalTests = report.testResults.length;
  report.numPassedTests = report.testResults.filter((result) => result.status === 'passed').length;
  report.numFailedTests = report.numTotalTests - report.numPassedTests;
  report.success = report.numFailedTests === 0;
  report.durationMs = Date.now() - startTime;
  await writeReport(report);
  console.log(`browser: ${report.numPassedTests} passed, ${report.numFailedTests} failed`);
  return report.success ? 0 : 1;
}

process.exitCode = await main();
