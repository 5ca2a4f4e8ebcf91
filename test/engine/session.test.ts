import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { makeToy } from '../../src/data/toy/makeToy';
import { balancedSample } from '../../src/engine/balancedSample';
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { validateSpec } from '../../src/core/validate';
import { config, quadrantImages, useCpu } from './helpers';

beforeAll(useCpu);

const spirals = () => makeToy({ kind: 'spirals', n: 200, noise: 0.1, testFraction: 0.2, seed: 3 });
const tiny = (shortcut: 'none' | 'A' | 'B' | 'C', extra = {}) =>
  cifarNet(8, { input: 8, channels: 1, width: 4, classes: 4, shortcut, ...extra });

describe('the tfjs training loop', () => {
  const flatOver = async (s: ReturnType<typeof createSession>, steps: number) => {
    const first = await s.step();
    expect(first.stopped).toEqual([]);
    expect(first.results).toHaveLength(s.runs.length);
    const after1 = tf.memory().numTensors;
    const counts = new Set<number>();
    for (let i = 1; i < steps; i++) {
      const r = await s.step();
      expect(r.stopped).toEqual([]);
      expect(r.results).toHaveLength(s.runs.length);
      counts.add(tf.memory().numTensors);
    }
    s.dispose();
    return { after1, counts };
  };

  it('leaks no tensors: numTensors is flat over 200 steps once warmed up (every shortcut, pre-activation, probes, evals)', async () => {
    const d = spirals();
    const twoStage = (shortcut: 'none' | 'A' | 'B' | 'C', extra = {}) =>
      validateSpec({
        ...mlp(6, 8, { shortcut, ...extra }),
        stages: [
          { blocks: 1, width: 8, stride: 1 },
          { blocks: 1, width: 12, stride: 1 },
        ],
      });
    const s = createSession({
      runs: [
        { id: 'plain', spec: twoStage('none') },
        { id: 'A', spec: twoStage('A') },
        { id: 'B-pre', spec: twoStage('B', { activation: 'pre' }) },
        { id: 'C-nobn', spec: twoStage('C', { batchNorm: false }) },
      ],
      ...d,
      config: config({ steps: 200, batchSize: 16, learningRate: 0.02, probeStride: 7, evalInterval: 50 }),
      createTrainer: createTfjsTrainer,
    });
    const { after1, counts } = await flatOver(s, 200);
    expect([...counts]).toEqual([after1]);
  });

  it('leaks no tensors in conv nets either (strided option A, projections, max pool stem)', async () => {
    const s = createSession({
      runs: [
        { id: 'A', spec: tiny('A') },
        { id: 'B-pre', spec: tiny('B', { activation: 'pre' }) },
      ],
      train: quadrantImages(32, 8, 1, 1),
      test: quadrantImages(8, 8, 1, 2),
      config: config({
        steps: 30,
        batchSize: 4,
        learningRate: 0.02,
        probeStride: 4,
        evalInterval: 10,
        augment: true,
      }),
      createTrainer: createTfjsTrainer,
    });
    const { after1, counts } = await flatOver(s, 30);
    expect([...counts]).toEqual([after1]);
  });

  it('disposing a session frees every tensor it made', async () => {
    const before = tf.memory().numTensors;
    const d = spirals();
    const s = createSession({ runs: [{ id: 'a', spec: mlp(6, 8) }], ...d, config: config({ steps: 5 }) });
    for (let i = 0; i < 5; i++) await s.step();
    s.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('learns: a small residual conv net beats chance on the quadrant task within 30 steps', async () => {
    const s = createSession({
      runs: [{ id: 'A', spec: tiny('A') }],
      train: quadrantImages(64, 8, 1, 4),
      test: quadrantImages(64, 8, 1, 5),
      config: config({ steps: 30, batchSize: 8, learningRate: 0.05, evalInterval: 30 }),
    });
    let last;
    for (let i = 0; i < 30; i++) last = await s.step();
    expect(last!.evals[0]!.testErr).toBeLessThan(0.25); // chance is 0.75
    s.dispose();
  });

  it('records probes at the stride: one norm per tensor, one std and ratio per block', async () => {
    const d = spirals();
    const s = createSession({
      runs: [
        { id: 'r', spec: mlp(10, 8) },
        { id: 'p', spec: mlp(10, 8, { shortcut: 'none' }) },
      ],
      ...d,
      config: config({ steps: 10, probeStride: 4 }),
    });
    const probed: number[] = [];
    for (let i = 0; i < 10; i++) {
      const st = await s.step();
      for (const r of st.results) if (r.probe) probed.push(r.probe.step);
      const p = st.results[0]!.probe;
      if (p) {
        const layout = s.runs[0]!.layout;
        expect(p.gradNorms).toHaveLength(layout.params.length);
        expect(p.blockStd).toHaveLength(4);
        expect(p.blockRatio).toHaveLength(4);
        expect(p.weightNorms).toHaveLength(layout.weights.length);
        expect(Array.from(p.gradNorms).every((g) => g > 0 && Number.isFinite(g))).toBe(true);
        // A block's gradient norm is √(Σ‖g‖²) of its tensors.
        const b1 = layout.params.flatMap((q, j) =>
          q.block === layout.blocks[0] ? [p.gradNorms[j]! ** 2] : [],
        );
        expect(p.blockGradNorms[0]).toBeCloseTo(Math.sqrt(b1.reduce((a, b) => a + b, 0)), 5);
      }
    }
    expect(probed).toEqual([1, 1, 5, 5, 9, 9]);
    s.dispose();
  });
});

describe('side by side', () => {
  it('on the cpu backend the same config and seed give bit-identical metrics, run by run', async () => {
    type Setup = Pick<Parameters<typeof createSession>[0], 'runs' | 'train' | 'test'>;
    /** Every number each run reported, by run id. */
    const runOnce = async (setup: Setup) => {
      const s = createSession({
        ...setup,
        config: config({ steps: 12, batchSize: 8, augment: true, probeStride: 3, evalInterval: 6 }),
      });
      const out = new Map<string, number[]>(setup.runs.map((r) => [r.id, []]));
      for (let i = 0; i < 12; i++) {
        const st = await s.step();
        for (const r of st.results)
          out
            .get(r.record.run)!
            .push(
              r.record.loss,
              r.record.trainErr,
              ...(r.probe ? [...r.probe.gradNorms, ...r.probe.weightNorms, ...r.probe.layerStd] : []),
            );
        for (const e of st.evals) out.get(e.run)!.push(e.testErr, e.trainErr);
      }
      s.dispose();
      return out;
    };
    const images: Setup = {
      runs: [
        { id: 'A', spec: tiny('A') },
        { id: 'B-pre', spec: tiny('B', { activation: 'pre' }) },
        { id: 'plain', spec: tiny('none') },
      ],
      train: quadrantImages(48, 8, 1, 9),
      test: quadrantImages(16, 8, 1, 10),
    };
    // Toy MLPs train on the fused JS kernel, the conv nets on tfjs: both must be deterministic.
    const toy: Setup = {
      runs: [
        { id: 'mlp-res', spec: mlp(6, 8) },
        { id: 'mlp-plain', spec: mlp(6, 8, { shortcut: 'none' }) },
      ],
      ...spirals(),
    };
    for (const setup of [images, toy]) {
      const a = await runOnce(setup);
      const b = await runOnce(setup);
      expect([...b.keys()]).toEqual(setup.runs.map((r) => r.id));
      for (const [id, values] of a) {
        // 12 steps × (loss, error), 4 probes, 2 evaluations.
        expect(values.length, id).toBeGreaterThan(24 + 4);
        expect(b.get(id), id).toEqual(values);
      }
    }
  });

  it('runs in a session see identical minibatches: identical specs and seeds give identical runs', async () => {
    const d = spirals();
    const spec = mlp(6, 8);
    const s = createSession({
      runs: [
        { id: 'x', spec, seed: 5 },
        { id: 'y', spec, seed: 5 },
        { id: 'z', spec, seed: 6 },
      ],
      ...d,
      config: config({ steps: 8 }),
    });
    for (let i = 0; i < 8; i++) {
      const [x, y, z] = (await s.step()).results.map((r) => r.record.loss);
      expect(y).toBe(x);
      expect(z).not.toBe(x);
    }
    s.dispose();
  });

  it('a diverging run stops with a reason while the others go on', async () => {
    const d = spirals();
    const s = createSession({
      runs: [
        { id: 'wild', spec: mlp(12, 16, { shortcut: 'none', batchNorm: false }) },
        { id: 'calm', spec: mlp(6, 8) },
      ],
      ...d,
      config: config({ steps: 30, optimizer: 'sgd', learningRate: 10, momentum: 0.9 }),
      createTrainer: createTfjsTrainer,
    });
    const stopped: { run: string; reason: string }[] = [];
    let calmSteps = 0;
    for (let i = 0; i < 30; i++) {
      const st = await s.step();
      stopped.push(...st.stopped);
      calmSteps += st.results.filter((r) => r.record.run === 'calm').length;
    }
    expect(stopped.map((x) => x.run)).toEqual(['wild']);
    expect(stopped[0]!.reason).toMatch(
      /^diverged at step \d+: the (loss|gradient of \S+) is (NaN|-?Infinity); the learning rate may be too high$/,
    );
    expect(s.runs.map((r) => r.status)).toEqual(['diverged', 'done']);
    expect(calmSteps).toBe(30);
    s.dispose();
  });

  it('refuses more than four runs and duplicate ids', () => {
    const d = spirals();
    const run = (id: string) => ({ id, spec: mlp(4, 4) });
    expect(() =>
      createSession({ runs: ['a', 'b', 'c', 'd', 'e'].map(run), ...d, config: config({}) }),
    ).toThrow(/1\.\.4 runs/);
    expect(() => createSession({ runs: [run('a'), run('a')], ...d, config: config({}) })).toThrow(/unique/);
  });
});

describe('evaluation', () => {
  it('scores a fixed class-balanced sample at intervals and both splits whole at the end, reporting progress', async () => {
    await useCpu();
    const d = spirals();
    const progress: { full: boolean; done: number; total: number }[] = [];
    const sampled = createSession({
      runs: [
        { id: 'a', spec: mlp(6, 8) },
        { id: 'b', spec: mlp(6, 8, { shortcut: 'none' }) },
      ],
      ...d,
      config: config({ steps: 4, evalInterval: 2 }),
      evalSample: 8,
      onEvaluate: (p) => progress.push(p),
    });
    expect(sampled.evalSize(false)).toBe(16);
    expect(sampled.evalSize(true)).toBe(200);
    const evals = [];
    for (let i = 0; i < 4; i++) evals.push(...(await sampled.step()).evals);
    sampled.dispose();
    const whole = createSession({
      runs: [{ id: 'a', spec: mlp(6, 8) }],
      ...d,
      config: config({ steps: 4, evalInterval: 2 }),
    });
    const wholeEvals = [];
    for (let i = 0; i < 4; i++) wholeEvals.push(...(await whole.step()).evals);
    whole.dispose();
    // At step 2 each split was scored on its 8-example sample: errors are multiples of 1/8.
    for (const e of evals.filter((x) => x.step === 2)) {
      expect(e.testErr * 8).toBeCloseTo(Math.round(e.testErr * 8), 10);
      expect(e.trainErr * 8).toBeCloseTo(Math.round(e.trainErr * 8), 10);
    }
    // At the end both scored all 160 training and 40 test points, and agree exactly with a
    // session that never sampled.
    const lastA = evals.find((e) => e.step === 4 && e.run === 'a')!;
    expect(lastA.trainErr).toBe(wholeEvals[1]!.trainErr);
    expect(lastA.testErr).toBe(wholeEvals[1]!.testErr);
    // Progress: the interim evaluation counts to 2 runs × 16, the final one to 2 runs × 200.
    expect(progress.filter((p) => !p.full).at(-1)).toEqual({ full: false, done: 32, total: 32 });
    expect(progress.at(-1)).toEqual({ full: true, done: 400, total: 400 });
  });

  it('draws the interim sample class-balanced from each split', async () => {
    const d = spirals();
    const idx = balancedSample(d.train, 5, 20);
    const classes = Array.from(idx, (i) => d.train.y[i]!);
    expect(classes.filter((c) => c === 0)).toHaveLength(10);
    expect(classes.filter((c) => c === 1)).toHaveLength(10);
    expect(new Set(idx).size).toBe(20);
  });
});
