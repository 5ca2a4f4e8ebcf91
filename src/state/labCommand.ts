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

export function trainConfigOf(c: LabState): Partial<TrainConfig> {
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
    evalInterval: Math.max(10, Math.round(c.steps / 12)),
    probeStride: Math.max(1, Math.round(c.steps / 200)),
  };
}
