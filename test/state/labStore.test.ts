/**
 * The Lab store's phases against the real engine host in-process (cpu backend, fused JS
 * MLP trainer): every transition, Train/Step/Reset from every phase, controls edited during
 * and after a session, and a diverged run beside a healthy one. Every wait is on a store
 * event, never on time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { runControl } from './runControls';
import type { LabState } from '../../src/core/labState';
import { layerTable } from '../../src/core/layerTable';
import { runSpec } from '../../src/core/labState';
import { createLabStore } from '../../src/state/labStore';
import type { LabSnapshot, LabStore, SessionPhase } from '../../src/state/labStore';
import type { EngineHostDeps } from '../../src/worker/engineHost';
import { inProcessClient } from './inProcessEngine';
import { untilSnapshot } from './untilSnapshot';

const run = runControl;

const SMALL: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [run(4, false), run(4, true)],
  steps: 24,
  batchSize: 32,
};

const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

/** A store over the real host; `phases` records every phase the snapshot passes through. */
function open(controls: LabState = SMALL, deps: Partial<EngineHostDeps> = {}, longRunLimitSeconds?: number) {
  const limit = longRunLimitSeconds === undefined ? {} : { longRunLimitSeconds };
  const store = createLabStore(() => inProcessClient(deps), { controls, ...limit });
  stores.push(store);
  const phases: SessionPhase[] = [store.getSnapshot().phase];
  store.subscribe(() => {
    const p = store.getSnapshot().phase;
    if (p !== phases.at(-1)) phases.push(p);
  });
  const until = (pred: (s: LabSnapshot) => boolean) => untilSnapshot(store, pred);
  const phase = (p: SessionPhase) => until((s) => s.phase === p);
  return { store, phases, until, phase };
}

const points = (s: LabSnapshot) => s.runs.map((r) => r.trainErr.length);

describe('the Lab store on the real engine', () => {
  it('idle → building → ready → training → done, with every step of every run recorded', async () => {
    const { store, phases, phase } = open();
    expect(store.getSnapshot()).toMatchObject({ phase: 'idle', session: null, settingsChanged: false });
    store.toggle();
    expect(store.getSnapshot().phase).toBe('building');
    const done = await phase('done');
    expect(phases).toEqual(['idle', 'building', 'ready', 'training', 'done']);
    expect(done.step).toBe(24);
    expect(points(done)).toEqual([24, 24]);
    expect(done.session!.runs.map((r) => r.label)).toEqual(['plain-4', 'ResNet A-4']);
    expect(done.runs.map((r) => r.engine)).toEqual(['js', 'js']);
    // Evaluations (every 10 steps and at the end) carry the full training-set error too.
    expect(Array.from(done.runs[0]!.fullTrainErr.x)).toEqual([10, 20, 24]);
  });

  it('pauses and resumes without losing or repeating a step', async () => {
    const { store, phase, until } = open({ ...SMALL, steps: 3000 });
    store.toggle();
    await until((s) => s.phase === 'training' && s.runs.length > 0 && s.runs[0]!.trainErr.length > 0);
    store.toggle();
    // Said at once, before the engine has finished the step in flight.
    expect(store.getSnapshot().pending).toBe('pause');
    const paused = await phase('paused');
    expect(paused.pending).toBeNull();
    const at = paused.runs[0]!.trainErr.length;
    expect(at).toBeGreaterThan(0);
    expect(at).toBeLessThan(3000);
    expect(paused.step).toBe(at);
    store.step();
    expect(store.getSnapshot().pending).toBe('step');
    const stepped = await until((s) => s.step === at + 1);
    expect(stepped.phase).toBe('paused');
    expect(stepped.pending).toBeNull();
    store.toggle();
    await until((s) => s.phase === 'training' && s.runs[0]!.trainErr.length > at + 1);
    store.toggle();
    const again = await phase('paused');
    const steps = Array.from(again.runs[0]!.trainErr.x);
    expect(steps).toEqual(steps.map((_, i) => i + 1));
  });

  it('Step from idle builds a session and takes exactly one step', async () => {
    const { store, phases, until } = open();
    store.step();
    const s = await until((x) => x.step === 1 && x.phase === 'paused');
    expect(phases).toEqual(['idle', 'building', 'ready', 'paused']);
    expect(points(s)).toEqual([1, 1]);
    expect(s.session!.serial).toBe(1);
  });

  it('Step after done rebuilds the session exactly as Train does', async () => {
    const { store, phase, until } = open();
    store.toggle();
    const done = await phase('done');
    expect(done.session!.serial).toBe(1);
    store.step();
    const s = await until((x) => x.session?.serial === 2 && x.step === 1 && x.phase === 'paused');
    expect(s.error).toBeNull();
    expect(points(s)).toEqual([1, 1]);
    // Same controls, same seeds: the rebuilt session's first step repeats the first session's.
    expect(s.runs[0]!.trainErr.y[0]).toBe(done.runs[0]!.trainErr.y[0]);
  });

  it('a lost device while paused: one notice naming the backend that takes over, still paused, and Step goes on', async () => {
    let lose: ((reason: string) => void) | null = null;
    const { store, until } = open(SMALL, { watchBackend: (_c, lost) => (lose = lost) });
    store.step();
    await until((x) => x.step === 1 && x.phase === 'paused');
    lose!('the GPU device was lost (destroyed)');
    const back = await until((x) => x.recovery !== null);
    expect(back.recovery).toMatch(
      /^The GPU device was lost \(destroyed\) at step 1\. The session was rebuilt on wasm from its weights at step 1 in [\d.]+ s; every point is kept, and the runs go on on ResLab’s JS kernel, with wasm as the tfjs backend\.$/,
    );
    // In Node webgl is not there: the next backend that starts is wasm.
    expect(back).toMatchObject({
      phase: 'paused',
      step: 1,
      error: null,
      backend: { backend: 'wasm', fallbacks: [{ backend: 'cpu' }, { backend: 'webgl' }] },
    });
    store.step();
    const s = await until((x) => x.step === 2);
    expect(s.session?.serial).toBe(1);
    expect(points(s)).toEqual([2, 2]);
    store.toggle();
    const done = await until((x) => x.phase === 'done');
    expect(done.step).toBe(24);
    expect(points(done)).toEqual([24, 24]);
  });

  it('Reset from ready, training, paused and done returns to idle with nothing recorded', async () => {
    const { store, phase, until } = open({ ...SMALL, steps: 3000 });
    const idle = () => {
      store.reset();
      expect(store.getSnapshot()).toMatchObject({ phase: 'idle', session: null, runs: [], step: 0 });
    };
    idle(); // from idle: nothing to undo
    store.step();
    await until((s) => s.phase === 'paused' && s.step === 1);
    idle();
    store.toggle();
    await until((s) => s.phase === 'training' && s.runs.length > 0 && s.runs[0]!.trainErr.length > 0);
    idle();
    // Events of the reset session never reach the new one.
    store.setControls(SMALL);
    store.toggle();
    const done = await phase('done');
    expect(done.step).toBe(24);
    expect(points(done)).toEqual([24, 24]);
    idle();
  });

  it('a spec that cannot be built is an error phase with the reason; fixing it trains', async () => {
    const { store, until, phase } = open({
      ...SMALL,
      runs: [run(4, true, { block: 'bottleneck', width: 6 })],
    });
    store.toggle();
    const s = await until((x) => x.phase === 'error');
    expect(s.error).toMatch(/divisible by 4/);
    expect(s.session).toBeNull();
    store.setControls(SMALL);
    store.toggle();
    expect((await phase('done')).error).toBeNull();
  });

  it('controls edited after a session leave its record alone and say the settings changed', async () => {
    const { store, phase, until } = open();
    store.toggle();
    const done = await phase('done');
    store.setControls({ ...SMALL, runs: [run(4, false), run(10, true)] });
    const edited = store.getSnapshot();
    expect(edited.settingsChanged).toBe(true);
    // The session still describes the curves it trained, not the edited controls.
    expect(edited.session).toBe(done.session);
    expect(edited.session!.runs.map((r) => r.label)).toEqual(['plain-4', 'ResNet A-4']);
    expect(edited.runs).toBe(done.runs);
    // Editing back to the session's own controls is not a change.
    store.setControls(SMALL);
    expect(store.getSnapshot().settingsChanged).toBe(false);
    store.setControls({ ...SMALL, runs: [run(4, false), run(10, true)] });
    store.toggle();
    const next = await until((x) => x.session?.serial === 2 && x.phase === 'done');
    expect(next.settingsChanged).toBe(false);
    expect(next.session!.runs.map((r) => r.label)).toEqual(['plain-4', 'ResNet A-10']);
    expect(next.runs[1]!.layout.blocks).toHaveLength(4);
  });

  it('controls edited while paused: Train starts a new session with them instead of resuming', async () => {
    const { store, until } = open({ ...SMALL, steps: 3000 });
    store.step();
    await until((s) => s.phase === 'paused' && s.step === 1);
    store.setControls({ ...SMALL, steps: 24, seed: 7 });
    expect(store.getSnapshot().settingsChanged).toBe(true);
    store.toggle();
    const s = await until((x) => x.session?.serial === 2 && x.phase === 'done');
    expect(s.session!.controls.seed).toBe(7);
    expect(s.step).toBe(24);
  });

  it('a diverged run stops with its reason while the healthy one trains to the end', async () => {
    const controls: LabState = {
      ...SMALL,
      optimizer: 'sgd',
      // The largest rate the config allows: a 20-layer plain net without batch norm blows up, a
      // 4-layer residual net with it does not.
      learningRate: 10,
      runs: [run(20, false, { batchNorm: false, width: 32 }), run(4, true)],
    };
    const { store, phase } = open(controls);
    store.toggle();
    const done = await phase('done');
    const [bad, good] = done.runs;
    expect(bad!.status).toBe('diverged');
    expect(bad!.reason).toMatch(/diverged at step \d+/);
    expect(bad!.trainErr.length).toBeLessThan(24);
    expect(good!.status).toBe('ok');
    expect(good!.trainErr.length).toBe(24);
    expect(done.step).toBe(24);
  });
});

/**
 * A clock that moves 5 ms per reading: the engine's warm-step timer reads it once before and
 * once after each step, so every session measures exactly 5 ms per step.
 */
const fiveMsClock = (): Partial<EngineHostDeps> => {
  let t = 0;
  return { now: () => (t += 5) };
};

describe('the long-run warning on the real engine', () => {
  it('holds a session past the limit in ready, with its measured step, until Train anyway', async () => {
    // Any measured step makes 240 steps exceed a microsecond.
    const { store, phases, until, phase } = open({ ...SMALL, steps: 240 }, {}, 1e-6);
    store.toggle();
    const held = await until((s) => s.longRun !== null);
    expect(held.phase).toBe('ready');
    expect(held.step).toBe(0);
    expect(points(held)).toEqual([0, 0]);
    expect(held.longRun).toMatchObject({ basis: 'measured', engine: 'the JS kernel', limitSeconds: 1e-6 });
    expect(held.longRun!.msPerStep).toBeGreaterThan(0);
    expect(held.longRun!.seconds).toBeGreaterThan(240 * held.longRun!.msPerStep * 1e-3);
    store.trainAnyway();
    expect(store.getSnapshot().longRun).toBeNull();
    const done = await phase('done');
    expect(phases).toEqual(['idle', 'building', 'ready', 'training', 'done']);
    expect(done.step).toBe(240);
  });

  it('a held session trains once a suggestion is applied: 3,000 steps at 5 ms take 15.3 s, 1,500 fit 10 s', async () => {
    const controls = { ...SMALL, steps: 3000 };
    const { store, until } = open(controls, fiveMsClock(), 10);
    store.toggle();
    const held = (await until((s) => s.longRun !== null)).longRun!;
    // 3000 × 5 ms, plus (11 interim × 500 + the final 500 examples) × 5 ms / (3 × 32).
    expect(held.msPerStep).toBe(5);
    expect(held.seconds).toBeCloseTo(15 + (6000 * 5) / 96 / 1000, 9);
    const fewer = held.suggestions.find((x) => x.kind === 'steps')!;
    expect(fewer).toMatchObject({ value: 1500, change: { steps: 1500 } });
    expect(fewer.seconds).toBeCloseTo(7.8125, 9);
    // Toy MLPs start at the least depth (4), so nothing shallower is offered; width 4 is.
    expect(held.suggestions.map((x) => [x.kind, x.value])).toEqual([
      ['steps', 1500],
      ['width', 4],
    ]);
    store.setControls({ ...controls, ...fewer.change });
    expect(store.getSnapshot()).toMatchObject({ longRun: null, settingsChanged: true });
    store.toggle();
    const done = await until((s) => s.session?.serial === 2 && s.phase === 'done');
    expect(done.longRun).toBeNull();
    expect(done.step).toBe(1500);
  });

  it('new settings are estimated from the last measurement, scaled by multiply-adds, before anything is built', async () => {
    const { store, phase, until } = open(SMALL, fiveMsClock(), 10);
    store.toggle();
    await phase('done');
    const wide: LabState = { ...SMALL, steps: 100_000, runs: SMALL.runs.map((r) => ({ ...r, width: 16 })) };
    store.setControls(wide);
    store.toggle();
    // Held at once, by the estimate alone: no new session.
    const held = store.getSnapshot();
    expect(held.phase).toBe('done');
    expect(held.session!.serial).toBe(1);
    expect(held.longRun!.basis).toBe('scaled');
    const macs = (c: LabState) => c.runs.reduce((s, r) => s + layerTable(runSpec(r, c.data)).macs, 0);
    expect(held.longRun!.msPerStep).toBeCloseTo((5 * macs(wide)) / macs(SMALL), 9);
    // Train again over the warning trains anyway: built, measured, and not held a second time.
    store.toggle();
    const training = await until((s) => s.session?.serial === 2 && s.phase === 'training');
    expect(training.longRun).toBeNull();
    store.reset();
  });
});
