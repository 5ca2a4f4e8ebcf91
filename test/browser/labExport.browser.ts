/**
 * The experiment file in the real page: train the default toy experiment a few steps,
 * export it, reload, import it, and the verdict and the error chart's table are what they
 * were, with nothing retrained; a file with one field broken is refused with that field
 * named and the charts left alone; the share panel's link and QR code carry the controls.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import jsQR from 'jsqr';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';
import { decodeLabState } from '../../src/core/urlCodec';

const STEPS = 30;

/** The text alternative of the training-error chart: one row per run. */
async function errorTable(page: Page): Promise<string[][]> {
  const figure = page
    .locator('figure.chart', { has: page.locator('figcaption', { hasText: 'Training error' }) })
    .first();
  const toggle = figure.getByRole('button', { name: 'Show as table' });
  if (await toggle.count()) await toggle.click();
  const rows = figure.locator('table.chart-table tbody tr');
  await rows.first().waitFor();
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('td').allTextContents());
  return out;
}

const verdict = async (page: Page) => (await page.getByTestId('verdict').textContent()) ?? '';
const progress = async (page: Page) => (await page.locator('.progress-text').textContent()) ?? '';
const importFile = (page: Page, name: string, text: string) =>
  page
    .getByLabel('Import experiment')
    .setInputFiles({ name, mimeType: 'application/json', buffer: Buffer.from(text) });

test(
  'an exported experiment imports after a reload and redraws the same verdict and curves without training',
  async ({ page, goto, note, screenshot }) => {
    await goto(`/lab?steps=${STEPS}`);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForFunction(
      () => / · done/.test(document.querySelector('.progress-text')?.textContent ?? ''),
      null,
      { timeout: 120_000 },
    );
    const verdictBefore = await verdict(page);
    const tableBefore = await errorTable(page);
    assert.equal(tableBefore.length, 4, 'one row per run');
    note('verdict', verdictBefore);

    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Export experiment' }).click(),
    ]);
    assert.match(download.suggestedFilename(), /^reslab-[a-z0-9-]+-\d{4}-\d\d-\d\d\.json$/);
    const text = await readFile(await download.path(), 'utf8');
    const file = JSON.parse(text);
    assert.equal(file.format, 'reslab-experiment');
    assert.equal(file.runs.length, 4);
    assert.equal(file.runs[0].points.step.length, STEPS);
    note('fileBytes', text.length);

    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'The Lab' }).waitFor();
    assert.match(await verdict(page), /Press Train/);
    await importFile(page, download.suggestedFilename(), text);
    const notice = page.getByTestId('import-notice');
    await notice.waitFor();
    assert.match(
      (await notice.textContent()) ?? '',
      new RegExp(
        `^Imported .+: 4 runs, ${STEPS} steps, trained on ResLab’s JS kernel on \\d{4}-\\d\\d-\\d\\d\\.$`,
      ),
    );
    assert.equal(await verdict(page), verdictBefore);
    assert.deepEqual(await errorTable(page), tableBefore);
    assert.match(await progress(page), new RegExp(`step ${STEPS} of ${STEPS} · done`));
    // Nothing trains: the button offers a fresh Train, not Pause.
    assert.equal(await page.getByRole('button', { name: 'Pause' }).count(), 0);
    await screenshot('lab-imported', { fullPage: true });

    // One field broken: refused, naming it; the imported charts stay as they were.
    const broken = JSON.parse(text);
    broken.runs[1].points.step[2] = 'three';
    await importFile(page, 'broken.json', JSON.stringify(broken));
    const alert = page.getByTestId('import-refusal');
    await alert.waitFor();
    assert.equal(
      await alert.textContent(),
      '"broken.json" was not imported: runs[1].points.step[2]: expected a number, got a string ("three")',
    );
    assert.equal(await verdict(page), verdictBefore);
    assert.deepEqual(await errorTable(page), tableBefore);
    assert.match((await notice.textContent()) ?? '', /^Imported /);
  },
  { timeoutMs: 180_000 },
);

test('the share panel shows a QR code of the link, and the link opens the Lab state on screen', async ({
  page,
  goto,
  screenshot,
}) => {
  await goto('/lab?steps=40&seed=7&r1=8,16,basic,off,A,post,bn&r2=20,16,basic,on,B,post,bn');
  await page.getByRole('button', { name: 'Share' }).click();
  const qr = page.getByRole('img', { name: /^QR code of the link to this experiment/ });
  await qr.waitFor();
  const link = await page.getByTestId('share-link').inputValue();
  const onScreen = decodeLabState(new URL(page.url()).hash.replace(/^#\/lab\?/, ''));
  const shared = decodeLabState(link.split('#/lab?')[1] ?? '');
  assert.deepEqual(shared.notices, []);
  assert.deepEqual(shared.state, onScreen.state);
  assert.equal(shared.state.seed, 7);
  assert.equal(shared.state.runs[1]!.option, 'B');
  // A reader decodes the code as the browser draws it (rasterised from its svg) to the link.
  const pixels = await qr.evaluate(async (svg) => {
    const img = new Image();
    img.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(new XMLSerializer().serializeToString(svg))}`;
    await img.decode();
    const size = 400;
    const canvas = document.createElement('canvas');
    canvas.width = canvas.height = size;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0, size, size);
    return { size, data: [...ctx.getImageData(0, 0, size, size).data] };
  });
  const read = jsQR(Uint8ClampedArray.from(pixels.data), pixels.size, pixels.size);
  assert.equal(read?.data, link, 'the QR code decodes to the share link');
  const box = await qr.boundingBox();
  assert.ok(box && box.width >= 150, `the code is large enough to scan (${box?.width} px)`);
  await screenshot('lab-share-panel');

  // Opening the link in a fresh page shows the same run cards.
  await page.goto(link);
  await page.getByRole('heading', { level: 1, name: 'The Lab' }).waitFor();
  assert.ok(await page.getByLabel('Run 2: ResNet B-20').isVisible());
  assert.deepEqual(decodeLabState(new URL(page.url()).hash.replace(/^#\/lab\?/, '')).state, shared.state);
});
