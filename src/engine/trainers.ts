/**
 * Which trainer computes a run. Every network trains on tfjs; toy MLP classifiers on the
 * cpu backend use the fused JavaScript trainer instead, which does the same math ~50×
 * faster there (see docs/PERFORMANCE.md).
 */
import type { NetSpec } from '../core/netSpec';
import type { TrainConfig } from '../core/trainConfig';
import { createTfjsTrainer } from './tfjsTrainer';
import type { Trainer } from './trainer';

export type TrainerFactory = (id: string, spec: NetSpec, seed: number, config: TrainConfig) => Trainer;

export function trainerFactory(): TrainerFactory {
  return (id, spec, seed, config) => createTfjsTrainer(id, spec, seed, config);
}
