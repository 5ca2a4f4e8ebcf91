/**
 * Times warm training steps of a session's networks on the active backend, for
 * backendTrial.ts and the engine's time estimates. The timed session is a throwaway: built
 * from the same runs and data, with no evaluations or probes, and disposed after. Its runs'
 * weights never reach the real session, which is built afterwards from the same seeds.
 */
import { createSession } from './session';
import type { SessionOptions } from './session';

const UNENDING = Number.MAX_SAFE_INTEGER;

export function sessionStepTimer(
  o: Pick<SessionOptions, 'runs' | 'train' | 'test' | 'config' | 'createTrainer'>,
  now: () => number = () => performance.now(),
) {
  return async (batchSize: number, warm: number, timed: number): Promise<number[]> => {
    const session = createSession({
      runs: o.runs,
      train: o.train,
      test: o.test,
      // No final evaluation (it never reaches its last step), no interim ones, no probes.
      config: { ...o.config, batchSize, steps: UNENDING, evalInterval: 0, probeStride: 0 },
      evalSample: 1,
      ...(o.createTrainer ? { createTrainer: o.createTrainer } : {}),
    });
    try {
      const times: number[] = [];
      for (let i = 0; i < warm + timed; i++) {
        const t0 = now();
        const r = await session.step();
        if (r.stopped.length) throw new Error(r.stopped.map((s) => `${s.run}: ${s.reason}`).join('; '));
        if (i >= warm) times.push(now() - t0);
      }
      return times;
    } finally {
      session.dispose();
    }
  };
}
