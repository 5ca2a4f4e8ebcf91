/**
 * Side-by-side runs in lockstep: up to four runs see identical minibatches in the same
 * order (one data stream, one augmentation stream), each with its own seeded
 * initialisation, so that the architecture is the only difference between them. A run that
 * diverges or fails stops with a reason; the others go on.
 */
import type { EvalRecord, RunLayout, RunStatus } from '../core/metrics';
import type { NetSpec } from '../core/netSpec';
import { createRng, hashSeed } from '../core/rng';
import type { TrainConfig } from '../core/trainConfig';
import { batchSampler } from '../data/batchSampler';
import type { IndexBatch } from '../data/batchSampler';
import type { Dataset } from '../data/dataset';
import { isImageShape } from '../data/dataset';
import { channelStats } from '../data/normalize';
import type { ChannelStats } from '../data/normalize';
import { hostBatch } from './hostBatch';
import { trainerFactory } from './trainers';
import { batchInput, DivergedError } from './trainer';
import type { BatchInput, StepResult, Trainer } from './trainer';

export const MAX_RUNS = 4;

export interface RunSetup {
  id: string;
  spec: NetSpec;
  /** Initialisation seed; defaults to one derived from the config seed and the run's position. */
  seed?: number;
}

export interface SessionOptions {
  runs: RunSetup[];
  train: Dataset;
  test: Dataset;
  config: TrainConfig;
  /** Evaluate the training-set error on at most this many examples (default: all). */
  trainEvalLimit?: number;
  evalBatchSize?: number;
  /** Makes each run's trainer; by default the fused JS kernel for MLPs and tfjs for the rest. */
  createTrainer?: (id: string, spec: NetSpec, seed: number, config: TrainConfig) => Trainer;
}

export interface RunState {
  id: string;
  status: RunStatus;
  reason?: string;
  layout: RunLayout;
  engine: Trainer['engine'];
}

export interface SessionStep {
  step: number;
  results: StepResult[];
  /** Runs that stopped during this step, with the reason. */
  stopped: { run: string; status: RunStatus; reason: string }[];
  evals: EvalRecord[];
}

export interface Session {
  readonly runs: RunState[];
  /** Steps taken so far. */
  readonly stepCount: number;
  /** One step of every live run on the same minibatch; evaluates when the interval says so. */
  step(): Promise<SessionStep>;
  /** Test and training-set error of every live run now (`full` ignores trainEvalLimit). */
  evaluate(full?: boolean): Promise<EvalRecord[]>;
  /**
   * Each live run's class probabilities on an n×n grid over `extent` (2-D inputs only): row 0
   * is the top (y = ymax), column 0 the left (x = xmin); n·n·classes values, class fastest.
   */
  predictGrid(
    n: number,
    extent: readonly [number, number, number, number],
  ): Promise<{ run: string; probs: Float32Array }[]>;
  /** Current weights of a run as plain arrays (a CPU checkpoint). */
  exportWeights(runId: string): Promise<Record<string, Float32Array>>;
  dispose(): void;
}

export function createSession(o: SessionOptions): Session {
  if (o.runs.length < 1 || o.runs.length > MAX_RUNS)
    throw new RangeError(`a session holds 1..${MAX_RUNS} runs (got ${o.runs.length})`);
  const ids = new Set(o.runs.map((r) => r.id));
  if (ids.size !== o.runs.length) throw new RangeError('run ids must be unique');
  const { config } = o;
  if (config.task === 'identity') {
    const features = o.train.shape.reduce((a, b) => a * b, 1);
    for (const r of o.runs)
      if (r.spec.classes !== features)
        throw new RangeError(
          `run ${r.id}: the identity task needs ${features} outputs, one per input feature (got ${r.spec.classes})`,
        );
  }
  // Images are standardised per channel with the training set's statistics; toy points are used as they are.
  const stats: ChannelStats | undefined = isImageShape(o.train.shape) ? channelStats(o.train) : undefined;
  const make = o.createTrainer ?? trainerFactory();
  const runs: Trainer[] = [];
  const states: RunState[] = [];
  try {
    o.runs.forEach((r, i) => {
      const run = make(r.id, r.spec, r.seed ?? hashSeed(config.seed, i + 1), config);
      runs.push(run);
      states.push({ id: r.id, status: 'ready', layout: run.layout, engine: run.engine });
    });
  } catch (e) {
    for (const r of runs) r.dispose();
    throw e;
  }
  const sampler = batchSampler({
    size: o.train.n,
    batchSize: Math.min(config.batchSize, o.train.n),
    seed: config.seed,
    dropLast: true,
  });
  const augmentRng = createRng(hashSeed(config.seed, 0xa11));
  let stepCount = 0;

  const live = () => runs.filter((_, i) => states[i]!.status === 'ready' || states[i]!.status === 'training');

  /** Consecutive batches of a dataset; each one's tensors are released once the next is asked for. */
  function* evalBatches(ds: Dataset, limit: number): Generator<BatchInput> {
    const size = o.evalBatchSize ?? 256;
    const n = Math.min(ds.n, limit);
    for (let start = 0; start < n; start += size) {
      const idx = Int32Array.from({ length: Math.min(size, n - start) }, (_, k) => start + k);
      const input = batchInput(hostBatch(ds, idx, stats));
      try {
        yield input;
      } finally {
        input.release();
      }
    }
  }

  async function errorRates(ds: Dataset, limit: number, active: Trainer[]): Promise<number[]> {
    const n = Math.min(ds.n, limit);
    const wrong = await Promise.all(active.map((r) => r.countWrong(evalBatches(ds, limit))));
    return wrong.map((w) => w / n);
  }

  /** `full`: score the whole training set, whatever trainEvalLimit says (the final evaluation does). */
  async function evaluate(full = false): Promise<EvalRecord[]> {
    const active = live();
    if (!active.length) return [];
    const test = await errorRates(o.test, Infinity, active);
    const train = await errorRates(o.train, full ? Infinity : (o.trainEvalLimit ?? Infinity), active);
    return active.map((r, i) => ({ run: r.id, step: stepCount, testErr: test[i]!, trainErr: train[i]! }));
  }

  async function step(): Promise<SessionStep> {
    const active = live();
    const index = stepCount;
    const batchIdx: IndexBatch = sampler.next().value;
    const batch = batchInput(
      hostBatch(o.train, batchIdx.indices, stats, config.augment ? augmentRng : undefined),
    );
    const probe = config.probeStride > 0 && index % config.probeStride === 0;
    for (const r of active) states[runs.indexOf(r)]!.status = 'training';
    let settled: PromiseSettledResult<StepResult>[];
    try {
      // Every run queues its work before any awaits its readback, so GPU backends overlap them.
      settled = await Promise.allSettled(active.map((r) => r.step(batch, index, probe)));
    } finally {
      batch.release();
    }
    stepCount++;
    const results: StepResult[] = [];
    const stopped: SessionStep['stopped'] = [];
    settled.forEach((s, i) => {
      const state = states[runs.indexOf(active[i]!)]!;
      if (s.status === 'fulfilled') {
        results.push(s.value);
        return;
      }
      const diverged = s.reason instanceof DivergedError;
      state.status = diverged ? 'diverged' : 'failed';
      state.reason = diverged
        ? (s.reason as Error).message
        : `failed at step ${index + 1}: ${String((s.reason as Error)?.message ?? s.reason)}`;
      stopped.push({ run: state.id, status: state.status, reason: state.reason });
    });
    const last = stepCount >= config.steps;
    const due = last || (config.evalInterval > 0 && stepCount % config.evalInterval === 0);
    // The final evaluation scores the whole training set.
    const evals = due ? await evaluate(last) : [];
    if (stepCount >= config.steps) for (const s of states) if (s.status === 'training') s.status = 'done';
    return { step: stepCount, results, stopped, evals };
  }

  return {
    runs: states,
    get stepCount() {
      return stepCount;
    },
    step,
    evaluate,
    async predictGrid(n, extent) {
      if (o.train.shape.length !== 1 || o.train.shape[0] !== 2 || config.task !== 'classify') return [];
      const [x0, x1, y0, y1] = extent;
      const x = new Float32Array(n * n * 2);
      for (let r = 0; r < n; r++)
        for (let c = 0; c < n; c++) {
          x[2 * (r * n + c)] = x0 + ((c + 0.5) / n) * (x1 - x0);
          x[2 * (r * n + c) + 1] = y1 - ((r + 0.5) / n) * (y1 - y0);
        }
      const host = {
        x,
        y: new Int32Array(n * n),
        n: n * n,
        shape: o.train.shape,
        numClasses: o.train.numClasses,
      };
      // Finished runs still have a boundary to show; only stopped ones do not.
      const active = runs.filter(
        (_, i) => states[i]!.status !== 'diverged' && states[i]!.status !== 'failed',
      );
      const probs = await Promise.all(active.map((r) => r.predict(host)));
      return active.map((r, i) => ({ run: r.id, probs: probs[i]! }));
    },
    async exportWeights(runId) {
      const run = runs.find((r) => r.id === runId);
      if (!run) throw new RangeError(`no run ${runId}`);
      return run.exportWeights();
    },
    dispose() {
      for (const r of runs) r.dispose();
    },
  };
}
