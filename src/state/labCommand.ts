/**
 * What a Lab session's `create` command carries from the controls: the data source (the
 * toys', the shipped Fashion-MNIST subset's, or the learner's own files) and the training
 * config, with the evaluation interval and probe stride that follow from the steps.
 */
import { isToy } from '../core/labState';
import type { LabState } from '../core/labState';
import type { DataSource } from '../core/dataSource';
import { toySource } from '../core/dataSource';
import type { TrainConfig } from '../core/trainConfig';

/** Files the learner brought; they live here, never in the URL. */
export type UserData = {
  kind: 'idx' | 'cifar10';
  files: { name: string; bytes: Uint8Array }[];
  label: string;
} | null;

export function dataSourceOf(c: LabState, user: UserData): DataSource {
  if (user) return { kind: user.kind, files: user.files };
  if (isToy(c.data)) return toySource(c.data, c.noise, c.seed);
  return { kind: 'fashion' };
}

/**
 * Evaluations and probes per session. On toy nets they cost little, so the curves get many
 * points. On image nets a probe (gradient and weight norms plus a forward pass of a
 * 256-image held-out batch per run) costs about a step or more, and an interim evaluation
 * (1,000 + 1,000 examples per run) about ten steps: probing every 1–2 steps as toys do
 * tripled the Lab's image sessions in headless Chromium (estimate 42 min for the Blocks
 * page's 200-step pair against 200 × 2.6 s of bare steps), so images get 30 probes and 6
 * interim evaluations.
 */
export const SCHEDULE_POINTS = {
  toy: { evaluations: 12, probes: 200 },
  images: { evaluations: 6, probes: 30 },
} as const;

/** `userData`: the learner's own files (images) replace the dataset the controls name. */
export function trainConfigOf(c: LabState, userData = false): Partial<TrainConfig> {
  const points = SCHEDULE_POINTS[!userData && isToy(c.data) ? 'toy' : 'images'];
  const schedule =
    c.schedule === 'step'
      ? { kind: 'step' as const, milestones: [Math.round(c.steps / 2), Math.round((3 * c.steps) / 4)] }
      : { kind: c.schedule };
  return {
    optimizer: c.optimizer,
    learningRate: c.learningRate,
    weightDecay: c.optimizer === 'adam' ? 0 : 1e-4,
    schedule,
    batchSize: c.batchSize,
    steps: c.steps,
    seed: c.seed,
    evalInterval: Math.max(10, Math.round(c.steps / points.evaluations)),
    probeStride: Math.max(1, Math.round(c.steps / points.probes)),
  };
}
