import assert from 'node:assert/strict';
import { test } from '../../scripts/browser/registry';

/** Each nav-bar label and the heading its page must show. */
const ROUTES = [
  { label: 'Lab', hash: '#/lab', heading: 'The Lab' },
  { label: 'Blocks', hash: '#/blocks', heading: 'Residual blocks' },
  { label: 'Zoo', hash: '#/zoo', heading: 'Model zoo' },
  { label: 'Lessons', hash: '#/lessons', heading: 'Lessons' },
] as const;

test('the landing page says what ResLab is', async ({ page, goto, screenshot }) => {
  await goto('/');
  await page.getByRole('heading', { level: 1, name: 'ResLab' }).waitFor();
  const summary = page.getByTestId('landing-summary');
  assert.ok(await summary.isVisible(), 'the two-sentence summary is visible');
  const text = (await summary.textContent()) ?? '';
  for (const phrase of [
    'plain network',
    'residual twin',
    'in your browser',
    'degradation problem',
    'shortcut connections',
    'He et al. (2015)',
  ]) {
    assert.ok(text.includes(phrase), `the summary mentions "${phrase}"`);
  }
  assert.equal(await page.title(), 'ResLab');
  const footer = (await page.locator('footer').textContent()) ?? '';
  assert.match(footer, /Fashion-MNIST.*Zalando SE.*MIT/s);
  assert.match(footer, /Deep Residual Learning for Image Recognition/);
  await screenshot('landing');
  await screenshot('landing-full', { fullPage: true });
});

test('every nav link shows its page through the hash route', async ({ page, goto, screenshot }) => {
  await goto('/');
  const nav = page.getByRole('navigation', { name: 'Main' });
  for (const route of ROUTES) {
    await nav.getByRole('link', { name: route.label, exact: true }).click();
    await page.getByRole('heading', { level: 1, name: route.heading }).waitFor();
    // The route, before any query the page adds (the Lab writes its experiment into the URL).
    assert.equal(new URL(page.url()).hash.split('?')[0], route.hash);
    assert.equal(
      await nav.getByRole('link', { name: route.label, exact: true }).getAttribute('aria-current'),
      'page',
    );
    await screenshot(route.label);
  }
  await nav.getByRole('link', { name: 'ResLab' }).click();
  await page.getByRole('heading', { level: 1, name: 'ResLab' }).waitFor();
  assert.equal(new URL(page.url()).hash, '#/');
});

test('a deep link to #/zoo opens the zoo on first load', async ({ page, goto, screenshot }) => {
  await goto('/zoo');
  await page.getByRole('heading', { level: 1, name: 'Model zoo' }).waitFor();
  assert.equal(await page.title(), 'Model zoo · ResLab');
  await screenshot('zoo-deep-link');
});

test('WebGPU is available and gives an adapter', async ({ page, goto, note }) => {
  await goto('/');
  const found = await page.evaluate(async () => {
    // Just the corner of the WebGPU API this test reads, typed here because the global
    // WebGPU types (if any are loaded) may predate GPUAdapter.info.
    interface Adapter {
      info: { vendor: string; architecture: string; description: string; isFallbackAdapter?: boolean };
      limits: { maxBufferSize: number; maxComputeWorkgroupSizeX: number };
    }
    const gpu = (navigator as unknown as { gpu?: { requestAdapter(): Promise<Adapter | null> } }).gpu;
    if (!gpu) return { hasGpu: false as const, secureContext: isSecureContext };
    const adapter = await gpu.requestAdapter();
    if (!adapter) return { hasGpu: true as const, adapter: null };
    return {
      hasGpu: true as const,
      adapter: {
        vendor: adapter.info.vendor,
        architecture: adapter.info.architecture,
        description: adapter.info.description,
        isFallbackAdapter: adapter.info.isFallbackAdapter,
        maxBufferSize: adapter.limits.maxBufferSize,
        maxComputeWorkgroupSizeX: adapter.limits.maxComputeWorkgroupSizeX,
      },
    };
  });
  note('webgpu', found);
  assert.ok(found.hasGpu, 'navigator.gpu exists (needs a secure context and --enable-unsafe-webgpu)');
  assert.ok(found.adapter, 'navigator.gpu.requestAdapter() returned an adapter');
});
