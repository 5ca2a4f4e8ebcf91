/** What the decision-boundary charts need of 2-D toy data: the points, and the box to map. */
import type { Task } from '../core/trainConfig';
import type { TrainTest } from '../engine/datasets';
import type { Session } from '../engine/session';
import type { BoundaryEvent } from './protocol';

/** Grid cells per side of the decision-boundary maps. */
export const BOUNDARY_CELLS = 40;

/** Each run's class probabilities over the toy data's box, as an event, or null for other data. */
export async function boundaryMap(
  session: Session,
  data: TrainTest,
  task: Task,
  sessionId: string,
): Promise<{ event: BoundaryEvent; transfer: ArrayBuffer[] } | null> {
  const extent = toyExtent(data, task);
  if (!extent) return null;
  const step = session.stepCount;
  const runs = await session.predictGrid(BOUNDARY_CELLS, extent);
  if (!runs.length) return null;
  return {
    event: {
      type: 'boundary',
      sessionId,
      step,
      n: BOUNDARY_CELLS,
      extent,
      classes: data.train.numClasses,
      runs,
    },
    transfer: runs.map((r) => r.probs.buffer as ArrayBuffer),
  };
}

/** The toys' bounding box with a 10% margin. */
export function toyExtent(data: TrainTest, task: Task): [number, number, number, number] | null {
  const t = data.train;
  if (t.shape.length !== 1 || t.shape[0] !== 2 || task !== 'classify') return null;
  const b = [Infinity, -Infinity, Infinity, -Infinity];
  for (let i = 0; i < t.n; i++) {
    const x = t.x[2 * i]!;
    const y = t.x[2 * i + 1]!;
    b[0] = Math.min(b[0]!, x);
    b[1] = Math.max(b[1]!, x);
    b[2] = Math.min(b[2]!, y);
    b[3] = Math.max(b[3]!, y);
  }
  const mx = 0.1 * (b[1]! - b[0]!) || 1;
  const my = 0.1 * (b[3]! - b[2]!) || 1;
  return [b[0]! - mx, b[1]! + mx, b[2]! - my, b[3]! + my];
}

/** Copies of the toy points (train, then test) for the boundary charts; images send none. */
export function toyPoints(data: TrainTest): {
  toyPoints?: { x: Float32Array; y: Int32Array; test: boolean[] };
} {
  const { train, test } = data;
  if (train.shape.length !== 1 || train.shape[0] !== 2 || train.n + test.n > 5000) return {};
  const x = new Float32Array(2 * (train.n + test.n));
  x.set(train.x.subarray(0, 2 * train.n));
  x.set(test.x.subarray(0, 2 * test.n), 2 * train.n);
  const y = new Int32Array(train.n + test.n);
  y.set(train.y);
  y.set(test.y, train.n);
  return { toyPoints: { x, y, test: Array.from({ length: train.n + test.n }, (_, i) => i >= train.n) } };
}
