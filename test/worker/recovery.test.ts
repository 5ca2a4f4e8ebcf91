/**
 * A lost GPU device (issue 11 §2), in-process on tfjs-cpu standing in for the GPU: the host
 * rebuilds the session on the next backend from its last checkpoint, trains quietly back to
 * the last point the main thread holds, and goes on. Every point arrives exactly once, and
 * (both "backends" being the cpu here) the curves equal an uninterrupted session's bit for bit.
 */
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cifarNet } from '../../src/core/catalog';
import type { BackendChoice, BackendName } from '../../src/engine/backend';
import type { EngineHostDeps } from '../../src/worker/engineHost';
import type { CreateCommand, EngineEvent } from '../../src/worker/protocol';
import { recoveryOrder } from '../../src/worker/recovery';
import { createCmd, ctl, harness, isState, isType, pointsOf, range, tinyIdx } from './helpers';

const onCpu = async (name: BackendName): Promise<BackendChoice> => {
  await tf.setBackend('cpu');
  return { backend: name, fallbacks: [] };
};

/** A harness whose "webgpu" is the cpu, with a handle to lose its device. */
function gpuHarness(over: Partial<EngineHostDeps> = {}) {
  let lose: ((reason: string) => void) | null = null;
  const takeovers: BackendName[] = [];
  const h = harness({
    chooseBackend: () => onCpu('webgpu'),
    watchBackend: (choice, lost) => {
      if (choice.backend === 'webgpu') lose = lost;
    },
    startAfterLoss: async (lost, reason) => {
      takeovers.push(lost);
      const c = await onCpu('webgl');
      return { ...c, fallbacks: [{ backend: lost, reason }] };
    },
    settle: () => Promise.resolve(),
    ...over,
  });
  return { h, takeovers, lose: (reason: string) => lose!(reason) };
}

const convCmd = (over: Partial<CreateCommand> = {}) =>
  createCmd({
    runs: [
      { id: 'plain', spec: cifarNet(8, { input: 8, channels: 1, width: 2, classes: 10, shortcut: 'none' }) },
      { id: 'res', spec: cifarNet(8, { input: 8, channels: 1, width: 2, classes: 10 }) },
    ],
    data: { kind: 'idx', files: tinyIdx(40, 8) },
    config: { steps: 60, batchSize: 8, evalInterval: 10, probeStride: 0 },
    checkpointEvery: { steps: 20, seconds: 86_400 },
    ...over,
  });

const evalSteps = (events: EngineEvent[], run: string) =>
  events.flatMap((e) =>
    e.type === 'metrics' ? e.evals.filter((v) => v.run === run).map((v) => v.step) : [],
  );

async function uninterrupted(cmd: CreateCommand) {
  const h = harness({ chooseBackend: () => onCpu('cpu') });
  await h.send(cmd);
  await h.send(ctl('start'));
  await h.until(isState('done'));
  await h.send(ctl('dispose'));
  return h.events();
}

describe('a lost GPU device', () => {
  it('mid-run: the session is rebuilt on the next backend from its checkpoint and goes on, every point once, bit for bit', async () => {
    const { h, lose, takeovers } = gpuHarness();
    await h.send(convCmd());
    await h.send(ctl('start'));
    // Lost between two checkpoints, so some points come after the last one.
    await h.until(
      (e): e is EngineEvent =>
        e.type === 'metrics' && e.runs.some((p) => p.run === 'res' && p.steps.at(-1)! >= 26),
    );
    lose('the GPU device was lost (destroyed)');
    const recovered = await h.until(isType('recovered'));
    const done = await h.until(isState('done'));
    const events = h.events();
    expect(takeovers).toEqual(['webgpu']);
    expect(recovered).toMatchObject({
      reason: 'the GPU device was lost (destroyed)',
      lost: 'webgpu',
      backend: { backend: 'webgl', fallbacks: [{ backend: 'webgpu' }] },
      engines: { plain: 'tfjs', res: 'tfjs' },
      state: 'training',
    });
    // It went on from the last checkpoint before the loss, and back to the last point sent.
    const before = events.slice(0, events.indexOf(recovered));
    const lastCheckpoint = before.filter(isType('checkpoint')).at(-1)!;
    expect(recovered.resumedFrom).toBe(lastCheckpoint.checkpoint.step);
    expect(recovered.step).toBe(pointsOf(before, 'res').steps.at(-1));
    expect(recovered.step).toBeGreaterThan(recovered.resumedFrom);
    expect(done.step).toBe(60);
    // One notice, no error; each point and each evaluation exactly once.
    expect(events.filter(isType('recovered'))).toHaveLength(1);
    expect(events.filter(isType('error'))).toEqual([]);
    const reference = await uninterrupted(convCmd());
    for (const run of ['plain', 'res']) {
      const got = pointsOf(events, run);
      expect(got.steps).toEqual(range(1, 60));
      expect(evalSteps(events, run)).toEqual([10, 20, 30, 40, 50, 60]);
      expect(got.loss).toEqual(pointsOf(reference, run).loss);
    }
    await h.send(ctl('dispose'));
  });

  it('while paused, on the JS kernel: rebuilt from its weights as they are, still paused, then trains to the end', async () => {
    const { h, lose } = gpuHarness();
    const cmd = createCmd({ config: { steps: 40, batchSize: 32, evalInterval: 0, probeStride: 10 } });
    await h.send(cmd);
    for (let i = 0; i < 13; i++) await h.send(ctl('step'));
    lose('the GPU device was lost (unknown)');
    const recovered = await h.until(isType('recovered'));
    // JS-kernel weights live in memory: nothing to replay.
    expect(recovered).toMatchObject({ resumedFrom: 13, step: 13, state: 'paused', engines: { a: 'js' } });
    expect(h.events().at(-1)).toMatchObject({ type: 'progress', step: 13, state: 'paused' });
    await h.send(ctl('start'));
    await h.until(isState('done'));
    const got = pointsOf(h.events(), 'a');
    expect(got.steps).toEqual(range(1, 40));
    expect(got.loss).toEqual(pointsOf(await uninterrupted(cmd), 'a').loss);
    await h.send(ctl('dispose'));
  });

  it('with no backend to take over: the session stops with a device error that says why', async () => {
    const { h, lose } = gpuHarness({
      startAfterLoss: () => Promise.reject(new Error('no backend could take over: webgl did not start')),
    });
    await h.send(createCmd({ config: { steps: 5000, evalInterval: 0, probeStride: 0 } }));
    await h.send(ctl('start'));
    await h.until(isType('metrics'));
    lose('the GPU device was lost (unknown)');
    const stopped = await h.until(isState('stopped'));
    expect(h.events().find(isType('error'))).toMatchObject({
      kind: 'device',
      message:
        'the GPU device was lost (unknown); training stopped: no backend could take over: webgl did not start',
    });
    expect(pointsOf(h.events(), 'a').steps).toEqual(range(1, stopped.step));
    await h.send(ctl('step'));
    expect(h.events().at(-1)).toMatchObject({ type: 'error', kind: 'state' });
  });
});

describe('a restarted worker (CreateCommand.replayThrough)', () => {
  it('goes on from a checkpoint, trains quietly to the points already held, and is ready there', async () => {
    const cmd = convCmd({ checkpointEvery: { steps: 20, seconds: 86_400 } });
    const first = harness({ chooseBackend: () => onCpu('cpu') });
    await first.send(cmd);
    await first.send(ctl('start'));
    const cp = await first.until(
      (e): e is Extract<EngineEvent, { type: 'checkpoint' }> =>
        e.type === 'checkpoint' && e.checkpoint.step === 20,
    );
    await first.send(ctl('dispose'));

    const again = harness({ chooseBackend: () => onCpu('cpu') });
    await again.send({ ...cmd, resume: cp.checkpoint, replayThrough: 33 });
    const ready = await again.until(isType('ready'));
    expect(ready.step).toBe(33);
    expect(again.events().filter(isType('metrics'))).toEqual([]);
    await again.send(ctl('start'));
    await again.until(isState('done'));
    const reference = await uninterrupted(cmd);
    const got = pointsOf(again.events(), 'res');
    expect(got.steps).toEqual(range(34, 60));
    expect(got.loss).toEqual(pointsOf(reference, 'res').loss.slice(33));
    expect(evalSteps(again.events(), 'res')).toEqual([40, 50, 60]);
    await again.send(ctl('dispose'));
  });

  it('refuses a replay target before its checkpoint or past the steps, naming the field', async () => {
    const h = harness();
    await h.send(createCmd({ replayThrough: 31 }));
    expect(h.events().at(-1)).toMatchObject({ type: 'error', kind: 'spec', field: 'replayThrough' });
    await h.send(createCmd({ replayThrough: -1 }));
    expect(h.events().at(-1)).toMatchObject({ type: 'error', kind: 'spec', field: 'replayThrough' });
  });
});

describe('ping', () => {
  it('is answered at once, before the queued create is done, and whatever the session', async () => {
    const h = harness();
    const created = h.send(createCmd());
    await h.send({ type: 'ping', version: createCmd().version, sessionId: 'none' });
    expect(h.events().map((e) => e.type)).toEqual(['pong']);
    await created;
    expect(h.events().map((e) => e.type)).toEqual(['pong', 'ready']);
  });
});

describe('recoveryOrder', () => {
  const measured = (entries: BackendChoice['measured']): BackendChoice => ({
    backend: 'webgpu',
    fallbacks: [],
    measured: entries,
  });

  it('without a measurement: webgl, wasm, then cpu', () => {
    expect(recoveryOrder('webgpu', { backend: 'webgpu', fallbacks: [] })).toEqual(['webgl', 'wasm', 'cpu']);
    expect(recoveryOrder('webgl', { backend: 'webgl', fallbacks: [] })).toEqual(['wasm', 'cpu']);
  });

  it('the measured backends fastest first, never one the measurement passed over, cpu last', () => {
    const order = recoveryOrder(
      'webgpu',
      measured([
        { backend: 'webgpu', msPerStep: 10 },
        { backend: 'webgl', software: 'SwiftShader', passedOver: 'a software GPU' },
        { backend: 'wasm', msPerStep: 40 },
        { backend: 'cpu', msPerStep: 30 },
      ]),
    );
    expect(order).toEqual(['cpu', 'wasm']);
  });
});
