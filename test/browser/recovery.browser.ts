/**
 * Faults survived (issue 11 §2), in the real browser: the WebGPU device is destroyed under a
 * conv session mid-run, and the training worker is ended mid-run. Each time the Lab shows one
 * notice, goes on to the end, and the exported experiment holds every step of every run,
 * exactly once.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import type { Page, Worker } from 'playwright-core';
import { test } from '../../scripts/browser/registry';

const engineWorker = (page: Page): Worker => {
  const w = page.workers().find((x) => /engine\.worker/.test(x.url()));
  assert.ok(w, `the training worker is running (workers: ${page.workers().map((x) => x.url())})`);
  return w;
};

async function savedStep(page: Page): Promise<number> {
  const line = page.getByText(/^Saved in this browser at step \d+\.$/);
  await line.waitFor({ timeout: 240_000 });
  return Number(/step (\d+)/.exec((await line.textContent()) ?? '')![1]);
}

async function untilDone(page: Page): Promise<void> {
  await page.waitForFunction(
    () => / · done/.test(document.querySelector('.progress-text')?.textContent ?? ''),
    null,
    { timeout: 400_000 },
  );
}

/** Each run's recorded steps, from the experiment the Lab exports. */
async function exportedSteps(page: Page): Promise<number[][]> {
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Export experiment' }).click(),
  ]);
  const file = JSON.parse(await readFile(await download.path(), 'utf8')) as {
    runs: { points: { step: number[] } }[];
  };
  return file.runs.map((r) => r.points.step);
}

const oneToN = (n: number) => Array.from({ length: n }, (_, i) => i + 1);

/*
 * The default Lab forced onto WebGPU: its toy MLPs train on the JS kernel and WebGPU holds
 * the rest. A conv session would put the weights themselves on the device, but SwiftShader
 * takes about 4 s a step for even the smallest (measured), too slow to test here; the replay
 * from a checkpoint that such a session needs is tested in Node (test/worker/recovery.test.ts).
 */
test(
  'a WebGPU device destroyed mid-run: the session goes on on another backend, one notice, no point lost',
  async ({ page, goto, note, screenshot }) => {
    await goto('/lab?backend=webgpu');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const saved = await savedStep(page);
    const t0 = Date.now();
    // tfjs keeps its engine on the worker's global; its backend holds the device.
    const lostAt = await engineWorker(page).evaluate(() => {
      const engine = (
        self as unknown as { _tfengine: { backendName: string; backendInstance: { device: GPUDevice } } }
      )._tfengine;
      if (engine.backendName !== 'webgpu') throw new Error(`the backend is ${engine.backendName}`);
      engine.backendInstance.device.destroy();
      return engine.backendName;
    });
    assert.equal(lostAt, 'webgpu');
    const notice = page.getByTestId('recovery-notice');
    await notice.waitFor({ timeout: 60_000 });
    note('msLossToNotice', Date.now() - t0);
    const text = (await notice.textContent()) ?? '';
    note('notice', text);
    const m =
      /^The GPU device was lost \(destroyed[^)]*\) at step (\d+)\. The session was rebuilt on (webgl|wasm|cpu) from its weights at step \1 in ([\d.]+) s; every point is kept, and the runs go on on ResLab’s JS kernel, with \2 as the tfjs backend\.$/.exec(
        text,
      );
    assert.ok(m, `the notice says what happened and what trains now: ${text}`);
    assert.ok(Number(m[1]) >= saved);
    note('recoverySeconds', Number(m[3]));
    assert.equal(await page.getByRole('alert').count(), 0, 'no error shown');
    await screenshot('recovered');
    await untilDone(page);
    assert.match((await page.getByTestId('verdict').textContent()) ?? '', /52-layer plain net/);
    for (const s of await exportedSteps(page)) assert.deepEqual(s, oneToN(360));
  },
  { timeoutMs: 600_000 },
);

test(
  'the training worker ended mid-run: the Lab starts a new one, goes on from the checkpoint, and no point is lost',
  async ({ page, goto, note, screenshot }) => {
    await goto('/lab');
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    const saved = await savedStep(page);
    const first = engineWorker(page);
    const t0 = Date.now();
    // As if it crashed: it stops answering, and no event says so.
    void first.evaluate(() => self.close()).catch(() => undefined);
    const notice = page.getByTestId('recovery-notice');
    await notice.waitFor({ timeout: 90_000 });
    note('msEndToNotice', Date.now() - t0);
    const text = (await notice.textContent()) ?? '';
    note('notice', text);
    const m =
      /^The training worker stopped answering for ([\d.]+) s \(it crashed or was ended\) at step (\d+)\. A new worker went on from its checkpoint at step (\d+)(?: and trained steps \d+–\d+ again)? in ([\d.]+) s; every point is kept\.$/.exec(
        text,
      );
    assert.ok(m, `the notice says what happened: ${text}`);
    assert.ok(Number(m[3]) >= saved, 'it went on from the latest checkpoint');
    note('replaySeconds', Number(m[4]));
    await screenshot('worker-restarted');
    await untilDone(page);
    assert.match((await page.getByTestId('verdict').textContent()) ?? '', /52-layer plain net/);
    for (const s of await exportedSteps(page)) assert.deepEqual(s, oneToN(360));
  },
  { timeoutMs: 600_000 },
);
