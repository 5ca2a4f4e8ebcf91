/**
 * The lines of a `reslab-log/1` log (docs/PYTORCH.md) as zod schemas, one per `type`;
 * torchLog.ts reads a log with them.
 */
import { z } from 'zod';

// No compiled validators under the site's Content-Security-Policy (see experimentSchema.ts).
z.config({ jitless: true });

export const TORCH_LOG_FORMAT = 'reslab-log/1';
/** Far above any log the Lab can draw: four runs × 100,000 steps is ~40 MB and 400,000 lines. */
export const MAX_LOG_BYTES = 64 * 1024 * 1024;
export const MAX_LOG_LINES = 2_000_000;
/** Runs one log may hold; the Lab's palette has four colours, a preset may train a few more. */
const MAX_RUNS = 16;

const int = z.number().int();
const positive = int.min(1);
const text = z.string().max(10_000);
/** A metric: JSON has no NaN, so null (or Python's bare NaN, read as null) stands for one. */
const metric = z.number().nullable();

// Objects, not strict objects: a later writer may add fields (the header's `threads`), and
// the Lab reads what it knows.
export const where = z.object({
  torch: z.string().max(100),
  device: z.string().max(100),
  deviceName: z.string().max(200),
  world: positive,
  backend: z.string().max(100).nullable(),
  syncBatchNorm: z.boolean(),
  sampler: z.string().max(100),
  host: z.string().max(200),
});

export const headerLine = z.object({
  type: z.literal('header'),
  format: z.string(),
  program: z.string().max(100),
  experiment: z.string().max(200),
  title: text,
  started: z.string().regex(/^\d{4}-\d\d-\d\dT/, 'an ISO date and time'),
  where,
  data: text,
  config: z.record(z.string(), z.unknown()),
  runs: z
    .array(
      z.object({
        id: z.string().min(1).max(100),
        label: z.string().max(200),
        params: int.min(0),
        paramNames: z.array(z.string().max(500)),
      }),
    )
    .min(1)
    .max(MAX_RUNS),
});

const stepLine = z.object({
  type: z.literal('step'),
  run: z.string(),
  step: positive,
  loss: metric,
  trainErr: metric,
  learningRate: z.number().min(0),
});
const evalLine = z.object({
  type: z.literal('eval'),
  run: z.string(),
  step: positive,
  testErr: metric,
  trainErr: metric,
  full: z.boolean(),
});
const probeLine = z.object({
  type: z.literal('probe'),
  run: z.string(),
  step: positive,
  gradNorms: z.array(metric),
});
const stopLine = z.object({
  type: z.literal('stop'),
  run: z.string(),
  step: positive,
  status: z.string().max(100),
  reason: text,
});
const endLine = z.object({
  type: z.literal('end'),
  steps: int.min(0),
  seconds: z.number().min(0),
  msPerStep: z.number().min(0),
});

export const LINES = {
  step: stepLine,
  eval: evalLine,
  probe: probeLine,
  stop: stopLine,
  end: endLine,
} as const;
export type LineType = keyof typeof LINES;

export type HeaderLine = z.infer<typeof headerLine>;
