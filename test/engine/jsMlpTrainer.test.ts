/**
 * The fused JavaScript MLP trainer as a Trainer: divergence, inference mode, checkpoints,
 * input checks, and a lockstep session. Its numbers are checked against tfjs in
 * jsMlpParity.test.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import type { MlpSpec, NetSpec } from '../../src/core/netSpec';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/trainConfig';
import type { TrainConfig } from '../../src/core/trainConfig';
import { makeToy } from '../../src/data/toy/makeToy';
import { hostBatch } from '../../src/engine/hostBatch';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { batchInput, DivergedError } from '../../src/engine/trainer';
import type { BatchInput, HostBatch, Trainer } from '../../src/engine/trainer';

const spirals = makeToy({ kind: 'spirals', n: 400, noise: 0.1, testFraction: 0.25, seed: 5 });
const config: TrainConfig = { ...DEFAULT_TRAIN_CONFIG, learningRate: 0.05 };

beforeAll(async () => {
  await tf.setBackend('cpu');
});

function batch(start: number, size: number): HostBatch {
  return hostBatch(
    spirals.train,
    Int32Array.from({ length: size }, (_, k) => (start + k) % spirals.train.n),
  );
}

/** A BatchInput that has no tensors: the fused trainer must never ask for them. */
function hostOnly(host: HostBatch): BatchInput {
  return {
    host,
    tensors: () => {
      throw new Error('the js trainer asked for tensors');
    },
  };
}

async function train(t: Trainer, steps: number): Promise<void> {
  for (let s = 0; s < steps; s++) await t.step(hostOnly(batch(s * 64, 64)), s, false);
}

describe('divergence', () => {
  /** The error each trainer throws within `steps` steps, if any. */
  async function failure(t: Trainer, steps: number): Promise<unknown> {
    try {
      for (let s = 0; s < steps; s++) {
        const input = batchInput(batch(s * 64, 64));
        try {
          await t.step(input, s, s % 2 === 0);
        } finally {
          input.release();
        }
      }
    } catch (e) {
      return e;
    }
    return null;
  }

  it('throws DivergedError with the tfjs message once a NaN learning rate reaches the loss', async () => {
    const spec = mlp(8, 16, { shortcut: 'A' });
    const nan = { ...config, learningRate: Number.NaN };
    const [a, b] = [
      await failure(createTfjsTrainer('t', spec, 1, nan), 3),
      await failure(createJsMlpTrainer('j', spec, 1, nan), 3),
    ];
    expect(b).toBeInstanceOf(DivergedError);
    expect((b as Error).message).toBe(
      'diverged at step 2: the loss is NaN; the learning rate may be too high',
    );
    expect((b as Error).message).toBe((a as Error).message);
  });

  it('diverges at the same step as tfjs when a huge learning rate blows up a plain net', async () => {
    const spec = mlp(8, 16, { shortcut: 'none', batchNorm: false });
    const huge = { ...config, learningRate: 10, momentum: 0.99 };
    const [a, b] = [
      await failure(createTfjsTrainer('t', spec, 1, huge), 30),
      await failure(createJsMlpTrainer('j', spec, 1, huge), 30),
    ];
    expect(a).toBeInstanceOf(DivergedError);
    expect(b).toBeInstanceOf(DivergedError);
    const stepOf = (e: unknown) => /step (\d+)/.exec((e as Error).message)![1];
    expect(stepOf(b)).toBe(stepOf(a));
  });
});

describe('inference and checkpoints', () => {
  const spec = mlp(14, 16, { shortcut: 'A' });

  it('counts errors per example: splitting the batches does not change the count', async () => {
    const t = createJsMlpTrainer('j', spec, 3, config);
    await train(t, 20);
    const [a, b] = [batch(0, 100), batch(100, 57)];
    const whole = await t.countWrong([hostOnly(batch(0, 157))]);
    const split = await t.countWrong([hostOnly(a), hostOnly(b)]);
    expect(split).toBe(whole);
    expect(whole).toBeGreaterThan(0);
    expect(whole).toBeLessThan(157);
  });

  it('leaves the weights and running statistics alone when counting errors', async () => {
    const t = createJsMlpTrainer('j', spec, 3, config);
    await train(t, 5);
    const before = await t.exportWeights();
    await t.countWrong([hostOnly(batch(0, 64)), hostOnly(batch(64, 33))]);
    expect(await t.exportWeights()).toEqual(before);
  });

  it('exports copies: changing them does not change the run', async () => {
    const t = createJsMlpTrainer('j', spec, 3, config);
    const first = await t.exportWeights();
    first['stem.fc.weight']!.fill(0);
    first['stem.bn.runningVar']!.fill(0);
    const again = await t.exportWeights();
    expect(again['stem.fc.weight']!.some((v) => v !== 0)).toBe(true);
    expect(Array.from(again['stem.bn.runningVar']!)).toEqual(new Array(16).fill(1));
  });

  it('moves the running statistics as PyTorch does: 0.9·old + 0.1·batch, unbiased variance', async () => {
    const t = createJsMlpTrainer('j', spec, 3, config);
    const host = batch(0, 64);
    await t.step(hostOnly(host), 0, false);
    const w = await t.exportWeights();
    // stem.bn normalises x·W over the batch (the stem has no bias under batch norm).
    const W = (await createJsMlpTrainer('j', spec, 3, config).exportWeights())['stem.fc.weight']!;
    for (const j of [0, 7, 15]) {
      const z = Array.from(
        { length: 64 },
        (_, i) => host.x[2 * i]! * W[j]! + host.x[2 * i + 1]! * W[16 + j]!,
      );
      const mean = z.reduce((s, v) => s + v, 0) / 64;
      const unbiased = z.reduce((s, v) => s + (v - mean) ** 2, 0) / 63;
      expect(w['stem.bn.runningMean']![j]).toBeCloseTo(0.1 * mean, 5);
      expect(w['stem.bn.runningVar']![j]).toBeCloseTo(0.9 + 0.1 * unbiased, 5);
    }
  });
});

describe('as a Trainer', () => {
  it('reports engine js, probes only on probing steps, and never touches tensors', async () => {
    const t = createJsMlpTrainer('run-1', mlp(8, 16), 1, config);
    expect(t.engine).toBe('js');
    expect(t.id).toBe('run-1');
    const quiet = await t.step(hostOnly(batch(0, 64)), 0, false);
    const probed = await t.step(hostOnly(batch(64, 64)), 1, true);
    expect(quiet.probe).toBeUndefined();
    expect(quiet.record).toMatchObject({ run: 'run-1', step: 1, learningRate: 0.05 });
    expect(probed.probe!.step).toBe(2);
    expect(probed.probe!.weightNorms).toHaveLength(t.layout.weights.length);
  });

  it('refuses a network that is not an MLP', () => {
    const conv = cifarNet(8, { input: 8, channels: 1, width: 4, classes: 2 }) as unknown as MlpSpec;
    expect(() => createJsMlpTrainer('j', conv, 1, config)).toThrow(/MLPs only/);
  });

  it('refuses batches of the wrong shape or labels', async () => {
    const t = createJsMlpTrainer('j', mlp(8, 16), 1, config);
    const good = batch(0, 8);
    await expect(t.step(hostOnly({ ...good, shape: [3] }), 0, false)).rejects.toThrow(RangeError);
    await expect(t.step(hostOnly({ ...good, numClasses: 3 }), 0, false)).rejects.toThrow(RangeError);
    const y = good.y.slice();
    y[5] = 2;
    await expect(t.step(hostOnly({ ...good, y }), 0, false)).rejects.toThrow(/label 2 at 5/);
  });

  it('runs a lockstep session to the same evaluations as the tfjs trainer', async () => {
    const sessionOn = (
      createTrainer?: (id: string, spec: NetSpec, seed: number, c: TrainConfig) => Trainer,
    ) =>
      createSession({
        runs: [{ id: 'resnet-8', spec: mlp(8, 16, { shortcut: 'A' }) }],
        train: spirals.train,
        test: spirals.test,
        config: {
          ...config,
          optimizer: 'adam',
          learningRate: 0.01,
          weightDecay: 0,
          steps: 60,
          evalInterval: 20,
        },
        ...(createTrainer ? { createTrainer } : {}),
      });
    const evals = async (session: ReturnType<typeof createSession>) => {
      const out = [];
      for (let s = 0; s < 60; s++) out.push(...(await session.step()).evals);
      session.dispose();
      return out;
    };
    const js = sessionOn((id, spec, seed, c) => createJsMlpTrainer(id, spec as MlpSpec, seed, c));
    expect(js.runs[0]!.engine).toBe('js');
    const [a, b] = [await evals(sessionOn()), await evals(js)];
    expect(b).toHaveLength(3);
    for (const [i, e] of a.entries()) {
      expect(b[i]!.step).toBe(e.step);
      // Counts of misclassified points: equal unless a point sits on the decision boundary.
      expect(Math.abs(b[i]!.trainErr - e.trainErr)).toBeLessThanOrEqual(1 / spirals.train.n);
      expect(Math.abs(b[i]!.testErr - e.testErr)).toBeLessThanOrEqual(1 / spirals.test.n);
    }
    expect(b.at(-1)!.trainErr).toBeLessThan(b[0]!.trainErr);
  });
});
