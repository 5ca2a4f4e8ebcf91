import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test, type BrowserTestContext } from '../../scripts/browser/registry';
import { describeFindings, isBlocking, runAxe } from './axe';

type Theme = 'light' | 'dark';

/** Follows the system preference (the default choice) and waits until the page has switched. */
async function switchTheme(page: Page, theme: Theme): Promise<void> {
  await page.emulateMedia({ colorScheme: theme });
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

/** Waits until every chart on the page has painted at least once. */
async function chartsPainted(page: Page): Promise<void> {
  await page.waitForFunction(() =>
    [...document.querySelectorAll('figure.chart')].every((f) => f.getAttribute('data-paints') !== '0'),
  );
}

/** Every chart offers its data as a table (shown, or behind a "Show as table" button). */
async function chartsWithoutTable(page: Page): Promise<string[]> {
  return page
    .locator('figure.chart')
    .evaluateAll((figures) =>
      figures
        .filter(
          (f) =>
            !f.querySelector('table') &&
            ![...f.querySelectorAll('button')].some((b) => /show as table/i.test(b.textContent ?? '')),
        )
        .map((f) => f.querySelector('figcaption')?.textContent?.slice(0, 60) ?? '(no caption)'),
    );
}

/** axe in both themes: 0 critical and 0 serious violations; every finding is noted either way. */
async function checkBothThemes(ctx: BrowserTestContext, label: string): Promise<void> {
  const failures: string[] = [];
  for (const theme of ['light', 'dark'] as const) {
    await switchTheme(ctx.page, theme);
    await chartsPainted(ctx.page);
    await ctx.screenshot(`a11y-${label.replace(/\W+/g, '-')}-${theme}`);
    const findings = await runAxe(ctx.page);
    ctx.note(`${label} (${theme})`, findings);
    const blocking = findings.filter(isBlocking);
    if (blocking.length) failures.push(`${label}, ${theme} theme:\n${describeFindings(blocking)}`);
  }
  const bare = await chartsWithoutTable(ctx.page);
  if (bare.length) failures.push(`${label}: charts without a table alternative: ${bare.join('; ')}`);
  assert.equal(failures.length, 0, failures.join('\n\n'));
}

const PAGES: [string, string][] = [
  ['/', 'ResLab'],
  ['/lab', 'The Lab'],
  ['/blocks', 'Residual blocks'],
  ['/zoo', 'Model zoo'],
  ['/lessons', 'Lessons'],
  ['/no-such-page', ''],
];

for (const [route, heading] of PAGES)
  test(`${route}: no critical or serious axe violation and a table for every chart, in either theme`, async (ctx) => {
    await ctx.goto(route);
    await ctx.page.locator('main h1').first().waitFor();
    if (heading)
      assert.match((await ctx.page.locator('main h1').first().textContent()) ?? '', new RegExp(heading));
    await checkBothThemes(ctx, route);
  });

test(
  'the Lab after a few training steps: no critical or serious axe violation, a table for every chart',
  async (ctx) => {
    const { page, goto } = ctx;
    await goto('/lab');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () =>
        Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1] ?? 0) >= 5,
    );
    await page.getByRole('button', { name: 'Pause', exact: true }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    await checkBothThemes(ctx, '/lab trained');
  },
  { timeoutMs: 120_000 },
);

test("the Lab's network diagram: each block is a named button that Enter selects", async ({ page, goto }) => {
  await goto('/lab');
  const diagram = page.getByRole('group', { name: /^Network diagram of plain-8/ });
  const block = diagram.getByRole('button', { name: /^block 1: stage 1, / });
  await block.focus();
  assert.equal(await block.getAttribute('aria-pressed'), 'false');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() =>
    document.querySelector('.block-info')?.textContent?.includes('parameters'),
  );
  assert.equal(await block.getAttribute('aria-pressed'), 'true');
  assert.match((await page.locator('.block-info').first().textContent()) ?? '', /^\S+: [\d,]+ parameters/);
});

test(
  'every lesson linked from #/lessons: no critical or serious axe violation, a table for every chart, in either theme',
  async (ctx) => {
    const { page, goto, note } = ctx;
    await goto('/lessons');
    await page.locator('main h1').first().waitFor();
    const hrefs = await page
      .locator('main a[href*="#/lessons/"]')
      .evaluateAll((links) => [
        ...new Set(links.map((a) => new URL((a as HTMLAnchorElement).href).hash.slice(1))),
      ]);
    note('lessons', hrefs);
    assert.ok(hrefs.length > 0, 'the lessons index links to at least one lesson');
    const failures: string[] = [];
    for (const route of hrefs) {
      await goto(route);
      await page.locator('main h1').first().waitFor();
      try {
        await checkBothThemes(ctx, route);
      } catch (error) {
        failures.push((error as Error).message);
      }
    }
    assert.equal(failures.length, 0, failures.join('\n\n'));
  },
  { timeoutMs: 300_000 },
);
