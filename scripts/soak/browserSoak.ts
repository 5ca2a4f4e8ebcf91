/**
 * `npm run soak:browser -- [--steps N] [--window S]`: the Lab's default session (4 toy runs)
 * for N steps (default 5,000; the link allows up to 100,000) in headless Chromium on the
 * built app at 1280×720, as a learner runs it: the Lab page, backend 'auto', Train. Windows
 * of S seconds (default 5) follow one another until the progress line says done; after
 * each window it samples:
 * - the frame rate over the window (requestAnimationFrame callbacks, ../browser/benchFrames.ts);
 * - the worker's tfjs tensor count: tfjs keeps its engine on the worker's global as
 *   `_tfengine` (tfjs-core's own, not a hook of ours);
 * - the worker's JS heap (CDP Runtime.getHeapUsage on the worker target, ./workerCdp.ts)
 *   and the page's (CDP Performance.getMetrics JSHeapUsedSize), each after a collection
 *   (HeapProfiler.collectGarbage), so that the figure is what is retained;
 * - the page's element count (`document.getElementsByTagName('*')`).
 * Exits 1 when the tensor count moves after warm-up (the first sample), a heap, the worker's
 * array buffers or the element count passes its bound, the frame rate falls (bounds below)
 * or the page throws.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { encodeLabState, URL_LIMITS } from '../../src/core/urlCodec';
import { MEASURE } from '../browser/benchFrames';
import { findChromium, launchChromium } from '../browser/chromium';
import { serveStatic } from '../browser/staticServer';
import { countRange, MB, mb, median, printTable, report, ROOT, spread, writeResults } from './stats';
import { attachWorker, memoryNow } from './workerCdp';
import type { Memory } from './workerCdp';

/**
 * Heap bounds over the warm-up sample, for the page and the worker alike. What the page
 * keeps by design grows with the steps but is small: 4 runs × 5,000 points of a few floats
 * is well under 1 MB. A bound of 50 MB is far above that and far below what a per-step
 * leak of a chart's data, a boundary map or a message (tens of kB each) adds over 5,000 steps.
 */
const HEAP_SLACK_MB = 50;
/**
 * Elements over the warm-up sample. The Lab's element count changes only with what it shows
 * (the verdict, notes, the saved-sessions list at done), by tens; a chart that appended a
 * mark per point instead of redrawing one path would add thousands.
 */
const DOM_SLACK = 500;
/**
 * The frame rate of the last quarter of the training windows against the first (medians,
 * since one window can lose frames to a collection or to another process on the machine).
 * A chart whose paint cost grows with its points would fall well below this by 5,000 steps.
 */
const FPS_KEPT = 2 / 3;
const LIMIT_MS = 60 * 60_000;

interface Sample extends Memory {
  step: number;
  seconds: number;
  /** The progress line said done when the sample was taken. */
  done: boolean;
  fps: number;
  p95GapMs: number;
  longTasks: number;
  /** How often the error chart drew in the window (its figure's data-paints count). */
  paintsPerSecond: number;
  stepsPerSecond: number;
}

const progressText = `document.querySelector('.progress-text')?.textContent ?? ''`;

async function main() {
  const { values } = parseArgs({ options: { steps: { type: 'string' }, window: { type: 'string' } } });
  const steps = Number(values.steps ?? 5000);
  const windowMs = Number(values.window ?? 5) * 1000;
  if (!(steps >= 1 && steps <= URL_LIMITS.steps.max))
    throw new Error(`--steps must be 1…${URL_LIMITS.steps.max} (the Lab link's limit)`);
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const server = await serveStatic(resolve(ROOT, process.env.RESLAB_DIST ?? 'dist'), '/reslab/');
  const browser = await launchChromium(chromium.path);
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.url}#/lab?${encodeLabState({ ...DEFAULT_LAB_STATE, steps })}`);
    const { cdp, worker: workerReady } = await attachWorker(page);
    await cdp.send('Performance.enable');
    const t0 = Date.now();
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await workerReady;
    const state = async () => {
      const text = (await page.evaluate(progressText)) as string;
      return { step: Number(/step (\d+)/.exec(text)?.[1] ?? 0), done: /· done$/.test(text) };
    };
    // A function, not source text: the page's CSP refuses the eval a string predicate needs.
    await page.waitForFunction(
      () => Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1]) >= 1,
      null,
      { timeout: 120_000 },
    );

    const samples: Sample[] = [];
    for (let done = false; !done;) {
      if (Date.now() - t0 > LIMIT_MS) throw new Error(`not done after ${LIMIT_MS / 60_000} min`);
      const s0 = await state();
      const f = (await page.evaluate(`(${MEASURE})(${windowMs})`)) as {
        seconds: number;
        fps: number;
        p95GapMs: number;
        longTasks: number;
        paintsPerSecond: number;
      };
      const s1 = await state();
      done = s1.done;
      // Collections outside the window, so that they never cost it frames.
      const m = await memoryNow(page, cdp, await workerReady);
      samples.push({
        step: s1.step,
        seconds: (Date.now() - t0) / 1000,
        done,
        fps: f.fps,
        p95GapMs: f.p95GapMs,
        longTasks: f.longTasks,
        paintsPerSecond: f.paintsPerSecond,
        stepsPerSecond: (s1.step - s0.step) / f.seconds,
        ...m,
      });
    }
    const wallSeconds = (Date.now() - t0) / 1000;
    const badge = await page.getByTestId('backend-badge').textContent();
    if (samples.length < 3) throw new Error(`only ${samples.length} windows: train more --steps`);

    // The first sample is the warm-up; windows that ended while training give the frame rate.
    const after = samples.slice(1);
    const training = samples.filter((s) => !s.done);
    const fps = training.map((s) => s.fps);
    const tensors = countRange(samples.map((s) => s.workerTensors));
    const workerHeap = spread(after.map((s) => s.workerHeap));
    const workerBuffers = spread(after.map((s) => s.workerBuffers));
    const pageHeap = spread(after.map((s) => s.pageHeap));
    const dom = spread(after.map((s) => s.domElements));
    const w0 = samples[0]!;
    const bounds = {
      workerHeap: w0.workerHeap + HEAP_SLACK_MB * MB,
      workerBuffers: w0.workerBuffers + HEAP_SLACK_MB * MB,
      pageHeap: w0.pageHeap + HEAP_SLACK_MB * MB,
      domElements: w0.domElements + DOM_SLACK,
    };
    const q = Math.max(1, Math.floor(fps.length / 4));
    const fpsFigures = {
      first: fps[0] ?? NaN,
      median: median(fps),
      last: fps.at(-1) ?? NaN,
      firstQuarter: median(fps.slice(0, q)),
      lastQuarter: median(fps.slice(-q)),
    };

    console.log(
      `Browser soak: 4 runs × ${steps} steps on ${badge}, ${wallSeconds.toFixed(1)} s, windows of ${windowMs / 1000} s`,
    );
    printTable(
      [
        'step',
        's',
        'fps',
        'p95 gap',
        'long',
        'paints/s',
        'steps/s',
        'tensors',
        'worker heap',
        'buffers',
        'page heap',
        'elements',
      ],
      samples.map((s) => [
        `${s.step}${s.done ? ' done' : ''}`,
        s.seconds.toFixed(0),
        s.fps.toFixed(1),
        s.p95GapMs.toFixed(0),
        s.longTasks,
        s.paintsPerSecond.toFixed(1),
        s.stepsPerSecond.toFixed(0),
        s.workerTensors,
        mb(s.workerHeap),
        mb(s.workerBuffers),
        mb(s.pageHeap),
        s.domElements,
      ]),
    );
    const line = (name: string, x: ReturnType<typeof spread>, f: (v: number) => string) =>
      `  ${name}: min ${f(x.min)}, median ${f(x.median)}, max ${f(x.max)}, first→last quarter ${f(x.growth)}`;
    console.log(line('worker heap', workerHeap, mb));
    console.log(line('worker array buffers', workerBuffers, mb));
    console.log(line('page heap', pageHeap, mb));
    console.log(line('elements', dom, String));
    console.log(
      `  fps over ${fps.length} training windows: first ${fpsFigures.first.toFixed(1)}, median ${fpsFigures.median.toFixed(1)}, last ${fpsFigures.last.toFixed(1)}; quarters ${fpsFigures.firstQuarter.toFixed(1)} → ${fpsFigures.lastQuarter.toFixed(1)}`,
    );
    if (errors.length) console.log(`  page errors: ${errors.join('; ')}`);
    const ok = report([
      {
        name: 'worker tensor count constant after warm-up',
        ok: tensors.min === tensors.atWarmUp && tensors.max === tensors.atWarmUp,
        detail: `${tensors.atWarmUp} at step ${w0.step}, ${tensors.min}–${tensors.max} after`,
      },
      {
        name: `worker heap ≤ warm-up + ${HEAP_SLACK_MB} MB`,
        ok: workerHeap.max <= bounds.workerHeap,
        detail: `max ${mb(workerHeap.max)} against ${mb(bounds.workerHeap)}`,
      },
      {
        name: `worker array buffers ≤ warm-up + ${HEAP_SLACK_MB} MB`,
        ok: workerBuffers.max <= bounds.workerBuffers,
        detail: `max ${mb(workerBuffers.max)} against ${mb(bounds.workerBuffers)}`,
      },
      {
        name: `page heap ≤ warm-up + ${HEAP_SLACK_MB} MB`,
        ok: pageHeap.max <= bounds.pageHeap,
        detail: `max ${mb(pageHeap.max)} against ${mb(bounds.pageHeap)}`,
      },
      {
        name: `elements ≤ warm-up + ${DOM_SLACK}`,
        ok: dom.max <= bounds.domElements,
        detail: `max ${dom.max} against ${bounds.domElements}`,
      },
      {
        name: `fps kept: last quarter ≥ ${FPS_KEPT.toFixed(2)} × first`,
        ok: fpsFigures.lastQuarter >= FPS_KEPT * fpsFigures.firstQuarter,
        detail: `${fpsFigures.firstQuarter.toFixed(1)} → ${fpsFigures.lastQuarter.toFixed(1)}`,
      },
      { name: 'no page errors', ok: errors.length === 0, detail: `${errors.length}` },
    ]);
    const file = await writeResults('soak-browser.json', {
      steps,
      windowSeconds: windowMs / 1000,
      backend: badge,
      wallSeconds,
      tensors,
      workerHeap,
      workerBuffers,
      pageHeap,
      domElements: dom,
      fps: fpsFigures,
      bounds,
      errors,
      ok,
      samples,
    });
    console.log(`  results in ${file}`);
    process.exitCode = ok ? 0 : 1;
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
