// @vitest-environment jsdom
/**
 * Paint counts of every Lab chart over a scripted sequence of engine events (Excalidraw's
 * render-count tests are the model): a chart repaints only when an event brought it new
 * data, never for a progress tick, another chart's records or a run stopping.
 */
import { act, cleanup, render } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { runControl } from '../state/runControls';
import type { LabState } from '../../src/core/labState';
import { validateTrainConfig } from '../../src/core/trainConfig';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import type { MlpSpec } from '../../src/core/netSpec';
import { createLabStore } from '../../src/state/labStore';
import type { EngineClient, CreateRequest } from '../../src/worker/client';
import type { EngineEvent, ReadyEvent } from '../../src/worker/protocol';
import type { ProbeRecord } from '../../src/core/metrics';
import { LabView } from '../../src/ui/lab/LabView';
import { paintScheduler } from '../../src/ui/paintScheduler';

/** An engine client whose events the test writes: the worker's side, scripted. */
function scriptedClient() {
  const listeners = new Set<(e: EngineEvent) => void>();
  let created: CreateRequest | null = null;
  let sessionId: string | null = null;
  const client: EngineClient = {
    get sessionId() {
      return sessionId;
    },
    create(req) {
      created = req;
      return (sessionId = 's1');
    },
    start() {},
    pause() {},
    lesion() {},
    landscape() {},
    cancelStudy() {},
    resume() {},
    step() {},
    stop() {},
    reset() {},
    dispose() {
      sessionId = null;
    },
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    terminate() {},
  };
  return { client, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)), created: () => created! };
}

const run = runControl;
const CONTROLS: LabState = { ...DEFAULT_LAB_STATE, runs: [run(4, false), run(6, true)], steps: 100 };

const TITLES = [
  'Training error',
  'Gradient flow: plain-4',
  'Gradient flow: ResNet A-6',
  'Gradient norm per layer (latest)',
  'Layer responses (the paper’s Figure 7)',
  'Cost of each network',
  'Decision boundary: plain-4',
  'Decision boundary: ResNet A-6',
  'Network: plain-4',
  'Network: ResNet A-6',
] as const;

function paints(container: HTMLElement): Record<string, number> {
  const out: Record<string, number> = {};
  for (const fig of container.querySelectorAll('figure.chart')) {
    const title = fig.querySelector('figcaption span')?.textContent ?? '';
    out[title] = Number(fig.getAttribute('data-paints'));
  }
  return out;
}

/** Paints since `before`, for every chart title (0 where nothing was drawn). */
const delta = (after: Record<string, number>, before: Record<string, number>) =>
  Object.fromEntries(TITLES.map((t) => [t, (after[t] ?? 0) - (before[t] ?? 0)]));

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));

beforeEach(() => {
  // jsdom has no 2-D canvas; the heatmap and boundary charts draw their svg parts regardless.
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

describe('Lab chart paints', () => {
  it('repaint exactly the charts whose data an event changed', async () => {
    const engine = scriptedClient();
    const store = createLabStore(() => engine.client, { controls: CONTROLS });
    const { container } = render(<LabView store={store} onControls={() => {}} />);
    const send = async (e: EngineEvent) => {
      await act(async () => {
        engine.emit(e);
        // React commits on the next frame; the paint scheduler then draws what it queued.
        await frame();
        await paintScheduler.settled();
      });
      return paints(container);
    };

    await act(async () => {
      store.toggle();
      await frame();
    });
    const req = engine.created();
    const config = validateTrainConfig(req.config);
    const layouts = req.runs.map((r) => createJsMlpTrainer(r.id, r.spec as MlpSpec, 1, config).layout);
    const ready: ReadyEvent = {
      type: 'ready',
      sessionId: 's1',
      step: 0,
      backend: { backend: 'cpu', fallbacks: [] },
      msPerStep: null,
      layouts,
      engines: { run1: 'js', run2: 'js' },
      config,
      dataLabel: 'spirals',
      trainSize: 4,
      testSize: 2,
      inputShape: [2],
      numClasses: 2,
      toyPoints: {
        x: new Float32Array(12),
        y: new Int32Array(6),
        test: [false, false, false, false, true, true],
      },
    };
    const points = (runs: string[], from: number, n: number) => ({
      type: 'metrics' as const,
      sessionId: 's1',
      runs: runs.map((id) => ({
        run: id,
        steps: Int32Array.from({ length: n }, (_, i) => from + i),
        loss: new Float32Array(n).fill(0.5),
        trainErr: new Float32Array(n).fill(0.25),
        learningRate: new Float32Array(n).fill(0.01),
      })),
      probes: [] as ProbeRecord[],
      evals: [],
    });
    const probe = (l: (typeof layouts)[number], step: number): ProbeRecord => ({
      run: l.run,
      step,
      gradNorms: new Float32Array(l.params.length).fill(0.1 * step),
      blockGradNorms: new Float32Array(l.blocks.length).fill(0.1),
      layerStd: new Float32Array(l.responseLayers.length).fill(0.5),
      blockStd: new Float32Array(l.blocks.length).fill(0.5),
      blockRatio: new Float32Array(l.blocks.length).fill(0.3),
      weightNorms: new Float32Array(l.weights.length).fill(1),
    });

    // Built, not yet ready: the session's charts are mounted, empty, and drawn once.
    const built = paints(container);
    let before = await send(ready);
    // Ready: the runs' (empty) curves arrive, and each run's heatmap is mounted; the costs
    // and diagrams come from the session's specs and stay as they were.
    expect(delta(before, built)).toEqual({
      'Training error': 1,
      'Gradient flow: plain-4': 1,
      'Gradient flow: ResNet A-6': 1,
      'Gradient norm per layer (latest)': 0,
      'Layer responses (the paper’s Figure 7)': 0,
      'Cost of each network': 0,
      'Decision boundary: plain-4': 0,
      'Decision boundary: ResNet A-6': 0,
      'Network: plain-4': 0,
      'Network: ResNet A-6': 0,
    });
    expect(built['Cost of each network']).toBe(1);
    const none = delta(before, before);

    let after = await send(points(['run1', 'run2'], 1, 5));
    expect(delta(after, before)).toEqual({ ...none, 'Training error': 1 });

    before = after;
    after = await send({
      type: 'progress',
      sessionId: 's1',
      step: 5,
      totalSteps: 100,
      stepsPerSecond: 9,
      state: 'training',
      activity: null,
      secondsLeft: 10.5,
    });
    expect(delta(after, before)).toEqual(none);

    before = after;
    after = await send({ ...points(['run1', 'run2'], 6, 1), probes: layouts.map((l) => probe(l, 6)) });
    expect(delta(after, before)).toEqual({
      ...none,
      'Training error': 1,
      'Gradient flow: plain-4': 1,
      'Gradient flow: ResNet A-6': 1,
      'Gradient norm per layer (latest)': 1,
      'Layer responses (the paper’s Figure 7)': 1,
      'Network: plain-4': 1,
      'Network: ResNet A-6': 1,
    });

    before = after;
    after = await send({
      type: 'boundary',
      sessionId: 's1',
      step: 6,
      n: 2,
      extent: [-1, 1, -1, 1],
      classes: 2,
      runs: layouts.map((l) => ({ run: l.run, probs: new Float32Array(8).fill(0.5) })),
    });
    expect(delta(after, before)).toEqual({
      ...none,
      'Decision boundary: plain-4': 1,
      'Decision boundary: ResNet A-6': 1,
    });

    // Only run 1 has new points: the error chart, nothing else.
    before = after;
    after = await send(points(['run1'], 7, 3));
    expect(delta(after, before)).toEqual({ ...none, 'Training error': 1 });

    // Run 2 stops: its legend entry says so; no chart's data changed.
    before = after;
    after = await send({
      type: 'runStopped',
      sessionId: 's1',
      run: 'run2',
      step: 9,
      status: 'diverged',
      reason: 'diverged at step 9: the loss is NaN',
    });
    expect(delta(after, before)).toEqual(none);
    expect(container.querySelector('.run-stopped')?.textContent).toMatch(/diverged at step 9/);
    console.log('Lab chart paints after the scripted sequence', after);
  });
});
