/**
 * The Lab's default session on the tfjs trainer, for `npm run soak -- --engine tfjs`. The
 * engine host trains toy MLPs on the fused JS kernel, which holds no tfjs tensors, so through
 * the host the tensor count is 0 throughout and says nothing; this drives the engine's
 * session directly (as test/engine/session.test.ts does) with every run on tfjs-cpu, so that
 * the count after warm-up is one that a leak per step would move.
 */
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { loadSource } from '../../src/engine/datasets';
import { validateCommand } from '../../src/worker/validateCommand';
import type { CheckedCreate } from '../../src/worker/validateCommand';
import type { CreateCommand } from '../../src/worker/protocol';

/** Trains `cmd` to its last step; `onStep(step)` runs after each step but the last, as the host's yield does. */
export async function trainOnTfjs(cmd: CreateCommand, onStep: (step: number) => void): Promise<void> {
  // The host's own checks and defaults, so the session is the one the host would build.
  const checked = validateCommand(cmd) as CheckedCreate;
  const data = await loadSource(checked.data, async () => {
    throw new Error('the toys need no files');
  });
  const session = createSession({
    runs: checked.runs,
    train: data.train,
    test: data.test,
    config: checked.config,
    ...(checked.evalSample !== undefined ? { evalSample: checked.evalSample } : {}),
    createTrainer: createTfjsTrainer,
  });
  try {
    while (session.stepCount < checked.config.steps) {
      await session.step();
      if (session.stepCount < checked.config.steps) onStep(session.stepCount);
      // A macrotask between steps, as the host's loop takes one.
      await new Promise<void>((r) => setImmediate(r));
    }
  } finally {
    session.dispose();
  }
}
