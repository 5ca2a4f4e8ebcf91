/**
 * A session made from a checked create command: its data loaded, its runs built (and put
 * back at their checkpoint when it resumes), and the worker's Live record of it.
 */
import { loadSource } from '../engine/datasets';
import type { TrainTest } from '../engine/datasets';
import { createSession } from '../engine/session';
import type { EvalProgress, Session } from '../engine/session';
import type { PickedBackend } from './backendPick';
import type { Live } from './live';
import { createMetricBuffer } from './metricBuffer';
import { createRateMeter } from './rateMeter';
import { checkShapes } from './sessionChecks';
import { createTimeLeft } from './timeLeft';
import { CommandError } from './validateCommand';
import type { CheckedCreate } from './validateCommand';

export async function loadData(
  cmd: CheckedCreate,
  fetchBytes: (path: string, baseUrl: string | undefined) => Promise<Uint8Array>,
): Promise<TrainTest> {
  try {
    return await loadSource(cmd.data, (path) => fetchBytes(path, cmd.baseUrl));
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    // makeToy names the bad field in its message: "makeToy: n must be …".
    const toy = /^makeToy: (\w+) /.exec(message)?.[1];
    throw new CommandError('data', message, toy ? `data.${toy === 'kind' ? 'toy' : toy}` : 'data');
  }
}

export function buildLive(
  cmd: CheckedCreate,
  data: TrainTest,
  picked: PickedBackend,
  now: () => number,
  onEvaluate: (l: Live, p: EvalProgress) => void,
): Live {
  const backend = picked.choice;
  checkShapes(cmd, data);
  let session: Session;
  // The session reports its evaluations to the Live made from it just below.
  let owner: Live | null = null;
  try {
    session = createSession({
      runs: cmd.runs,
      train: data.train,
      test: data.test,
      config: cmd.config,
      ...(cmd.evalSample !== undefined ? { evalSample: cmd.evalSample } : {}),
      onEvaluate: (p) => {
        if (owner) onEvaluate(owner, p);
      },
    });
  } catch (e) {
    throw e instanceof RangeError ? new CommandError('spec', e.message, 'runs') : e;
  }
  if (cmd.resume)
    try {
      session.restore(cmd.resume);
    } catch (e) {
      session.dispose();
      throw e instanceof RangeError ? new CommandError('spec', `resume: ${e.message}`, 'resume') : e;
    }
  const l: Live = {
    create: cmd,
    data,
    backend,
    picked,
    session,
    buffer: createMetricBuffer(
      cmd.sessionId,
      cmd.runs.map((r) => r.id),
    ),
    state: 'paused',
    loop: null,
    halt: false,
    lastMetrics: now(),
    lastProgress: now(),
    rate: createRateMeter(),
    timeLeft: createTimeLeft(undefined, picked.msPerStep),
    activity: null,
    evaluation: null,
    evaluated: null,
    checkpointed: { step: session.stepCount, state: 'paused', at: now() },
    recovery: cmd.resume ?? null,
    quietThrough: 0,
    recordedStep: session.stepCount,
  };
  owner = l;
  return l;
}
