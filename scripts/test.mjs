#!/usr/bin/env node
// `npm test`: every check, in order, stopping at the first that fails.
//   1. typecheck  tsc --noEmit -p tsconfig.json
//   2. lint       eslint .
//   3. format     prettier --check . (fix with `npm run format`)
//   4. unit       vitest run (unit + component tests) -> test-results/vitest.json
//                 UPDATE_GOLDEN is removed from its environment: only `npm run golden:update`
//                 rewrites the golden SVGs, never a test run
//   5. browser    vite build, then scripts/browser/run.ts in headless Chromium
//                 -> test-results/browser.json, artifacts/screenshots/
// Ends with `tests: N passed, M failed` summed over both JSON reports.
// No Chromium: a loud warning and the browser suite is skipped; with CI=true that fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tsImport } from 'tsx/esm/api';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const IS_CI = /^(1|true)$/i.test(process.env.CI ?? '');
const VITEST_REPORT = join(ROOT, 'test-results', 'vitest.json');
const BROWSER_REPORT = join(ROOT, 'test-results', 'browser.json');

const bin = (name) => join(ROOT, 'node_modules', '.bin', name);

/**
 * Runs a command with inherited stdio; returns true when it exits 0. `env` adds to this
 * process's environment; a key set to undefined is removed from it.
 */
function step(title, command, args, env = {}) {
  console.log(`\n▶ ${title}: ${[command.replace(`${ROOT}`, ''), ...args].join(' ')}`);
  const started = Date.now();
  const childEnv = { ...process.env, ...env };
  for (const [key, value] of Object.entries(childEnv)) if (value === undefined) delete childEnv[key];
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', env: childEnv });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (result.error) console.error(`✗ ${title}: could not start (${result.error.message})`);
  const ok = result.status === 0;
  console.log(
    ok
      ? `✓ ${title} (${seconds} s)`
      : `✗ ${title} failed (exit ${result.status ?? result.signal}, ${seconds} s)`,
  );
  return ok;
}

/** `{ passed, failed }` from a Vitest-style JSON report, or null when there is none. */
function readCounts(file) {
  if (!existsSync(file)) return null;
  try {
    const report = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: report.numPassedTests ?? 0, failed: report.numFailedTests ?? 0 };
  } catch {
    return { passed: 0, failed: 1 }; // an unreadable report is a failure, not a silent zero
  }
}

function warnBrowserSkipped(reason) {
  const bar = '!'.repeat(78);
  console.error(
    [
      '',
      bar,
      '!!',
      '!!   BROWSER TESTS SKIPPED: the app was NOT tested in a real browser.',
      `!!   Reason: ${reason}.`,
      '!!',
      '!!   Install Chromium (Debian/Ubuntu, as root):',
      '!!       apt-get update && apt-get install -y chromium',
      '!!   or point CHROME_PATH at a Chromium or Chrome binary.',
      '!!   Do not run `npx playwright install`: it downloads a browser.',
      '!!',
      IS_CI
        ? '!!   CI=true: a skipped browser suite counts as a FAILURE.'
        : '!!   (With CI=true this is a failure.)',
      '!!',
      bar,
      '',
    ].join('\n'),
  );
}

function summarize(browserNote) {
  const vitest = readCounts(VITEST_REPORT);
  const browser = readCounts(BROWSER_REPORT);
  const show = (counts) => (counts ? `${counts.passed} passed, ${counts.failed} failed` : 'not run');
  console.log('');
  console.log(`vitest: ${show(vitest)}`);
  console.log(`browser: ${browserNote ?? show(browser)}`);
  const passed = (vitest?.passed ?? 0) + (browser?.passed ?? 0);
  const failed = (vitest?.failed ?? 0) + (browser?.failed ?? 0);
  console.log(`tests: ${passed} passed, ${failed} failed`);
  return failed;
}

function main() {
  // Stale reports from an earlier run must never be summed into this one.
  rmSync(VITEST_REPORT, { force: true });
  rmSync(BROWSER_REPORT, { force: true });

  if (!step('typecheck', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json'])) return 1;
  if (!step('lint', bin('eslint'), ['.'])) return 1;
  if (!step('format', bin('prettier'), ['--check', '.'])) {
    console.error(
      '✗ format: some files are not formatted; run `npm run format` (prettier --write .) and commit',
    );
    return 1;
  }
  const unitOk = step(
    'unit and component tests',
    bin('vitest'),
    ['run', '--reporter=default', '--reporter=json', `--outputFile=${VITEST_REPORT}`],
    { UPDATE_GOLDEN: undefined },
  );
  if (!unitOk) {
    summarize('not run (unit tests failed)');
    return 1;
  }

  const lookup = findChromium();
  if (!lookup.found) {
    warnBrowserSkipped(lookup.reason);
    const failed = summarize('SKIPPED (no Chromium)');
    return IS_CI || failed > 0 ? 1 : 0;
  }
  if (!step('build', bin('vite'), ['build', '--logLevel', 'warn'])) {
    summarize('not run (build failed)');
    return 1;
  }
  const browserOk = step('browser tests', process.execPath, ['--import', 'tsx', 'scripts/browser/run.ts'], {
    CHROME_PATH: lookup.path,
  });
  const failed = summarize();
  return browserOk && failed === 0 ? 0 : 1;
}

const { findChromium } = await tsImport('./browser/chromium.ts', import.meta.url);
process.exitCode = main();
