/**
 * Every buffer one batch size needs, allocated once: the activation of each slot, its
 * gradient, and the x̂ of each batch norm (training only). Steps then allocate nothing.
 */
import type { Plan } from './plan';

export interface Workspace {
  n: number;
  /** Activation of each slot, [n, width]; slot 0 is bound to the batch's features before a pass. */
  values: Float32Array[];
  /** ∂L/∂slot for each slot (empty for the input); allocated on the first training pass. */
  grads: Float32Array[];
  /** x̂ of each batch norm, for its backward pass (training only). */
  xhat: Float32Array[];
}

const EMPTY = new Float32Array(0);

export function createWorkspace(plan: Plan, n: number): Workspace {
  return {
    n,
    values: plan.widths.map((w, i) => (i === 0 ? EMPTY : new Float32Array(n * w))),
    grads: [],
    xhat: [],
  };
}

/** Make sure the training buffers exist. */
export function withTrainingBuffers(plan: Plan, ws: Workspace): Workspace {
  if (ws.grads.length) return ws;
  ws.grads = plan.widths.map((w, i) => (i === 0 ? EMPTY : new Float32Array(ws.n * w)));
  ws.xhat = plan.norms.map((b) => new Float32Array(ws.n * b.channels));
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
