/**
 * Speed of the fused MLP trainer on the degradation demo's net: mlp(52, 16), batch norm,
 * batch 64 of two spirals. The bound asserted is loose (test machines are shared); set
 * JSMLP_BENCH=1 to print CPU ms/step with probes off, every 10 steps and every step, beside
 * the tfjs cpu trainer on the same batches.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import type { MlpSpec } from '../../src/core/netSpec';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/trainConfig';
import { makeToy } from '../../src/data/toy/makeToy';
import { hostBatch } from '../../src/engine/hostBatch';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { batchInput } from '../../src/engine/trainer';
import type { BatchInput, Trainer } from '../../src/engine/trainer';

const BENCH = Boolean(process.env.JSMLP_BENCH);
const config = { ...DEFAULT_TRAIN_CONFIG, learningRate: 0.01 };
const spirals = makeToy({ kind: 'spirals', n: 1000, noise: 0.1, testFraction: 0.2, seed: 1 }).train;
const batches: BatchInput[] = Array.from({ length: 10 }, (_, s) =>
  batchInput(
    hostBatch(
      spirals,
      Int32Array.from({ length: 64 }, (_, k) => (s * 64 + k) % spirals.n),
    ),
  ),
);

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/**
 * Median CPU ms per step (this process's CPU time, so other processes on the machine count
 * less) over `rounds` rounds of `steps` steps after a warm-up; probes every `stride` steps.
 */
async function msPerStep(t: Trainer, steps: number, stride: number, rounds = 5): Promise<number> {
  let index = 0;
  const run = async (k: number) => {
    for (let i = 0; i < k; i++, index++)
      await t.step(batches[index % batches.length]!, index, stride > 0 && index % stride === 0);
  };
  await run(Math.max(20, steps >> 1));
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.cpuUsage();
    await run(steps);
    const used = process.cpuUsage(start);
    times.push((used.user + used.system) / 1000 / steps);
  }
  t.dispose();
  return times.sort((a, b) => a - b)[rounds >> 1]!;
}

it('steps the 52-layer width-16 MLP in well under 25 ms with probes every 10 steps', async () => {
  const ms = await msPerStep(createJsMlpTrainer('j', mlp(52, 16), 1, config), 100, 10);
  expect(ms).toBeLessThan(25);
});

it.runIf(BENCH)(
  'prints ms/step of the js and tfjs trainers',
  async () => {
    const lines: string[] = [];
    for (const [name, spec] of [
      ['plain mlp(52,16)', mlp(52, 16, { shortcut: 'none' })],
      ['residual mlp(52,16) A', mlp(52, 16, { shortcut: 'A' })],
    ] as [string, MlpSpec][])
      for (const stride of [0, 10, 1]) {
        const js = await msPerStep(createJsMlpTrainer('j', spec, 1, config), 100, stride, 9);
        const tfjs = await msPerStep(createTfjsTrainer('t', spec, 1, config), 5, stride, 3);
        const probes = stride === 0 ? 'probes off' : `probes every ${stride}`;
        lines.push(`${name}, ${probes}: js ${js.toFixed(2)} ms/step, tfjs cpu ${tfjs.toFixed(1)} ms/step`);
      }
    console.log(lines.join('\n'));
  },
  600_000,
);
