/**
 * The Lab's long-run warning: a session that would take longer than the limit to train does
 * not start until the learner says so or changes a setting (issue 9 §3).
 *
 * Every `ready` event carries the session's warm step time on its backend. The guard keeps
 * it as a rate (core/trainingTime.ts) per backend setting and data, so that settings not yet
 * built are estimated from the last measurement, scaled by their multiply-adds, before Train
 * builds anything; once built, the session's own measurement decides.
 */
import { isToy } from '../core/labState';
import type { LabState } from '../core/labState';
import { estimateSession, LAB_EVAL_SAMPLE, stepRate, suggestFits } from '../core/trainingTime';
import type { Suggestion, Workload } from '../core/trainingTime';
import type { ReadyEvent } from '../worker/protocol';
import { trainConfigOf } from './labCommand';
import { imageOf } from './labSession';
import type { UserDataInfo } from './labSession';

export interface LongRunWarning {
  /** The whole session's estimated time: steps, interim evaluations and the final scoring. */
  seconds: number;
  limitSeconds: number;
  /** What would train the runs: "wasm", "webgpu (software)", "the JS kernel"… */
  engine: string;
  /** The step time the estimate rests on (all runs, one minibatch), ms. */
  msPerStep: number;
  /**
   * 'measured': this session's own warm step. 'scaled': settings not built yet, estimated
   * from the last measurement on that backend, scaled by multiply-adds and batch size.
   */
  basis: 'measured' | 'scaled';
  /** Changes that would fit the limit, each with its predicted time. */
  suggestions: Suggestion[];
}

interface Measurement {
  rate: number;
  engine: string;
  trainSize: number;
  testSize: number;
}

export interface LongRunGuard {
  /** Keeps a ready session's measured step, made from `controls` and `user`'s data. */
  measured(controls: LabState, user: UserDataInfo | null, e: ReadyEvent): void;
  /** The warning for these controls, or null when they fit or nothing comparable was measured. */
  check(controls: LabState, user: UserDataInfo | null, basis: LongRunWarning['basis']): LongRunWarning | null;
}

/** Measurements are comparable for the same backend setting on the same data. */
function keyOf(c: LabState, user: UserDataInfo | null): string {
  const data = user ? `${user.kind}:${user.label}` : isToy(c.data) ? 'toy' : c.data;
  return JSON.stringify([c.backend, data]);
}

function engineOf(e: ReadyEvent): string {
  if (Object.values(e.engines).every((x) => x === 'js')) return 'the JS kernel';
  return `${e.backend.backend}${e.backend.software ? ' (software)' : ''}`;
}

export function createLongRunGuard(limitSeconds: number): LongRunGuard {
  const rates = new Map<string, Measurement>();
  const planOf = (c: LabState, userData: boolean) => {
    const t = trainConfigOf(c, userData);
    return {
      steps: t.steps ?? c.steps,
      evalInterval: t.evalInterval ?? 0,
      batchSize: t.batchSize ?? c.batchSize,
    };
  };
  const workload = (
    c: LabState,
    user: UserDataInfo | null,
    m: Pick<Measurement, 'trainSize' | 'testSize'>,
  ) => {
    const image = imageOf(user);
    const w: Workload = {
      data: user ? 'fashion' : c.data,
      trainSize: m.trainSize,
      testSize: m.testSize,
      evalSample: LAB_EVAL_SAMPLE,
      planOf: (next: LabState) => planOf(next, user !== null),
    };
    return image ? { ...w, image } : w;
  };
  return {
    measured(controls, user, e) {
      if (e.msPerStep === null || !(e.msPerStep > 0)) return;
      const sizes = { trainSize: e.trainSize, testSize: e.testSize };
      const rate = stepRate(e.msPerStep, controls, workload(controls, user, sizes));
      if (Number.isFinite(rate)) rates.set(keyOf(controls, user), { rate, engine: engineOf(e), ...sizes });
    },
    check(controls, user, basis) {
      const m = rates.get(keyOf(controls, user));
      if (!m) return null;
      const w = workload(controls, user, m);
      try {
        const { seconds, msPerStep } = estimateSession(controls, w, m.rate);
        if (seconds <= limitSeconds) return null;
        const suggestions = suggestFits(controls, w, m.rate, limitSeconds);
        return { seconds, limitSeconds, engine: m.engine, msPerStep, basis, suggestions };
      } catch {
        // A run that cannot be built: building the session says why.
        return null;
      }
    },
  };
}
