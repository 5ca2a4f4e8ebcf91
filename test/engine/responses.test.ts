/**
 * The response probe (the paper's Figure 7): which layers it measures, that it measures them
 * in inference mode, and that it reads a fixed held-out batch, not the training minibatch.
 */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildGraph } from '../../src/core/graph';
import { cifarNet, mlp } from '../../src/core/catalog';
import type { MlpSpec } from '../../src/core/netSpec';
import { makeToy } from '../../src/data/toy/makeToy';
import { hostBatch } from '../../src/engine/hostBatch';
import { initialState } from '../../src/engine/init';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { forward } from '../../src/engine/jsMlp/forward';
import { compilePlan } from '../../src/engine/jsMlp/plan';
import { createState } from '../../src/engine/jsMlp/trainState';
import { createWorkspace } from '../../src/engine/jsMlp/workspace';
import { buildModel } from '../../src/engine/model';
import { responseLayers } from '../../src/engine/responseLayers';
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { batchInput } from '../../src/engine/trainer';
import type { BatchInput, Trainer } from '../../src/engine/trainer';
import type { TrainerFactory } from '../../src/engine/trainers';
import { config, useCpu } from './helpers';

beforeAll(useCpu);

const spirals = makeToy({ kind: 'spirals', n: 300, noise: 0.1, testFraction: 0.2, seed: 3 });
const rows = (ds: typeof spirals.train, from: number, n: number) =>
  hostBatch(
    ds,
    Int32Array.from({ length: n }, (_, k) => from + k),
  );

describe('which layers respond', () => {
  it('a basic-block conv net: the stem, then two per block; projections and the classifier left out', () => {
    const spec = cifarNet(8, { input: 8, channels: 1, width: 4, classes: 4, shortcut: 'B' });
    const layers = responseLayers(buildGraph(spec));
    expect(layers.map((l) => l.name)).toEqual([
      'stem.conv',
      ...[1, 2, 3].flatMap((s) => [`stage${s}.block1.conv1`, `stage${s}.block1.conv2`]),
    ]);
    // Each is read at its own batch norm, before the ReLU and the addition.
    expect(layers[2]).toEqual({ name: 'stage1.block1.conv2', tap: 'stage1.block1.bn2' });
    const m = buildModel(spec, 1);
    const layout = createTfjsTrainer('c', spec, 1, config({})).layout;
    expect(layout.responseLayers).toEqual(layers.map((l) => l.name));
    m.dispose();
  });

  it('an MLP: two per basic block plus the stem, in both trainers', () => {
    const spec = mlp(8, 16, { shortcut: 'A' });
    const names = [
      'stem.fc',
      ...[1, 2, 3].flatMap((b) => [`stage1.block${b}.conv1`, `stage1.block${b}.conv2`]),
    ];
    const cfg = config({});
    expect(createJsMlpTrainer('j', spec, 1, cfg).layout.responseLayers).toEqual(names);
    expect(createTfjsTrainer('t', spec, 1, cfg).layout.responseLayers).toEqual(names);
  });

  it('a bottleneck block gives three; without batch norm the weight layer itself is read', () => {
    const spec = cifarNet(11, { input: 8, channels: 1, width: 4, classes: 4, block: 'bottleneck' });
    const layers = responseLayers(buildGraph(spec));
    expect(layers.filter((l) => l.name.startsWith('stage2.block1.'))).toHaveLength(3);
    expect(layers).toHaveLength(1 + 3 * 3);
    const noBn = responseLayers(buildGraph(mlp(4, 8, { batchNorm: false })));
    expect(noBn.every((l) => l.tap === l.name)).toBe(true);
  });
});

describe('responses are measured in inference mode', () => {
  const spec = mlp(6, 8, { shortcut: 'A' });

  it('tfjs: moving a batch norm’s running statistics moves the responses', async () => {
    const m = buildModel(spec, 2);
    const x = tf.tensor2d(rows(spirals.test, 0, 40).x, [40, 2]);
    const std = () =>
      tf.tidy(() => tf.stack(m.forward(x, { training: false, probe: true }).probes.layers).dataSync());
    const before = Array.from(std());
    // stem.bn is read at layer 0; block 1's bn1 at layer 1.
    const run = m.params.bn.get('stage1.block1.bn1')!;
    run.variance.assign(tf.fill(run.variance.shape, 4));
    const after = Array.from(std());
    expect(after[0]).toBe(before[0]);
    // γ·(x − μ)/√(σ² + ε): the running variance 1 → 4 halves that layer's std.
    expect(after[1]! / before[1]!).toBeCloseTo(Math.sqrt((1 + 1e-5) / (4 + 1e-5)), 5);
    x.dispose();
    m.dispose();
  });

  it('JS: moving a batch norm’s running statistics moves the responses', () => {
    const graph = buildGraph(spec);
    const init = initialState(graph.nodes, 2);
    const plan = compilePlan(graph, 2, init.params, init.batchNorms);
    const state = createState(plan, init);
    const ws = createWorkspace(plan, 40);
    const probes = new Float64Array(plan.layers.length + 2 * plan.blocks.length);
    const x = rows(spirals.test, 0, 40).x;
    forward(state, ws, x, false, probes);
    const before = Array.from(probes);
    state.running[plan.norms.findIndex((b) => b.name === 'stage1.block1.bn1')]!.variance.fill(4);
    forward(state, ws, x, false, probes);
    expect(probes[0]).toBe(before[0]);
    expect(probes[1]! / before[1]!).toBeCloseTo(Math.sqrt((1 + 1e-5) / (4 + 1e-5)), 5);
  });

  it('both trainers read a fresh net through its initial running statistics (mean 0, variance 1)', async () => {
    // Oracle: stem.bn in inference mode is y = (xW − 0)/√(1 + ε) (γ 1, β 0), so its std is
    // std(xW)/√(1 + ε); training mode would normalise it to ≈ 1 instead.
    const host = rows(spirals.test, 0, 40);
    for (const t of [
      createTfjsTrainer('t', spec, 4, config({})),
      createJsMlpTrainer('j', spec, 4, config({})),
    ]) {
      const w = (await t.exportWeights())['stem.fc.weight']!;
      const y = Array.from({ length: 40 * 8 }, (_, k) => {
        const [i, j] = [Math.floor(k / 8), k % 8];
        return host.x[2 * i]! * w[j]! + host.x[2 * i + 1]! * w[8 + j]!;
      });
      const mean = y.reduce((a, v) => a + v, 0) / y.length;
      const std = Math.sqrt(y.reduce((a, v) => a + (v - mean) ** 2, 0) / y.length);
      const input = batchInput(host);
      const r = await t.responses(input);
      input.release();
      expect(r.layerStd[0]! / (std / Math.sqrt(1 + 1e-5))).toBeCloseTo(1, 5);
      expect(Math.abs(r.layerStd[0]! - 1)).toBeGreaterThan(0.05);
      t.dispose();
    }
  });

  it('a probing step’s responses do not depend on the minibatch it trained on, only on the weights', async () => {
    // Learning rate 0 and no batch norm: whatever the minibatches, the weights stay as they were.
    const plain: MlpSpec = mlp(6, 8, { shortcut: 'A', batchNorm: false });
    const other = makeToy({ kind: 'spirals', n: 300, noise: 0.3, testFraction: 0.2, seed: 9 });
    const factories: TrainerFactory[] = [
      createTfjsTrainer,
      (id, spec, seed, c) => createJsMlpTrainer(id, spec as MlpSpec, seed, c),
    ];
    for (const createTrainer of factories) {
      const responsesOn = async (train: typeof spirals.train) => {
        const s = createSession({
          runs: [{ id: 'r', spec: plain }],
          train,
          test: spirals.test,
          // Validation refuses a zero learning rate; the session takes it as given.
          config: { ...config({ momentum: 0, weightDecay: 0, steps: 2, probeStride: 1 }), learningRate: 0 },
          createTrainer,
        });
        const p = (await s.step()).results[0]!.probe!;
        s.dispose();
        return p;
      };
      const [a, b] = [await responsesOn(spirals.train), await responsesOn(other.train)];
      expect(Array.from(b.gradNorms)).not.toEqual(Array.from(a.gradNorms));
      expect(Array.from(b.layerStd)).toEqual(Array.from(a.layerStd));
      expect(Array.from(b.blockRatio)).toEqual(Array.from(a.blockRatio));
    }
  });

  it('a probing step measures the weights after its update', async () => {
    let trainer: Trainer | null = null;
    let held: BatchInput | null = null;
    const s = createSession({
      runs: [{ id: 'r', spec }],
      ...spirals,
      config: config({ learningRate: 0.1, steps: 2, probeStride: 1 }),
      createTrainer: (...args) => {
        const t = createJsMlpTrainer(...(args as Parameters<typeof createJsMlpTrainer>));
        trainer = { ...t, responses: (b) => ((held = b), t.responses(b)) } as Trainer;
        return trainer;
      },
    });
    const p = (await s.step()).results[0]!.probe!;
    const now = await trainer!.responses(held!);
    expect(Array.from(p.layerStd)).toEqual(Array.from(now.layerStd));
    s.dispose();
  });
});
