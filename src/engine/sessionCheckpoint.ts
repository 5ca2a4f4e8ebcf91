/**
 * A session's checkpoint: where its data stream and every run stood after `step` steps, as
 * plain arrays (structured-clonable, so it crosses to the main thread and into IndexedDB).
 * A session restored from one takes the very batches, augmentations and updates the
 * original would have taken from there on: the data order is a function of the step
 * (batchSampler.ts), the augmentation stream is saved whole, and each trainer's state is
 * its parameters, batch-norm statistics and optimiser slots (trainerTypes.ts).
 */
import type { RunStatus } from '../core/metrics';
import type { RngState } from '../core/rng';
import type { TrainerState } from './trainerTypes';

export interface RunCheckpoint {
  id: string;
  status: RunStatus;
  reason?: string;
  /** The run's training state; null for a run that had stopped (nothing to go on with). */
  state: TrainerState | null;
}

export interface SessionCheckpoint {
  /** Steps taken when it was made. */
  step: number;
  /** The augmentation stream, where the next batch draws from it. */
  augment: RngState;
  runs: RunCheckpoint[];
}

const stopped = (s: RunStatus) => s === 'diverged' || s === 'failed';

/** Refuses, naming why, a checkpoint that cannot be of these runs at this length of training. */
export function checkCheckpoint(cp: SessionCheckpoint, runIds: readonly string[], steps: number): void {
  if (!Number.isInteger(cp.step) || cp.step < 0 || cp.step > steps)
    throw new RangeError(`the checkpoint is at step ${cp.step}, outside 0..${steps} of this training`);
  const ids = cp.runs.map((r) => r.id);
  if (ids.join() !== runIds.join())
    throw new RangeError(`the checkpoint holds runs ${ids.join(', ')}, this session ${runIds.join(', ')}`);
  for (const r of cp.runs)
    if (!stopped(r.status) && r.state === null)
      throw new RangeError(`the checkpoint's run ${r.id} is ${r.status} but has no state`);
}

/** Every buffer of a checkpoint, to transfer rather than copy it. */
export function checkpointBuffers(cp: SessionCheckpoint): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  for (const r of cp.runs) {
    if (!r.state) continue;
    for (const a of Object.values(r.state.weights)) out.add(a.buffer as ArrayBuffer);
    for (const list of r.state.slots) for (const a of list) out.add(a.buffer as ArrayBuffer);
  }
  return [...out];
}
