/**
 * `npm run bench:browser -- --conv [--quick] [--backends wasm,webgpu,…]`: the conv table of
 * `npm run bench -- --conv` in headless Chromium. The degradation-fashion preset's nets
 * (width 8, 28×28×1, batch 64, SGD 0.1 with momentum) are timed with the engine's own code on
 * each backend, in a blank page that Vite's dev server serves (cross-origin isolated, as
 * `npm start`), each net first in PyTorch (one thread, /usr/bin/python3) and then in the
 * browser, so a row sees the same machine load on both sides. ratio = PyTorch ms ÷ ours.
 * wasm in the page runs one thread on machines under 4 cores (src/engine/wasm/index.ts), so
 * "one thread each" holds there; the table says how many the page had.
 */
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';
import { presetByName } from '../../src/core/presets';
import { median } from '../../src/cli/benchTiming';
import { runTorch, torchAvailable } from '../../src/cli/benchTorch';
import { findChromium, launchChromium } from './chromium';
import type { PageTiming } from './convBench/page';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const PRESET = 'degradation-fashion';
const RUNS = ['plain-8', 'resnet-20', 'plain-56'] as const;
/** The page's module, as Vite's dev server serves it from the repository root. */
const PAGE_MODULE = '/scripts/browser/convBench/page.ts';

export async function benchConvBrowser(o: { quick: boolean; backends: string[] }): Promise<void> {
  const warmup = 2;
  const steps = o.quick ? 3 : 8;
  const torch = torchAvailable();
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const server = await createServer({ root: ROOT, logLevel: 'warn', server: { port: 0, strictPort: false } });
  await server.listen();
  const url = server.resolvedUrls!.local[0]!;
  const browser = await launchChromium(chromium.path);
  try {
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
    await page.goto(`${url}scripts/browser/convBench/index.html`);
    const env = await page.evaluate(() => ({
      isolated: globalThis.crossOriginIsolated,
      cores: navigator.hardwareConcurrency,
    }));
    console.log(
      `Headless Chromium ${browser.version()}, page cross-origin isolated: ${env.isolated}, ${env.cores} cores; ` +
        (torch
          ? `PyTorch ${torch}, 1 thread`
          : 'PyTorch: not importable by /usr/bin/python3, no ratio column'),
    );
    console.log(
      `${PRESET}: median ms/step of ${steps} steps after ${warmup} (PyTorch: of max(${steps}, 10) after 3)`,
    );
    console.log(
      `${'run'.padEnd(10)} ${o.backends.map((b) => `${b} ms`.padStart(22)).join('')}  PyTorch ms  ${o.backends.map((b) => `ratio ${b}`.padStart(13)).join('')}`,
    );
    const preset = presetByName(PRESET);
    for (const id of RUNS) {
      const run = preset.runs.find((r) => r.id === id)!;
      const { batchSize, optimizer, learningRate, momentum, weightDecay } = preset.config;
      const torchMs = torch
        ? runTorch({
            threads: 1,
            cases: [
              {
                id,
                spec: run.spec,
                batch: batchSize,
                warmup: 3,
                steps: Math.max(steps, 10),
                optimizer,
                lr: learningRate,
                probe: false,
                momentum,
                weightDecay,
              },
            ],
          }).results?.[0]?.msPerStep
        : undefined;
      const ours: (number | undefined)[] = [];
      const cells: string[] = [];
      for (const backend of o.backends) {
        const t: PageTiming = await page.evaluate(
          ([mod, p, r, b, w, s]) =>
            (import(mod) as Promise<{ timeRun: (...a: unknown[]) => Promise<PageTiming> }>).then((m) =>
              m.timeRun(p, r, b, w, s),
            ),
          [PAGE_MODULE, PRESET, id, backend, warmup, steps] as const,
        );
        const ms = t.ms.length ? median(t.ms) : undefined;
        ours.push(ms);
        cells.push(
          (ms === undefined
            ? `— (${t.error})`
            : `${ms.toFixed(1)} ${t.backend === backend ? '' : `[${t.backend}]`}`
          ).padStart(22),
        );
      }
      console.log(
        `${id.padEnd(10)} ${cells.join('')}  ${(torchMs?.toFixed(1) ?? '—').padStart(10)}  ${ours
          .map((m) =>
            (m !== undefined && torchMs !== undefined ? (torchMs / m).toFixed(2) : '—').padStart(13),
          )
          .join('')}`,
      );
    }
  } finally {
    await browser.close();
    await server.close();
  }
}
