/**
 * Checkpoints through the worker protocol: when they are sent, that every point up to their
 * step precedes them, and that a session created with `resume` trains the very steps the
 * uninterrupted one did, bit for bit, on the cpu.
 */
import { describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import type { CheckpointEvent, CreateCommand, EngineEvent } from '../../src/worker/protocol';
import { createCmd, ctl, harness, isState, isType, range, tinyIdx } from './helpers';

type Cmd = Partial<CreateCommand>;
const isCheckpoint = isType('checkpoint');

/** Every point of every run and every evaluation, floats as bit patterns, after `from` events. */
function record(events: EngineEvent[]) {
  const out: Record<string, string[]> = {};
  const bits = (v: number) => new Uint32Array(new Float32Array([v]).buffer)[0]!.toString(16);
  for (const e of events) {
    if (e.type !== 'metrics') continue;
    for (const p of e.runs)
      p.steps.forEach((s, i) =>
        (out[p.run] ??= []).push(
          `${s}:${bits(p.loss[i]!)}:${bits(p.trainErr[i]!)}:${bits(p.learningRate[i]!)}`,
        ),
      );
    for (const v of e.evals) (out[`eval ${v.run}`] ??= []).push(`${v.step}:${v.testErr}:${v.trainErr}`);
    for (const p of e.probes)
      (out[`probe ${p.run}`] ??= []).push(`${p.step}:${Array.from(p.gradNorms).join()}`);
  }
  return out;
}

async function trainToDone(over: Cmd, sessionId = 's1') {
  const h = harness();
  await h.send(createCmd({ ...over, sessionId }));
  const ready = await h.until(isType('ready'));
  await h.send(ctl('start', sessionId));
  await h.until(isState('done'));
  await h.until((e): e is CheckpointEvent => isCheckpoint(e) && e.state === 'done');
  const events = h.events();
  await h.send(ctl('dispose', sessionId));
  return { ready, events, log: h.log };
}

const toy: Cmd = {
  runs: [
    { id: 'plain', spec: mlp(6, 8, { shortcut: 'none' }) },
    { id: 'res', spec: mlp(6, 8) },
  ],
  config: { steps: 40, batchSize: 16, evalInterval: 15, probeStride: 7 },
  checkpointEvery: { steps: 10, seconds: 3600 },
};
const conv: Cmd = {
  runs: [
    { id: 'plain', spec: cifarNet(8, { input: 8, channels: 1, width: 2, classes: 10, shortcut: 'none' }) },
    { id: 'A', spec: cifarNet(8, { input: 8, channels: 1, width: 2, classes: 10, shortcut: 'A' }) },
  ],
  data: { kind: 'idx', files: tinyIdx(40, 8) },
  config: { steps: 12, batchSize: 8, evalInterval: 5, probeStride: 4, augment: true },
  checkpointEvery: { steps: 5, seconds: 3600 },
};

describe('checkpoint events', () => {
  it('come every `steps` steps and at the finish, each after every point up to its step and before any later one', async () => {
    const { events, log } = await trainToDone(toy);
    const cps = events.filter(isCheckpoint);
    expect(cps.map((c) => [c.checkpoint.step, c.state])).toEqual([
      [10, 'training'],
      [20, 'training'],
      [30, 'training'],
      [40, 'done'],
    ]);
    for (const cp of cps) {
      const at = events.indexOf(cp);
      const before = record(events.slice(0, at));
      const after = record(events.slice(at));
      for (const run of ['plain', 'res']) {
        expect(before[run]!.map((p) => Number(p.split(':')[0]))).toEqual(range(1, cp.checkpoint.step));
        expect(after[run]?.[0]?.startsWith(`${cp.checkpoint.step + 1}:`) ?? true).toBe(true);
      }
    }
    // Its arrays are transferred, not copied.
    const posted = log.find((p) => p.event === cps[0]);
    expect(posted!.transfer.length).toBeGreaterThan(10);
  });

  it('come at a pause, at the paused step, and not again for the same state', async () => {
    const h = harness();
    await h.send(createCmd({ ...toy, config: { ...toy.config, steps: 100_000 } }));
    await h.until(isType('ready'));
    await h.send(ctl('step'));
    await h.send(ctl('step'));
    await h.send(ctl('start'));
    await h.until((e): e is EngineEvent => e.type === 'progress' && e.step >= 3);
    await h.send(ctl('pause'));
    await h.send(ctl('pause'));
    const cps = h.events().filter(isCheckpoint);
    const paused = h.events().filter(isState('paused')).at(-1)!;
    expect(cps.map((c) => c.state)).toEqual([
      'paused',
      'paused',
      ...cps.slice(2, -1).map(() => 'training'),
      'paused',
    ]);
    expect(cps.slice(0, 2).map((c) => c.checkpoint.step)).toEqual([1, 2]);
    expect(cps.at(-1)!.checkpoint.step).toBe(paused.step);
    await h.send(ctl('dispose'));
  });

  it('are not sent when the command asks for none', async () => {
    const { checkpointEvery: _none, ...plain } = toy;
    const h = harness();
    await h.send(createCmd(plain));
    await h.send(ctl('start'));
    await h.until(isState('done'));
    await h.send(ctl('stop'));
    expect(h.events().filter(isCheckpoint)).toEqual([]);
    await h.send(ctl('dispose'));
  });
});

describe('a session created with resume', () => {
  for (const [name, cmd, at] of [
    ['toy MLPs on the fused JS kernel', toy, 20],
    ['conv nets on tfjs with augmentation', conv, 5],
  ] as const)
    it(`trains the very steps the uninterrupted session did, bit for bit: ${name}`, async () => {
      const whole = await trainToDone(cmd);
      const cp = whole.events.filter(isCheckpoint).find((c) => c.checkpoint.step === at)!;
      const resumed = await trainToDone({ ...cmd, resume: structuredClone(cp.checkpoint) }, 's2');
      expect(resumed.ready.step).toBe(at);
      const later = (r: Record<string, string[]>) =>
        Object.fromEntries(
          Object.entries(r).map(([k, v]) => [k, v.filter((p) => Number(p.split(':')[0]) > at)]),
        );
      const a = later(record(whole.events));
      const b = record(resumed.events);
      expect(Object.keys(b).sort()).toEqual(Object.keys(a).sort());
      expect(b).toEqual(a);
      expect(b.plain!.length).toBe(cmd.config!.steps! - at);
    });

  it('is refused, naming why, when the checkpoint is of other runs or does not fit the network, and a reset starts from step 0', async () => {
    const whole = await trainToDone(toy);
    const cp = whole.events.filter(isCheckpoint)[0]!.checkpoint;
    const h = harness();
    await h.send(createCmd({ ...toy, resume: { ...structuredClone(cp), runs: cp.runs.slice(1) } }));
    const other = await h.until(isType('error'));
    expect(other).toMatchObject({ kind: 'spec', field: 'resume' });
    expect(other.message).toMatch(/^resume: the checkpoint holds runs res, this session plain, res/);
    await h.send(
      createCmd({
        ...toy,
        runs: [toy.runs![0]!, { id: 'res', spec: mlp(6, 9) }],
        resume: structuredClone(cp),
      }),
    );
    const misfit = await h.until(isType('error'), h.mark() - 1);
    expect(misfit.message).toMatch(/^resume: the checkpoint's .* holds \d+ values, the network's \d+/);
    const bad = structuredClone(cp) as unknown as { runs: { state: { weights: Record<string, unknown> } }[] };
    bad.runs[0]!.state.weights['stem.fc.weight'] = [1, 2, 3];
    const from = h.mark();
    await h.send(createCmd({ ...toy, resume: bad as unknown as typeof cp }));
    const shape = await h.until(isType('error'), from);
    expect(shape.message).toBe('resume.runs[0].state.weights["stem.fc.weight"]: must be a Float32Array');
    const readyAt = h.mark();
    await h.send(createCmd({ ...toy, resume: structuredClone(cp) }));
    expect((await h.until(isType('ready'), readyAt)).step).toBe(10);
    const resetAt = h.mark();
    await h.send(ctl('reset'));
    expect((await h.until(isType('ready'), resetAt)).step).toBe(0);
    await h.send(ctl('dispose'));
  });
});
