/**
 * Train every run of an experiment on the active tfjs backend, four at a time in lockstep
 * sessions (runs of one experiment see identical minibatches whichever session they are in:
 * the data order depends only on the seed), and collect what the summary needs: each run's
 * per-step minibatch errors and its last evaluation. Shared by `npm run train` and the
 * science tests, so what CI checks is what the command prints.
 */
import { seedFor } from '../core/rng';
import type { Preset } from '../core/presets';
import type { TrainConfig } from '../core/trainConfig';
import type { TrainTest } from '../engine/datasets';
import { createSession, MAX_RUNS } from '../engine/session';
import type { Session, SessionStep } from '../engine/session';
import { trainerFactory } from '../engine/trainers';
import type { RunOutcome } from './trainSummary';

export interface TrainExperimentOptions {
  exp: Pick<Preset, 'runs' | 'evalSample'>;
  config: TrainConfig;
  data: Pick<TrainTest, 'train' | 'test'>;
  /** Told after every step of every session; `first` is the preset index of the session's first run. */
  onStep?: (step: SessionStep, first: number) => void;
  /**
   * Told once a session has trained, before it is disposed (the lesion and landscape commands
   * study its trained nets here); `first` as for onStep.
   */
  trained?: (session: Session, first: number) => Promise<void>;
}

export async function trainExperiment(o: TrainExperimentOptions): Promise<RunOutcome[]> {
  const { exp, config, data } = o;
  const outcomes: RunOutcome[] = [];
  for (let start = 0; start < exp.runs.length; start += MAX_RUNS) {
    const group = exp.runs.slice(start, start + MAX_RUNS);
    const session = createSession({
      // Seeds depend on the run's position in the experiment, not in its session.
      runs: group.map((r, i) => ({ ...r, seed: seedFor('init', config.seed, start + i) })),
      train: data.train,
      test: data.test,
      config,
      ...(exp.evalSample ? { evalSample: exp.evalSample } : {}),
      createTrainer: trainerFactory(),
    });
    const errs = new Map<string, number[]>(group.map((r) => [r.id, []]));
    const last = new Map<string, { trainErr: number; testErr: number }>();
    const t0 = performance.now();
    try {
      const live = () => session.runs.some((r) => r.status === 'ready' || r.status === 'training');
      for (let s = 0; s < config.steps && live(); s++) {
        const st = await session.step();
        for (const r of st.results) errs.get(r.record.run)!.push(r.record.trainErr);
        for (const e of st.evals) last.set(e.run, { trainErr: e.trainErr, testErr: e.testErr });
        o.onStep?.(st, start);
      }
      const msPerStep = (performance.now() - t0) / Math.max(1, session.stepCount);
      group.forEach((r, i) => {
        const state = session.runs[i]!;
        const lastEval = last.get(r.id);
        outcomes.push({
          id: r.id,
          spec: r.spec,
          status: state.status,
          ...(state.reason ? { reason: state.reason } : {}),
          minibatchErr: errs.get(r.id)!,
          ...(lastEval ? { lastEval } : {}),
          steps: session.stepCount,
          msPerStep,
        });
      });
      await o.trained?.(session, start);
    } finally {
      session.dispose();
    }
  }
  return outcomes;
}
