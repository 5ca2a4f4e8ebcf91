/**
 * Timing of training steps for `npm run bench`: one run alone in a session, on its
 * preset's data and batch size, with evaluation off.
 */
import type { NetSpec } from '../core/netSpec';
import type { Preset } from '../core/presets';
import { validateTrainConfig } from '../core/trainConfig';
import type { TrainTest } from '../engine/datasets';
import { createSession } from '../engine/session';
import { createTfjsTrainer } from '../engine/tfjsTrainer';
import { trainerFactory } from '../engine/trainers';

export const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

export interface StepCase {
  preset: Preset;
  id: string;
  spec: NetSpec;
  /** 'js': the fused JavaScript MLP trainer; 'tfjs': tfjs on the active backend. */
  engine: 'js' | 'tfjs';
  warmup: number;
  steps: number;
}

/** ms of each timed step, after `warmup` untimed ones; probes at `probeStride` (0: off). */
export async function timeSteps(c: StepCase, data: TrainTest, probeStride: number): Promise<number[]> {
  // One step more than is run: the session's last step also evaluates.
  const total = c.warmup + c.steps;
  const config = validateTrainConfig({ ...c.preset.config, steps: total + 1, probeStride, evalInterval: 0 });
  const session = createSession({
    runs: [{ id: c.id, spec: c.spec }],
    train: data.train,
    test: data.test,
    config,
    createTrainer: c.engine === 'js' ? trainerFactory() : createTfjsTrainer,
  });
  const times: number[] = [];
  try {
    for (let i = 0; i < total; i++) {
      const t0 = performance.now();
      const st = await session.step();
      if (st.stopped.length) throw new Error(`${c.id}: ${st.stopped[0]!.reason}`);
      if (i >= c.warmup) times.push(performance.now() - t0);
    }
  } finally {
    session.dispose();
  }
  return times;
}
