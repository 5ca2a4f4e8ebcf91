import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';
import type { Page } from 'playwright-core';

/** The text alternative of a chart, as a learner who cannot see it reads it. */
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

async function stepCount(page: Page): Promise<number> {
  const text = (await page.locator('.progress-text').textContent()) ?? '';
  return Number(/step (\d+)/.exec(text)?.[1] ?? 0);
}

test(
  'the default Lab trains plain and residual nets side by side and states the degradation verdict',
  async ({ page, goto, screenshot, note }) => {
    await goto('/lab');
    await page.getByRole('heading', { level: 1, name: 'The Lab' }).waitFor();
    // The address bar is a link to this very experiment.
    assert.match(page.url(), /#\/lab\?data=spirals&.*r4=52%2C16%2Cbasic%2Con/);
    const started = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.getByRole('button', { name: 'Pause' }).waitFor();
    assert.equal(await page.getByTestId('backend-badge').textContent(), 'JS kernel');
    await page.waitForFunction(
      () => /degradation problem/.test(document.querySelector('[data-testid="verdict"]')?.textContent ?? ''),
      null,
      { timeout: 150_000 },
    );
    note('msFromTrainToVerdict', Date.now() - started);
    note('verdict', await page.getByTestId('verdict').textContent());
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByRole('button', { name: 'Train', exact: true }).waitFor();
    const step = await stepCount(page);
    assert.ok(step >= 90, `trained ${step} steps`);
    note('stepsAtPause', step);

    // Every chart has points for every run.
    const errors = await chartTable(page, 'Training error');
    assert.equal(errors.length, 4);
    for (const row of errors) assert.match(row[2] ?? '', /^\d+(\.\d+)?\s?%$/);
    const bars = await chartTable(page, 'Gradient norm per layer');
    assert.ok(bars.length >= 8, 'per-layer gradient rows');
    for (const row of bars.slice(0, 8)) assert.equal(row.filter((c) => /\d/.test(c)).length >= 2, true);
    const response = await chartTable(page, 'Layer responses');
    assert.equal(
      response.length,
      51,
      'one row per probed weight layer of the 52-layer nets: the stem and 25 blocks × 2',
    );
    // Layer 1 is every run's stem: all four runs have a measured std there.
    assert.equal(
      response[0]!.filter((c) => /^\d+(\.\d+)?(e-?\d+)?$/.test(c.trim())).length >= 5,
      true,
      `row ${response[0]}`,
    );
    for (let run = 1; run <= 4; run++) {
      const flow = await chartTable(
        page,
        `Gradient flow: ${['plain-8', 'plain-52', 'ResNet A-8', 'ResNet A-52'][run - 1]}`,
      );
      assert.ok(flow.length > 0, `gradient flow of run ${run} has rows`);
    }
    // Each run's decision boundary over the two spirals, with every point scored.
    const boundaries = page.locator('figure.chart', {
      has: page.locator('figcaption', { hasText: 'Decision boundary' }),
    });
    assert.equal(await boundaries.count(), 4);
    const boundary = await chartTable(page, 'Decision boundary: ResNet A-52');
    assert.ok(boundary.length >= 2, 'the boundary table lists the points per split and class');
    for (const run of ['run1', 'run2', 'run3', 'run4']) {
      const d = await page.locator(`svg g.run[data-run="${run}"] path.train`).first().getAttribute('d');
      assert.ok(d && d.length > 100, `the error curve of ${run} is drawn`);
    }
    await screenshot('lab-trained', { fullPage: true });
  },
  { timeoutMs: 240_000 },
);

test('a changed control round-trips through the URL', async ({ page, goto }) => {
  await goto('/lab');
  const steps = page.getByRole('spinbutton', { name: 'Steps' });
  await steps.fill('120');
  await page.waitForFunction(() => location.hash.includes('steps=120'));
  const depth = page.getByLabel('Run 2: plain-52').getByRole('slider', { name: /Depth/ });
  await depth.focus();
  await page.keyboard.press('ArrowLeft');
  await page.waitForFunction(() => location.hash.includes('r2=50%2C16'));
  const url = page.url();
  await page.goto('about:blank');
  await page.goto(url);
  await page.getByRole('heading', { level: 1, name: 'The Lab' }).waitFor();
  assert.equal(await page.getByRole('spinbutton', { name: 'Steps' }).inputValue(), '120');
  assert.ok(await page.getByLabel('Run 2: plain-50').isVisible());
  assert.equal(await page.getByRole('alert', { name: 'Link notices' }).count(), 0);
});

test('a hostile URL is neutralised with a notice and no injected markup', async ({
  page,
  goto,
  screenshot,
}) => {
  await page.addInitScript(() => {
    (window as unknown as { pwned: boolean }).pwned = false;
  });
  await goto(
    '/lab?data=%3Cimg%20src%3Dx%20onerror%3D%22window.pwned%3Dtrue%22%3E&lr=NaN&bs=1e99&r1=%3Cscript%3E&zzz=1',
  );
  const notices = page.getByRole('alert', { name: 'Link notices' });
  await notices.waitFor();
  const text = (await notices.textContent()) ?? '';
  assert.match(text, /dataset ".*" is not one of spirals/);
  assert.match(text, /learning rate "NaN"/);
  assert.match(text, /batch size "1e99"/);
  assert.match(text, /run 1/);
  assert.match(text, /unknown setting "zzz"/);
  assert.equal(await page.locator('img[src="x"]').count(), 0);
  assert.equal(await page.evaluate(() => (window as unknown as { pwned: boolean }).pwned), false);
  assert.equal(await page.getByLabel('Learning rate').inputValue(), '0.01');
  // The address bar now holds the neutralised experiment, not the hostile values.
  await page.waitForFunction(() => location.hash.includes('data=spirals'));
  assert.doesNotMatch(decodeURIComponent(page.url()), /onerror|script|zzz|NaN/);
  await screenshot('lab-hostile-url');
});

/** The badge a backend should get here: WebGPU on SwiftShader (what headless Chromium has) is named software. */
async function expectedBadge(page: Page, backend: 'webgpu' | 'wasm'): Promise<string> {
  if (backend !== 'webgpu') return backend;
  const adapter = await page.evaluate(async () => {
    const gpu = (
      navigator as unknown as {
        gpu?: { requestAdapter(): Promise<{ info?: { vendor: string; architecture: string } } | null> };
      }
    ).gpu;
    const a = await gpu?.requestAdapter();
    return `${a?.info?.vendor ?? ''} ${a?.info?.architecture ?? ''}`;
  });
  return /swiftshader/i.test(adapter) ? 'webgpu (software)' : 'webgpu';
}

/** One step of a CIFAR-style ResNet-8 on Fashion-MNIST on `backend`; returns its training-error row. */
async function oneConvStep(page: Page, goto: (route: string) => Promise<void>, backend: 'webgpu' | 'wasm') {
  await goto(`/lab?data=fashion&r1=8,4,basic,on,A,post,bn&bs=8&steps=5&backend=${backend}&opt=sgd&lr=0.05`);
  await page.getByRole('button', { name: 'Step' }).click();
  await page.waitForFunction(
    () => /step 1 of 5/.test(document.querySelector('.progress-text')?.textContent ?? ''),
    null,
    { timeout: 90_000 },
  );
  assert.equal(await page.getByTestId('backend-badge').textContent(), await expectedBadge(page, backend));
  const errors = await chartTable(page, 'Training error');
  assert.equal(errors.length, 1);
  return errors[0];
}

test(
  'a conv net trains on WebGPU: one step of a CIFAR-style ResNet-8 on Fashion-MNIST',
  async ({ page, goto, note }) => {
    note('firstStepErrorRow', await oneConvStep(page, goto, 'webgpu'));
    note('badge', await page.getByTestId('backend-badge').textContent());
  },
  { timeoutMs: 120_000 },
);

test(
  'a conv net trains on WebAssembly: the wasm files ship in the build and a ResNet-8 step runs',
  async ({ page, goto, note }) => {
    const wasm: string[] = [];
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) wasm.push(`${r.status()} ${r.headers()['content-type']}`);
    });
    note('firstStepErrorRow', await oneConvStep(page, goto, 'wasm'));
    assert.ok(wasm.length >= 1 && wasm.every((w) => w === '200 application/wasm'), `wasm files: ${wasm}`);
    note('wasmFiles', wasm);
  },
  { timeoutMs: 120_000 },
);

test(
  'auto chooses the backend by timing the nets: a software GPU is passed over, the fastest engine trains',
  async ({ page, goto, note }) => {
    await goto('/lab?data=fashion&r1=8,4,basic,on,A,post,bn&bs=8&steps=5&opt=sgd&lr=0.05');
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Step' }).click();
    await page.waitForFunction(
      () => /step 1 of 5/.test(document.querySelector('.progress-text')?.textContent ?? ''),
      null,
      { timeout: 90_000 },
    );
    note('msFromStepClickToFirstStep', Date.now() - t0);
    const text = (await page.getByTestId('backend-measurement').textContent()) ?? '';
    note('measurement', text);
    const fastest = /^Chosen by timing warm training steps of these networks: (\w+)(?: \((\w+)\))? \d/.exec(
      text,
    );
    assert.ok(fastest, `measurement line: ${text}`);
    const badge = await page.getByTestId('backend-badge').textContent();
    assert.equal(badge, fastest[2] ? `${fastest[1]} (software)` : fastest[1]);
    if ((await expectedBadge(page, 'webgpu')) === 'webgpu (software)') {
      // Headless Chromium here: WebGPU runs on SwiftShader and must not be what trains.
      assert.match(text, /webgpu \(swiftshader\): runs on swiftshader, a software GPU; passed over/i);
      assert.notEqual(fastest[1], 'webgpu');
    }
  },
  { timeoutMs: 120_000 },
);
