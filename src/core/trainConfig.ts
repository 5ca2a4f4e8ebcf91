/**
 * Training configuration: plain and JSON-safe like NetSpec, validated at every boundary.
 * Defaults are the paper's CIFAR recipe (§4.2): SGD, momentum 0.9, weight decay 1e-4,
 * learning rate 0.1 divided by 10 at given iterations.
 */
import { SpecError } from './specError';

export type OptimizerName = 'sgd' | 'adam';
export type Schedule =
  | { kind: 'constant' }
  /** Divide by 10 at each iteration listed (the paper: 32k and 48k). */
  | { kind: 'step'; milestones: number[] }
  /** The paper's ResNet-110 trick: `warmupLr` until training error falls below `untilError`. */
  | { kind: 'warmup'; warmupLr: number; untilError: number }
  /** Half-cosine from the base rate to 0 over `steps`. */
  | { kind: 'cosine' };

/**
 * `classify`: softmax cross-entropy, error = misclassified fraction.
 * `identity`: reproduce the input (the paper's §3.1 conjecture): mean squared error, and the
 * error reported is Σ‖y − x‖² / Σ‖x‖² (1 = outputs nothing useful, 0 = perfect).
 */
export type Task = 'classify' | 'identity';

export interface TrainConfig {
  task: Task;
  optimizer: OptimizerName;
  learningRate: number;
  momentum: number;
  weightDecay: number;
  schedule: Schedule;
  batchSize: number;
  steps: number;
  seed: number;
  /** Evaluate test error and full training-set error every this many steps (0: only at the end). */
  evalInterval: number;
  /** Record gradient norms, block responses and weight norms every this many steps (0: never). */
  probeStride: number;
  /** The paper's CIFAR augmentation: 4-pixel pad, random crop, horizontal flip. */
  augment: boolean;
}

export const DEFAULT_TRAIN_CONFIG: TrainConfig = {
  task: 'classify',
  optimizer: 'sgd',
  learningRate: 0.1,
  momentum: 0.9,
  weightDecay: 1e-4,
  schedule: { kind: 'constant' },
  batchSize: 64,
  steps: 300,
  seed: 1,
  evalInterval: 100,
  probeStride: 10,
  augment: false,
};

/** Learning rate at `step` (0-based); `warm.reached` says the warm-up's error threshold was met. */
export function learningRateAt(c: TrainConfig, step: number, warm: { reached: boolean }): number {
  const s = c.schedule;
  switch (s.kind) {
    case 'constant':
      return c.learningRate;
    case 'step':
      return c.learningRate * 0.1 ** s.milestones.filter((m) => step >= m).length;
    case 'warmup':
      return warm.reached ? c.learningRate : s.warmupLr;
    case 'cosine':
      return 0.5 * c.learningRate * (1 + Math.cos((Math.PI * Math.min(step, c.steps)) / c.steps));
  }
}

function num(v: unknown, field: string, min: number, max: number, integer = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max || (integer && !Number.isInteger(v)))
    throw new SpecError(
      field,
      `must be ${integer ? 'an integer' : 'a number'} in ${min}..${max} (got ${String(v)})`,
    );
  return v;
}

/** Check a partial config from any source and fill in defaults; throws a SpecError naming the field. */
export function validateTrainConfig(value: unknown): TrainConfig {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SpecError('config', 'must be an object');
  const o = { ...DEFAULT_TRAIN_CONFIG, ...(value as Partial<TrainConfig>) };
  for (const k of Object.keys(value))
    if (!(k in DEFAULT_TRAIN_CONFIG)) throw new SpecError(k, 'is not a known training option');
  if (o.optimizer !== 'sgd' && o.optimizer !== 'adam')
    throw new SpecError('optimizer', `must be sgd or adam (got ${String(o.optimizer)})`);
  if (o.task !== 'classify' && o.task !== 'identity')
    throw new SpecError('task', `must be classify or identity (got ${String(o.task)})`);
  const steps = num(o.steps, 'steps', 1, 1_000_000, true);
  return {
    task: o.task,
    optimizer: o.optimizer,
    learningRate: num(o.learningRate, 'learningRate', 1e-6, 10),
    momentum: num(o.momentum, 'momentum', 0, 0.999),
    weightDecay: num(o.weightDecay, 'weightDecay', 0, 0.1),
    schedule: schedule(o.schedule),
    batchSize: num(o.batchSize, 'batchSize', 1, 4096, true),
    steps,
    seed: num(o.seed, 'seed', 0, 2 ** 31 - 1, true),
    evalInterval: num(o.evalInterval, 'evalInterval', 0, 1_000_000, true),
    probeStride: num(o.probeStride, 'probeStride', 0, 1_000_000, true),
    augment:
      typeof o.augment === 'boolean'
        ? o.augment
        : (() => {
            throw new SpecError('augment', 'must be true or false');
          })(),
  };
}

function schedule(v: unknown): Schedule {
  const s = v as Schedule | undefined;
  switch (s?.kind) {
    case 'constant':
    case 'cosine':
      return { kind: s.kind };
    case 'step':
      if (!Array.isArray(s.milestones) || s.milestones.length > 10)
        throw new SpecError('schedule.milestones', 'must be a list of at most 10 iterations');
      return {
        kind: 'step',
        milestones: s.milestones.map((m, i) => num(m, `schedule.milestones[${i}]`, 1, 1_000_000, true)),
      };
    case 'warmup':
      return {
        kind: 'warmup',
        warmupLr: num(s.warmupLr, 'schedule.warmupLr', 1e-6, 10),
        untilError: num(s.untilError, 'schedule.untilError', 0, 1),
      };
    default:
      throw new SpecError('schedule.kind', 'must be one of constant, step, warmup, cosine');
  }
}
