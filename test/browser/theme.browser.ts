import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';

/** WCAG relative luminance of a computed `rgb(r, g, b)` colour. */
function luminance(css: string): number {
  const m = /rgba?\((\d+),\s*(\d+),\s*(\d+)/.exec(css);
  if (!m) throw new Error(`not an rgb() colour: ${css}`);
  const [r, g, b] = [m[1], m[2], m[3]].map((c) => {
    const s = Number(c) / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

const theme = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme);
const bodyBackground = (page: Page) =>
  page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);

test('the theme follows the system, and the nav bar picker overrides it across reloads', async ({
  page,
  goto,
  screenshot,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await goto('/');
  assert.equal(await theme(page), 'dark');
  assert.ok(luminance(await bodyBackground(page)) < 0.05, 'dark paper');
  await screenshot('theme-landing-dark');

  const picker = page.getByRole('combobox', { name: 'Theme' });
  assert.equal(await picker.inputValue(), 'system');
  await picker.selectOption('light');
  assert.equal(await theme(page), 'light');
  assert.ok(luminance(await bodyBackground(page)) > 0.9, 'light paper');

  // Remembered, and on <html> before the page's DOMContentLoaded: no dark flash first.
  await page.addInitScript(() => {
    document.addEventListener('DOMContentLoaded', () => {
      (window as unknown as { themeAtLoad?: string }).themeAtLoad = document.documentElement.dataset.theme;
    });
  });
  await page.reload();
  await page.locator('main h1').waitFor();
  assert.equal(
    await page.evaluate(() => (window as unknown as { themeAtLoad?: string }).themeAtLoad),
    'light',
  );
  assert.equal(await page.getByRole('combobox', { name: 'Theme' }).inputValue(), 'light');

  await page.getByRole('combobox', { name: 'Theme' }).selectOption('system');
  assert.equal(await theme(page), 'dark');
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
});

test('a garbled stored theme is ignored: the page follows the system without an error', async ({
  page,
  goto,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.addInitScript(() => localStorage.setItem('reslab.theme', '{"not":"a theme"}'));
  await goto('/zoo');
  await page.locator('main h1').waitFor();
  assert.equal(await theme(page), 'dark');
  assert.equal(await page.getByRole('combobox', { name: 'Theme' }).inputValue(), 'system');
});

test('chart text and axes are light on the dark theme and dark on the light one', async ({
  page,
  goto,
  screenshot,
}) => {
  const tickFill = () =>
    page.evaluate(() => {
      const text = document.querySelector('figure.chart svg .tick text');
      if (!text) throw new Error('no axis tick');
      return getComputedStyle(text).fill;
    });
  const chartPaper = () =>
    page.evaluate(() => {
      const svg = document.querySelector('figure.chart svg');
      return getComputedStyle(svg!.closest('figure')!).backgroundColor;
    });
  await page.emulateMedia({ colorScheme: 'dark' });
  await goto('/zoo');
  await page.locator('figure.chart svg .tick text').first().waitFor();
  const darkInk = luminance(await tickFill());
  const darkPaper = luminance(await chartPaper());
  assert.ok((darkInk + 0.05) / (darkPaper + 0.05) >= 4.5, `dark: ink ${darkInk} on ${darkPaper}`);
  await screenshot('theme-zoo-dark', { fullPage: true });
  await page.emulateMedia({ colorScheme: 'light' });
  await page.waitForFunction(() => document.documentElement.dataset.theme === 'light');
  const lightInk = luminance(await tickFill());
  const lightPaper = luminance(await chartPaper());
  assert.ok((lightPaper + 0.05) / (lightInk + 0.05) >= 4.5, `light: ink ${lightInk} on ${lightPaper}`);
  assert.ok(darkInk > lightInk, 'the tick text changed with the theme');
});

test('the skip link is the first Tab stop, shows when focused, and moves focus to the main content', async ({
  page,
  goto,
  baseURL,
}) => {
  await goto('/zoo');
  await page.locator('main h1').waitFor();
  const url = page.url();
  await page.keyboard.press('Tab');
  const skip = page.getByRole('link', { name: 'Skip to main content' });
  assert.equal(await skip.evaluate((el) => el === document.activeElement), true);
  const box = await skip.boundingBox();
  assert.ok(box && box.y >= 0 && box.height > 0, `skip link on screen: ${JSON.stringify(box)}`);
  const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
  assert.equal(outline, 'solid');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'main');
  assert.equal(page.url(), url, 'the address (the route) stays as it was');
  assert.ok(url.startsWith(baseURL));
  // The next Tab goes into the page, not back to the nav bar.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.closest('main') !== null), true);
});

test('a chart exported as PNG from the dark theme is drawn light, with dark text on it', async ({
  page,
  goto,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await goto('/zoo');
  await page.locator('figure.chart svg .tick text').first().waitFor();
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page
      .getByRole('button', { name: /as PNG$/ })
      .first()
      .click(),
  ]);
  const { readFile } = await import('node:fs/promises');
  const png = (await readFile(await download.path())).toString('base64');
  // Decode in the page: the share of light pixels, and whether any pixel is near-black ink.
  const { light, dark } = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    const ctx = canvas.getContext('2d')!;
    ctx.drawImage(img, 0, 0);
    const px = ctx.getImageData(0, 0, img.width, img.height).data;
    let lightCount = 0;
    let darkCount = 0;
    for (let i = 0; i < px.length; i += 4) {
      const sum = px[i]! + px[i + 1]! + px[i + 2]!;
      if (sum > 720) lightCount++;
      if (sum < 150) darkCount++;
    }
    return { light: lightCount / (px.length / 4), dark: darkCount };
  }, png);
  assert.ok(light > 0.7, `light background share ${light}`);
  assert.ok(dark > 100, `dark ink pixels ${dark}`);
});

test('on a 390 px phone the nav bar, with its theme picker, fits without sideways scrolling', async ({
  page,
  goto,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await goto('/');
  const picker = page.getByRole('combobox', { name: 'Theme' });
  await picker.waitFor();
  const box = await picker.boundingBox();
  assert.ok(box && box.x + box.width <= 390, `picker at ${JSON.stringify(box)}`);
  assert.ok((await page.evaluate(() => document.documentElement.scrollWidth)) <= 390);
});
