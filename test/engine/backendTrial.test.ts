/**
 * The backend chosen by measurement. Node has wasm and cpu for real (and no GPU), so the
 * first test measures a conv net on them as the Lab does; the rest give the trial backends
 * with set step times, to pin its rules: software GPUs passed over, slow backends screened
 * out by one small step, failures named.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { cifarNet } from '../../src/core/catalog';
import type { BackendName, StartResult } from '../../src/engine/backend';
import {
  measureBackends,
  SCREEN_BATCH,
  SCREEN_MARGIN,
  TIMED_STEPS,
  WARM_STEPS,
} from '../../src/engine/backendTrial';
import { sessionStepTimer } from '../../src/engine/stepTimer';
import { config, quadrantImages } from './helpers';

describe('measureBackends on this machine', () => {
  it('times a conv net on wasm and cpu, passes over the missing GPUs, and trains on the fastest', async () => {
    const data = quadrantImages(64, 8, 1, 5);
    const cfg = config({ batchSize: 16, steps: 10, seed: 3 });
    const spec = cifarNet(8, { input: 8, channels: 1, width: 4, classes: 4 });
    const { choice, msPerStep } = await measureBackends({
      batchSize: 16,
      timeSteps: sessionStepTimer({ runs: [{ id: 'net', spec }], train: data, test: data, config: cfg }),
    });
    const m = choice.measured!;
    expect(m.map((e) => e.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    expect(m[0]!.passedOver).toBe('webgpu is not available in this environment');
    expect(m[1]!.passedOver).toBe('webgl is not available in this environment');
    const timed = m.filter((e) => e.msPerStep !== undefined);
    expect(timed.length).toBeGreaterThan(0);
    // Every entry is either timed or passed over with a reason, never both.
    for (const e of m) expect(e.msPerStep === undefined).toBe(e.passedOver !== undefined);
    const fastest = timed.reduce((a, b) => (b.msPerStep! < a.msPerStep! ? b : a));
    expect(choice.backend).toBe(fastest.backend);
    expect(msPerStep).toBe(fastest.msPerStep);
    expect(tf.getBackend()).toBe(choice.backend);
    await tf.setBackend('cpu');
  });
});

/** Trial backends: each starts as told and steps at its set ms per example plus a fixed cost. */
function fakeMachine(
  backends: Partial<Record<BackendName, StartResult & { perExample?: number; fixed?: number }>>,
) {
  let active: BackendName | null = null;
  const calls: { backend: BackendName; batch: number; warm: number; timed: number }[] = [];
  return {
    calls,
    start: async (name: BackendName): Promise<StartResult> => {
      const b = backends[name] ?? { ok: false, reason: `${name} is not available in this environment` };
      if (b.ok) active = name;
      return b;
    },
    timeSteps: async (batch: number, warm: number, timed: number) => {
      const b = backends[active!]!;
      calls.push({ backend: active!, batch, warm, timed });
      if (b.perExample === undefined) throw new Error('unsupported kernel Conv2DBackpropFilter');
      return Array.from({ length: timed }, () => (b.fixed ?? 0) + b.perExample! * batch);
    },
  };
}

describe('measureBackends rules', () => {
  it('passes over a software GPU without timing it when wasm was timed', async () => {
    const m = fakeMachine({
      webgpu: { ok: true, software: 'SwiftShader', perExample: 0.1 },
      wasm: { ok: true, perExample: 3 },
      cpu: { ok: true, perExample: 100 },
    });
    const r = await measureBackends({ batchSize: 64, ...m });
    expect(r.choice.backend).toBe('wasm');
    expect(r.msPerStep).toBe(192);
    expect(m.calls.some((c) => c.backend === 'webgpu')).toBe(false);
    expect(r.choice.measured![0]).toEqual({
      backend: 'webgpu',
      software: 'SwiftShader',
      passedOver: 'runs on SwiftShader, a software GPU; passed over for a faster engine',
    });
  });

  it('times a software GPU where wasm cannot start, and may choose it over cpu', async () => {
    const m = fakeMachine({
      webgl: { ok: true, software: 'llvmpipe', perExample: 10, fixed: 50 },
      wasm: { ok: false, reason: 'wasm did not start (its .wasm binary did not load)' },
      cpu: { ok: true, perExample: 100 },
    });
    const r = await measureBackends({ batchSize: 8, ...m });
    expect(r.choice).toMatchObject({ backend: 'webgl', software: 'llvmpipe' });
    expect(r.msPerStep).toBe(130);
  });

  it('screens a later backend with one small step and skips its full timing when even that loses', async () => {
    const m = fakeMachine({ wasm: { ok: true, perExample: 3 }, cpu: { ok: true, perExample: 150 } });
    const r = await measureBackends({ batchSize: 64, ...m });
    expect(r.choice.backend).toBe('wasm');
    expect(m.calls).toEqual([
      { backend: 'wasm', batch: 64, warm: WARM_STEPS, timed: TIMED_STEPS },
      { backend: 'cpu', batch: SCREEN_BATCH, warm: 0, timed: 1 },
    ]);
    expect(r.choice.measured![3]).toEqual({
      backend: 'cpu',
      passedOver: `a ${SCREEN_BATCH}-example step took 300 ms, longer than wasm's whole step`,
    });
  });

  it('times a later backend in full when its small step is quicker, and chooses it if it is faster', async () => {
    const m = fakeMachine({
      wasm: { ok: true, perExample: 3, fixed: 10 },
      cpu: { ok: true, perExample: 1 },
    });
    const r = await measureBackends({ batchSize: 64, ...m });
    expect(r.choice.backend).toBe('cpu');
    expect(r.msPerStep).toBe(64);
    expect(r.choice.measured!.find((e) => e.backend === 'wasm')!.msPerStep).toBe(202);
  });

  it("scales a CPU backend's small step to the full batch and passes it over when that is far behind", async () => {
    // wasm: 192 ms a step. cpu at 7 ms an example: 14 ms for 2, about 448 ms for 64.
    const m = fakeMachine({ wasm: { ok: true, perExample: 3 }, cpu: { ok: true, perExample: 7 } });
    const r = await measureBackends({ batchSize: 64, ...m });
    expect(r.choice.backend).toBe('wasm');
    expect(m.calls.filter((c) => c.backend === 'cpu')).toEqual([
      { backend: 'cpu', batch: SCREEN_BATCH, warm: 0, timed: 1 },
    ]);
    expect(r.choice.measured![3]!.passedOver).toBe(
      `a 2-example step took 14 ms: about 448 ms for 64, over ${SCREEN_MARGIN}× wasm's step`,
    );
    // Within the margin (4 ms an example: about 256 ms) it is timed in full.
    const close = fakeMachine({ wasm: { ok: true, perExample: 3 }, cpu: { ok: true, perExample: 4 } });
    const again = await measureBackends({ batchSize: 64, ...close });
    expect(again.choice.measured![3]!.msPerStep).toBe(256);
  });

  it("never scales a GPU's small step: a GPU that is mostly fixed cost is timed in full and can win", async () => {
    const m = fakeMachine({
      webgpu: { ok: true, perExample: 0.1, fixed: 100 },
      webgl: { ok: true, perExample: 0.05, fixed: 60 },
    });
    const r = await measureBackends({ batchSize: 64, ...m, candidates: ['webgpu', 'webgl'] });
    expect(r.choice.backend).toBe('webgl');
    expect(r.msPerStep).toBe(63.2);
  });

  it('names a backend that fails while timing, and says why none could train when all fail', async () => {
    const m = fakeMachine({ wasm: { ok: true }, cpu: { ok: true, perExample: 5 } });
    const r = await measureBackends({ batchSize: 4, ...m });
    expect(r.choice.backend).toBe('cpu');
    expect(r.choice.measured![2]!.passedOver).toBe(
      'failed while timing: unsupported kernel Conv2DBackpropFilter',
    );
    const none = fakeMachine({ wasm: { ok: true }, cpu: { ok: true } });
    await expect(measureBackends({ batchSize: 4, ...none })).rejects.toThrow(
      /^no backend could train these networks: webgpu: webgpu is not available in this environment; .*cpu: failed while timing/,
    );
  });
});
