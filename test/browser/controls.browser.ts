/**
 * Pause, Step and Reset on a toy net while it trains: each takes effect (the button, the
 * step count and the charts say so) and the page records how long each took, measured in
 * the page from the click to the change a learner sees. The times are notes, not
 * assertions (docs/PERFORMANCE.md quotes them; the target is 250 ms on toy nets).
 */
import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';
import type { Page } from 'playwright-core';

const stepOf = (page: Page) =>
  page.evaluate(() =>
    Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1] ?? -1),
  );

/**
 * Clicks the button named `button` and resolves with the ms until `done` (a JS expression
 * that may read `value`) holds of the page, checked on every animation frame. Written as
 * page source: the test runner's transpiler would otherwise wrap named functions in helpers
 * the page does not have.
 */
function latency(page: Page, button: string, done: string, value: number): Promise<number> {
  return page.evaluate(`new Promise((resolve, reject) => {
    const value = ${value};
    const target = [...document.querySelectorAll('button')].find((b) => b.textContent === ${JSON.stringify(button)});
    if (!target) return reject(new Error('no button ' + ${JSON.stringify(button)}));
    const t0 = performance.now();
    target.click();
    (function check() {
      if (${done}) resolve(performance.now() - t0);
      else requestAnimationFrame(check);
    })();
  })`) as Promise<number>;
}

const STEP = `Number(/step (\\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1] ?? -1)`;
const BUTTON = (name: string) =>
  `[...document.querySelectorAll('button')].some((b) => b.textContent === '${name}')`;

test('Pause, Step and Reset take effect on a training toy net (times noted)', async ({
  page,
  goto,
  note,
}) => {
  await goto('/lab?steps=5000');
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  // A plain predicate: the page's CSP refuses `new Function` once the poll runs in the page.
  await page.waitForFunction(
    () =>
      Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1] ?? -1) > 20,
    null,
    { timeout: 60_000 },
  );

  const pauseMs = await latency(
    page,
    'Pause',
    `${BUTTON('Train')} && !/pausing/.test(document.querySelector('.progress-text').textContent)`,
    0,
  );
  const paused = await stepOf(page);

  // Exactly one more step: the training loop stopped with the pause.
  const stepMs = await latency(page, 'Step', `${STEP} >= value && ${BUTTON('Train')}`, paused + 1);
  assert.equal(await stepOf(page), paused + 1);

  const resetMs = await latency(page, 'Reset', `${STEP} === 0`, 0);
  assert.equal(await stepOf(page), 0);
  note('pauseMs', Math.round(pauseMs));
  note('stepMs', Math.round(stepMs));
  note('resetMs', Math.round(resetMs));
});
