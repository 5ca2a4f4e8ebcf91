/**
 * What the fused MLP trainer keeps between steps, apart from per-batch-size buffers: the
 * parameters (in initialState order), their gradients, the batch-norm running statistics,
 * and the last training pass's batch moments.
 */
import type { InitialState } from '../init';
import type { BatchMoments } from './batchNorm';
import { createMoments } from './batchNorm';
import type { Plan } from './plan';

export interface RunningStats {
  mean: Float32Array;
  variance: Float32Array;
}

export interface MlpState {
  plan: Plan;
  params: Float32Array[];
  grads: Float32Array[];
  running: RunningStats[];
  moments: BatchMoments[];
}

export function createState(plan: Plan, init: InitialState): MlpState {
  return {
    plan,
    params: init.params.map((p) => Float32Array.from(p.values)),
    grads: init.params.map((p) => new Float32Array(p.values.length)),
    running: plan.norms.map((b) => ({
      mean: new Float32Array(b.channels),
      variance: new Float32Array(b.channels).fill(1),
    })),
    moments: plan.norms.map((b) => createMoments(b.channels)),
  };
}
