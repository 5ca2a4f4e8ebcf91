import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';
import { smallestText, trainToDone } from './labPage';

const FIGURE = (title: string) => `figure.chart:has(figcaption span:text-is("${title}"))`;

test('at 1280×720 the first screen shows the transport, the verdict and the training-error chart', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await goto('/lab');
  // Before training the chart says so plainly, instead of empty axes with "200m" ticks.
  const error = page.locator(FIGURE('Training error'));
  assert.match((await error.getByTestId('chart-empty').textContent()) ?? '', /No training yet: press Train/);
  assert.equal(await error.locator('.chart-body svg').isVisible(), false);
  await trainToDone(page);
  assert.equal(await error.getByTestId('chart-empty').count(), 0);
  const box = await page.evaluate(() => {
    const fig = [...document.querySelectorAll('figure.chart')].find(
      (f) => f.querySelector('figcaption span')?.textContent === 'Training error',
    )!;
    const svg = fig.querySelector('.chart-body svg')!.getBoundingClientRect();
    return {
      scrollY: window.scrollY,
      bar: document.querySelector('.transport')!.getBoundingClientRect().toJSON() as DOMRect,
      verdict: document.querySelector('[data-testid="verdict"]')!.getBoundingClientRect().toJSON() as DOMRect,
      svg: svg.toJSON() as DOMRect,
    };
  });
  note('firstScreen', box);
  await screenshot('projector-1280x720');
  assert.equal(box.scrollY, 0);
  assert.ok(box.bar.height < 72, `the sticky bar is ${box.bar.height} px tall`);
  assert.ok(box.verdict.top >= box.bar.bottom && box.verdict.bottom <= 720, 'the verdict is on screen');
  assert.ok(box.svg.top >= box.verdict.bottom, 'the chart is below the verdict');
  assert.ok(box.svg.bottom <= 720, `the error chart ends at ${box.svg.bottom} px, inside the 720 px screen`);
  assert.ok(box.svg.height >= 180, `the error chart is ${box.svg.height} px tall`);
});

test('per-run charts are small multiples, one column per run, and the sticky bar never covers a chart title', async ({
  page,
  goto,
}) => {
  await page.setViewportSize({ width: 1280, height: 720 });
  await goto('/lab');
  await trainToDone(page);
  for (const row of ['Gradient flow', 'Decision boundaries', 'Networks']) {
    const tops = await page
      .locator(`section.run-row[aria-label="${row}"] figure.chart`)
      .evaluateAll((els) => els.map((e) => [e.getBoundingClientRect().top, e.getBoundingClientRect().left]));
    assert.equal(tops.length, 4, `${row}: one chart per run`);
    assert.equal(new Set(tops.map((t) => Math.round(t[0]!))).size, 1, `${row}: side by side, ${tops}`);
    assert.equal(new Set(tops.map((t) => Math.round(t[1]!))).size, 4, `${row}: four columns`);
  }
  // Scrolled into view (as a link, a search or Tab would), every title clears the sticky bar.
  const covered = await page.evaluate(() =>
    [...document.querySelectorAll('figure.chart')].flatMap((f) => {
      f.scrollIntoView({ block: 'start' });
      const bar = document.querySelector('.transport')!.getBoundingClientRect();
      const title = f.querySelector('figcaption')!.getBoundingClientRect();
      return title.top < bar.bottom ? [f.querySelector('figcaption span')?.textContent ?? '?'] : [];
    }),
  );
  assert.deepEqual(covered, []);
});

test('each chart’s caption names the session’s runs and quotes its own numbers, whatever the controls say now', async ({
  page,
  goto,
}) => {
  await goto('/lab');
  await trainToDone(page);
  const caption = (sel: string) => page.locator(sel).locator('.look-for').first().textContent();
  assert.match(
    (await caption(FIGURE('Training error'))) ?? '',
    /plain-52 above plain-8 .*ResNet A-52 \(shortcuts\) below plain-52/,
  );
  const flow = (await caption('section.run-row[aria-label="Gradient flow"]')) ?? '';
  const m =
    /first and last layers of plain-52: the first layer’s gradient is ([\d.e+-]+)× the last one’s/.exec(flow);
  assert.ok(m, flow);
  // The ratio is the chart's own: first over last layer in its table of latest norms.
  const rows = await tableOf(page, 'Gradient flow: plain-52');
  const ratio = Number(rows[0]![1]) / Number(rows.at(-1)![1]);
  assert.ok(Math.abs(Number(m[1]) / ratio - 1) < 0.02, `caption ${m[1]} vs table ${ratio}`);
  assert.match(flow, Number(m[1]) >= 0.01 ? /they do not vanish/ : /they shrink/);
  const cost = (await caption(FIGURE('Cost of each network'))) ?? '';
  assert.match(
    cost,
    /^Compare the totals: (plain-52|ResNet A-52) needs [\d.]+× the multiply-adds of (plain-8|ResNet A-8)/,
  );
  // Changing a control afterwards changes no caption: they describe the trained session.
  const before = await page.locator('.look-for').allTextContents();
  await page.locator('#run2-depth').fill('0');
  await page.getByTestId('settings-changed').waitFor();
  assert.deepEqual(await page.locator('.look-for').allTextContents(), before);
});

test('at 390 px nothing scrolls sideways and no text is under 11 px; at 1280 px neither', async ({
  page,
  goto,
  screenshot,
  note,
}) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await goto('/lab');
  await trainToDone(page);
  assert.ok(
    (await page.evaluate(() => document.documentElement.scrollWidth)) <= 390,
    'the Lab does not scroll sideways',
  );
  const small390 = await smallestText(page);
  note('smallestText390', small390);
  await screenshot('lab-390', { fullPage: true });
  assert.ok(small390.size >= 11, `smallest text at 390 px: ${JSON.stringify(small390)}`);
  await page.setViewportSize({ width: 1280, height: 720 });
  await page.reload();
  await trainToDone(page);
  const small1280 = await smallestText(page);
  note('smallestText1280', small1280);
  assert.ok(small1280.size >= 11, `smallest text at 1280 px: ${JSON.stringify(small1280)}`);
});

test('every Lab chart downloads as CSV, SVG and PNG (2×), canvas cells included', async ({ page, goto }) => {
  await goto('/lab');
  await trainToDone(page);
  // Blink drops an <a download> click beyond ten in a second (an anti-abuse limit); a
  // learner never clicks that fast, so the test keeps to one download per 120 ms.
  let last = 0;
  const save = async (title: string, kind: string) => {
    await page.waitForTimeout(Math.max(0, last + 120 - Date.now()));
    last = Date.now();
    const button = page.getByRole('button', { name: `Download ${title} as ${kind}`, exact: true });
    const [d] = await Promise.all([page.waitForEvent('download', { timeout: 15_000 }), button.click()]).catch(
      async (e: Error) => {
        const alert = await button.locator('xpath=..').getByRole('alert').allTextContents();
        throw new Error(`${title} as ${kind}: no download (${alert.join('; ') || e.message})`);
      },
    );
    return readFile((await d.path())!);
  };
  const titles = [
    'Training error',
    'Decision boundary: plain-52',
    'Gradient flow: plain-52',
    'Gradient norm per layer (latest)',
    'Layer responses (the paper’s Figure 7)',
    'Cost of each network',
    'Network: plain-52',
  ];
  for (const title of titles) {
    const csv = (await save(title, 'CSV')).toString('utf8');
    assert.ok(csv.split('\n').length >= 2, `${title}: a CSV with rows`);
    const svg = (await save(title, 'SVG')).toString('utf8');
    assert.match(svg, /<svg[^>]*xmlns="http:\/\/www.w3.org\/2000\/svg"/, title);
    const png = await save(title, 'PNG');
    assert.equal(png.subarray(1, 4).toString('latin1'), 'PNG', title);
    const width = png.readUInt32BE(16);
    const svgWidth = Number(/<svg[^>]*?\swidth="(\d+)/.exec(svg)?.[1]);
    assert.equal(width, 2 * svgWidth, `${title}: PNG at 2× (${width} px for a ${svgWidth} px chart)`);
    if (/Gradient flow|Decision boundary/.test(title))
      assert.match(svg, /<image[^>]*href="data:image\/png;base64,/, `${title}: the canvas cells travel`);
  }
});

async function tableOf(page: Page, title: string): Promise<string[][]> {
  const figure = page.locator(FIGURE(title));
  await figure.getByRole('button', { name: 'Show as table' }).click();
  return figure
    .locator('table.chart-table tbody tr')
    .evaluateAll((rows) => rows.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent ?? '')));
}
