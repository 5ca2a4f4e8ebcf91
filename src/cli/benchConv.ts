/**
 * The conv table of `npm run bench -- --conv` (or `--preset <conv preset>`): CIFAR-style
 * nets on the shipped Fashion-MNIST subset (28×28×1, width 8, batch 64, SGD 0.1, momentum
 * 0.9, as the degradation-fashion preset), on each engine, beside PyTorch with one thread.
 * The nets are timed one after another, each first in PyTorch and then on every engine, so
 * a net's row sees the same machine load on both sides. Conv steps are slow on tfjs, so
 * few are timed; the figure is the median of the timed steps' ms (probes off on both sides).
 */
import type { Preset } from '../core/presets';
import { loadSource } from '../engine/datasets';
import type { BenchEngine } from './benchEngines';
import { median, timeSteps } from './benchTiming';
import { runTorch } from './benchTorch';
import { publicFetcher } from './publicFiles';

export interface ConvBenchOptions {
  preset: Preset;
  /** Run ids of the preset to time, in order. */
  runs: readonly string[];
  engines: readonly BenchEngine[];
  torch: boolean;
  quick: boolean;
  log: (line: string) => void;
}

export interface ConvRow {
  run: string;
  /** Median ms/step per engine name; absent where the engine was skipped. */
  ms: Map<string, number>;
  torchMs?: number;
}

export async function benchConv(o: ConvBenchOptions): Promise<ConvRow[]> {
  const { preset, log } = o;
  const warmup = 2;
  const steps = o.quick ? 3 : 8;
  const data = await loadSource(preset.data, publicFetcher());
  const { batchSize, optimizer, learningRate, momentum, weightDecay } = preset.config;
  const skipped = new Set<string>();
  const rows: ConvRow[] = [];
  for (const id of o.runs) {
    const run = preset.runs.find((r) => r.id === id);
    if (!run) throw new Error(`preset ${preset.name} has no run ${id}`);
    const row: ConvRow = { run: id, ms: new Map() };
    if (o.torch) {
      const reply = runTorch({
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
            momentum: optimizer === 'sgd' ? momentum : 0,
            weightDecay,
          },
        ],
      });
      row.torchMs = reply.results?.[0]?.msPerStep;
    }
    for (const e of o.engines) {
      if (skipped.has(e.name)) continue;
      const why = await e.activate();
      if (why) {
        skipped.add(e.name);
        log(`${e.name}: skipped (${why})`);
        continue;
      }
      const times = await timeSteps({ preset, id, spec: run.spec, engine: 'tfjs', warmup, steps }, data, 0);
      row.ms.set(e.name, median(times));
    }
    rows.push(row);
    printRow(
      row,
      o.engines.filter((e) => !skipped.has(e.name)),
      log,
      rows.length === 1,
      preset.name,
      steps,
    );
  }
  return rows;
}

function printRow(
  row: ConvRow,
  engines: readonly BenchEngine[],
  log: (line: string) => void,
  header: boolean,
  preset: string,
  steps: number,
) {
  if (header) {
    log('');
    log(
      `${preset}: median ms/step of ${steps} steps after 2 (PyTorch: of max(${steps}, 10) after 3); ratio = PyTorch ms / ours`,
    );
    log(
      `${'run'.padEnd(12)} ${engines.map((e) => `${e.name.padStart(11)} ms`).join(' ')}  PyTorch 1 thread ms ${engines.map((e) => `  ratio ${e.name}`).join('')}`,
    );
  }
  const t = row.torchMs;
  const ours = engines.map((e) => row.ms.get(e.name));
  log(
    `${row.run.padEnd(12)} ${ours.map((m) => (m === undefined ? '—' : m.toFixed(1)).padStart(14)).join(' ')}  ${(t === undefined ? '—' : t.toFixed(1)).padStart(19)} ${ours
      .map(
        (m, i) =>
          `  ${(m === undefined || t === undefined ? '—' : (t / m).toFixed(4)).padStart(6 + engines[i]!.name.length)}`,
      )
      .join('')}`,
  );
}
