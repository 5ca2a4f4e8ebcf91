/**
 * Can a run be built and trained here? The spec must be valid and its memory estimate must
 * fit the budget, before anything is sent to the engine.
 */
import { runSpec } from '../../core/labState';
import type { LabDataKind, RunControl } from '../../core/labState';
import { layerTable } from '../../core/layerTable';
import type { LayerTable } from '../../core/layerTable';
import { estimateMemory, formatBytes } from '../../core/memory';
import type { NetSpec } from '../../core/netSpec';
import type { OptimizerName } from '../../core/trainConfig';
import { SpecError } from '../../core/specError';

/** What a browser tab can give a training run without trouble (GPU buffers or JS heap). */
export const MEMORY_BUDGET = 1.5e9;

export type RunCheck =
  | {
      ok: true;
      spec: NetSpec;
      table: LayerTable;
      params: number;
      macs: number;
      memory: number;
      memoryText: string;
    }
  | { ok: false; reason: string };

export function checkRun(
  r: RunControl,
  data: LabDataKind,
  batchSize: number,
  optimizer: OptimizerName,
  image?: { height: number; width: number; channels: number; classes: number },
): RunCheck {
  let spec: NetSpec;
  try {
    spec = runSpec(r, data, image);
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, reason: e.message };
    throw e;
  }
  const t = layerTable(spec);
  const memory = estimateMemory(spec, batchSize, optimizer).total;
  if (memory > MEMORY_BUDGET)
    return {
      ok: false,
      reason: `needs about ${formatBytes(memory)} to train, more than the ${formatBytes(MEMORY_BUDGET)} a tab can spare: lower the batch size, the width or the depth`,
    };
  return {
    ok: true,
    spec,
    table: t,
    params: t.params,
    macs: t.macs,
    memory,
    memoryText: formatBytes(memory),
  };
}
