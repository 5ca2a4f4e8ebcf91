/**
 * A conv net too big for this machine: Train measures it, and instead of starting a
 * session of hours the Lab says how long it would take, on which engine and from which
 * measured step, with changes that fit; one of them applied, the controls hold it.
 */
import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';

test(
  'a training that would take over 30 minutes is held before it starts, with a change that fits',
  async ({ page, goto, note, screenshot }) => {
    await goto('/lab?data=fashion&r1=56,16,basic,on,A,post,bn&bs=64&steps=100000&opt=sgd&lr=0.1');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const alert = page.getByTestId('long-run').getByRole('alert');
    await alert.waitFor({ timeout: 150_000 });
    const text = (await alert.textContent()) ?? '';
    note('warning', text);
    const m =
      /^Training this would take about (\d+) h \d+ min on (\w+) \(measured ([\d.]+ m?s) per step\) — more than 30 minutes\.$/.exec(
        text,
      );
    assert.ok(m, `warning: ${text}`);
    // The engine named is the one the badge names, and nothing trained.
    assert.equal(await page.getByTestId('backend-badge').textContent(), m[2]);
    assert.match((await page.locator('.progress-text').textContent()) ?? '', /step 0 of/);
    assert.equal(await page.getByRole('button', { name: 'Train', exact: true }).count(), 1);
    await screenshot('lab-long-run');

    const fewer = page.getByRole('button', { name: /^Train [\d,]+ steps \(about/ });
    const label = (await fewer.textContent()) ?? '';
    const steps = Number(/^Train ([\d,]+) steps/.exec(label)![1]!.replace(/,/g, ''));
    note('stepsSuggestion', label);
    assert.ok(steps > 0 && steps < 100_000, label);
    await fewer.click();
    assert.equal(await page.getByRole('spinbutton', { name: 'Steps' }).inputValue(), String(steps));
    await page.waitForFunction((n) => location.hash.includes(`steps=${n}`), steps);
    assert.equal(await page.getByTestId('long-run').count(), 0);
  },
  { timeoutMs: 200_000 },
);
