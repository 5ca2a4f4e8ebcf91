/**
 * Runs survive a reload (issue 11 §1), in the real browser with the real IndexedDB: the Lab
 * trains, the page is reloaded mid-run, the Lab offers the last session, Restore redraws its
 * curves at once, and Train goes on from the stored checkpoint to the end.
 */
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';

const progress = (page: Page) =>
  page
    .locator('.progress-text')
    .first()
    .textContent()
    .then((t) => t ?? '');

test(
  'a reload mid-run loses nothing: Restore redraws the session and Train goes on from its checkpoint to done',
  async ({ page, goto, screenshot, note }) => {
    await goto('/lab');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    // The first checkpoint is stored at step 100 (or after 30 s).
    await page.getByText(/^Saved in this browser at step \d+\.$/).waitFor({ timeout: 180_000 });
    const saved = Number(
      /step (\d+)/.exec((await page.getByText(/^Saved in this browser/).textContent()) ?? '')![1],
    );
    note('savedStep', saved);
    const t0 = Date.now();
    await page.reload({ waitUntil: 'load' });
    const offer = page.getByRole('region', { name: 'Restore the last session' });
    await offer.waitFor();
    assert.match((await offer.textContent()) ?? '', new RegExp(`step ${saved} of 360, saved`));
    await offer.getByRole('button', { name: 'Restore' }).click();
    await page.getByText(/^Restored .* at step \d+ of 360\. Train goes on from step \d+\.$/).waitFor();
    note('msReloadToRestored', Date.now() - t0);
    assert.match(await progress(page), new RegExp(`^step ${saved} of 360`));
    // The curves are drawn from the stored records before anything trains.
    const curves = await page.locator('.lab-main svg path.line, .lab-main svg path[d]').count();
    assert.ok(curves > 0, 'the restored session draws its curves');
    await screenshot('restored');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () => / · done/.test(document.querySelector('.progress-text')?.textContent ?? ''),
      null,
      { timeout: 300_000 },
    );
    assert.match(await progress(page), /^step 360 of 360/);
    const verdict = (await page.getByTestId('verdict').textContent()) ?? '';
    note('verdict', verdict);
    assert.match(verdict, /52-layer plain net/);
    // The list holds one session, finished.
    await page.getByText(/^Saved sessions \(1/).click();
    await page.getByRole('cell', { name: '360 of 360' }).waitFor();
  },
  { timeoutMs: 600_000 },
);

test('the checkpoint interval a learner picks is the one the session saves at, and is kept across a reload', async ({
  page,
  goto,
  note,
}) => {
  await goto('/lab');
  // The interval lives with the saved sessions, folded away from the first screen.
  await page.getByText(/^Saved sessions \(/).click();
  const every = page.getByLabel('Save a checkpoint every');
  assert.equal(
    await every.locator('option:checked').textContent(),
    '100 steps or 30 s, whichever comes first',
  );
  await every.selectOption({ label: '25 steps or 10 s, whichever comes first' });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const savedAt = page.getByText(/^Saved in this browser at step \d+\.$/);
  await savedAt.waitFor({ timeout: 180_000 });
  const first = Number(/step (\d+)/.exec((await savedAt.textContent()) ?? '')![1]);
  note('firstSavedStep', first);
  assert.equal(first % 25, 0, `saved at step ${first}, not a multiple of 25`);
  await every.selectOption({ label: '500 steps or 2 min, whichever comes first' });
  assert.equal(
    await page.getByTestId('checkpoint-every-note').textContent(),
    'The session on screen keeps saving every 25 steps or 10 s; the new interval applies from the next one built.',
  );
  await page.reload({ waitUntil: 'load' });
  await page.getByText(/^Saved sessions \(/).click();
  await page.getByLabel('Save a checkpoint every').waitFor();
  assert.equal(
    await page.getByLabel('Save a checkpoint every').locator('option:checked').textContent(),
    '500 steps or 2 min, whichever comes first',
  );
});

test("a checkpoint the browser's quota cannot hold is refused on screen, and nothing half-written is listed", async ({
  page,
  goto,
  note,
}) => {
  await goto('/lab');
  // The real quota machinery, shrunk (CDP): 60 kB for this origin, less than one checkpoint.
  const cdp = await page.context().newCDPSession(page);
  const origin = new URL(page.url()).origin;
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 60_000 });
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const refusal = page.getByRole('alert').filter({ hasText: /^not saved:/ });
  await refusal.waitFor({ timeout: 180_000 });
  const text = (await refusal.textContent()) ?? '';
  note('refusal', text);
  // Chromium 150 enforces the override but its storage.estimate() still reports the disk's
  // quota, so the refusal comes from the write (IndexedDB's QuotaExceededError, the
  // transaction aborted whole) rather than from the check before it (labPersist.test.ts).
  assert.match(
    text,
    /^not saved: (this session needs [\d.]+ kB of storage and only [\d.]+ k?B is free|the browser's storage for this site is full); delete past sessions to make room$/,
  );
  assert.equal(await page.getByText(/^Saved in this browser/).count(), 0);
  await page.getByText(/^Saved sessions \(0/).click();
  await page.getByText('None yet: sessions are saved here as they train.').waitFor();
  await cdp.send('Storage.overrideQuotaForOrigin', { origin });
});
