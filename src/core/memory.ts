/**
 * Memory estimate for training a spec at a batch size, in bytes of float32, so the UI can
 * refuse a net that will not fit before it builds one. Reverse-mode autodiff keeps (about)
 * every op's output for the backward pass, so activations = batch × Σ output elements,
 * plus the input batch. Parameters and their gradients take one float each; the optimizer
 * state is one more per parameter for SGD with momentum and two for Adam.
 */
import { layerTable } from './layerTable';
import type { NetSpec } from './netSpec';

export type OptimizerKind = 'sgd' | 'adam';

export interface MemoryEstimate {
  activations: number;
  parameters: number;
  gradients: number;
  optimizerState: number;
  total: number;
}

const BYTES = 4;

export function estimateMemory(
  spec: NetSpec,
  batchSize: number,
  optimizer: OptimizerKind = 'sgd',
): MemoryEstimate {
  const table = layerTable(spec);
  const elems = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
  const kept = table.rows.reduce((n, r) => n + elems(r.outShape), elems(table.inputShape));
  const activations = kept * batchSize * BYTES;
  const parameters = table.params * BYTES;
  const gradients = parameters;
  const optimizerState = parameters * (optimizer === 'adam' ? 2 : 1);
  return {
    activations,
    parameters,
    gradients,
    optimizerState,
    total: activations + parameters + gradients + optimizerState,
  };
}

/** Human-readable bytes: "12.3 MB" (powers of 1000, as browsers and OSes report), `digits` decimals. */
export function formatBytes(bytes: number, digits = 1): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (v >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(digits)} ${units[u]}`;
}
