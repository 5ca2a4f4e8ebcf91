/**
 * Batch-norm running statistics after one and two training steps, against values computed
 * here by hand (PyTorch's convention, as He et al.'s reproductions use):
 *
 *   running_mean ← 0.9·running_mean + 0.1·μ_B,   running_var ← 0.9·running_var + 0.1·σ²_B·n/(n − 1)
 *
 * starting from 0 and 1, with μ_B and σ²_B (biased) over the n = N·H·W values of a channel.
 * The layer checked is the first batch norm, whose input is the first weight layer's output
 * x·W (no bias: batch norm is on): computed in float64 from the exported weights that the
 * step used and the batch itself, never read from the code under test.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import type { ConvNetSpec, MlpSpec } from '../../src/core/netSpec';
import type { SampleShape } from '../../src/data/dataset';
import { createRng } from '../../src/core/rng';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { batchInput } from '../../src/engine/trainer';
import type { HostBatch, Trainer } from '../../src/engine/trainer';
import { config, useCpu } from './helpers';
import { conv2d, dense } from './reference/tensors';
import type { Tensor64 } from './reference/tensors';

beforeAll(useCpu);

type Spec = ConvNetSpec | MlpSpec;

const CLASSES = 3;

/** Features ~ N(0.5, 1.5²), so the batch mean and variance are far from the initial 0 and 1. */
function randomBatch(n: number, shape: SampleShape, seed: number): HostBatch {
  const rng = createRng(seed);
  const size = n * shape.reduce((a, b) => a * b, 1);
  return {
    x: Float32Array.from({ length: size }, () => 0.5 + 1.5 * rng.normal()),
    y: Int32Array.from({ length: n }, () => rng.int(CLASSES)),
    n,
    shape,
    numClasses: CLASSES,
  };
}

/** The first weight layer's output on the batch, [rows, channels], in float64. */
function firstLayerOutput(spec: Spec, weights: Record<string, Float32Array>, b: HostBatch): Tensor64 {
  if (spec.kind === 'conv') {
    const [h, w, c] = b.shape as [number, number, number];
    const x: Tensor64 = { data: Float64Array.from(b.x), shape: [b.n, h, w, c] };
    const k: Tensor64 = {
      data: Float64Array.from(weights['stem.conv.weight']!),
      shape: [3, 3, c, spec.stem.width],
    };
    const y = conv2d(x, k, 1, 1);
    return { data: y.data, shape: [y.data.length / spec.stem.width, spec.stem.width] };
  }
  const w = weights['stem.fc.weight']!;
  const x: Tensor64 = { data: Float64Array.from(b.x), shape: [b.n, spec.inputSize] };
  return dense(x, { data: Float64Array.from(w), shape: [spec.inputSize, w.length / spec.inputSize] });
}

/** One step of the running averages from the batch's per-channel moments. */
function expectedRunning(y: Tensor64, prev: { mean: number[]; variance: number[] }) {
  const [rows, c] = y.shape as [number, number];
  const mean: number[] = [];
  const variance: number[] = [];
  for (let j = 0; j < c; j++) {
    let s = 0;
    for (let r = 0; r < rows; r++) s += y.data[r * c + j]!;
    const mu = s / rows;
    let sq = 0;
    for (let r = 0; r < rows; r++) sq += (y.data[r * c + j]! - mu) ** 2;
    const unbiased = sq / (rows - 1);
    mean.push(0.9 * prev.mean[j]! + 0.1 * mu);
    variance.push(0.9 * prev.variance[j]! + 0.1 * unbiased);
  }
  return { mean, variance };
}

/** Float32 arithmetic in the engine: agree within 1e-5 relative to the quantity's scale. */
function expectClose(got: Float32Array, want: number[], what: string): void {
  const scale = Math.max(...want.map(Math.abs), 1);
  got.forEach((g, j) =>
    expect(Math.abs(g - want[j]!), `${what}[${j}]: ${g} vs ${want[j]}`).toBeLessThan(1e-5 * scale),
  );
}

async function checkTwoSteps(make: () => Trainer, spec: Spec, bn: string, shape: SampleShape, n: number) {
  const trainer = make();
  const channels = spec.kind === 'conv' ? spec.stem.width : spec.stages[0]!.width;
  const stemWeight = spec.kind === 'conv' ? 'stem.conv.weight' : 'stem.fc.weight';
  let running = { mean: new Array<number>(channels).fill(0), variance: new Array<number>(channels).fill(1) };
  for (let step = 0; step < 2; step++) {
    const host = randomBatch(n, shape, 10 + step);
    const before = await trainer.exportWeights();
    running = expectedRunning(firstLayerOutput(spec, before, host), running);
    const input = batchInput(host);
    await trainer.step(input, step, false);
    input.release();
    const after = await trainer.exportWeights();
    // The step did update the weights, so step 2's statistics come from new weights.
    expect(after[stemWeight]).not.toEqual(before[stemWeight]);
    expectClose(after[`${bn}.runningMean`]!, running.mean, `step ${step + 1} ${bn}.runningMean`);
    expectClose(after[`${bn}.runningVar`]!, running.variance, `step ${step + 1} ${bn}.runningVar`);
  }
  trainer.dispose();
}

const train = config({ steps: 2, learningRate: 0.1 });

describe('batch-norm running statistics after one and two steps equal the hand-computed ones', () => {
  const conv = (activation: 'post' | 'pre'): ConvNetSpec =>
    cifarNet(8, { input: 6, channels: 2, width: 3, classes: CLASSES, activation });
  // Post-activation: the stem's own BN; pre-activation: the first block's BN reads the stem conv.
  for (const [activation, bn] of [
    ['post', 'stem.bn'],
    ['pre', 'stage1.block1.bn1'],
  ] as const) {
    it(`tfjs trainer, conv net (${activation}): ${bn} over N·H·W = 4·6·6 values per channel`, async () => {
      const spec = conv(activation);
      await checkTwoSteps(() => createTfjsTrainer('c', spec, 3, train), spec, bn, [6, 6, 2], 4);
    });
  }

  const net = (activation: 'post' | 'pre'): MlpSpec =>
    mlp(4, 5, { inputSize: 3, classes: CLASSES, activation });
  for (const [activation, bn] of [
    ['post', 'stem.bn'],
    ['pre', 'stage1.block1.bn1'],
  ] as const) {
    it(`fused JS trainer, MLP (${activation}): ${bn} over a batch of 6`, async () => {
      const spec = net(activation);
      await checkTwoSteps(() => createJsMlpTrainer('m', spec, 4, train), spec, bn, [3], 6);
    });
    it(`tfjs trainer, MLP (${activation}): ${bn} over a batch of 6`, async () => {
      const spec = net(activation);
      await checkTwoSteps(() => createTfjsTrainer('m', spec, 4, train), spec, bn, [3], 6);
    });
  }
});
