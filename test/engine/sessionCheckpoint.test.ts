/**
 * A session checkpointed at step k and restored into a fresh session goes on exactly as the
 * uninterrupted one: the same records, probes and evaluations, bit for bit, on the cpu.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import type { TrainConfig } from '../../src/core/trainConfig';
import type { Dataset } from '../../src/data/dataset';
import { makeToy } from '../../src/data/toy/makeToy';
import { createSession } from '../../src/engine/session';
import type { RunSetup, SessionStep } from '../../src/engine/session';
import type { SessionCheckpoint } from '../../src/engine/sessionCheckpoint';
import { config, quadrantImages, useCpu } from './helpers';

beforeAll(useCpu);

interface Setup {
  runs: RunSetup[];
  train: Dataset;
  test: Dataset;
  config: TrainConfig;
}

/** Everything a step reports, with floats as their bit patterns so -0 and NaN compare too. */
const bits = (s: SessionStep) =>
  JSON.stringify(s, (_, v: unknown) =>
    typeof v === 'number' ? `${v}:${new Uint32Array(new Float64Array([v]).buffer).join('.')}` : v,
  );

/** Steps a fresh session to `to`; reports the steps from `from` on and a checkpoint taken at `from`. */
async function stepsOf(setup: Setup, from: number, to: number) {
  const s = createSession(setup);
  const out: string[] = [];
  let saved: SessionCheckpoint | undefined;
  for (let k = 0; k < to; k++) {
    const r = await s.step();
    if (k >= from) out.push(bits(r));
    if (k + 1 === from) {
      const cp = await s.checkpoint();
      saved = structuredClone(cp);
      // The checkpoint is a copy: overwriting it (as a transfer detaches it) leaves the run be.
      for (const r of cp.runs) {
        for (const a of Object.values(r.state?.weights ?? {})) a.fill(7);
        for (const list of r.state?.slots ?? []) for (const a of list) a.fill(7);
      }
    }
  }
  s.dispose();
  return { out, saved };
}

async function expectResumedEqual(setup: Setup, at: number) {
  const total = setup.config.steps;
  const whole = await stepsOf(setup, at, total);
  // Through a structured clone, as the checkpoint reaches IndexedDB and comes back.
  const fresh = createSession(setup);
  fresh.restore(structuredClone(whole.saved!));
  expect(fresh.stepCount).toBe(at);
  const after: string[] = [];
  for (let k = at; k < total; k++) after.push(bits(await fresh.step()));
  fresh.dispose();
  expect(after).toHaveLength(total - at);
  expect(after).toEqual(whole.out);
}

describe('a restored checkpoint', () => {
  const spirals = () => makeToy({ kind: 'spirals', n: 200, noise: 0.1, testFraction: 0.2, seed: 3 });

  it('goes on bit for bit: MLPs on the fused JS kernel, SGD and Adam, probes and evaluations', async () => {
    const d = spirals();
    await expectResumedEqual(
      {
        runs: [
          { id: 'plain', spec: mlp(6, 8) },
          { id: 'res', spec: mlp(6, 8, { shortcut: 'A' }) },
        ],
        ...d,
        config: config({ steps: 40, batchSize: 16, probeStride: 3, evalInterval: 10 }),
      },
      17,
    );
    await expectResumedEqual(
      {
        runs: [{ id: 'adam', spec: mlp(4, 8, { shortcut: 'B' }) }],
        ...d,
        config: config({ steps: 30, batchSize: 16, optimizer: 'adam', learningRate: 0.01 }),
      },
      11,
    );
  });

  it('goes on bit for bit: conv nets on tfjs with augmentation, batch norm and a warm-up schedule', async () => {
    const train = quadrantImages(96, 8, 1, 5);
    const test = quadrantImages(40, 8, 1, 6);
    const net = (shortcut: 'none' | 'A' | 'B') =>
      cifarNet(8, { input: 8, channels: 1, width: 4, classes: 4, shortcut });
    await expectResumedEqual(
      {
        runs: [
          { id: 'plain', spec: net('none') },
          { id: 'A', spec: net('A') },
          { id: 'B', spec: net('B') },
        ],
        train,
        test,
        config: config({
          steps: 14,
          batchSize: 16,
          augment: true,
          probeStride: 4,
          evalInterval: 6,
          schedule: { kind: 'warmup', warmupLr: 0.01, untilError: 0.6 },
        }),
      },
      7,
    );
  });

  it('refuses, naming why, a checkpoint of other runs, past the end, or with state missing, and leaves the session unchanged', async () => {
    const d = spirals();
    const setup = {
      runs: [{ id: 'r', spec: mlp(4, 8) }],
      ...d,
      config: config({ steps: 10, batchSize: 16 }),
    };
    const { saved } = await stepsOf(setup, 4, 4);
    const cp = saved!;
    const refusal = (edit: (c: SessionCheckpoint) => void) => {
      const c = structuredClone(cp);
      edit(c);
      const s = createSession(setup);
      try {
        s.restore(c);
        return 'accepted';
      } catch (e) {
        expect(s.stepCount).toBe(0);
        return (e as Error).message;
      } finally {
        s.dispose();
      }
    };
    expect(refusal(() => {})).toBe('accepted');
    expect(refusal((c) => (c.runs[0]!.id = 'q'))).toMatch(/holds runs q, this session r/);
    expect(refusal((c) => (c.step = 11))).toMatch(/step 11, outside 0\.\.10/);
    expect(refusal((c) => (c.runs[0]!.state = null))).toMatch(/run r is training but has no state/);
    expect(
      refusal((c) => {
        const w = c.runs[0]!.state!.weights;
        const name = Object.keys(w)[0]!;
        w[name] = new Float32Array(3);
      }),
    ).toMatch(/length|3/);
    const s = createSession(setup);
    await s.step();
    expect(() => s.restore(cp)).toThrow(/already taken 1 steps/);
    s.dispose();
  });
});
