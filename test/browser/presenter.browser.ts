import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';
import { smallestText, trainToDone } from './labPage';

const progress = (page: Page) => page.locator('.presenter-progress').textContent();

/** Waits until the presenter's progress line matches `re` (the engine's own events drive it). */
async function progressMatches(page: Page, re: RegExp, timeout = 60_000) {
  await page.waitForFunction(
    (src) => new RegExp(src).test(document.querySelector('.presenter-progress')?.textContent ?? ''),
    re.source,
    { timeout },
  );
}

test('presenter mode: P fills a 1280×720 screen with the verdict and the key charts at projector sizes, without the controls', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await goto('/lab');
  await trainToDone(page);
  const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
  await page.keyboard.press('p');
  const presenter = page.getByTestId('presenter');
  await presenter.waitFor();
  // The verdict is the session's, word for word; the controls and the sticky bar are gone.
  assert.equal(await page.getByTestId('presenter-verdict').textContent(), verdict);
  for (const gone of ['.transport', '#lab-controls', '.run-card'])
    assert.equal(await page.locator(gone).count(), 0, `${gone} is hidden while presenting`);
  const layout = await page.evaluate(() => {
    // Plain loops: the test's bundler would wrap a named helper in a function the page lacks.
    const out: Record<string, DOMRect | string> = {};
    for (const f of document.querySelectorAll('.presenter figure.chart')) {
      const title = f.querySelector('figcaption span')?.textContent ?? '';
      const key = title.startsWith('Gradient flow') ? 'flow' : title === 'Training error' ? 'error' : title;
      out[key] = f.querySelector('svg')!.getBoundingClientRect().toJSON() as DOMRect;
      if (key === 'flow') out.flowTitle = title;
    }
    return {
      error: out.error as DOMRect | undefined,
      flow: out.flow as DOMRect | undefined,
      flowTitle: out.flowTitle as string | undefined,
      verdictPx: parseFloat(getComputedStyle(document.querySelector('.presenter-verdict')!).fontSize),
      // The presenter's own content fits its screen, and the page under it cannot scroll.
      overflowY: (() => {
        const p = document.querySelector<HTMLElement>('.presenter')!;
        return p.scrollHeight - p.clientHeight;
      })(),
      pageOverflow: getComputedStyle(document.documentElement).overflow,
    };
  });
  note('presenter', layout);
  await screenshot('presenter-1280x720');
  assert.ok(layout.error && layout.flow, 'the error chart and a gradient-flow chart are shown');
  // The flow chart is the deep plain net's: the one whose gradients the verdict argues from.
  assert.equal(layout.flowTitle, 'Gradient flow: plain-52');
  assert.ok(layout.verdictPx >= 24, `the verdict is set at ${layout.verdictPx} px`);
  assert.ok(layout.error.width + layout.flow.width >= 0.75 * 1280, 'the two charts span the screen');
  assert.ok(layout.error.height >= 0.5 * 720, `the error chart is ${layout.error.height} px tall`);
  assert.ok(layout.error.bottom <= 720 && layout.flow.bottom <= 720, 'both charts end on screen');
  assert.equal(layout.overflowY, 0, 'nothing is cut off at the bottom');
  assert.equal(layout.pageOverflow, 'hidden', 'the page under the presenter does not scroll');
  const small = await smallestText(page, '[data-testid="presenter"]');
  note('smallestPresenterText', small);
  assert.ok(small.size >= 16, `the smallest presenter text is ${JSON.stringify(small)}`);
});

test('presenter mode keeps R, → and Space working, and Esc (or its button) leaves it with the Lab as it was', async ({
  page,
  goto,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await goto('/lab');
  await page.getByRole('button', { name: 'Present', exact: true }).click();
  await page.getByTestId('presenter').waitFor();
  await page.keyboard.press('ArrowRight');
  await progressMatches(page, /^step 1 of \d+/);
  await page.keyboard.press('r');
  await progressMatches(page, /^step 0 of/);
  await page.keyboard.press(' ');
  await progressMatches(page, / · done$/, 120_000);
  assert.match((await progress(page)) ?? '', /^step (\d+) of \1 · done$/);
  const verdict = (await page.getByTestId('presenter-verdict').textContent()) ?? '';
  assert.match(
    verdict,
    /52-layer plain net/,
    `the verdict of the session trained while presenting: ${verdict}`,
  );
  await page.keyboard.press('Escape');
  await page.getByTestId('presenter').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('verdict').textContent(), verdict);
  assert.equal(await page.locator('#lab-controls').isVisible(), true);
  // The button leaves too, and P enters again from anywhere outside a field.
  await page.keyboard.press('p');
  await page.getByRole('button', { name: 'Leave (Esc)' }).click();
  await page.getByTestId('presenter').waitFor({ state: 'detached' });
  await page.locator('#run1-depth').focus();
  await page.keyboard.press('p');
  assert.equal(await page.getByTestId('presenter').count(), 0, 'typing P in a field does not present');
});
