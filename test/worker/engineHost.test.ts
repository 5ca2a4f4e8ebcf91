import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { METRICS_INTERVAL_MS, PROGRESS_INTERVAL_MS, PROTOCOL_VERSION } from '../../src/worker/protocol';
import {
  createCmd,
  ctl,
  harness,
  isState,
  isType,
  nextTurn,
  pointsOf,
  range,
  steppedClock,
  tinyIdx,
} from './helpers';

describe('create', () => {
  it('answers with ready: the cpu backend, why webgpu and webgl were passed over, layouts and data sizes', async () => {
    const h = harness();
    await h.send(
      createCmd({
        runs: [
          { id: 'res', spec: mlp(4, 8) },
          { id: 'plain', spec: mlp(4, 8, { shortcut: 'none' }) },
        ],
      }),
    );
    const ready = await h.until(isType('ready'));
    expect(ready.sessionId).toBe('s1');
    expect(ready.backend).toEqual({
      backend: 'cpu',
      fallbacks: [
        { backend: 'webgpu', reason: 'webgpu is not available in this environment' },
        { backend: 'webgl', reason: 'webgl is not available in this environment' },
      ],
    });
    expect(ready.layouts.map((l) => l.run)).toEqual(['res', 'plain']);
    expect(ready.layouts[0]!.blocks.length).toBe(1);
    // Toy MLPs train on the fused JS kernel.
    expect(ready.engines).toEqual({ res: 'js', plain: 'js' });
    expect(ready.trainSize + ready.testSize).toBe(200);
    expect(ready.dataLabel).toMatch(/^spirals/);
    expect(ready.inputShape).toEqual([2]);
    expect(ready.numClasses).toBe(2);
    expect(ready.config.steps).toBe(30);
    expect(ready.config.momentum).toBe(0.9); // a default filled in
    expect(h.events()).toHaveLength(1);
    await h.send(ctl('dispose'));
  });

  it('trains a conv net on tfjs', async () => {
    const h = harness();
    await h.send(
      createCmd({
        runs: [{ id: 'conv', spec: cifarNet(8, { input: 8, channels: 1, width: 2, classes: 10 }) }],
        data: { kind: 'idx', files: tinyIdx(30, 8) },
        config: { steps: 2, batchSize: 5, evalInterval: 0, probeStride: 0 },
      }),
    );
    const ready = await h.until(isType('ready'));
    expect(ready.inputShape).toEqual([8, 8, 1]);
    expect(ready.engines).toEqual({ conv: 'tfjs' });
    await h.send(ctl('step'));
    expect(h.events().at(-1)).toMatchObject({ type: 'progress', step: 1, state: 'paused' });
    await h.send(ctl('dispose'));
  });

  it('refuses a bad spec naming the field, and stays usable', async () => {
    const h = harness();
    const bad = { ...mlp(4, 8), stages: [{ blocks: 1, width: 0, stride: 1 }] };
    await h.send(
      createCmd({
        runs: [
          { id: 'a', spec: mlp(4, 8) },
          { id: 'b', spec: bad },
        ],
      }),
    );
    const err = await h.until(isType('error'));
    expect(err).toMatchObject({
      kind: 'spec',
      command: 'create',
      sessionId: 's1',
      run: 'b',
      field: 'runs[1].spec.stages[0].width',
    });
    expect(err.message).toMatch(/^run b: stages\[0\]\.width: must be an integer in 1\.\.8192/);
    await h.send(createCmd());
    await h.until(isType('ready'));
    await h.send(ctl('step'));
    const p = await h.until(isType('progress'));
    expect(p).toMatchObject({ step: 1, state: 'paused' });
    await h.send(ctl('dispose'));
  });

  it('refuses a spec that does not fit the data, and a bad training option, naming the field', async () => {
    const h = harness();
    await h.send(createCmd({ runs: [{ id: 'a', spec: mlp(4, 8, { inputSize: 3 }) }] }));
    await h.send(createCmd({ runs: [{ id: 'a', spec: mlp(4, 8, { classes: 5 }) }] }));
    await h.send(createCmd({ config: { learningRate: -1 } }));
    await h.send(createCmd({ config: { stpes: 3 } as never }));
    expect(h.events().map((e) => (e.type === 'error' ? [e.kind, e.field] : e.type))).toEqual([
      ['spec', 'runs[0].spec.inputSize'],
      ['spec', 'runs[0].spec.classes'],
      ['spec', 'config.learningRate'],
      ['spec', 'config.stpes'],
    ]);
  });

  it('refuses bad data: a toy out of range, and files that are not IDX (DataFormatError)', async () => {
    const h = harness();
    await h.send(
      createCmd({ data: { kind: 'toy', toy: 'spirals', n: 1, noise: 0.1, testFraction: 0.2, seed: 1 } }),
    );
    await h.send(
      createCmd({
        data: {
          kind: 'idx',
          files: [
            { name: 'train-images-idx3-ubyte', bytes: new Uint8Array([1, 2, 3]) },
            { name: 'train-labels-idx1-ubyte', bytes: new Uint8Array([4, 5, 6]) },
          ],
        },
      }),
    );
    const [toy, idx] = h.events();
    expect(toy).toMatchObject({ type: 'error', kind: 'data', field: 'data.n' });
    expect(idx).toMatchObject({ type: 'error', kind: 'data', field: 'data' });
    expect((idx as { message: string }).message).toMatch(/train-images-idx3-ubyte/);
  });

  it('fetches shipped data relative to the baseUrl of the command', async () => {
    const asked: [string, string | undefined][] = [];
    const h = harness({
      fetchBytes: async (path, base) => {
        asked.push([path, base]);
        throw new Error('offline');
      },
    });
    await h.send(createCmd({ data: { kind: 'fashion', limit: 10 }, baseUrl: 'https://example.org/lab/' }));
    expect(asked[0]).toEqual(['data/fashion-mnist/manifest.json', 'https://example.org/lab/']);
    expect(h.events()[0]).toMatchObject({ type: 'error', kind: 'data', message: 'offline' });
  });

  it('a create that is refused leaves the current session as it was', async () => {
    const h = harness();
    await h.send(createCmd());
    await h.send(createCmd({ sessionId: 's2', config: { steps: 0 } }));
    expect(h.events().at(-1)).toMatchObject({ type: 'error', field: 'config.steps' });
    await h.send(ctl('step'));
    expect(h.events().at(-1)).toMatchObject({ type: 'progress', sessionId: 's1', step: 1 });
    await h.send(ctl('dispose'));
  });
});

describe('the protocol boundary', () => {
  it('refuses a command of another protocol version, clearly', async () => {
    const h = harness();
    await h.send({ ...createCmd(), version: PROTOCOL_VERSION + 1 });
    const err = h.events()[0];
    expect(err).toMatchObject({ type: 'error', kind: 'protocol', field: 'version', command: 'create' });
    expect((err as { message: string }).message).toMatch(
      new RegExp(`protocol version ${PROTOCOL_VERSION + 1} .*speaks version ${PROTOCOL_VERSION}`),
    );
  });

  it('answers unknown types, non-objects and commands for no session with errors, never a throw', async () => {
    const h = harness();
    await h.send({ type: 'explode', version: PROTOCOL_VERSION, sessionId: 's1' });
    await h.send(null);
    await h.send('start');
    await h.send(ctl('start'));
    expect(h.events().map((e) => e.type === 'error' && e.kind)).toEqual([
      'protocol',
      'protocol',
      'protocol',
      'state',
    ]);
    expect(h.events()[3]).toMatchObject({
      message: expect.stringMatching(/no session s1 here .*none is open/),
    });
  });
});

describe('training', () => {
  it('streams new points only, in transferred typed arrays, at most one metrics event per 33 ms', async () => {
    // 7 ms of host time per step: a metrics event about every 5 steps, a progress event every 36.
    const clock = steppedClock(7);
    const h = harness(clock);
    await h.send(
      createCmd({
        runs: [
          { id: 'res', spec: mlp(4, 8) },
          { id: 'plain', spec: mlp(4, 8, { shortcut: 'none' }) },
        ],
      }),
    );
    await h.until(isType('ready'));
    const from = h.mark();
    const t0 = clock.now();
    await h.send(ctl('start'));
    const done = await h.until(isState('done'), from);
    const elapsed = clock.now() - t0;
    expect(done).toMatchObject({ step: 30, totalSteps: 30 });
    expect(done.stepsPerSecond).toBeGreaterThan(0);

    const metrics = h.metrics(from);
    for (const run of ['res', 'plain']) {
      const { steps, loss } = pointsOf(h.events(), run);
      expect(steps).toEqual(range(1, 30)); // strictly increasing, no duplicates, none missing
      expect(loss.every(Number.isFinite)).toBe(true);
    }
    for (const { event, transfer } of metrics) {
      const arrays = [
        ...event.runs.flatMap((r) => [r.steps, r.loss, r.trainErr, r.learningRate]),
        ...event.probes.flatMap((p) => [
          p.gradNorms,
          p.blockGradNorms,
          p.layerStd,
          p.blockStd,
          p.blockRatio,
          p.weightNorms,
        ]),
      ];
      for (const a of arrays) expect(transfer).toContain(a.buffer);
      expect(new Set(transfer).size).toBe(transfer.length);
      for (const r of event.runs) {
        expect(r.steps).toBeInstanceOf(Int32Array);
        expect([r.loss.length, r.trainErr.length, r.learningRate.length]).toEqual([
          r.steps.length,
          r.steps.length,
          r.steps.length,
        ]);
      }
    }
    // While training, each metrics event comes at least an interval after the one before;
    // only the last, the flush when training is done, may come sooner.
    const times = [t0, ...metrics.map((m) => m.at)];
    expect(metrics.length).toBeGreaterThan(3);
    for (let i = 1; i < times.length - 1; i++)
      expect(times[i]! - times[i - 1]!, `metrics event ${i}`).toBeGreaterThanOrEqual(METRICS_INTERVAL_MS);
    expect(metrics.length).toBeLessThanOrEqual(elapsed / METRICS_INTERVAL_MS + 1);
    // Progress: one at the start, one per interval, one when done.
    const progress = h.log.slice(from).filter((p) => p.event.type === 'progress');
    expect(progress.length).toBeLessThanOrEqual(elapsed / PROGRESS_INTERVAL_MS + 2);
    // Probes every 10 steps from step 1; one evaluation at the end (evalInterval 0).
    const probes = metrics.flatMap((m) => m.event.probes).filter((p) => p.run === 'res');
    expect(probes.map((p) => p.step)).toEqual([1, 11, 21]);
    expect(metrics.flatMap((m) => m.event.evals).map((e) => [e.run, e.step])).toEqual([
      ['res', 30],
      ['plain', 30],
    ]);
    await h.send(ctl('dispose'));
  });

  it('batches many steps into one metrics event when steps are faster than the interval', async () => {
    // 1 ms of host time per step, counted from the yield after step 1: the first metrics
    // event comes after step 34 (t = 33 ms), the rest of the 60 with the done flush.
    const clock = steppedClock(1);
    const h = harness(clock);
    await h.send(createCmd({ config: { steps: 60, batchSize: 16, evalInterval: 0, probeStride: 0 } }));
    const from = h.mark();
    const t0 = clock.now();
    await h.send(ctl('start'));
    await h.until(isState('done'), from);
    const metrics = h.metrics(from);
    const sizes = metrics.map((m) => m.event.runs[0]!.steps.length);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(60);
    expect(sizes).toEqual([34, 26]);
    expect(metrics.length).toBeLessThanOrEqual((clock.now() - t0) / METRICS_INTERVAL_MS + 1);
    expect(pointsOf(h.events(), 'a').steps).toEqual(range(1, 60));
    await h.send(ctl('dispose'));
  });

  it('pause stops stepping, step advances exactly one, resume goes on without repeats, stop ends it', async () => {
    const clock = steppedClock(1);
    const h = harness(clock);
    await h.send(createCmd({ config: { steps: 5000, batchSize: 32, evalInterval: 0, probeStride: 0 } }));
    await h.send(ctl('start'));
    await h.until(isType('metrics'));
    await h.send(ctl('pause'));
    const paused = h.events().at(-1)!;
    expect(paused).toMatchObject({ type: 'progress', state: 'paused' });
    const at = (paused as { step: number }).step;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(5000);
    // Every point up to the pause has been sent by the time it is confirmed.
    expect(pointsOf(h.events(), 'a').steps).toEqual(range(1, at));

    // Paused, no loop runs: over turns of the event loop in which a live one would step,
    // nothing is posted and the loop never yields; nor does the step command's own step.
    const quiet = h.mark();
    const yields = clock.yields();
    for (let i = 0; i < 5; i++) await nextTurn();
    expect(h.mark()).toBe(quiet);
    expect(clock.yields()).toBe(yields);

    await h.send(ctl('step'));
    expect(clock.yields()).toBe(yields);
    const after = h.events().slice(quiet);
    expect(after.map((e) => e.type)).toEqual(['metrics', 'progress']);
    expect([...(after[0] as { runs: { steps: Int32Array }[] }).runs[0]!.steps]).toEqual([at + 1]);
    expect(after[1]).toMatchObject({ state: 'paused', step: at + 1 });

    const resumed = h.mark();
    await h.send(ctl('resume'));
    await h.until(isType('metrics'), resumed);
    await h.send(ctl('stop'));
    const stopped = h.events().at(-1) as { step: number; state: string };
    expect(stopped.state).toBe('stopped');
    expect(pointsOf(h.events(), 'a').steps).toEqual(range(1, stopped.step));

    await h.send(ctl('start'));
    await h.send(ctl('step'));
    expect(h.events().slice(-2)).toMatchObject([
      { type: 'error', kind: 'state', command: 'start' },
      { type: 'error', kind: 'state', command: 'step' },
    ]);
    await h.send(ctl('dispose'));
  });

  it('refuses step while training', async () => {
    const h = harness();
    await h.send(createCmd({ config: { steps: 5000, probeStride: 0, evalInterval: 0 } }));
    await h.send(ctl('start'));
    await h.send(ctl('step'));
    expect(h.events().find((e) => e.type === 'error')).toMatchObject({
      kind: 'state',
      message: 'step: pause the training first',
    });
    await h.send(ctl('dispose'));
  });

  it('reset re-creates the session from the same seeds: bit-identical losses', async () => {
    const h = harness();
    await h.send(createCmd());
    await h.send(ctl('start'));
    await h.until(isState('done'));
    const first = pointsOf(h.events(), 'a').loss;

    const from = h.mark();
    await h.send(ctl('reset'));
    await h.until(isType('ready'), from);
    await h.send(ctl('start'));
    await h.until(isState('done'), from);
    const second = pointsOf(h.events().slice(from), 'a').loss;
    expect(second).toHaveLength(30);
    expect(new Uint32Array(second.buffer)).toEqual(new Uint32Array(first.buffer));
    await h.send(ctl('dispose'));
  });

  it('a diverging run stops with a reason while the other finishes', async () => {
    const h = harness();
    await h.send(
      createCmd({
        runs: [
          { id: 'wild', spec: mlp(12, 16, { shortcut: 'none', batchNorm: false }) },
          { id: 'calm', spec: mlp(6, 8) },
        ],
        config: { steps: 30, learningRate: 10, momentum: 0.9, evalInterval: 0, probeStride: 0 },
      }),
    );
    await h.send(ctl('start'));
    const done = await h.until(isState('done'));
    expect(done.step).toBe(30);
    const stops = h.events().filter(isType('runStopped'));
    expect(stops).toHaveLength(1);
    expect(stops[0]).toMatchObject({
      run: 'wild',
      status: 'diverged',
      reason: expect.stringMatching(/^diverged at step \d+/),
    });
    const wild = pointsOf(h.events(), 'wild').steps;
    expect(wild).toEqual(range(1, stops[0]!.step - 1));
    expect(pointsOf(h.events(), 'calm').steps).toEqual(range(1, 30));
    await h.send(ctl('dispose'));
  });

  it('dispose frees every tensor the session made', async () => {
    const h = harness();
    await tf.ready();
    const before = tf.memory().numTensors;
    await h.send(createCmd());
    await h.send(ctl('start'));
    await h.until(isState('done'));
    await h.send(ctl('dispose'));
    expect(tf.memory().numTensors).toBe(before);
    await h.send(ctl('step'));
    expect(h.events().at(-1)).toMatchObject({ type: 'error', kind: 'state' });
  });
});

describe('decision boundaries', () => {
  it('maps each run’s class probabilities over the toy data, at ready and after each step', async () => {
    const h = harness();
    await h.send(createCmd());
    const ready = h.events().find(isType('ready'))!;
    expect(ready.toyPoints!.x.length).toBe(2 * (ready.trainSize + ready.testSize));
    expect(ready.toyPoints!.test.filter(Boolean)).toHaveLength(ready.testSize);
    await h.send(ctl('step'));
    const last = await h.untilBoundary((m) => m.step === 1);
    // One map at ready (step 0), one after the step.
    expect(h.boundaries().map((p) => (p.event as { step: number }).step)).toEqual([0, 1]);
    expect(last.runs.map((r) => r.run)).toEqual(ready.layouts.map((l) => l.run));
    for (const r of last.runs) {
      expect(r.probs).toHaveLength(last.n * last.n * last.classes);
      // Each cell's class probabilities sum to 1.
      for (let c = 0; c < last.n * last.n; c += 97) {
        const sum = Array.from(r.probs.subarray(c * last.classes, (c + 1) * last.classes)).reduce(
          (a, b) => a + b,
          0,
        );
        expect(sum).toBeCloseTo(1, 5);
      }
    }
    const [x0, x1, y0, y1] = last.extent;
    for (let i = 0; i < ready.toyPoints!.x.length; i += 2) {
      expect(ready.toyPoints!.x[i]).toBeGreaterThan(x0);
      expect(ready.toyPoints!.x[i]).toBeLessThan(x1);
      expect(ready.toyPoints!.x[i + 1]).toBeGreaterThan(y0);
      expect(ready.toyPoints!.x[i + 1]).toBeLessThan(y1);
    }
    // The probability buffers were transferred, not copied.
    const posted = h.boundaries().find((p) => p.event === last)!;
    expect(posted.transfer).toHaveLength(last.runs.length);
  });
});
