/**
 * Every buffer one batch size needs, allocated once: the activation and the gradient of
 * each slot (gradients for training only), slots sharing buffers as buffers.ts decides.
 * Steps then allocate nothing.
 */
import type { Plan } from './plan';

export interface Workspace {
  n: number;
  /** Activation of each slot, [n, width] (shared by in-place ReLUs); slot 0 is bound to the batch's features before a pass. */
  values: Float32Array[];
  /** ∂L/∂slot for each slot (empty for the input; recycled buffers); allocated on the first training pass. */
  grads: Float32Array[];
}

const EMPTY = new Float32Array(0);

/** One array per buffer of the layout, then each slot's view of its buffer. */
function slotArrays(slots: number[], widths: number[], n: number): Float32Array[] {
  const buffers = widths.map((w) => new Float32Array(n * w));
  return slots.map((b) => (b < 0 ? EMPTY : buffers[b]!));
}

export function createWorkspace(plan: Plan, n: number): Workspace {
  const { values, valueWidths } = plan.buffers;
  return { n, values: slotArrays(values, valueWidths, n), grads: [] };
}

/** Make sure the training buffers exist. */
export function withTrainingBuffers(plan: Plan, ws: Workspace): Workspace {
  if (ws.grads.length) return ws;
  ws.grads = slotArrays(plan.buffers.grads, plan.buffers.gradWidths, ws.n);
  return ws;
}

/** Workspaces by batch size, keeping the few most recently used (training and evaluation sizes). */
export function workspaceCache(plan: Plan, capacity = 4): (n: number) => Workspace {
  const cache = new Map<number, Workspace>();
  return (n) => {
    let ws = cache.get(n);
    if (ws) {
      cache.delete(n);
    } else {
      ws = createWorkspace(plan, n);
      if (cache.size >= capacity) cache.delete(cache.keys().next().value!);
    }
    cache.set(n, ws);
    return ws;
  };
}
