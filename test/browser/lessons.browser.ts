import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { test } from '../../scripts/browser/registry';
import { LESSONS, lessonBySlug } from '../../src/core/lessons';
import { decodeLabState } from '../../src/core/urlCodec';
import { seriousViolations } from './axe';

/** A chart's text alternative, as a learner who cannot see it reads it. */
async function chartTable(page: Page, title: string): Promise<string[][]> {
  const figure = page
    .locator('figure.chart', { has: page.locator('figcaption', { hasText: title }) })
    .first();
  const toggle = figure.getByRole('button', { name: 'Show as table' });
  if (await toggle.count()) await toggle.click();
  const rows = figure.locator('table.chart-table tbody tr');
  const out: string[][] = [];
  for (let i = 0; i < (await rows.count()); i++) out.push(await rows.nth(i).locator('td').allTextContents());
  return out;
}

test(
  'lesson 1: predict, train, and the reveal quotes the run’s own numbers; progress survives a reload',
  async ({ page, goto, screenshot, note }) => {
    await goto('/lessons');
    await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
    const items = page.locator('.lesson-index > li');
    assert.ok((await items.count()) >= 7, `lists ${await items.count()} lessons`);
    assert.equal(await items.count(), LESSONS.length);
    assert.deepEqual(await seriousViolations(page), [], 'axe on the index');

    await page.getByRole('link', { name: /^1\. Deeper is not always better/ }).click();
    await page.getByRole('heading', { level: 1, name: /degradation problem/ }).waitFor();
    assert.ok((await page.locator('.katex').count()) > 0, 'a formula is typeset');
    assert.equal(await page.locator('.katex-error').count(), 0, 'no formula failed to typeset');

    // The Lab link opens this lesson's experiment.
    const href = (await page.getByTestId('open-in-lab').getAttribute('href')) ?? '';
    const query = href.replace(/^#\/lab\?/, '');
    assert.notEqual(query, href, `a Lab link: ${href}`);
    const decoded = decodeLabState(query);
    assert.deepEqual(decoded.notices, []);
    assert.deepEqual(decoded.state, lessonBySlug('degradation')!.experiment);

    const choice = 'The 52-layer net ends with the higher training error';
    await page.getByRole('radio', { name: choice }).check();
    await page.getByText('Your prediction is recorded').waitFor();
    // Before the run the reveal only says what it waits for.
    assert.equal(await page.getByTestId('reveal').getAttribute('data-outcome'), '');

    const started = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.locator('[data-testid="reveal"].shown').waitFor({ timeout: 100_000 });
    note('msFromTrainToReveal', Date.now() - started);
    const reveal = page.getByTestId('reveal');
    const text = (await reveal.textContent()) ?? '';
    note('reveal', text);

    // The reveal's figures are the chart table's smoothed training errors.
    const m = /Final training error \(smoothed\): plain-8 ([\d.]+%), plain-52 ([\d.]+%)/.exec(text);
    assert.ok(m, `the reveal quotes both runs: ${text}`);
    const rows = await chartTable(page, 'Training error');
    const smoothed = Object.fromEntries(rows.map((r) => [r[0], r[3]]));
    assert.equal(smoothed['plain-8'], m[1]);
    assert.equal(smoothed['plain-52'], m[2]);
    const outcome = await reveal.getAttribute('data-outcome');
    const deepWorse = parseFloat(m[2]!) - parseFloat(m[1]!) >= 2;
    assert.equal(outcome === 'deep-worse', deepWorse, `outcome ${outcome} from ${m[1]} vs ${m[2]}`);
    assert.equal(await reveal.getAttribute('data-agrees'), String(deepWorse));
    assert.match(text, deepWorse ? /agrees with the paper/ : /disagrees with the paper/);
    // The prediction is acknowledged, and judged against what happened.
    const verdict = (await page.getByTestId('reveal-prediction').textContent()) ?? '';
    assert.ok(verdict.includes(`You predicted “${choice}”`), verdict);
    assert.equal(await reveal.getAttribute('data-matched'), String(deepWorse));
    assert.deepEqual(await seriousViolations(page), [], 'axe on a lesson with its reveal');
    await page.setViewportSize({ width: 1280, height: 720 });
    await screenshot('lesson-1-degradation', { fullPage: true });

    await page.reload();
    await goto('/lessons');
    const item = page.locator('.lesson-index > li[data-slug="degradation"]');
    await item.locator('.mark', { hasText: 'opened' }).waitFor();
    await item.locator('.mark', { hasText: 'predicted' }).waitFor();
    assert.equal(await page.locator('.lesson-index > li[data-slug="shortcut-options"] .mark').count(), 0);
  },
  { timeoutMs: 150_000 },
);

test(
  'every trained lesson: predict, train, and a computed reveal that judges the prediction; axe finds nothing serious',
  async ({ page, goto, screenshot, note }) => {
    await page.setViewportSize({ width: 1280, height: 720 });
    for (const lesson of LESSONS.filter((l) => !l.countOnly && l.slug !== 'degradation')) {
      await goto(`/lessons/${lesson.slug}`);
      await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
      assert.ok((await page.locator('.katex').count()) > 0, `${lesson.slug}: a formula is typeset`);
      assert.equal(await page.locator('.katex-error').count(), 0, `${lesson.slug}: formulas typeset cleanly`);
      const choice = lesson.choices[0]!;
      await page.getByRole('radio', { name: choice.label }).check();
      const started = Date.now();
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      const reveal = page.locator('[data-testid="reveal"].shown');
      await reveal.waitFor({ timeout: 60_000 });
      const outcome = (await reveal.getAttribute('data-outcome')) ?? '';
      assert.ok(
        lesson.choices.some((c) => c.id === outcome),
        `${lesson.slug}: outcome "${outcome}" is one of the choices; ${await reveal.textContent()}`,
      );
      const agrees = await reveal.getAttribute('data-agrees');
      assert.match(agrees ?? '', /^(true|false)$/);
      const text = (await reveal.textContent()) ?? '';
      assert.match(text, agrees === 'true' ? /agrees with the paper/ : /disagrees with the paper/);
      assert.equal(await reveal.getAttribute('data-matched'), String(outcome === choice.id));
      assert.ok(text.includes(`You predicted “${choice.label}”`), `${lesson.slug}: prediction acknowledged`);
      note(lesson.slug, { ms: Date.now() - started, outcome, agrees, text });
      assert.deepEqual(await seriousViolations(page), [], `axe on ${lesson.slug}`);
      // The reveal in view, with the chart above it: what a class sees after the run.
      await reveal.scrollIntoViewIfNeeded();
      await screenshot(`lesson-${lesson.number}-${lesson.slug}`);
    }
  },
  { timeoutMs: 150_000 },
);

test('lesson 7 counts the costs on request and judges the prediction', async ({ page, goto, screenshot }) => {
  await goto('/lessons/deeper-still');
  await page.getByRole('heading', { level: 1, name: /Deeper still/ }).waitFor();
  await page.getByRole('radio', { name: 'ResNet-152' }).check();
  await page.getByRole('button', { name: 'Count them' }).click();
  const reveal = page.locator('[data-testid="reveal"].shown');
  await reveal.waitFor();
  assert.equal(await reveal.getAttribute('data-outcome'), 'vgg19');
  assert.equal(await reveal.getAttribute('data-matched'), 'false');
  assert.match((await reveal.textContent()) ?? '', /VGG-19 costs \d\.\d\d times as much/);
  assert.ok((await page.locator('table.lesson-costs tbody tr').count()) >= 8);
  assert.deepEqual(await seriousViolations(page), []);
  await page.setViewportSize({ width: 1280, height: 720 });
  await screenshot('lesson-7-deeper-still');
});

test('an unknown lesson says so and links back', async ({ page, goto }) => {
  await goto('/lessons/no-such-lesson');
  await page.getByRole('heading', { level: 1, name: 'Lesson not found' }).waitFor();
  await page.getByRole('link', { name: 'See all lessons' }).click();
  await page.getByRole('heading', { level: 1, name: 'Lessons' }).waitFor();
});

test('at 390 px wide a lesson does not scroll sideways', async ({ page, goto }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  for (const slug of ['residual-learning', 'deeper-still']) {
    await goto(`/lessons/${slug}`);
    await page.locator('h1').waitFor();
    if (slug === 'deeper-still') await page.getByRole('button', { name: 'Count them' }).click();
    const [scroll, client] = await page.evaluate(() => [
      document.documentElement.scrollWidth,
      document.documentElement.clientWidth,
    ]);
    assert.ok(scroll <= client, `${slug}: page is ${scroll} px wide in a ${client} px window`);
  }
});
