/**
 * `npm run bench:browser -- [--steps N] [--only <name>]`: the Lab's image experiments in
 * headless Chromium, as a learner runs them (Train on the Lab page with backend 'auto'), on
 * the built app (`vite build` first). Per experiment it prints the backend the Lab chose and
 * how, the Lab's own estimate of the whole run at step 10 (elapsed + "about … left"), the
 * wall time from Train to done, and ms per step.
 *
 * `--steps N` trains N steps instead of each experiment's own count (a quick look; the
 * final scoring of both splits still runs). `--estimate` stops each experiment at step 10,
 * once the Lab has given its estimate of the whole run. `--only` picks one experiment.
 *
 * `--frames [--seconds S] [--windows N]` measures frame rate and long tasks while the default
 * Lab trains (./benchFrames.ts).
 *
 * `--conv [--quick] [--backends wasm,webgpu,webgl,cpu]` prints the conv step table beside
 * PyTorch instead (./benchConv.ts; default backend wasm).
 */
import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  basicVsBottleneckLab,
  fashionDegradationLab,
  shortcutOptionsLab,
} from '../../src/core/labExperiments';
import { encodeLabState } from '../../src/core/urlCodec';
import { benchConvBrowser } from './benchConv';
import { benchFrames } from './benchFrames';
import { findChromium, launchChromium } from './chromium';
import { serveStatic } from './staticServer';

const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
const EXPERIMENTS = {
  'fashion-degradation': fashionDegradationLab,
  'blocks-basic-vs-bottleneck': basicVsBottleneckLab,
  'blocks-shortcut-options': shortcutOptionsLab,
} as const;
const ESTIMATE_AT_STEP = 10;
const LIMIT_MS = 40 * 60_000;

/** Seconds in "about 1 h 40 min left" / "12 min 5 s" / "45 s". */
export function parseDuration(text: string): number | null {
  const m = /(?:(\d+) h ?)?(?:(\d+) min ?)?(?:(\d+) s)?\s*left/.exec(text);
  if (!m || (!m[1] && !m[2] && !m[3])) return null;
  return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

const minutes = (ms: number) => `${Math.floor(ms / 60_000)} min ${Math.round((ms % 60_000) / 1000)} s`;

async function main() {
  const { values } = parseArgs({
    options: {
      steps: { type: 'string' },
      only: { type: 'string' },
      estimate: { type: 'boolean' },
      conv: { type: 'boolean' },
      quick: { type: 'boolean' },
      backends: { type: 'string' },
      frames: { type: 'boolean' },
      seconds: { type: 'string' },
      windows: { type: 'string' },
    },
  });
  if (values.conv)
    return benchConvBrowser({
      quick: values.quick ?? false,
      backends: (values.backends ?? 'wasm').split(','),
    });
  const chromium = findChromium();
  if (!chromium.found) throw new Error(chromium.reason);
  const server = await serveStatic(resolve(ROOT, process.env.RESLAB_DIST ?? 'dist'), '/reslab/');
  const browser = await launchChromium(chromium.path);
  try {
    if (values.frames)
      return await benchFrames(browser, server.url, Number(values.seconds ?? 5), Number(values.windows ?? 3));
    for (const [name, make] of Object.entries(EXPERIMENTS)) {
      if (values.only && values.only !== name) continue;
      const state = make();
      if (values.steps) state.steps = Number(values.steps);
      const page = await browser.newPage();
      page.on('pageerror', (e) => console.log(`  page error: ${e.message}`));
      await page.goto(`${server.url}#/lab?${encodeLabState(state)}`);
      const progress = page.locator('.progress-text');
      const t0 = Date.now();
      await page.getByRole('button', { name: 'Train', exact: true }).click();
      let estimate: number | null = null;
      if (state.steps > ESTIMATE_AT_STEP) {
        await page.waitForFunction(
          (k) =>
            Number(/step (\d+)/.exec(document.querySelector('.progress-text')?.textContent ?? '')?.[1]) >= k,
          ESTIMATE_AT_STEP,
          { timeout: LIMIT_MS, polling: 200 },
        );
        const left = parseDuration((await progress.textContent()) ?? '');
        if (left !== null) estimate = Date.now() - t0 + left * 1000;
      }
      const badgeNow = await page.getByTestId('backend-badge').textContent();
      if (values.estimate) {
        const how = await page
          .getByTestId('backend-measurement')
          .textContent()
          .catch(() => '');
        console.log(`${name}: ${state.runs.length} runs × ${state.steps} steps on ${badgeNow}`);
        console.log(`  ${how}`);
        console.log(
          `  step ${ESTIMATE_AT_STEP} after ${minutes(Date.now() - t0)}; the Lab's estimate of the whole run: ${estimate === null ? '—' : minutes(estimate)}`,
        );
        await page.close();
        continue;
      }
      await page.waitForFunction(
        () => /· done$/.test(document.querySelector('.progress-text')?.textContent ?? ''),
        null,
        {
          timeout: LIMIT_MS,
          polling: 500,
        },
      );
      const wall = Date.now() - t0;
      const badge = await page.getByTestId('backend-badge').textContent();
      const how = await page
        .getByTestId('backend-measurement')
        .textContent()
        .catch(() => '');
      const verdict = await page
        .getByTestId('verdict')
        .textContent()
        .catch(() => '');
      console.log(`${name}: ${state.runs.length} runs × ${state.steps} steps on ${badge}`);
      console.log(`  ${how}`);
      console.log(
        `  wall ${minutes(wall)} (${(wall / state.steps).toFixed(0)} ms per step, evaluations included)` +
          (estimate !== null ? `; the Lab's estimate at step ${ESTIMATE_AT_STEP}: ${minutes(estimate)}` : ''),
      );
      console.log(`  verdict: ${verdict}`);
      await page.close();
    }
  } finally {
    await browser.close();
    await server.close();
  }
}

await main();
