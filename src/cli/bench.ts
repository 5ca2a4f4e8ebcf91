/**
 * `npm run bench [-- --quick] [--preset <name>] [--no-torch]`: steps per second of the
 * degradation-mlp nets (or of the named preset's) on each engine available in Node, with instrumentation off and on, and the same
 * nets in PyTorch on the same machine when /usr/bin/python3 can import torch.
 *
 * Timing: each case trains alone (one run per session) on the preset's data and batch
 * size. One measurement is the mean ms/step over the timed steps after a warm-up, so a
 * probing step's extra cost is spread over its stride as a learner pays it. Off and on
 * (probes at the preset's own stride: gradient norms, block responses, weight norms) are
 * measured alternately, `reps` times each, and the median of each is reported, so both see
 * the same machine load. Ratio = PyTorch ms / our ms (≥ 1: we are as fast or faster).
 */
import { spawnSync } from 'node:child_process';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PRESET_NAMES, presetByName } from '../core/presets';
import type { Preset } from '../core/presets';
import { validateTrainConfig } from '../core/trainConfig';
import type { NetSpec } from '../core/netSpec';
import { loadSource } from '../engine/datasets';
import type { TrainTest } from '../engine/datasets';
import { createSession } from '../engine/session';
import { createTfjsTrainer } from '../engine/tfjsTrainer';
import { trainerFactory } from '../engine/trainers';
import { parseArgs, runCli } from './args';
import { publicFetcher } from './publicFiles';

const FLAGS = {
  quick: { boolean: true },
  preset: { choices: PRESET_NAMES },
  'no-torch': { boolean: true },
} as const;

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

interface Case {
  preset: Preset;
  id: string;
  spec: NetSpec;
  engine: 'js' | 'tfjs';
  warmup: number;
  steps: number;
  reps: number;
}

async function timeCase(c: Case, data: TrainTest, probeStride: number): Promise<number> {
  const config = validateTrainConfig({
    ...c.preset.config,
    steps: c.warmup + c.steps,
    probeStride,
    evalInterval: 0,
  });
  const session = createSession({
    runs: [{ id: c.id, spec: c.spec }],
    train: data.train,
    test: data.test,
    config,
    createTrainer: c.engine === 'js' ? trainerFactory() : createTfjsTrainer,
    trainEvalLimit: 0,
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < c.warmup + c.steps; i++) {
      if (i === c.warmup + c.steps - 1) break; // the last step also evaluates; leave it out
      const t0 = performance.now();
      const st = await session.step();
      if (st.stopped.length) throw new Error(`${c.id}: ${st.stopped[0]!.reason}`);
      if (i >= c.warmup) times.push(performance.now() - t0);
    }
  } finally {
    session.dispose();
  }
  return times.reduce((a, b) => a + b, 0) / times.length;
}

interface TorchResult {
  id: string;
  msPerStepAll: number[];
}

function torchAvailable(): string | null {
  const r = spawnSync('/usr/bin/python3', ['-c', 'import torch; print(torch.__version__)'], {
    encoding: 'utf8',
  });
  return r.status === 0 ? r.stdout.trim() : null;
}

function runTorch(cases: Case[]): Map<string, number> {
  const input = {
    threads: null,
    cases: cases.map((c) => ({
      id: `${c.preset.name}/${c.id}`,
      spec: c.spec,
      batch: c.preset.config.batchSize,
      warmup: c.warmup,
      steps: c.spec.kind === 'mlp' ? 100 : Math.max(c.steps, 10),
      optimizer: c.preset.config.optimizer,
      lr: c.preset.config.learningRate,
      probe: false,
    })),
  };
  const r = spawnSync('/usr/bin/python3', ['scripts/bench_torch.py'], {
    input: JSON.stringify(input),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`PyTorch bench failed: ${r.stderr.trim().split('\n').at(-1)}`);
  const out = JSON.parse(r.stdout) as { results: TorchResult[] };
  // The mean, as for our rows.
  return new Map(
    out.results.map((x) => [x.id, x.msPerStepAll.reduce((a, b) => a + b, 0) / x.msPerStepAll.length]),
  );
}

async function main(argv: readonly string[]) {
  const { flags } = parseArgs(argv, FLAGS, 0);
  const quick = Boolean(flags.quick);
  // PROD silences tfjs's console banner about tfjs-node, which we must not install.
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
  // Conv presets take minutes per step on tfjs-cpu (docs/PERFORMANCE.md): only on request.
  const names = flags.preset ? [flags.preset as string] : ['degradation-mlp'];
  const cases: Case[] = [];
  for (const name of names) {
    const preset = presetByName(name);
    for (const r of preset.runs) {
      const mlp = r.spec.kind === 'mlp';
      if (mlp)
        cases.push({
          preset,
          id: r.id,
          spec: r.spec,
          engine: 'js',
          warmup: 10,
          steps: quick ? 30 : 100,
          reps: quick ? 3 : 5,
        });
      // tfjs-cpu convolutions take seconds per step at batch 64: a few steps say enough.
      if (mlp)
        cases.push({
          preset,
          id: r.id,
          spec: r.spec,
          engine: 'tfjs',
          warmup: 3,
          steps: quick ? 5 : 20,
          reps: quick ? 1 : 3,
        });
      else
        cases.push({
          preset,
          id: r.id,
          spec: r.spec,
          engine: 'tfjs',
          warmup: 1,
          steps: quick ? 1 : 2,
          reps: 1,
        });
    }
  }
  const torch = flags['no-torch'] ? null : torchAvailable();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  log(
    `ResLab bench: Node ${process.version}, tfjs ${tf.version_core}, ${flags.quick ? 'quick' : 'full'}; ms/step = mean over timed steps, median of alternating reps; batch = preset's`,
  );
  log(
    torch
      ? `PyTorch ${torch} (CPU, /usr/bin/python3) runs the same nets for the ratio column`
      : 'PyTorch: not available (/usr/bin/python3 cannot import torch); no ratio column',
  );
  // One PyTorch timing per net; every engine's row is compared with it.
  const torchMs = torch ? runTorch(cases.filter((c) => c.engine === 'tfjs')) : new Map<string, number>();
  log('');
  log(
    'preset                      run            engine     steps/s  ms/step off  ms/step on  overhead  torch ms   ratio',
  );
  const data = new Map<string, TrainTest>();
  for (const c of cases) {
    if (!data.has(c.preset.name)) data.set(c.preset.name, await loadSource(c.preset.data, publicFetcher()));
    const d = data.get(c.preset.name)!;
    const offs: number[] = [];
    const ons: number[] = [];
    for (let k = 0; k < c.reps; k++) {
      offs.push(await timeCase(c, d, 0));
      ons.push(await timeCase(c, d, c.preset.config.probeStride));
    }
    const off = median(offs);
    const on = median(ons);
    const t = torchMs.get(`${c.preset.name}/${c.id}`);
    const engine = c.engine === 'js' ? 'js-fused' : 'tfjs-cpu';
    log(
      `${c.preset.name.padEnd(27)} ${c.id.padEnd(14)} ${engine.padEnd(9)} ${(1000 / on).toFixed(1).padStart(8)}  ${off.toFixed(1).padStart(11)}  ${on.toFixed(1).padStart(10)}  ${(((on - off) / off) * 100).toFixed(1).padStart(7)}%  ${t === undefined ? '       —' : t.toFixed(1).padStart(8)}  ${t === undefined ? '     —' : (t / on).toFixed(2).padStart(6)}`,
    );
  }
}

void runCli(
  () => main(process.argv.slice(2)),
  () => false,
);
