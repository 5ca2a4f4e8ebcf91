/**
 * The paper's Figure 6 on Fashion-MNIST, as `npm run train -- --preset degradation-fashion
 * --backend wasm` computes it (same loop, trainExperiment.ts; same summary, trainSummary.ts):
 * six CIFAR-style nets (plain and residual at 8, 20 and 56 layers, width 8), 300 steps of
 * SGD on the shipped subset, seed 1, on the wasm backend in Node. It takes 12-16 minutes on
 * a 2-core machine (15 min 24 s measured beside other work): a science check with its own
 * timeout, not a timed test.
 *
 * "Final training error" is the mean minibatch error over the last 50 steps (the issue's
 * PyTorch reference metric), not the whole-training-set error after the last step: at a
 * constant learning rate of 0.1 the weights still jump from step to step, and one set of
 * weights with its batch-norm running averages, scored in inference mode, is far noisier.
 * Measured: PyTorch on this data, seeds 1-5, plain-20's whole-set error 21-68 % against its
 * last-50 error 20-23 %; plain-56 − plain-20 by the whole-set error was negative for two
 * seeds, by the last-50 error 21-47 points for all five. Here, a float-rounding-level
 * change to a wasm kernel moved plain-8's whole-set error from 27.6 % to 34.7 % and its
 * last-50 error from 18.7 % to 18.7 %.
 *
 * Seed 1 here (last-50 error, plain / residual): 8 layers 18.7 / 19.0 %, 20 layers 21.1 /
 * 18.0 %, 56 layers 46.0 / 25.8 %, so the two margins are 24.9 and 20.2 points; steps to
 * 50 %: 45 / 38 and 46 / 32. With the shortcuts removed from the resnets (same seeds) the
 * 56-layer margin falls to −3.3 points and the "resnets" take 46 and 57 steps to 50 %, so
 * those two checks fail while the plain-only one still passes. The 8-layer convergence gap is
 * small: PyTorch, seeds 1-5, resnet-8 first by 5, 6, 4, 1 and 0 steps. PyTorch, seeds 1-5:
 * resnet-56 22-26 % in four seeds, but 55 % in one (a bad start at lr 0.1 without warm-up),
 * so the resnet-56 margin holds for most seeds, not all: this test pins seed 1.
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

/** 12-16 minutes measured here; 40 leaves room for a busy CI machine. */
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
  for (const s of by.values()) console.log(JSON.stringify(s));
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
