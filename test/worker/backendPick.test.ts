/**
 * How the worker picks a session's backend: a conv net on 'auto' is measured (here on the
 * real wasm and cpu backends), a toy net takes the first backend that starts, a forced
 * backend is used as asked; every session's warm step is timed, and the result is
 * remembered per network shape.
 */
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { loadSource } from '../../src/engine/datasets';
import { createBackendPicker } from '../../src/worker/backendPick';
import { validateCommand } from '../../src/worker/validateCommand';
import type { CheckedCreate } from '../../src/worker/validateCommand';
import { createCmd, ctl, harness, isType, tinyIdx } from './helpers';

afterEach(async () => {
  await tf.setBackend('cpu');
});

const convCmd = (over: Parameters<typeof createCmd>[0] = {}) =>
  createCmd({
    runs: [{ id: 'conv', spec: cifarNet(8, { input: 8, channels: 1, width: 2, classes: 10 }) }],
    data: { kind: 'idx', files: tinyIdx(30, 8) },
    config: { steps: 2, batchSize: 5, evalInterval: 0, probeStride: 0 },
    ...over,
  });

describe('the backend a session trains on', () => {
  it('a conv net on auto is measured on every backend and trains on the fastest', async () => {
    const h = harness();
    await h.send(convCmd());
    const ready = await h.until(isType('ready'));
    const measured = ready.backend.measured!;
    expect(measured.map((m) => m.backend)).toEqual(['webgpu', 'webgl', 'wasm', 'cpu']);
    const timed = measured.filter((m) => m.msPerStep !== undefined);
    const fastest = timed.reduce((a, b) => (b.msPerStep! < a.msPerStep! ? b : a));
    expect(ready.backend.backend).toBe(fastest.backend);
    expect(ready.msPerStep).toBe(fastest.msPerStep);
    expect(tf.getBackend()).toBe(fastest.backend);
    // The session then trains on it.
    await h.send(ctl('step'));
    expect(h.events().at(-1)).toMatchObject({ type: 'progress', step: 1, state: 'paused' });
    await h.send(ctl('dispose'));
  });

  it('a toy net on auto takes the first backend that starts, with its step timed', async () => {
    const h = harness();
    await h.send(createCmd({ runs: [{ id: 'a', spec: mlp(4, 8) }] }));
    const ready = await h.until(isType('ready'));
    expect(ready.backend.backend).toBe('cpu');
    expect(ready.backend.measured).toBeUndefined();
    expect(ready.msPerStep).toBeGreaterThan(0);
    await h.send(ctl('dispose'));
  });

  it('a forced backend is used as asked, unmeasured against the others', async () => {
    const h = harness();
    await h.send(convCmd({ backend: 'cpu' }));
    const ready = await h.until(isType('ready'));
    expect(ready.backend).toEqual({ backend: 'cpu', fallbacks: [] });
    expect(ready.msPerStep).toBeGreaterThan(0);
    await h.send(ctl('dispose'));
  });
});

describe('createBackendPicker', () => {
  const checked = (over: Parameters<typeof createCmd>[0] = {}) =>
    validateCommand(convCmd(over)) as CheckedCreate;

  it('remembers a measurement per network shape and measures again for another shape', async () => {
    const picker = createBackendPicker({ now: () => performance.now() });
    const cmd = checked();
    const data = await loadSource(cmd.data, async () => new Uint8Array());
    const first = await picker.pick(cmd, data);
    expect(await picker.pick(checked(), data)).toBe(first);
    const other = await picker.pick(
      checked({ config: { steps: 2, batchSize: 6, evalInterval: 0, probeStride: 0 } }),
      data,
    );
    expect(other).not.toBe(first);
    expect(other.choice.measured).toBeDefined();
    const wider = checked({
      runs: [{ id: 'conv', spec: cifarNet(8, { input: 8, channels: 1, width: 4, classes: 10 }) }],
    });
    expect(await picker.pick(wider, data)).not.toBe(first);
  });
});
