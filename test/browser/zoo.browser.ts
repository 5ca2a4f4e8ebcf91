import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';

test('the Zoo page shows the family table, both charts and the builder', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await goto('/zoo');
  await page.getByRole('heading', { level: 1, name: 'Model zoo' }).waitFor();
  const table = page.getByRole('table', { name: /The ImageNet family/ });
  assert.equal(await table.locator('tbody tr').count(), 10);
  await page.locator('.zoo-charts svg[role="img"]').nth(1).waitFor();
  assert.equal(await page.locator('.zoo-charts g.dot').count(), 9);
  note('resnet50 v1', await table.locator('tr[data-row="resnet50"] td[data-col="macs"]').textContent());
  await screenshot('zoo', { fullPage: true });
});

test('the Zoo toggles v1 and v1.5 and recounts ResNet-50', async ({ page, goto, screenshot }) => {
  await goto('/zoo');
  const cell = page.locator('tr[data-row="resnet50"] td[data-col="macs"]');
  assert.equal(await cell.textContent(), '3.86');
  await page.getByLabel('v1.5 (torchvision)').check();
  await page.waitForFunction(
    () => document.querySelector('tr[data-row="resnet50"] td[data-col="macs"]')?.textContent === '4.09',
  );
  assert.equal(await page.locator('tr[data-row="resnet34-B"] td[data-col="macs"]').textContent(), '3.66');
  await page.locator('.variant').scrollIntoViewIfNeeded();
  await screenshot('zoo-v1.5');
  await page.getByLabel('v1 (the paper)').check();
  await page.waitForFunction(
    () => document.querySelector('tr[data-row="resnet50"] td[data-col="macs"]')?.textContent === '3.86',
  );
});

test('the Zoo builder opens a CIFAR-style net in the Lab', async ({ page, goto, screenshot }) => {
  await goto('/zoo');
  await page.locator('.builder').scrollIntoViewIfNeeded();
  await screenshot('zoo-builder');
  await page.getByRole('link', { name: 'Open in Lab' }).click();
  await page.getByRole('heading', { level: 1, name: 'The Lab' }).waitFor();
  assert.match(decodeURIComponent(new URL(page.url()).hash), /r1=20,16,basic,on,A,post,bn/);
});

for (const route of ['/zoo', '/blocks'])
  test(
    `every table and chart of ${route} downloads (CSV, SVG, PNG)`,
    async ({ page, goto, note }) => {
      const { readFile } = await import('node:fs/promises');
      const saved: Record<string, number> = {};
      {
        await goto(route);
        await page.locator('.chart-body svg').first().waitFor();
        const buttons = page.getByRole('button', { name: /^Download .* as (CSV|SVG|PNG)$/ });
        const n = await buttons.count();
        assert.ok(n >= 8, `${route} has export buttons (found ${n})`);
        for (let i = 0; i < n; i++) {
          const button = buttons.nth(i);
          const label = (await button.getAttribute('aria-label')) ?? '';
          const kind = /as (CSV|SVG|PNG)$/.exec(label)![1]!.toLowerCase();
          // Back-to-back downloads were sometimes dropped by Chromium here (cause not pinned down); people click slower.
          await page.waitForTimeout(300);
          const pending = page.waitForEvent('download', { timeout: 15_000 });
          await button.click({ timeout: 10_000 });
          const download = await pending.catch(async (e: Error) => {
            const alert = await page.locator('.export-buttons [role="alert"]').allTextContents();
            throw new Error(`${label}: no download (${alert.join('; ') || e.message})`);
          });
          assert.ok(download.suggestedFilename().endsWith(`.${kind}`), download.suggestedFilename());
          const bytes = await readFile((await download.path())!);
          assert.ok(bytes.length > 20, `${download.suggestedFilename()} is not empty`);
          if (kind === 'png') assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
          if (kind === 'svg') assert.match(bytes.toString('utf8'), /xmlns="http:\/\/www.w3.org\/2000\/svg"/);
          saved[`${route} ${download.suggestedFilename()}`] = bytes.length;
        }
      }
      note('downloads', saved);
    },
    { timeoutMs: 120_000 },
  );
