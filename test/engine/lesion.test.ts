/**
 * Deleting blocks (engine/lesion.ts, Veit et al. 2016). The edit is exact: a trained net with
 * one block deleted computes what its one-block-shorter twin computes with the same weights,
 * on both trainers. And the science: deleting one block of a trained residual MLP costs
 * less test error than deleting the same block of its plain twin (bridged with the identity).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { buildGraph } from '../../src/core/graph';
import type { NetSpec } from '../../src/core/netSpec';
import { makeToy } from '../../src/data/toy/makeToy';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { lesionedWeights, lesionEvaluations, lesionPlans } from '../../src/engine/lesion';
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import type { Trainer } from '../../src/engine/trainer';
import type { TrainConfig } from '../../src/core/trainConfig';
import type { MlpSpec } from '../../src/core/netSpec';
import { config, useCpu } from './helpers';

beforeAll(useCpu);

const spirals = () => makeToy({ kind: 'spirals', n: 400, noise: 0.1, testFraction: 0.25, seed: 11 });
const CONFIG = config({ steps: 300, batchSize: 32, optimizer: 'adam', learningRate: 0.01 });

/** Trains `t` for `steps` minibatches of `d.train` (the session's own loop, one run). */
async function trained(spec: NetSpec, make: (s: NetSpec) => Trainer, steps: number) {
  const d = spirals();
  const s = createSession({
    runs: [{ id: 'r', spec }],
    ...d,
    config: { ...CONFIG, steps },
    createTrainer: (id, sp) => make(sp),
  });
  for (let k = 0; k < steps; k++) await s.step();
  return { s, d };
}

const makers: [string, (spec: NetSpec, cfg: TrainConfig) => Trainer][] = [
  ['the fused JS kernel', (spec, cfg) => createJsMlpTrainer('r', spec as MlpSpec, 5, cfg)],
  ['tfjs', (spec, cfg) => createTfjsTrainer('r', spec, 5, cfg)],
];

describe('deleting a block', () => {
  for (const [engine, make] of makers)
    it(`leaves what the net one block shorter computes with the same weights (${engine})`, async () => {
      for (const shortcut of ['none', 'A'] as const) {
        const long = mlp(8, 12, { shortcut });
        const short = mlp(6, 12, { shortcut });
        let trainer: Trainer | undefined;
        const { s, d } = await trained(long, (sp) => (trainer = make(sp, CONFIG)), 60);
        const t8 = trainer!;
        const state = await t8.saveState();
        const cut = lesionedWeights(buildGraph(long), state.weights, ['stage1.block2']);
        // The twin: block 1 as it is, block 3 in the place of block 2.
        const t6 = make(short, CONFIG);
        const s6 = await t6.saveState();
        for (const name of Object.keys(s6.weights))
          s6.weights[name] = cut[name.replace('stage1.block2.', 'stage1.block3.')]!;
        t6.loadState(s6);
        t8.loadState({ ...state, weights: cut });
        const batch = { ...d.test, x: d.test.x, y: d.test.y };
        const [a, b] = [await t8.predict(batch), await t6.predict(batch)];
        let diff = 0;
        for (let i = 0; i < a.length; i++) diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
        expect(diff, `${shortcut}: largest probability difference`).toBeLessThan(2e-5);
        // And the edit touched a copy: the trained weights are as they were.
        expect(cut['stage1.block2.bn2.gamma']).not.toBe(state.weights['stage1.block2.bn2.gamma']);
        expect(state.weights['stage1.block1.conv1.weight']).toBe(cut['stage1.block1.conv1.weight']);
        t6.dispose();
        s.dispose();
      }
    });

  it('says which blocks cannot be deleted, and why', () => {
    const plans = lesionPlans(
      buildGraph(cifarNet(14, { input: 8, channels: 1, width: 4, classes: 4, shortcut: 'none' })),
    );
    expect(plans.map((p) => [p.block, p.downsampling, p.why ?? 'ok'])).toEqual([
      ['stage1.block1', false, 'ok'],
      ['stage1.block2', false, 'ok'],
      ['stage2.block1', true, 'it changes the shape (4→8 channels, stride 2), so no identity bridges it'],
      ['stage2.block2', false, 'ok'],
      ['stage3.block1', true, 'it changes the shape (8→16 channels, stride 2), so no identity bridges it'],
      ['stage3.block2', false, 'ok'],
    ]);
    const res = lesionPlans(
      buildGraph(cifarNet(14, { input: 8, channels: 1, width: 4, classes: 4, shortcut: 'A' })),
    );
    expect(res.every((p) => p.residual && !p.why)).toBe(true);
    expect(res.filter((p) => p.downsampling).map((p) => p.block)).toEqual(['stage2.block1', 'stage3.block1']);
    const bottleneck = lesionPlans(buildGraph(mlp(11, 16, { shortcut: 'none', block: 'bottleneck' })));
    expect(bottleneck[0]!.why).toMatch(/maps 16 to 4 features, which no identity does/);
  });
});

describe('the lesion study (Veit et al. 2016)', () => {
  it('a trained residual MLP loses less to one deleted block than its plain twin; the run is left as trained', async () => {
    const d = spirals();
    const s = createSession({
      runs: [
        { id: 'plain', spec: mlp(14, 16, { shortcut: 'none' }) },
        { id: 'res', spec: mlp(14, 16, { shortcut: 'A' }) },
      ],
      ...d,
      // One step more than it takes, so that the runs are still live to evaluate.
      config: { ...CONFIG, steps: CONFIG.steps + 1 },
    });
    for (let k = 0; k < CONFIG.steps; k++) await s.step();
    const before = await s.evaluate(true);
    const progress: number[] = [];
    const plain = (await s.lesion('plain', { seed: 1 }))!;
    const res = (await s.lesion('res', { seed: 1, onProgress: (done) => progress.push(done) }))!;
    // 6 blocks: the net, 6 singles, k = 1…5 × 3 seeds.
    expect(lesionEvaluations(lesionPlans(buildGraph(mlp(14, 16))))).toBe(1 + 6 + 15);
    expect(progress).toEqual(Array.from({ length: 22 }, (_, i) => i + 1));
    expect(res.random.map((r) => [r.k, r.errors.length])).toEqual([1, 2, 3, 4, 5].map((k) => [k, 3]));
    // The baseline is the test error the session's own evaluation gives.
    expect(res.baseline).toBeCloseTo(before.find((e) => e.run === 'res')!.testErr, 6);
    expect(plain.baseline).toBeCloseTo(before.find((e) => e.run === 'plain')!.testErr, 6);
    const cost = (r: typeof res) =>
      r.singles.reduce((n, b) => n + (b.error! - r.baseline), 0) / r.singles.length;
    expect(res.singles.every((b) => b.error !== null)).toBe(true);
    expect(plain.singles.every((b) => b.error !== null)).toBe(true);
    expect(cost(res)).toBeLessThan(cost(plain));
    // Put back as trained: the same evaluation again.
    expect(await s.evaluate(true)).toEqual(before);
    // And a cancelled study returns nothing and leaves the run as it was too.
    let asked = 0;
    expect(await s.lesion('res', { seed: 1, cancelled: () => ++asked > 3 })).toBeNull();
    expect(await s.evaluate(true)).toEqual(before);
    console.log(
      'lesion, mean test-error increase per deleted block: plain',
      cost(plain).toFixed(4),
      'residual',
      cost(res).toFixed(4),
      '| baselines',
      plain.baseline,
      res.baseline,
    );
    s.dispose();
  });
});
