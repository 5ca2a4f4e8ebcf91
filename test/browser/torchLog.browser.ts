/**
 * PyTorch and back, in the real Lab: a log the exported program wrote
 * (test/fixtures/torch/lab-default.jsonl, the default Lab experiment) is overlaid on the
 * training-error chart beside the browser's runs: its runs in the legend with where they
 * ran, the notice of what it holds, lighter paths in the chart's svg and rows in its table.
 * A log with line 3 broken is refused naming line 3, and nothing on screen changes. Export
 * to PyTorch downloads the program of the runs on screen.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';
import { seriousViolations } from './axe';

const FIXTURE = 'test/fixtures/torch/lab-default.jsonl';
const STEPS = 20;
const REVERSED = [
  'r1=52,16,basic,on,A,post,bn',
  'r2=8,16,basic,on,A,post,bn',
  'r3=52,16,basic,off,A,post,bn',
  'r4=8,16,basic,off,A,post,bn',
].join('&');

interface FixtureRun {
  id: string;
  label: string;
  evals: number;
}

/** What the fixture says of itself, read here apart from the Lab's parser. */
async function fixture() {
  const text = await readFile(FIXTURE, 'utf8');
  const lines = text
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown> & { type: string });
  const header = lines[0] as unknown as {
    experiment: string;
    started: string;
    where: { torch: string; device: string; world: number };
    runs: { id: string; label: string }[];
  };
  const runs: FixtureRun[] = header.runs.map((r) => ({
    id: r.id,
    label: r.label,
    evals: lines.filter((l) => l.type === 'eval' && l.run === r.id).length,
  }));
  const end = lines.find((l) => l.type === 'end') as { steps: number } | undefined;
  return { text, header, runs, end };
}

/** The text alternative of the training-error chart: one row per run. */
async function errorRows(page: Page): Promise<string[]> {
  const figure = page
    .locator('figure.chart', { has: page.locator('figcaption', { hasText: 'Training error' }) })
    .first();
  const toggle = figure.getByRole('button', { name: 'Show as table' });
  if (await toggle.count()) await toggle.click();
  const rows = figure.locator('table.chart-table tbody tr');
  await rows.first().waitFor();
  return rows.locator('td:first-child').allTextContents();
}

/** The training-error chart's svg, as a page expression. */
const ERROR_SVG = `[...document.querySelectorAll('figure.chart')]
  .find((f) => f.querySelector('figcaption span')?.textContent === 'Training error')
  .querySelector('.chart-body svg')`;

/** Each imported run's group in the error chart: its id, colour, and what its paths draw. */
const IMPORTED_PATHS = `[...${ERROR_SVG}.querySelectorAll('g.run.imported')].map((g) => ({
  run: g.getAttribute('data-run'),
  stroke: g.getAttribute('stroke'),
  train: (g.querySelector('path.train').getAttribute('d') || '').length,
  rings: ((g.querySelector('path.test').getAttribute('d') || '').match(/M/g) || []).length,
}))`;

/** The browser run's colour in the error chart, by run id. */
const BROWSER_STROKES = `Object.fromEntries([...${ERROR_SVG}.querySelectorAll('g.run:not(.imported)')]
  .map((g) => [g.getAttribute('data-run'), g.getAttribute('stroke')]))`;

/** Opens the tools' PyTorch panel, unless it is open. */
async function openPanel(page: Page): Promise<void> {
  const toggle = page.getByRole('button', { name: 'PyTorch', exact: true });
  if ((await toggle.getAttribute('aria-expanded')) !== 'true') await toggle.click();
}

async function importLog(page: Page, name: string, text: string): Promise<void> {
  await openPanel(page);
  await page
    .getByLabel('Import PyTorch log')
    .setInputFiles({ name, mimeType: 'application/jsonl', buffer: Buffer.from(text) });
}

const legendLabels = (page: Page) => page.getByTestId('overlay-run').locator('button').allTextContents();

test(
  'a PyTorch log overlays its runs on the browser’s, labelled with where they ran; a broken log is refused by line',
  async ({ page, goto, note, screenshot }) => {
    const log = await fixture();
    const version = /^\d+\.\d+/.exec(log.header.where.torch)![0];
    assert.equal(log.header.where.device, 'cpu', 'the fixture ran on cpu');
    // The default runs in reverse order, so a colour by label differs from one by position.
    await goto(`/lab?steps=${STEPS}&${REVERSED}`);
    await importLog(page, 'lab-default.jsonl', log.text);

    const notice = page.getByTestId('overlay-notice');
    await notice.waitFor();
    const n = log.runs.length;
    const steps = log.end ? `${log.end.steps} steps` : String.raw`\d+ of \d+ steps`;
    assert.match(
      (await notice.textContent()) ?? '',
      new RegExp(
        `^Overlaid a PyTorch log of ${log.header.experiment}: ${n} runs, ${steps}, on cpu, 1 process, started ${log.header.started.slice(0, 10)}` +
          (log.end ? String.raw`; ran \d+(\.\d)? ms/step\.$` : String.raw`\. The log ends early`),
      ),
    );
    note('notice', await notice.textContent());
    const labels = log.runs.map((r) => `${r.label} · PyTorch ${version} on cpu`);
    assert.deepEqual(await legendLabels(page), labels);

    // Before any session the chart shows the log alone.
    let paths = (await page.evaluate(IMPORTED_PATHS)) as {
      run: string;
      stroke: string;
      train: number;
      rings: number;
    }[];
    assert.deepEqual(
      paths.map((p) => [p.run, p.rings]),
      log.runs.map((r) => [`torch:${r.id}`, r.evals]),
      'one group per log run, one ring per evaluation',
    );
    for (const p of paths) assert.ok(p.train > 20, `${p.run} draws its minibatch error`);

    // A session trained after the import keeps the overlay; runs of the same label share a colour.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () => / · done/.test(document.querySelector('.progress-text')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    assert.deepEqual(await legendLabels(page), labels);
    paths = (await page.evaluate(IMPORTED_PATHS)) as typeof paths;
    assert.equal(paths.length, n);
    const strokes = (await page.evaluate(BROWSER_STROKES)) as Record<string, string>;
    const browserLabels = await page.locator('.legend li:not(.imported) button').allTextContents();
    assert.deepEqual(browserLabels, ['ResNet A-52', 'ResNet A-8', 'plain-52', 'plain-8']);
    for (const [i, r] of log.runs.entries()) {
      const twin = browserLabels.indexOf(r.label);
      assert.ok(twin >= 0, `${r.label} has a twin in the session`);
      assert.equal(paths[i]!.stroke, strokes[`run${twin + 1}`], `${r.label} takes its twin's colour`);
    }
    // A log run's legend button hides it from the chart, as a browser run's does.
    const first = page.getByTestId('overlay-run').first().locator('button');
    await first.click();
    assert.equal(await first.getAttribute('aria-pressed'), 'false');
    assert.deepEqual(
      ((await page.evaluate(IMPORTED_PATHS)) as typeof paths).map((p) => p.run),
      paths.slice(1).map((p) => p.run),
    );
    await first.click();
    const rows = await errorRows(page);
    assert.deepEqual(rows.slice(-n), labels, 'the chart’s table lists the log’s runs after the browser’s');
    await screenshot('lab-torch-overlay', { fullPage: true });

    // Line 3 broken: refused, naming it; the overlay, its notice and the legend stay as they were.
    const noticeBefore = await notice.textContent();
    const lines = log.text.split('\n');
    lines[2] = lines[2]!.slice(0, Math.floor(lines[2]!.length / 2));
    await importLog(page, 'broken.jsonl', lines.join('\n'));
    const alert = page.getByTestId('import-refusal');
    await alert.waitFor();
    assert.match((await alert.textContent()) ?? '', /^"broken\.jsonl" was not imported: line 3: /);
    assert.equal(await notice.textContent(), noticeBefore);
    assert.deepEqual(await legendLabels(page), labels);
    // The alert may move the chart, so its paths are redrawn to a new height: the same runs, colours and rings.
    const drawn = (ps: typeof paths) => ps.map((p) => [p.run, p.stroke, p.rings, p.train > 20]);
    assert.deepEqual(drawn((await page.evaluate(IMPORTED_PATHS)) as typeof paths), drawn(paths));

    await page.getByRole('button', { name: 'Remove overlay' }).click();
    await notice.waitFor({ state: 'detached' });
    assert.equal(await page.getByTestId('overlay-run').count(), 0);
    assert.deepEqual(await page.evaluate(IMPORTED_PATHS), []);
  },
  { timeoutMs: 180_000 },
);

test('Export to PyTorch downloads a Python program of the runs on screen', async ({ page, goto }) => {
  await goto('/lab?steps=40');
  const labels = await page.locator('.legend li button').allTextContents();
  assert.equal(labels.length, 4);
  await openPanel(page);
  const button = page.getByRole('button', { name: 'Export to PyTorch' });
  assert.match(
    (await button.getAttribute('title')) ?? '',
    /trains these runs in PyTorch, on CPU, one GPU or many with torchrun/,
  );
  const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
  assert.equal(download.suggestedFilename(), 'reslab_lab.py');
  const program = await readFile(await download.path(), 'utf8');
  assert.ok(program.startsWith('#!/usr/bin/env python3\n'), program.slice(0, 40));
  for (const label of labels) assert.ok(program.includes(label), `the program names ${label}`);
  assert.match(program, /"steps":40\b/);
});

test('the overlay, its legend and the PyTorch panel pass axe in both themes', async ({
  page,
  goto,
  note,
}) => {
  const log = await fixture();
  await goto('/lab');
  await importLog(page, 'lab-default.jsonl', log.text);
  await page.getByTestId('overlay-notice').waitFor();
  await openPanel(page);
  for (const theme of ['light', 'dark'] as const) {
    await page.emulateMedia({ colorScheme: theme });
    await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
    const serious = await seriousViolations(page);
    note(theme, serious);
    assert.deepEqual(serious, [], `${theme} theme`);
  }
});
