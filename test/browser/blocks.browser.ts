import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';

test('the Blocks page draws both blocks and toggles the activation order', async ({
  page,
  goto,
  screenshot,
}) => {
  await goto('/blocks');
  await page.getByRole('heading', { level: 1, name: 'Residual blocks' }).waitFor();
  const charts = page.locator('.block-column svg[role="img"]');
  await charts.nth(1).waitFor();
  assert.equal(await charts.count(), 2);
  assert.match((await charts.nth(0).getAttribute('aria-label')) ?? '', /^Basic block: 56×56×64 in/);
  assert.match((await charts.nth(1).getAttribute('aria-label')) ?? '', /^Bottleneck block: 56×56×256 in/);
  await screenshot('blocks', { fullPage: true });
  const firstKind = () => page.locator('[data-block-type="basic"] g.step').first().getAttribute('data-kind');
  assert.equal(await firstKind(), 'conv');
  await page.getByLabel('pre-activation (2016)').check();
  await page.waitForFunction(
    () => document.querySelector('[data-block-type="basic"] g.step')?.getAttribute('data-kind') === 'bn',
  );
  await screenshot('blocks-pre-activation');
});

test('"Train both" opens the Lab on the matched basic vs bottleneck runs', async ({ page, goto }) => {
  await goto('/blocks');
  await page.getByRole('link', { name: 'Train both in the Lab' }).click();
  await page.getByRole('heading', { level: 1, name: 'The Lab' }).waitFor();
  const hash = new URL(page.url()).hash;
  assert.match(hash, /^#\/lab\?/);
  assert.match(hash, /data=fashion/);
  assert.match(decodeURIComponent(hash), /r2=\d+,\d+,bottleneck,on/);
});

test('a chart of the Blocks page downloads as SVG and PNG, a table as CSV', async ({ page, goto }) => {
  await goto('/blocks');
  await page.locator('.block-column svg').first().waitFor();
  const save = async (name: RegExp) => {
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name }).first().click(),
    ]);
    return download;
  };
  const svg = await save(/Download Basic block, 64-d input as SVG/);
  assert.equal(svg.suggestedFilename(), 'basic-block-64-d-input.svg');
  const png = await save(/Download Basic block, 64-d input as PNG/);
  assert.equal(png.suggestedFilename(), 'basic-block-64-d-input.png');
  const pngPath = await png.path();
  const { readFile } = await import('node:fs/promises');
  const bytes = await readFile(pngPath);
  assert.equal(bytes.subarray(1, 4).toString('latin1'), 'PNG');
  const svgText = await readFile(await svg.path(), 'utf8');
  assert.match(svgText, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/);
  const csv = await save(/Download Shortcut options A, B and C in ResNet-34 as CSV/);
  const csvText = await readFile(await csv.path(), 'utf8');
  assert.match(csvText, /^option,projection shortcuts,parameters/);
});
