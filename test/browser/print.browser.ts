import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';

/** A4 less the 12 mm margins of print.css, in CSS pixels (96 per inch). */
const PRINT_WIDTH = Math.floor(((210 - 24) / 25.4) * 96);

test('a printed Lab starts with the verdict and the charts, hides the controls and fits the page', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await page.setViewportSize({ width: PRINT_WIDTH, height: 1000 });
  await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
  await goto('/lab');
  await page.getByTestId('verdict').waitFor({ state: 'attached' });
  await page.locator('figure.chart svg').first().waitFor({ state: 'attached' });

  // The first element in <main> that shows text of its own (or is a chart) is the verdict.
  const first = await page.evaluate(() => {
    const main = document.getElementById('main')!;
    for (const el of main.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
      const ownText = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim());
      if (ownText || el instanceof SVGSVGElement || el instanceof HTMLCanvasElement)
        return { testId: el.getAttribute('data-testid'), text: el.textContent!.slice(0, 80) };
    }
    return null;
  });
  note('firstPrinted', first);
  assert.equal(first?.testId, 'verdict', `first printed element: ${JSON.stringify(first)}`);

  for (const selector of ['.topbar', '.lab-controls', '.transport', '.skip-link', '.chart-controls'])
    for (const display of await page
      .locator(selector)
      .evaluateAll((els) => els.map((e) => getComputedStyle(e).display)))
      assert.equal(display, 'none', `${selector} is hidden in print`);
  assert.equal(await page.locator('main button:visible').count(), 0, 'no buttons on paper');

  // Charts: present, whole on a page, and nothing wider than the page.
  const charts = page.locator('figure.chart');
  assert.ok((await charts.count()) >= 3, 'the charts are printed');
  for (const b of await charts.evaluateAll((els) => els.map((e) => getComputedStyle(e).breakInside)))
    assert.equal(b, 'avoid');
  const overflow = await page.evaluate((width) => {
    // An <svg> clips what is inside it, so its own box is what reaches the paper.
    const wide = [...document.querySelectorAll('main *')]
      .filter((el) => !(el instanceof SVGElement) || el.ownerSVGElement === null)
      .filter((el) => el.getBoundingClientRect().right > width + 1)
      .map((el) => `${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''}`);
    return { scrollWidth: document.documentElement.scrollWidth, wide: wide.slice(0, 5) };
  }, PRINT_WIDTH);
  note('overflow', overflow);
  assert.deepEqual(overflow.wide, [], 'elements wider than the page');
  assert.ok(overflow.scrollWidth <= PRINT_WIDTH, `page scrolls sideways: ${overflow.scrollWidth}`);

  // Light colours on paper even when the screen is dark.
  const paper = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
  assert.match(paper, /rgb\(25[0-5], 25[0-5], 2[45]\d\)/);
  await screenshot('print-lab', { fullPage: true });
});

test('a printed lesson keeps its prose and charts, drops its controls and fits the page', async ({
  page,
  goto,
  note,
}) => {
  await page.setViewportSize({ width: PRINT_WIDTH, height: 1000 });
  await goto('/lessons');
  const href = await page.locator('main a[href*="#/lessons/"]').first().getAttribute('href');
  assert.ok(href, 'the index links to a lesson');
  await page.emulateMedia({ media: 'print' });
  await goto(href.slice(href.indexOf('#') + 1));
  await page.locator('main h1').waitFor();
  note('lesson', href);
  assert.equal(await page.locator('main button:visible, main select:visible, main input:visible').count(), 0);
  assert.equal(await page.locator('.topbar').evaluate((el) => getComputedStyle(el).display), 'none');
  assert.ok((await page.locator('main p:visible').count()) > 2, 'the prose is printed');
  const scrollWidth = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(scrollWidth <= PRINT_WIDTH, `page scrolls sideways: ${scrollWidth}`);
});
