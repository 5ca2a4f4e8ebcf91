/**
 * The locked-down page: the built site carries its Content-Security-Policy, nothing a
 * learner does on any page or lesson breaks it or asks another origin for anything, and a
 * learner's own data files never leave the browser.
 */
import assert from 'node:assert/strict';
import type { Page, Request } from 'playwright-core';
import { CONTENT_SECURITY_POLICY } from '../../scripts/build/csp';
import { test } from '../../scripts/browser/registry';
import { LESSONS } from '../../src/core/lessons';
import { NAV_ENTRIES } from '../../src/ui/navEntries';
import { trainToDone } from './labPage';

/** Collects the page's CSP violation reports (listening before any of its scripts run). */
async function watchViolations(page: Page): Promise<string[]> {
  const seen: string[] = [];
  await page.exposeFunction('reportCspViolation', (v: string) => seen.push(v));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      (window as unknown as { reportCspViolation(v: string): void }).reportCspViolation(
        `${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`,
      ),
    ),
  );
  return seen;
}

/** Every request the page makes, with its method and whether it carries a body. */
function watchRequests(page: Page): Request[] {
  const seen: Request[] = [];
  page.on('request', (r) => seen.push(r));
  return seen;
}

test(
  'the built page enforces its CSP, and every page and lesson runs under it without a violation or another origin',
  async ({ page, goto, baseURL, note }) => {
    const violations = await watchViolations(page);
    const requests = watchRequests(page);
    await goto('/');
    const meta = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    assert.equal(meta, CONTENT_SECURITY_POLICY);
    assert.doesNotMatch(meta!, /'unsafe-eval'|script-src[^;]*'unsafe-inline'/);

    for (const entry of NAV_ENTRIES) {
      await goto(entry.path);
      await page.getByRole('heading', { level: 1 }).first().waitFor();
    }
    for (const lesson of LESSONS) {
      await goto(`/lessons/${lesson.slug}`);
      await page.getByRole('heading', { level: 1, name: lesson.title }).waitFor();
    }
    // The Lab as a class uses it: train, present, share (QR), export a chart as PNG.
    await goto('/lab?steps=60');
    await trainToDone(page);
    await page.keyboard.press('p');
    await page.getByTestId('presenter').waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Share' }).click();
    await page.getByTestId('share-qr').waitFor();
    await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download Training error as PNG', exact: true }).click(),
    ]);

    const origins = [...new Set(requests.map((r) => new URL(r.url()).origin).filter((o) => o !== 'null'))];
    note('requests', { count: requests.length, origins });
    assert.deepEqual(violations, []);
    assert.deepEqual(origins, [new URL(baseURL).origin]);

    // The policy is really in force: a script injected into the page does not run, and the
    // browser reports it. (Code the test itself evaluates is exempt, by CDP's design.)
    const refused = await page.evaluate(
      () =>
        new Promise<string>((resolve) => {
          const w = window as unknown as { injected?: string };
          document.addEventListener(
            'securitypolicyviolation',
            (e) => resolve(`${e.effectiveDirective} ${w.injected ?? 'did not run'}`),
            { once: true },
          );
          const script = document.createElement('script');
          script.textContent = 'window.injected = "ran"';
          document.head.append(script);
        }),
    );
    assert.equal(refused, 'script-src-elem did not run');
  },
  {
    timeoutMs: 180_000,
    allowConsoleErrors: [/Executing inline script violates the following Content Security Policy/],
  },
);

/** An IDX file: magic (0, 0, type 0x08 = unsigned byte, dims), the sizes big-endian, the data. */
function idx(dims: number[], data: Uint8Array): Buffer {
  const head = Buffer.alloc(4 + 4 * dims.length);
  head.writeUInt8(0x08, 2);
  head.writeUInt8(dims.length, 3);
  dims.forEach((d, i) => head.writeUInt32BE(d, 4 + 4 * i));
  return Buffer.concat([head, Buffer.from(data)]);
}

test(
  'a learner’s own IDX files are read and trained on without a byte of them leaving the browser',
  async ({ page, goto, note }) => {
    const n = 96;
    const images = new Uint8Array(n * 28 * 28);
    const labels = new Uint8Array(n);
    // A recognisable marker in every image: if any request carried the file, its body would show it.
    for (let i = 0; i < n; i++) {
      labels[i] = i % 10;
      for (let p = 0; p < 28 * 28; p++) images[i * 784 + p] = (p * 7 + i * 13 + labels[i]! * 29) % 256;
    }
    const requests = watchRequests(page);
    // Two small conv nets (the Lab's image runs), three steps at batch 8.
    await goto('/lab?data=fashion&steps=3&bs=8&r1=8,4,basic,off,A,post,bn&r2=8,4,basic,on,A,post,bn');
    await page.getByLabel('Your data (IDX or CIFAR-10 binary):').setInputFiles([
      {
        name: 'train-images-idx3-ubyte',
        mimeType: 'application/octet-stream',
        buffer: idx([n, 28, 28], images),
      },
      { name: 'train-labels-idx1-ubyte', mimeType: 'application/octet-stream', buffer: idx([n], labels) },
    ]);
    await page.getByRole('button', { name: 'Forget my files' }).waitFor();
    const before = requests.length;
    await trainToDone(page);
    const during = requests.slice(before);
    note(
      'requestsWhileTraining',
      during.map((r) => `${r.method()} ${new URL(r.url()).pathname}`),
    );
    assert.match((await page.getByTestId('verdict').textContent()) ?? '', /./);
    for (const r of requests) {
      assert.equal(r.method(), 'GET', `${r.method()} ${r.url()}`);
      assert.equal(r.postDataBuffer(), null, `${r.url()} carries a body`);
      assert.ok(!/train-(images|labels)/.test(r.url()), `${r.url()} names the learner's file`);
    }
    // What it trained on is the learner's data, named as such.
    assert.match((await page.locator('.lab').textContent()) ?? '', /IDX: train-images-idx3-ubyte/);
  },
  { timeoutMs: 200_000 },
);
