/**
 * Reading a checkpoint back into a trainer: every array it needs, checked by name and
 * length before anything is written, so a checkpoint of another network is refused whole
 * rather than half loaded. Plain arrays only: both the tfjs and the fused MLP trainer use it.
 */
import type { TrainerState } from './trainerTypes';

/** The state's array `name`, which must hold `length` values. */
export function weightOf(state: TrainerState, name: string, length: number): Float32Array {
  const a = state.weights[name];
  if (!(a instanceof Float32Array))
    throw new RangeError(`the checkpoint has no ${name}: it is of another network`);
  if (a.length !== length)
    throw new RangeError(
      `the checkpoint's ${name} holds ${a.length} values, the network's ${length}: it is of another network`,
    );
  return a;
}

/** The optimiser slots of the state, checked against each parameter's size and name. */
export function slotsOf(state: TrainerState, params: { name: string; length: number }[], perParam: number) {
  if (state.slots.length !== params.length)
    throw new RangeError(
      `the checkpoint has optimiser state for ${state.slots.length} parameters, the network ${params.length}`,
    );
  params.forEach((p, i) => {
    const s = state.slots[i]!;
    if (s.length !== perParam || s.some((a) => !(a instanceof Float32Array) || a.length !== p.length))
      throw new RangeError(`the checkpoint's optimiser state for ${p.name} does not fit the network's`);
  });
  if (!Number.isInteger(state.updates) || state.updates < 0)
    throw new RangeError(`the checkpoint's update count ${state.updates} is not a count`);
  return state.slots;
}
