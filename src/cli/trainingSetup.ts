/**
 * What every command that trains in Node sets up first (train, lesion, landscape): the
 * experiment of its flags, the backend (wasm: XNNPACK kernels plus the training kernels of
 * src/engine/wasm; cpu if it cannot start, with a warning), the data, and the line that
 * says all of it.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { Preset } from '../core/presets';
import type { TrainConfig } from '../core/trainConfig';
import { chooseBackend } from '../engine/backend';
import { loadSource } from '../engine/datasets';
import type { TrainTest } from '../engine/datasets';
import { EXPERIMENT_FLAGS, experimentFromFlags } from './experimentInput';
import { publicFetcher } from './publicFiles';

export const TRAINING_FLAGS = { ...EXPERIMENT_FLAGS, backend: { choices: ['cpu', 'wasm'] } } as const;

export interface TrainingSetup {
  exp: Preset;
  config: TrainConfig;
  backend: string;
  data: TrainTest;
  /** The experiment's title, then its data, steps, optimiser, seed and backend. */
  header: string;
}

export async function setUpTraining(flags: Record<string, string | boolean>): Promise<TrainingSetup> {
  const { exp, config } = await experimentFromFlags(flags, ['toy', 'fashion']);
  // PROD silences tfjs's console banner about tfjs-node, which we must not install.
  tf.env().set('PROD', true);
  const backend = await chooseBackend(flags.backend === 'wasm' ? 'wasm' : 'cpu');
  for (const f of backend.fallbacks) process.stderr.write(`warning: ${f.reason}; using ${backend.backend}\n`);
  const data = await loadSource(exp.data, publicFetcher());
  const header = `${exp.title}\n${data.label}; ${config.steps} steps of batch ${config.batchSize}, ${config.optimizer} lr ${config.learningRate}, seed ${config.seed}, backend ${backend.backend}`;
  return { exp, config, backend: backend.backend, data, header };
}
