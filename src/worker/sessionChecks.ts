/** What the worker checks of a create command against its data, and how a failure becomes a refusal. */
import { SpecError } from '../core/specError';
import type { NetSpec } from '../core/netSpec';
import { firstTooLarge } from '../core/tensorLimits';
import type { BackendLimits } from '../core/tensorLimits';
import { readBackendLimits } from '../engine/backendLimits';
import type { TrainTest } from '../engine/datasets';
import { EVAL_BATCH_SIZE, PROBE_BATCH_SIZE } from '../engine/session';
import { trainsOnTfjs } from '../engine/trainers';
import type { ErrorKind } from './protocol';
import { CommandError } from './validateCommand';
import type { CheckedCreate } from './validateCommand';

export function asCommandError(e: unknown, fallback: ErrorKind): CommandError {
  if (e instanceof CommandError) return e;
  if (e instanceof SpecError) return new CommandError('spec', e.message, e.field);
  const err = e instanceof Error ? e : new Error(String(e));
  if (err.name === 'DataFormatError') return new CommandError('data', err.message, 'data');
  return new CommandError(fallback, err.message);
}

function inputShapeOf(spec: NetSpec): number[] {
  return spec.kind === 'mlp' ? [spec.inputSize] : [spec.input.height, spec.input.width, spec.input.channels];
}

/** Every run must take the data's examples and give as many outputs as the task needs. */
export function checkShapes(cmd: CheckedCreate, data: TrainTest): void {
  const shape = [...data.train.shape];
  const features = shape.reduce((a, b) => a * b, 1);
  const identity = cmd.config.task === 'identity';
  const outputs = identity ? features : data.train.numClasses;
  cmd.runs.forEach((r, i) => {
    const want = inputShapeOf(r.spec);
    if (want.join() !== shape.join())
      throw new CommandError(
        'spec',
        `run ${r.id}: the network takes inputs of shape [${want.join(', ')}] but the data (${data.label}) has [${shape.join(', ')}]`,
        `runs[${i}].spec.${r.spec.kind === 'mlp' ? 'inputSize' : 'input'}`,
        r.id,
      );
    if (r.spec.classes !== outputs)
      throw new CommandError(
        'spec',
        `run ${r.id}: the network has ${r.spec.classes} outputs but ${identity ? `the identity task needs ${features}, one per input feature` : `the data has ${outputs} classes`}`,
        `runs[${i}].spec.classes`,
        r.id,
      );
  });
}

/**
 * Every tfjs run's tensors must fit the active backend's limits (core/tensorLimits.ts) at the
 * largest batch any pass of the session takes: the training batch, or the evaluations' and
 * probes' forward passes when the data is large enough to fill theirs. Toy MLPs train on the
 * fused JS kernel, beyond any backend's limits. Run after the backend is chosen.
 */
export function checkLimits(
  cmd: CheckedCreate,
  data: TrainTest,
  limits: BackendLimits = readBackendLimits(),
): void {
  const train = Math.min(cmd.config.batchSize, data.train.n);
  const forward = Math.min(Math.max(EVAL_BATCH_SIZE, PROBE_BATCH_SIZE), Math.max(data.train.n, data.test.n));
  const batch = Math.max(train, forward);
  const words = batch > train ? `in an evaluation batch of ${batch}` : `at batch ${batch}`;
  cmd.runs.forEach((r, i) => {
    if (!trainsOnTfjs(r.spec)) return;
    const tooLarge = firstTooLarge(r.spec, batch, limits, words);
    if (!tooLarge) return;
    // A smaller training batch does not shrink the evaluation's.
    const hint = batch > train ? 'try a narrower net or a smaller input' : tooLarge.hint;
    throw new CommandError(
      'spec',
      `run ${r.id} is too large for ${limits.kind}${tooLarge.tensor.row === null ? ':' : ' at layer'} ${tooLarge.message}; ${hint}`,
      `runs[${i}].spec`,
      r.id,
    );
  });
}
