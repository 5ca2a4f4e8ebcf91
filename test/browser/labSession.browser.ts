/**
 * The issue-8 reproduction: train the default Lab to done, then change run 2's depth from
 * 52 to 20 without pressing Reset. Nothing on screen may combine the edited controls with
 * the old session's curves: the legend, chart titles, accessible names, diagrams and the
 * verdict keep describing the 52-layer session, marked as the previous experiment, until
 * Train starts a new one.
 */
import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';
import type { Page } from 'playwright-core';

const captions = (page: Page) => page.locator('figure.chart figcaption span').allTextContents();
const svgLabels = (page: Page) =>
  page
    .locator('.lab-main svg[aria-label]')
    .evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') ?? ''));
const legend = (page: Page) => page.locator('.legend button').allTextContents();

test(
  'editing a run after training leaves the trained session’s labels and verdict alone',
  async ({ page, goto, screenshot, note }) => {
    await goto('/lab');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () => / · done/.test(document.querySelector('.progress-text')?.textContent ?? ''),
      null,
      { timeout: 180_000 },
    );
    const verdictDone = (await page.getByTestId('verdict').textContent()) ?? '';
    note('verdictAtDone', verdictDone);
    assert.match(verdictDone, /52-layer plain net/);
    assert.deepEqual(await legend(page), ['plain-8', 'plain-52', 'ResNet A-8', 'ResNet A-52']);

    // Run 2: 52 → 20 layers (the depth slider steps through 4, 6, …, 104).
    const depth = page.getByLabel('Run 2: plain-52').getByRole('slider', { name: /Depth/ });
    await depth.focus();
    for (let i = 0; i < 16; i++) await page.keyboard.press('ArrowLeft');
    await page.waitForFunction(() => location.hash.includes('r2=20%2C16'));
    assert.ok(await page.getByLabel('Run 2: plain-20').isVisible(), 'the run card shows the edited control');

    const banner = page.getByTestId('settings-changed');
    await banner.waitFor();
    assert.match((await banner.textContent()) ?? '', /Settings changed: press Train to start a new run/);
    assert.match(
      (await banner.textContent()) ?? '',
      /previous experiment \(plain-8, plain-52, ResNet A-8, ResNet A-52\)/,
    );
    const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
    assert.equal(verdict, `Previous experiment: ${verdictDone}`);
    assert.doesNotMatch(verdict, /20-layer/);
    assert.deepEqual(await legend(page), ['plain-8', 'plain-52', 'ResNet A-8', 'ResNet A-52']);
    const titles = await captions(page);
    for (const t of ['Gradient flow: plain-52', 'Network: plain-52', 'Decision boundary: plain-52'])
      assert.ok(titles.includes(t), `${t} is still shown`);
    assert.ok(
      !titles.some((t) => /plain-20/.test(t)),
      `no chart title speaks of plain-20: ${titles.join(' | ')}`,
    );
    const labels = await svgLabels(page);
    assert.ok(labels.some((l) => /plain-52/.test(l)));
    assert.ok(!labels.some((l) => /plain-20/.test(l)), 'no accessible name speaks of plain-20');
    assert.equal(await page.getByRole('region', { name: 'Charts of the previous experiment' }).count(), 1);
    await screenshot('lab-settings-changed', { fullPage: true });

    // Train starts a new session with the edited controls; the old labels are gone.
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.locator('figure.chart figcaption span', { hasText: 'Gradient flow: plain-20' }).waitFor();
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    assert.equal(await banner.count(), 0);
    assert.deepEqual(await legend(page), ['plain-8', 'plain-20', 'ResNet A-8', 'ResNet A-52']);
    assert.ok(!(await captions(page)).some((t) => /plain-52/.test(t)));
  },
  { timeoutMs: 240_000 },
);
