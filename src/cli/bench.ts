/**
 * `npm run bench [-- --quick] [--preset <name>] [--conv] [--kernels] [--no-torch]`.
 *
 * By default: steps per second of the degradation-mlp nets (or of the named MLP preset's)
 * on each engine available in Node, with instrumentation off and on, and the same nets in
 * PyTorch on the same machine when /usr/bin/python3 can import torch. Each case trains
 * alone (one run per session) on the preset's data and batch size. One measurement is the
 * mean ms/step over the timed steps after a warm-up, so a probing step's extra cost is
 * spread over its stride as a learner pays it. Off and on (probes at the preset's own
 * stride) are measured alternately, `reps` times each, and the median of each is reported,
 * so both see the same machine load. Ratio = PyTorch ms / our ms (≥ 1: as fast or faster).
 *
 * `--conv`: ResNet-20, plain-8 and plain-56 of degradation-fashion on each tfjs engine
 * beside PyTorch with one thread (benchConv.ts), then the per-kernel micro-bench
 * (benchKernels.ts). `--preset` with a conv preset: all its runs that way. `--kernels`: the
 * micro-bench alone.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { PRESET_NAMES, presetByName } from '../core/presets';
import type { Preset } from '../core/presets';
import { loadSource } from '../engine/datasets';
import type { TrainTest } from '../engine/datasets';
import { parseArgs, runCli } from './args';
import { benchConv } from './benchConv';
import { BENCH_ENGINES } from './benchEngines';
import { benchKernels } from './benchKernels';
import { mean, median, timeSteps } from './benchTiming';
import type { StepCase } from './benchTiming';
import { runTorch, torchAvailable } from './benchTorch';
import { publicFetcher } from './publicFiles';

const FLAGS = {
  quick: { boolean: true },
  preset: { choices: PRESET_NAMES },
  conv: { boolean: true },
  kernels: { boolean: true },
  'no-torch': { boolean: true },
} as const;

/** The conv nets of `--conv`, from the degradation-fashion preset. */
const CONV_RUNS = ['resnet-20', 'plain-8', 'plain-56'] as const;

/** A benched net: timed `reps` times, probes off and on alternately. */
interface Case extends StepCase {
  reps: number;
}

async function timeCase(c: Case, data: TrainTest, probeStride: number): Promise<number> {
  return mean(await timeSteps(c, data, probeStride));
}

function torchMlp(cases: Case[]): Map<string, number> {
  const reply = runTorch({
    threads: null,
    cases: cases.map((c) => ({
      id: `${c.preset.name}/${c.id}`,
      spec: c.spec,
      batch: c.preset.config.batchSize,
      warmup: c.warmup,
      steps: 100,
      optimizer: c.preset.config.optimizer,
      lr: c.preset.config.learningRate,
      probe: false,
    })),
  });
  // The mean, as for our rows.
  return new Map((reply.results ?? []).map((x) => [x.id, mean(x.msPerStepAll)]));
}

async function main(argv: readonly string[]) {
  const { flags } = parseArgs(argv, FLAGS, 0);
  const quick = Boolean(flags.quick);
  // PROD silences tfjs's console banner about tfjs-node, which we must not install.
  tf.env().set('PROD', true);
  await tf.setBackend('cpu');
  await tf.ready();
  const log = (s: string) => process.stdout.write(`${s}\n`);
  const torch = flags['no-torch'] ? null : torchAvailable();
  const preset = flags.preset ? presetByName(flags.preset as string) : null;
  const convPreset = preset !== null && preset.runs.some((r) => r.spec.kind !== 'mlp');
  log(`ResLab bench: Node ${process.version}, tfjs ${tf.version_core}, ${quick ? 'quick' : 'full'}`);
  log(
    torch
      ? `PyTorch ${torch} (CPU, /usr/bin/python3) runs the same nets for the ratio column`
      : 'PyTorch: not available (/usr/bin/python3 cannot import torch) or --no-torch; no ratio column',
  );
  if (flags.conv || convPreset) {
    const p = convPreset ? preset : presetByName('degradation-fashion');
    const runs = convPreset ? p.runs.map((r) => r.id) : CONV_RUNS;
    await benchConv({ preset: p, runs, engines: BENCH_ENGINES, torch: torch !== null, quick, log });
  }
  if (flags.conv || flags.kernels) await benchKernels(BENCH_ENGINES, torch !== null, quick, log);
  if (flags.conv || flags.kernels || convPreset) return;
  await benchMlp(preset ?? presetByName('degradation-mlp'), torch !== null, quick, log);
}

async function benchMlp(preset: Preset, torch: boolean, quick: boolean, log: (line: string) => void) {
  await tf.setBackend('cpu');
  const cases: Case[] = [];
  for (const r of preset.runs) {
    const common = { preset, id: r.id, spec: r.spec };
    cases.push({ ...common, engine: 'js', warmup: 10, steps: quick ? 30 : 100, reps: quick ? 3 : 5 });
    cases.push({ ...common, engine: 'tfjs', warmup: 3, steps: quick ? 5 : 20, reps: quick ? 1 : 3 });
  }
  // One PyTorch timing per net; every engine's row is compared with it.
  const torchMs = torch ? torchMlp(cases.filter((c) => c.engine === 'tfjs')) : new Map<string, number>();
  log("ms/step = mean over timed steps, median of alternating reps; batch = preset's");
  log('');
  log(
    'preset                      run            engine     steps/s  ms/step off  ms/step on  overhead  torch ms   ratio',
  );
  const data = await loadSource(preset.data, publicFetcher());
  for (const c of cases) {
    const offs: number[] = [];
    const ons: number[] = [];
    for (let k = 0; k < c.reps; k++) {
      offs.push(await timeCase(c, data, 0));
      ons.push(await timeCase(c, data, c.preset.config.probeStride));
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
