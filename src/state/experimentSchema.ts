/**
 * The shape of an experiment file (version 1), as a zod schema: types and structure only.
 * What the values mean together (runs that match their controls, arrays of equal length,
 * steps in order) is checked after it, in experimentChecks.ts, and the controls go through
 * the URL codec's own validation, so a file can hold nothing a link could not.
 *
 * Metric values are numbers or null: JSON has no NaN or Infinity, and a diverged run may
 * have recorded one; null stands for it and reads back as NaN, which the charts skip.
 */
import { z } from 'zod';

// No compiled validators: zod's probe for `new Function` is a violation report under the
// site's Content-Security-Policy (no eval), even though zod catches the refusal.
z.config({ jitless: true });

export const EXPERIMENT_FORMAT = 'reslab-experiment';
export const EXPERIMENT_VERSION = 1;

const int = z.number().int();
const count = int.min(0);
const metric = z.number().nullable();
const text = z.string().max(10_000);

const runControl = z.strictObject({
  depth: int,
  width: int,
  block: z.string(),
  shortcuts: z.boolean(),
  option: z.string(),
  preact: z.boolean(),
  batchNorm: z.boolean(),
});

/** The controls' types; their values are checked by the URL codec (experimentChecks.ts). */
const controls = z.strictObject({
  data: z.string(),
  noise: z.number(),
  runs: z.array(runControl).min(1).max(4),
  optimizer: z.string(),
  learningRate: z.number(),
  schedule: z.string(),
  batchSize: int,
  steps: int,
  seed: int,
  backend: z.string(),
});

const backendName = z.enum(['webgpu', 'webgl', 'wasm', 'cpu']);

const backend = z.strictObject({
  backend: backendName,
  fallbacks: z.array(z.strictObject({ backend: backendName, reason: text })),
  software: text.optional(),
  measured: z
    .array(
      z.strictObject({
        backend: backendName,
        msPerStep: z.number().min(0).optional(),
        software: text.optional(),
        passedOver: text.optional(),
      }),
    )
    .optional(),
});

const layout = z.strictObject({
  run: z.string(),
  params: z.array(
    z.strictObject({
      name: z.string(),
      layer: z.string(),
      block: z.string().optional(),
      role: z.string(),
      size: count,
    }),
  ),
  blocks: z.array(z.string()),
  weights: z.array(z.string()),
  responseLayers: z.array(z.string()),
  responseBatch: z.strictObject({ n: count, unit: z.enum(['images', 'points']) }).optional(),
});

const probe = z.strictObject({
  step: count,
  gradNorms: z.array(metric),
  blockGradNorms: z.array(metric),
  weightNorms: z.array(metric),
  layerStd: z.array(metric),
  blockStd: z.array(metric),
  blockRatio: z.array(metric),
});

const run = z.strictObject({
  id: z.string(),
  label: z.string(),
  /** The NetSpec it trained, for a reader of the file; on import it must equal the controls' own. */
  spec: z.record(z.string(), z.unknown()),
  engine: z.enum(['tfjs', 'js']),
  status: z.enum(['ok', 'diverged', 'failed']),
  reason: text.optional(),
  layout,
  /** Every step: the minibatch error and loss. */
  points: z.strictObject({ step: z.array(count), trainErr: z.array(metric), loss: z.array(metric) }),
  /** Every evaluation: held-out error and whole-training-set error. */
  evals: z.strictObject({ step: z.array(count), testErr: z.array(metric), trainErr: z.array(metric) }),
  probes: z.array(probe),
});

export const experimentSchema = z.strictObject({
  format: z.literal(EXPERIMENT_FORMAT),
  version: z.literal(EXPERIMENT_VERSION),
  exportedAt: z.iso.datetime(),
  app: z.strictObject({ name: z.literal('ResLab'), version: z.string().max(40) }),
  /** What the Lab calls it: "two spirals: plain-8, plain-52, …". */
  name: z.string().min(1).max(200),
  /** When the session was built (ISO), or null where that is not known. */
  trainedAt: z.iso.datetime().nullable(),
  controls,
  /** The learner's own files, by label (never their bytes), or null for the shipped data. */
  userData: z.strictObject({ kind: z.enum(['idx', 'cifar10']), label: z.string().max(200) }).nullable(),
  /** How far the session had trained: `finished` when it reached its last step. */
  progress: z.strictObject({ step: count, totalSteps: count, finished: z.boolean() }),
  backend: backend.nullable(),
  dataLabel: z.string().max(200),
  runs: z.array(run).min(1).max(4),
  /** 2-D toys: the points (x0, y0, x1, y1, …), labels and split. */
  toyPoints: z
    .strictObject({ x: z.array(z.number()), y: z.array(count), test: z.array(z.boolean()) })
    .nullable(),
  /** 2-D toys: each run's last class-probability grid (n×n×classes, row 0 at ymax). */
  boundary: z
    .strictObject({
      n: int.min(1).max(512),
      extent: z.tuple([z.number(), z.number(), z.number(), z.number()]),
      classes: int.min(1).max(100),
      runs: z.array(z.strictObject({ run: z.string(), probs: z.array(metric) })),
    })
    .nullable(),
});

export type ExperimentFile = z.infer<typeof experimentSchema>;
export type ExperimentRun = ExperimentFile['runs'][number];
