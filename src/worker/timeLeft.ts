/**
 * The time a session has left, from what it has measured: the time of a training step
 * (evaluations excluded) and the time to score one example, applied to the steps, the
 * interim evaluations and the final whole-split scoring still to come.
 *
 *   left = stepsLeft·t_step + (interimLeft·n_interim + n_final)·t_example
 *
 * Until an evaluation has been timed, scoring an example on one run is taken to cost a third
 * of that run's share of a training step per example (a forward pass without the backward
 * and update): t_example = t_step / (3 · batch · runs), since t_step covers every live run.
 */
import type { TrainConfig } from '../core/trainConfig';
import type { Session } from '../engine/session';
import { RATE_SMOOTHING } from './rateMeter';

export interface SessionPlan {
  steps: number;
  evalInterval: number;
  batchSize: number;
  /** Live runs: a step's time covers all of them. */
  runs: number;
  /** Examples an interim evaluation scores, summed over the live runs. */
  interimExamples: number;
  /** Examples the final evaluation scores (both splits whole), summed over the live runs. */
  finalExamples: number;
}

/** A session's plan as it stands: the live runs score the evaluations still to come. */
export function sessionPlan(session: Session, config: TrainConfig): SessionPlan {
  const runs = session.runs.filter((r) => r.status === 'ready' || r.status === 'training').length;
  return {
    steps: config.steps,
    evalInterval: config.evalInterval,
    batchSize: config.batchSize,
    runs,
    interimExamples: runs * session.evalSize(false),
    finalExamples: runs * session.evalSize(true),
  };
}

export interface TimeLeft {
  /** A step of `ms` ended; `evalMs` of it went to an evaluation of `examples` examples. */
  step(ms: number, evaluation?: { ms: number; examples: number }): void;
  /** Seconds left after `done` steps, or null before any step was timed. */
  secondsLeft(done: number, plan: SessionPlan): number | null;
}

/** Interim evaluations still to come after step `done`: the steps k·interval with done < k·interval < steps. */
export function interimEvaluationsLeft(done: number, plan: SessionPlan): number {
  if (plan.evalInterval <= 0) return 0;
  return Math.max(0, Math.floor((plan.steps - 1) / plan.evalInterval) - Math.floor(done / plan.evalInterval));
}

/** `measuredMs`: a warm step timed before training (backendPick.ts), so the estimate starts at once. */
export function createTimeLeft(alpha = RATE_SMOOTHING, measuredMs: number | null = null): TimeLeft {
  let stepMs: number | null = measuredMs;
  let exampleMs: number | null = null;
  const ema = (old: number | null, x: number) => (old === null ? x : old + alpha * (x - old));
  return {
    step(ms, evaluation) {
      if (evaluation && evaluation.examples > 0) {
        exampleMs = ema(exampleMs, evaluation.ms / evaluation.examples);
        stepMs = ema(stepMs, Math.max(ms - evaluation.ms, 0));
      } else stepMs = ema(stepMs, ms);
    },
    secondsLeft(done, plan) {
      if (stepMs === null) return null;
      const perExample = exampleMs ?? stepMs / (3 * Math.max(1, plan.batchSize) * Math.max(1, plan.runs));
      const stepsLeft = Math.max(0, plan.steps - done);
      const examples =
        (stepsLeft > 0 ? plan.finalExamples : 0) + interimEvaluationsLeft(done, plan) * plan.interimExamples;
      return (stepsLeft * stepMs + examples * perExample) / 1000;
    },
  };
}
