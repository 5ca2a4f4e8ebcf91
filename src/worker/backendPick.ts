/**
 * Which backend a session trains on, and how long its warm step takes there.
 *
 * - 'auto' with a tfjs run (a conv net): chosen by measurement (engine/backendTrial.ts).
 * - 'auto' with only fused-JS runs (toy MLPs): the backend only holds the probes' tensors,
 *   so the first that starts, in the usual order.
 * - A forced backend (the user's override): that one, falling back to cpu if it cannot start.
 *
 * Every session's warm step is timed (a few ms for toy nets), so the Lab can say before
 * training how long it will take. Results are remembered per network shape (specs, input
 * shape, batch size, preference) for the life of the worker, i.e. the browser tab.
 */
import type { BackendChoice, BackendPreference } from '../engine/backend';
import { chooseBackend, startBackend } from '../engine/backend';
import { measureBackends, median, TIMED_STEPS, WARM_STEPS } from '../engine/backendTrial';
import type { TrainTest } from '../engine/datasets';
import { sessionStepTimer } from '../engine/stepTimer';
import type { CheckedCreate } from './validateCommand';

export interface PickedBackend {
  choice: BackendChoice;
  /** Median warm session step (all runs, one minibatch) on the chosen backend, ms; null if it could not be timed. */
  msPerStep: number | null;
}

export interface BackendPicker {
  pick(cmd: CheckedCreate, data: TrainTest): Promise<PickedBackend>;
}

function shapeKey(cmd: CheckedCreate, data: TrainTest): string {
  return JSON.stringify([cmd.backend, cmd.config.batchSize, data.train.shape, cmd.runs.map((r) => r.spec)]);
}

export function createBackendPicker(deps: {
  /** Replaces the chain and the measurement (tests with a fake backend). */
  chooseBackend?: ((pref: BackendPreference) => Promise<BackendChoice>) | undefined;
  now: () => number;
}): BackendPicker {
  const remembered = new Map<string, PickedBackend>();

  async function fresh(cmd: CheckedCreate, data: TrainTest): Promise<PickedBackend> {
    const timeSteps = sessionStepTimer(
      { runs: cmd.runs, train: data.train, test: data.test, config: cmd.config },
      deps.now,
    );
    const measure =
      !deps.chooseBackend && cmd.backend === 'auto' && cmd.runs.some((r) => r.spec.kind !== 'mlp');
    if (measure) return measureBackends({ batchSize: cmd.config.batchSize, timeSteps });
    const choice = await (deps.chooseBackend ?? chooseBackend)(cmd.backend);
    let msPerStep: number | null = null;
    try {
      msPerStep = median(await timeSteps(cmd.config.batchSize, WARM_STEPS, TIMED_STEPS));
    } catch {
      // The session itself will meet the same error and report it where it happens.
    }
    return { choice, msPerStep };
  }

  return {
    async pick(cmd, data) {
      const key = shapeKey(cmd, data);
      const known = remembered.get(key);
      if (known && (deps.chooseBackend || (await startBackend(known.choice.backend)).ok)) return known;
      const picked = await fresh(cmd, data);
      remembered.set(key, picked);
      return picked;
    },
  };
}
