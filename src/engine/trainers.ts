/**
 * Which trainer computes a run. Toy MLPs (the 2-D datasets) train on the fused JavaScript
 * kernel, which does the same math as the tfjs path (a parity test holds them together)
 * many times faster for nets this small, on any device: at width 16 a GPU dispatch costs
 * more than the whole layer. Everything else trains on tfjs with the active backend.
 */
import type { NetSpec } from '../core/netSpec';
import type { TrainConfig } from '../core/trainConfig';
import { createJsMlpTrainer } from './jsMlp';
import { createTfjsTrainer } from './tfjsTrainer';
import type { Trainer } from './trainer';

export type TrainerFactory = (id: string, spec: NetSpec, seed: number, config: TrainConfig) => Trainer;

export function trainerFactory(): TrainerFactory {
  return (id, spec, seed, config) =>
    spec.kind === 'mlp'
      ? createJsMlpTrainer(id, spec, seed, config)
      : createTfjsTrainer(id, spec, seed, config);
}
