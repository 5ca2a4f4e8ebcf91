/**
 * `npm run bench:browser -- --frames [--seconds S] [--windows N]`: how smoothly the Lab draws
 * while its four default toy runs train, in headless Chromium on the built app at 1280×720.
 *
 * Per measuring window (after a warm-up of 20 steps) it records, in the page:
 * - frames per second: requestAnimationFrame callbacks over the window, and the 95th
 *   percentile gap between frames;
 * - the main thread's long tasks (PerformanceObserver 'longtask', tasks over 50 ms): how
 *   many and the longest;
 * - chart paints per second: how often the error chart drew (its figure's data-paints count);
 * - training steps per second, from the progress line.
 * Then Pause is clicked and the time until the Train button is back (the run has paused)
 * is printed, click and wait both over CDP (the Lab's promise: within 250 ms on toy nets;
 * the controls browser test measures it in the page).
 */
import type { Browser } from 'playwright-core';
import { encodeLabState } from '../../src/core/urlCodec';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';

interface Window {
  seconds: number;
  fps: number;
  p95GapMs: number;
  longTasks: number;
  longestTaskMs: number;
  paintsPerSecond: number;
  stepsPerSecond: number;
}

/**
 * Runs in the page for `ms`, as source text: the test runner's TypeScript transform would
 * wrap named inner functions in a helper the page does not have.
 */
export const MEASURE = `async (ms) => {
  const tasks = [];
  const obs = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) tasks.push(e.duration);
  });
  obs.observe({ type: 'longtask' });
  const fig = [...document.querySelectorAll('figure.chart')].find(
    (f) => f.querySelector('figcaption span')?.textContent === 'Training error',
  );
  const paintsAt = () => Number(fig?.getAttribute('data-paints') ?? 0);
  const p0 = paintsAt();
  const stamps = [];
  await new Promise((done) => {
    const t0 = performance.now();
    const frame = (t) => {
      stamps.push(t);
      if (t - t0 < ms) requestAnimationFrame(frame);
      else done();
    };
    requestAnimationFrame(frame);
  });
  obs.disconnect();
  const gaps = stamps.slice(1).map((t, i) => t - stamps[i]).sort((a, b) => a - b);
  const span = (stamps[stamps.length - 1] - stamps[0]) / 1000;
  return {
    seconds: span,
    fps: (stamps.length - 1) / span,
    p95GapMs: gaps[Math.floor(gaps.length * 0.95)] ?? NaN,
    longTasks: tasks.length,
    longestTaskMs: tasks.length ? Math.max(...tasks) : 0,
    paintsPerSecond: (paintsAt() - p0) / span,
  };
}`;

const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)] ?? NaN;

export async function benchFrames(browser: Browser, url: string, seconds = 5, windows = 3): Promise<void> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
  // Enough steps that training outlasts every window.
  const state = { ...DEFAULT_LAB_STATE, steps: 20_000 };
  await page.goto(`${url}#/lab?${encodeLabState(state)}`);
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  const stepNow = () =>
    page.evaluate(() =>
      Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1] ?? 0),
    );
  await page.waitForFunction(
    () => Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1]) >= 20,
    null,
    { timeout: 120_000 },
  );
  const results: Window[] = [];
  for (let w = 0; w < windows; w++) {
    const s0 = await stepNow();
    const r = (await page.evaluate(`(${MEASURE})(${seconds * 1000})`)) as Omit<Window, 'stepsPerSecond'>;
    const s1 = await stepNow();
    results.push({ ...r, stepsPerSecond: (s1 - s0) / r.seconds });
  }
  const t0 = Date.now();
  await page.getByRole('button', { name: 'Pause', exact: true }).click();
  await page.getByRole('button', { name: 'Train', exact: true }).waitFor({ timeout: 30_000 });
  const pauseMs = Date.now() - t0;
  await page.close();

  console.log(`Lab frames while 4 toy runs train (1280×720, ${windows} windows of ${seconds} s):`);
  console.log('  window  fps    p95 gap  long tasks  longest   paints/s  steps/s');
  results.forEach((r, i) =>
    console.log(
      `  ${String(i + 1).padEnd(6)}  ${r.fps.toFixed(1).padStart(5)}  ${r.p95GapMs.toFixed(1).padStart(5)} ms  ${String(r.longTasks).padStart(10)}  ${r.longestTaskMs.toFixed(0).padStart(5)} ms  ${r.paintsPerSecond.toFixed(1).padStart(8)}  ${r.stepsPerSecond.toFixed(1).padStart(7)}`,
    ),
  );
  console.log(
    `  median fps ${median(results.map((r) => r.fps)).toFixed(1)}, longest task ${Math.max(...results.map((r) => r.longestTaskMs)).toFixed(0)} ms, Pause → paused in ${pauseMs} ms (click to the Train button back, over CDP)`,
  );
}
