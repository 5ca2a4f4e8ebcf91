/**
 * Finite-difference gradient checks that share nothing with the project's backward code
 * or graph walker: the loss is recomputed by an independent float64 forward pass
 * (reference/network.ts, built from the NetSpec's fields, weights by name from the
 * trainer's exportWeights()), and its central differences
 *
 *   ∂L/∂w ≈ (L(w + h) − L(w − h)) / 2h,   h = 1e-6
 *
 * h is small because these nets are piecewise smooth: a step that moves some ReLU input
 * across 0 measures a blend of two slopes (at h = 1e-4 one stem weight of the option C net
 * did, off by 3 %); in float64 the rounding error of the quotient is only ~ε·L/h ≈ 1e-10.
 *
 * are compared with the gradients the project computes: tfjs autodiff around buildModel's
 * forward pass (with the cpu backend's custom conv filter gradient, cpuConv.ts), and the
 * fused JS MLP kernel's hand-written backward pass. Both compute in float32, so each
 * tensor's sampled coordinates must agree within TOLERANCE · max|g| over the network.
 * First, the reference loss must equal the project's loss on the same batch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/core/graph';
import type { ActivationOrder, ConvNetSpec, MlpSpec, ShortcutOption } from '../../src/core/netSpec';
import { ACTIVATION_ORDERS, SHORTCUT_OPTIONS } from '../../src/core/netSpec';
import { createRng } from '../../src/core/rng';
import { validateSpec } from '../../src/core/validate';
import { initialState } from '../../src/engine/init';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { backward } from '../../src/engine/jsMlp/backward';
import { forward } from '../../src/engine/jsMlp/forward';
import { compilePlan } from '../../src/engine/jsMlp/plan';
import { softmaxCrossEntropy } from '../../src/engine/jsMlp/softmaxLoss';
import { createState } from '../../src/engine/jsMlp/trainState';
import { createWorkspace, withTrainingBuffers } from '../../src/engine/jsMlp/workspace';
import { buildModel } from '../../src/engine/model';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { config, useCpu } from './helpers';
import { referenceLoss, toFloat64 } from './reference/network';
import type { Weights } from './reference/network';
import type { Tensor64 } from './reference/tensors';

beforeAll(useCpu);

const SEED = 5;
const CLASSES = 3;
const H = 1e-6;
/** Relative to the largest gradient magnitude in the network (float32 gradients; achieved ≤ 1e-6). */
const TOLERANCE = 1e-4;
/** Coordinates checked per tensor (all of a smaller one). */
const SAMPLES = 16;

interface Batch {
  x: Float32Array;
  labels: Int32Array;
  n: number;
  shape: number[];
}

function randomBatch(n: number, shape: number[], seed: number): Batch {
  const rng = createRng(seed);
  const size = n * shape.reduce((a, b) => a * b, 1);
  return {
    x: Float32Array.from({ length: size }, () => rng.normal()),
    labels: Int32Array.from({ length: n }, (_, i) => (i + rng.int(CLASSES)) % CLASSES),
    n,
    shape,
  };
}

/** The project's loss and gradients by parameter name. */
interface ProjectGrads {
  loss: number;
  grads: Map<string, Float32Array>;
}

function tfjsGrads(spec: ConvNetSpec, b: Batch): ProjectGrads {
  const model = buildModel(spec, SEED);
  const out: ProjectGrads = { loss: NaN, grads: new Map() };
  tf.tidy(() => {
    const x = tf.tensor(b.x, [b.n, ...b.shape]);
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d(b.labels, 'int32'), CLASSES), 'float32');
    const vars = model.params.list.map((p) => p.variable);
    const { value, grads } = tf.variableGrads(
      () => tf.losses.softmaxCrossEntropy(oneHot, model.forward(x, { training: true }).logits) as tf.Scalar,
      vars,
    );
    out.loss = value.dataSync()[0]!;
    for (const p of model.params.list)
      out.grads.set(p.name, grads[p.variable.name]!.dataSync() as Float32Array);
  });
  model.dispose();
  return out;
}

function jsMlpGrads(spec: MlpSpec, b: Batch): ProjectGrads {
  const graph = buildGraph(spec);
  const init = initialState(graph.nodes, SEED);
  const plan = compilePlan(graph, spec.inputSize, init.params, init.batchNorms);
  const state = createState(plan, init);
  const ws = withTrainingBuffers(plan, createWorkspace(plan, b.n));
  const logits = forward(state, ws, b.x, true, null);
  const loss = softmaxCrossEntropy(logits, b.labels, ws.grads[plan.output]!, b.n, plan.classes);
  backward(state, ws);
  return { loss, grads: new Map(init.params.map((p, i) => [p.name, state.grads[i]!])) };
}

function sampleIndices(size: number, seed: number): number[] {
  const idx = Array.from({ length: size }, (_, i) => i);
  if (size <= SAMPLES) return idx;
  const rng = createRng(seed);
  for (let i = size - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [idx[i], idx[j]] = [idx[j]!, idx[i]!];
  }
  return idx.slice(0, SAMPLES);
}

function check(
  spec: ConvNetSpec | MlpSpec,
  b: Batch,
  project: ProjectGrads,
  exported: Record<string, Float32Array>,
) {
  const w: Weights = toFloat64(exported);
  const x: Tensor64 = { data: Float64Array.from(b.x), shape: [b.n, ...b.shape] };
  const loss = (): number => referenceLoss(spec, w, x, b.labels);
  const l0 = loss();
  expect(Math.abs(l0 - project.loss), `loss: reference ${l0}, project ${project.loss}`).toBeLessThan(
    1e-5 * Math.max(1, l0),
  );
  let gmax = 0;
  for (const g of project.grads.values()) for (const v of g) gmax = Math.max(gmax, Math.abs(v));
  expect(gmax).toBeGreaterThan(0);
  let worst = 0;
  let checked = 0;
  let seed = 1;
  for (const [name, g] of project.grads) {
    const p = w[name];
    expect(p, `exported ${name}`).toBeDefined();
    expect(p!.length, name).toBe(g.length);
    for (const i of sampleIndices(g.length, seed++)) {
      const keep = p![i]!;
      p![i] = keep + H;
      const up = loss();
      p![i] = keep - H;
      const down = loss();
      p![i] = keep;
      const fd = (up - down) / (2 * H);
      const err = Math.abs(fd - g[i]!);
      worst = Math.max(worst, err / gmax);
      expect(err, `${name}[${i}]: finite difference ${fd}, project ${g[i]}`).toBeLessThan(TOLERANCE * gmax);
      checked++;
    }
  }
  return { worst, checked, gmax, loss: l0 };
}

const conv = (shortcut: ShortcutOption, activation: ActivationOrder, size: number, batchNorm = true) =>
  validateSpec({
    kind: 'conv',
    input: { height: size, width: size, channels: 3 },
    stem: { kind: 'cifar', width: 3 },
    // Stage 2 downsamples (stride 2) and widens 3 → 6: option A pads, B and C project. Odd
    // channel counts reach the filter gradient's lone-channel and lone-output paths.
    stages: [
      { blocks: 1, width: 3, stride: 1 },
      { blocks: 1, width: 6, stride: 2 },
    ],
    block: 'basic',
    expansion: 1,
    variant: 'v1',
    shortcut,
    batchNorm,
    activation,
    classes: CLASSES,
  }) as ConvNetSpec;

const dense = (shortcut: ShortcutOption, activation: ActivationOrder, batchNorm = true) =>
  validateSpec({
    kind: 'mlp',
    inputSize: 3,
    // Stage 2 widens 3 → 5.
    stages: [
      { blocks: 1, width: 3, stride: 1 },
      { blocks: 1, width: 5, stride: 1 },
    ],
    block: 'basic',
    expansion: 1,
    shortcut,
    batchNorm,
    activation,
    classes: CLASSES,
  }) as MlpSpec;

const cfg = config({ steps: 1 });

describe('tfjs gradients of a conv net match finite differences of a float64 reference', () => {
  const cases = SHORTCUT_OPTIONS.flatMap((s) => ACTIVATION_ORDERS.map((a) => [s, a] as const));
  for (const [shortcut, activation] of cases) {
    // Odd maps for the 2015 order, even for pre-activation: both subsampling cases are covered.
    const size = activation === 'post' ? 7 : 6;
    it(`shortcut ${shortcut}, ${activation}-activation, ${size}×${size}`, async () => {
      const spec = conv(shortcut, activation, size);
      const trainer = createTfjsTrainer('g', spec, SEED, cfg);
      const exported = await trainer.exportWeights();
      trainer.dispose();
      const b = randomBatch(3, [size, size, 3], 11);
      const r = check(spec, b, tfjsGrads(spec, b), exported);
      console.log(
        `conv ${shortcut} ${activation}: loss ${r.loss.toFixed(6)}, ${r.checked} coordinates, worst ${r.worst.toExponential(2)}·max|g|`,
      );
    });
  }
  it('without batch norm (biases), option C, post-activation, 7×7', async () => {
    const spec = conv('C', 'post', 7, false);
    const trainer = createTfjsTrainer('g', spec, SEED, cfg);
    const exported = await trainer.exportWeights();
    trainer.dispose();
    const b = randomBatch(3, [7, 7, 3], 12);
    check(spec, b, tfjsGrads(spec, b), exported);
  });
});

describe('fused JS MLP gradients match finite differences of a float64 reference', () => {
  const cases = SHORTCUT_OPTIONS.flatMap((s) => ACTIVATION_ORDERS.map((a) => [s, a, true] as const));
  for (const [shortcut, activation, batchNorm] of [...cases, ['C', 'post', false] as const]) {
    it(`shortcut ${shortcut}, ${activation}-activation${batchNorm ? '' : ', without batch norm (biases)'}`, async () => {
      const spec = dense(shortcut, activation, batchNorm);
      const trainer = createJsMlpTrainer('g', spec, SEED, cfg);
      const exported = await trainer.exportWeights();
      trainer.dispose();
      const b = randomBatch(4, [3], 13);
      const r = check(spec, b, jsMlpGrads(spec, b), exported);
      console.log(
        `mlp ${shortcut} ${activation}: loss ${r.loss.toFixed(6)}, ${r.checked} coordinates, worst ${r.worst.toExponential(2)}·max|g|`,
      );
    });
  }
});
