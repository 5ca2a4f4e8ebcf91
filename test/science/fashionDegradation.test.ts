/**
 * The paper's Figure 6 on Fashion-MNIST, as `npm run train -- --preset degradation-fashion
 * --backend wasm` computes it (same loop, trainExperiment.ts; same summary, trainSummary.ts):
 * six CIFAR-style nets (plain and residual at 8, 20 and 56 layers, width 8), 300 steps of
 * SGD on the shipped subset, seed 1, on the wasm backend in Node. It takes about 12 minutes
 * on a 2-core machine: a science check with its own timeout, not a timed test.
 *
 * "Final training error" is the mean minibatch error over the last 50 steps (the issue's
 * PyTorch reference metric), not the whole-training-set error after the last step: at a
 * constant learning rate of 0.1 the weights still jump from step to step, and the
 * inference-mode error of one set of weights and batch-norm running averages is the noisier
 * of the two (trainSummary.ts; the figures are in docs/PERFORMANCE.md's science notes).
 *
 * Convergence: "steps to 50 %" is the first step at which the mean minibatch error of the
 * last 20 steps is at most 50 % (trainSummary.ts says why 50 %).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { presetByName } from '../../src/core/presets';
import { chooseBackend } from '../../src/engine/backend';
import { loadSource } from '../../src/engine/datasets';
import { publicFetcher } from '../../src/cli/publicFiles';
import { trainExperiment } from '../../src/cli/trainExperiment';
import { summarize, summaryTable } from '../../src/cli/trainSummary';
import type { RunSummary } from '../../src/cli/trainSummary';

/** Twelve minutes measured here alone; three times that leaves room for a busy CI machine. */
const TRAINING_TIMEOUT_MS = 40 * 60_000;

const by = new Map<string, RunSummary>();
const err = (id: string) => by.get(id)!.lastWindowErr!;
const steps = (id: string) => by.get(id)!.stepsToTarget;

beforeAll(async () => {
  tf.env().set('PROD', true);
  const choice = await chooseBackend('wasm');
  expect(choice.backend, JSON.stringify(choice.fallbacks)).toBe('wasm');
  const exp = presetByName('degradation-fashion');
  const data = await loadSource(exp.data, publicFetcher());
  const outcomes = await trainExperiment({ exp, config: exp.config, data });
  for (const o of outcomes) by.set(o.id, summarize(o));
  // The numbers behind the verdict, for the CI log.
  console.log(`degradation-fashion, wasm, seed ${exp.config.seed}\n${summaryTable([...by.values()])}`);
}, TRAINING_TIMEOUT_MS);

describe('degradation-fashion on wasm, seed 1 (Figure 6 on Fashion-MNIST)', () => {
  it('every run trains its 300 steps', () => {
    expect([...by.keys()]).toEqual(['plain-8', 'resnet-8', 'plain-20', 'resnet-20', 'plain-56', 'resnet-56']);
    for (const s of by.values())
      expect({ run: s.run, status: s.status, steps: s.steps }).toEqual({
        run: s.run,
        status: 'done',
        steps: 300,
      });
  });

  it('degradation: plain-56 ends at least 10 points above plain-20', () => {
    expect(err('plain-56') - err('plain-20')).toBeGreaterThanOrEqual(0.1);
  });

  it('shortcuts cure it: resnet-56 ends at least 10 points below plain-56', () => {
    expect(err('plain-56') - err('resnet-56')).toBeGreaterThanOrEqual(0.1);
  });

  it('residual nets converge faster at 8 and 20 layers: fewer steps to 50 % smoothed training error', () => {
    for (const depth of [8, 20]) {
      const residual = steps(`resnet-${depth}`);
      const plain = steps(`plain-${depth}`);
      expect(residual, `resnet-${depth} never reached it`).not.toBeNull();
      // A plain net that never gets there converged slower still.
      if (plain !== null) expect(residual!, `resnet-${depth} vs plain-${depth}`).toBeLessThan(plain);
    }
  });
});
