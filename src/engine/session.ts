/**
 * Side-by-side runs in lockstep: up to four runs see identical minibatches in the same
 * order (one data stream, one augmentation stream), each with its own seeded
 * initialisation, so that the architecture is the only difference between them. A run that
 * diverges or fails stops with a reason; the others go on.
 */
import { buildGraph } from '../core/graph';
import { crossEntropy, landscapeSlice } from './landscape';
import type { LandscapeOptions, LandscapeSlice } from './landscape';
import { lesionStudy } from './lesion';
import type { LesionOptions, LesionResult } from './lesion';
import type { EvalRecord, ProbeRecord, RunLayout, RunStatus, StepRecord } from '../core/metrics';
import type { NetSpec } from '../core/netSpec';
import { createRng, restoreRng, seedFor } from '../core/rng';
import type { TrainConfig } from '../core/trainConfig';
import { batchSampler } from '../data/batchSampler';
import type { IndexBatch } from '../data/batchSampler';
import type { Dataset } from '../data/dataset';
import { isImageShape } from '../data/dataset';
import { channelStats } from '../data/normalize';
import type { ChannelStats } from '../data/normalize';
import { DivergedError } from './errors';
import { outOfMemoryReason } from './oom';
import { checkCheckpoint } from './sessionCheckpoint';
import type { SessionCheckpoint } from './sessionCheckpoint';
import { balancedSample } from './balancedSample';
import { hostBatch } from './hostBatch';
import { trainerFactory } from './trainers';
import { batchInput } from './trainer';
import type { BatchInput, Trainer } from './trainer';

export const MAX_RUNS = 4;

/** The held-out batch of the response probes: at most this many test examples. */
export const PROBE_BATCH_SIZE = 256;
/** Examples of each split an interim evaluation scores (the final one scores them all). */
export const EVAL_SAMPLE = 1000;
/** Examples an evaluation scores per forward pass, unless SessionOptions.evalBatchSize says otherwise. */
export const EVAL_BATCH_SIZE = 256;

const allIndices = (n: number) => Int32Array.from({ length: n }, (_, i) => i);

export interface RunSetup {
  id: string;
  spec: NetSpec;
  /** Initialisation seed; defaults to seedFor('init', config seed, the run's position). */
  seed?: number;
}

export interface SessionOptions {
  runs: RunSetup[];
  train: Dataset;
  test: Dataset;
  config: TrainConfig;
  /**
   * Interim evaluations score a fixed, class-balanced sample of this many examples of each
   * split (default EVAL_SAMPLE); the final one, after the last step, scores both splits whole.
   */
  evalSample?: number;
  evalBatchSize?: number;
  /** Told as an evaluation starts (done 0) and after each of its batches: examples scored of its total, all runs. */
  onEvaluate?: (progress: EvalProgress) => void;
  /** Makes each run's trainer; by default the fused JS kernel for MLPs and tfjs for the rest. */
  createTrainer?: (id: string, spec: NetSpec, seed: number, config: TrainConfig) => Trainer;
}

/** How far an evaluation has come, in examples scored summed over the live runs. */
export interface EvalProgress {
  /** The final evaluation, of both splits whole. */
  full: boolean;
  done: number;
  total: number;
}

export interface RunState {
  id: string;
  status: RunStatus;
  reason?: string;
  layout: RunLayout;
  engine: Trainer['engine'];
}

/** A run's step: its record, and on probing steps its gradient, weight and response probes. */
export interface RunStepResult {
  record: StepRecord;
  probe?: ProbeRecord;
}

export interface SessionStep {
  step: number;
  results: RunStepResult[];
  /** Runs that stopped during this step, with the reason. */
  stopped: { run: string; status: RunStatus; reason: string }[];
  evals: EvalRecord[];
}

export interface Session {
  readonly runs: RunState[];
  /** Steps taken so far. */
  readonly stepCount: number;
  /** Indices into the test split of the fixed held-out batch the responses are measured on. */
  readonly probeIndices: Int32Array;
  /** Examples one evaluation scores per live run: the interim samples', or both splits whole. */
  evalSize(full: boolean): number;
  /** One step of every live run on the same minibatch; evaluates when the interval says so. */
  step(): Promise<SessionStep>;
  /**
   * Test and training-set error of every live run now, on the samples or (`full`) whole. A run
   * whose evaluation throws is marked failed and left out.
   */
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
  /**
   * The lesion study of a run (lesion.ts) on the whole test split, in inference mode; the
   * run's training state is as it was afterwards. Null when cancelled.
   */
  lesion(runId: string, o: LesionOptions): Promise<LesionResult | null>;
  /**
   * A slice of a run's loss landscape (landscape.ts) on the interim evaluation's fixed test
   * sample, in inference mode; the run's training state is as it was afterwards. Null when cancelled.
   */
  landscape(runId: string, o: LandscapeOptions): Promise<LandscapeSlice | null>;
  /** Where every run and the data stream stand now, to go on from later (sessionCheckpoint.ts). */
  checkpoint(): Promise<SessionCheckpoint>;
  /**
   * Before the first step only: puts a checkpoint of a session built from the same runs,
   * data and config back, so the next step is the one after `cp.step`. Throws a RangeError
   * naming what does not fit; a session refused part way is to be disposed.
   */
  restore(cp: SessionCheckpoint): void;
  dispose(): void;
}

/** The held-out batch of the response probes: a class-balanced sample of the test split. */
export function probeBatchIndices(test: Dataset, seed: number, size = PROBE_BATCH_SIZE): Int32Array {
  return balancedSample(test, seed, size);
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
      const run = make(r.id, r.spec, r.seed ?? seedFor('init', config.seed, i), config);
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
    seed: seedFor('data', config.seed),
    dropLast: true,
  });
  let augmentRng = createRng(seedFor('augment', config.seed));
  // Chosen once: every probe of every run reads the same examples, which no step trains on.
  const probeIndices = probeBatchIndices(o.test, seedFor('probe', config.seed), PROBE_BATCH_SIZE);
  const probeBatch = batchInput(hostBatch(o.test, probeIndices, stats));
  const responseBatch = {
    n: probeIndices.length,
    unit: isImageShape(o.test.shape) ? ('images' as const) : ('points' as const),
  };
  for (const s of states) s.layout = { ...s.layout, responseBatch };
  let stepCount = 0;

  const live = () => runs.filter((_, i) => states[i]!.status === 'ready' || states[i]!.status === 'training');
  const stateOf = (r: Trainer) => states[runs.indexOf(r)]!;
  const message = (e: unknown) => String((e as Error)?.message ?? e);

  // The interim evaluations' fixed samples ('probe' indices 1 and 2: index 0 is the probe batch).
  const sampleSize = o.evalSample ?? EVAL_SAMPLE;
  const samples = {
    test: balancedSample(o.test, seedFor('probe', config.seed, 1), sampleSize),
    train: balancedSample(o.train, seedFor('probe', config.seed, 2), sampleSize),
  };
  const whole = { test: allIndices(o.test.n), train: allIndices(o.train.n) };
  const evalSize = (full: boolean) =>
    full ? o.test.n + o.train.n : samples.test.length + samples.train.length;
  let scored = 0;
  let scoring = 0;

  /**
   * Batches of `indices` of a dataset; each one's tensors are released once the next is asked
   * for. An evaluation's (`full` given) report their progress.
   */
  function* evalBatches(ds: Dataset, indices: Int32Array, full?: boolean): Generator<BatchInput> {
    const size = o.evalBatchSize ?? EVAL_BATCH_SIZE;
    for (let start = 0; start < indices.length; start += size) {
      const idx = indices.subarray(start, Math.min(indices.length, start + size));
      const input = batchInput(hostBatch(ds, idx, stats));
      try {
        yield input;
      } finally {
        input.release();
        if (full !== undefined) {
          scored += idx.length;
          o.onEvaluate?.({ full, done: scored, total: scoring });
        }
      }
    }
  }

  /** One run's test and training-set error; throws what its evaluation throws. */
  async function evaluateRun(r: Trainer, full: boolean): Promise<EvalRecord> {
    const on = full ? whole : samples;
    const testErr = (await r.countWrong(evalBatches(o.test, on.test, full))) / on.test.length;
    const trainErr = (await r.countWrong(evalBatches(o.train, on.train, full))) / on.train.length;
    return { run: r.id, step: stepCount, testErr, trainErr };
  }

  /** Every live run's evaluation; a run whose evaluation throws stops as failed, alone. */
  async function evaluateAll(
    full: boolean,
  ): Promise<{ evals: EvalRecord[]; stopped: SessionStep['stopped'] }> {
    const active = live();
    scored = 0;
    scoring = active.length * evalSize(full);
    o.onEvaluate?.({ full, done: 0, total: scoring });
    const settled = await Promise.allSettled(active.map((r) => evaluateRun(r, full)));
    const evals: EvalRecord[] = [];
    const stopped: SessionStep['stopped'] = [];
    settled.forEach((s, i) => {
      if (s.status === 'fulfilled') return void evals.push(s.value);
      const state = stateOf(active[i]!);
      state.status = 'failed';
      state.reason = `evaluation failed at step ${stepCount}: ${message(s.reason)}`;
      stopped.push({ run: state.id, status: state.status, reason: state.reason });
    });
    return { evals, stopped };
  }

  /** Marks a run stopped by a step's (or its probe's) error. */
  function stop(r: Trainer, index: number, reason: unknown, stopped: SessionStep['stopped']): void {
    const state = stateOf(r);
    const diverged = reason instanceof DivergedError;
    state.status = diverged ? 'diverged' : 'failed';
    state.reason = diverged
      ? (reason as Error).message
      : (outOfMemoryReason(reason, index + 1) ?? `failed at step ${index + 1}: ${message(reason)}`);
    stopped.push({ run: state.id, status: state.status, reason: state.reason });
  }

  async function step(): Promise<SessionStep> {
    const active = live();
    const index = stepCount;
    const batchIdx: IndexBatch = sampler.next().value;
    const batch = batchInput(
      hostBatch(o.train, batchIdx.indices, stats, config.augment ? augmentRng : undefined),
    );
    const probe = config.probeStride > 0 && index % config.probeStride === 0;
    for (const r of active) stateOf(r).status = 'training';
    // Every run queues its work before any awaits its readback, so GPU backends overlap them;
    // a probing step then measures the updated weights on the held-out batch.
    const runStep = async (r: Trainer): Promise<RunStepResult> => {
      const { record, probe: p } = await r.step(batch, index, probe);
      return p ? { record, probe: { ...p, ...(await r.responses(probeBatch)) } } : { record };
    };
    let settled: PromiseSettledResult<RunStepResult>[];
    try {
      settled = await Promise.allSettled(active.map(runStep));
    } finally {
      batch.release();
    }
    stepCount++;
    const results: RunStepResult[] = [];
    const stopped: SessionStep['stopped'] = [];
    settled.forEach((s, i) =>
      s.status === 'fulfilled' ? results.push(s.value) : stop(active[i]!, index, s.reason, stopped),
    );
    const last = stepCount >= config.steps;
    const due = last || (config.evalInterval > 0 && stepCount % config.evalInterval === 0);
    // The final evaluation scores both splits whole.
    const evaluated = due ? await evaluateAll(last) : { evals: [], stopped: [] };
    stopped.push(...evaluated.stopped);
    if (stepCount >= config.steps) for (const s of states) if (s.status === 'training') s.status = 'done';
    return { step: stepCount, results, stopped, evals: evaluated.evals };
  }

  return {
    runs: states,
    get stepCount() {
      return stepCount;
    },
    probeIndices,
    evalSize,
    step,
    evaluate: async (full = false) => (await evaluateAll(full)).evals,
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
    async lesion(runId, opts) {
      const i = runs.findIndex((r) => r.id === runId);
      if (i < 0) throw new RangeError(`no run ${runId}`);
      const run = runs[i]!;
      const testError = async () => (await run.countWrong(evalBatches(o.test, whole.test))) / o.test.n;
      return lesionStudy(run, buildGraph(o.runs[i]!.spec), testError, opts);
    },
    async landscape(runId, opts) {
      const i = runs.findIndex((r) => r.id === runId);
      if (i < 0) throw new RangeError(`no run ${runId}`);
      const run = runs[i]!;
      const host = hostBatch(o.test, samples.test, stats);
      const loss = async () => crossEntropy(await run.predict(host), host.y, o.test.numClasses);
      return landscapeSlice(run, buildGraph(o.runs[i]!.spec), loss, opts);
    },
    async exportWeights(runId) {
      const run = runs.find((r) => r.id === runId);
      if (!run) throw new RangeError(`no run ${runId}`);
      return run.exportWeights();
    },
    async checkpoint() {
      const augment = augmentRng.save();
      const at = stepCount;
      const out: SessionCheckpoint['runs'] = [];
      for (const [i, r] of runs.entries()) {
        const { id, status, reason } = states[i]!;
        const live = status !== 'diverged' && status !== 'failed';
        out.push({
          id,
          status,
          ...(reason !== undefined ? { reason } : {}),
          state: live ? await r.saveState() : null,
        });
      }
      return { step: at, augment, runs: out };
    },
    restore(cp) {
      if (stepCount !== 0) throw new RangeError(`restore: the session has already taken ${stepCount} steps`);
      checkCheckpoint(
        cp,
        states.map((s) => s.id),
        config.steps,
      );
      // Each loadState checks its whole state before writing any of it.
      cp.runs.forEach((r, i) => {
        if (r.state) runs[i]!.loadState(r.state);
        states[i]!.status = r.status === 'training' ? 'ready' : r.status;
        if (r.reason !== undefined) states[i]!.reason = r.reason;
      });
      // The data order is a function of the step: skip the batches already taken.
      for (let k = 0; k < cp.step; k++) sampler.next();
      augmentRng = restoreRng(cp.augment);
      stepCount = cp.step;
    },
    dispose() {
      probeBatch.release();
      for (const r of runs) r.dispose();
    },
  };
}
