/**
 * Which trainer computes a run. Toy MLPs (the 2-D datasets) train on the fused JavaScript
 * kernel, which does the same math as the tfjs path (a parity test holds them together)
 * many times faster for nets this small, on any device: at width 16 a GPU dispatch costs
 * more than the whole layer. Everything else trains on tfjs with the active backend.
 */
import type { MlpSpec, NetSpec } from '../core/netSpec';
import type { TrainConfig } from '../core/trainConfig';
import { createJsMlpTrainer } from './jsMlp';
import { createTfjsTrainer } from './tfjsTrainer';
import type { Trainer } from './trainer';

export type TrainerFactory = (id: string, spec: NetSpec, seed: number, config: TrainConfig) => Trainer;

/** Whether a run of `spec` trains on tfjs, i.e. on the active backend and within its limits. */
export const trainsOnTfjs = (spec: NetSpec): spec is Exclude<NetSpec, MlpSpec> => spec.kind !== 'mlp';

export function trainerFactory(): TrainerFactory {
  return (id, spec, seed, config) =>
    trainsOnTfjs(spec)
      ? createTfjsTrainer(id, spec, seed, config)
      : createJsMlpTrainer(id, spec, seed, config);
}
