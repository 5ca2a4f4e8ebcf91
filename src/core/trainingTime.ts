/**
 * How long a Lab session would take to train, from one measured step, and the changes that
 * would bring it under a limit (fewer steps, narrower, shallower).
 *
 * The measurement is a rate: a warm session step (every run, one minibatch of b examples)
 * took `msPerStep` on the backend chosen, for networks of M multiply-adds per example in all
 * (summed over the runs, layerTable.ts). A step's cost is taken to grow with b·M, so
 *
 *   rate   = msPerStep / (b·M)                          ms per example per multiply-add
 *   t_step = rate·b'·M'                                 for other networks or batch sizes
 *
 * Scoring an example (on every run) is a forward pass without the backward pass and the
 * update, taken as a third of a training step's share per example: t_step / (3·b). A session
 * of S steps scores the interim sample of both splits at every k·interval < S and both splits
 * whole after step S, so
 *
 *   seconds = [S·t_step + (N_interim·n_sample + n_train + n_test)·t_step/(3·b)] / 1000
 *
 * with N_interim = ⌊(S − 1)/interval⌋ and n_sample = min(sample, n_train) + min(sample, n_test).
 *
 * Scaling by multiply-adds leaves out the per-step overhead and the lower throughput of small
 * kernels, so a narrower or shallower net's time is if anything underestimated; the store
 * measures again when it builds the session and warns again if the measurement disagrees.
 */
import type { LabDataKind, LabState, RunControl } from './labState';
import { runSpec, validDepths } from './labState';
import { layerTable } from './layerTable';

/** A session predicted to take longer than this gets a warning before it trains (issue 9 §3). */
export const LONG_RUN_LIMIT_SECONDS = 30 * 60;

/** Examples of each split an interim evaluation of a Lab session scores (sent with `create`). */
export const LAB_EVAL_SAMPLE = 1000;

/** The part of a training config that sets a session's work (labStore.trainConfigOf). */
export interface StepPlan {
  steps: number;
  /** Steps between interim evaluations; 0 for none (the final one always happens). */
  evalInterval: number;
  batchSize: number;
}

/** What a session trains on, as far as its cost goes. */
export interface Workload {
  /** The data kind the runs' NetSpecs are built for ('fashion' for any image data). */
  data: LabDataKind;
  /** Image shape of brought image files; undefined for Fashion-MNIST's 28×28×1. */
  image?: { height: number; width: number; channels: number; classes: number };
  trainSize: number;
  testSize: number;
  /** Examples of each split an interim evaluation scores at most. */
  evalSample: number;
  /** The steps, evaluation interval and batch size the controls give. */
  planOf(c: LabState): StepPlan;
}

export interface Estimate {
  seconds: number;
  /** The step time the estimate rests on, ms (all runs, one minibatch). */
  msPerStep: number;
}

export type SuggestionKind = 'steps' | 'width' | 'depth';

/** A change to the controls that would fit the limit, with the time it is predicted to take. */
export interface Suggestion {
  kind: SuggestionKind;
  /** The new number of steps, the widest width, or the deepest depth. */
  value: number;
  seconds: number;
  /** The controls it changes; the rest stay as they are. */
  change: Pick<LabState, 'steps'> | Pick<LabState, 'runs'>;
}

/** Forward multiply-adds per example of every run, summed; throws a SpecError if a run cannot be built. */
export function sessionMacs(runs: RunControl[], w: Pick<Workload, 'data' | 'image'>): number {
  return runs.reduce((sum, r) => sum + layerTable(runSpec(r, w.data, w.image)).macs, 0);
}

/** The batch a session really trains on: no larger than the training set. */
const effectiveBatch = (batchSize: number, trainSize: number) => Math.max(1, Math.min(batchSize, trainSize));

/** ms per example per multiply-add, from a session step measured on these controls. */
export function stepRate(msPerStep: number, c: LabState, w: Workload): number {
  const b = effectiveBatch(w.planOf(c).batchSize, w.trainSize);
  return msPerStep / (b * sessionMacs(c.runs, w));
}

/** Interim evaluations of a session: one at every k·interval with 0 < k·interval < steps. */
export function interimEvaluations(plan: StepPlan): number {
  return plan.evalInterval > 0 ? Math.floor((plan.steps - 1) / plan.evalInterval) : 0;
}

/** The whole session's time: its steps, interim evaluations and final scoring (see the header). */
export function estimateSession(c: LabState, w: Workload, rate: number): Estimate {
  const plan = w.planOf(c);
  const b = effectiveBatch(plan.batchSize, w.trainSize);
  const msPerStep = rate * b * sessionMacs(c.runs, w);
  const sample = Math.min(w.evalSample, w.trainSize) + Math.min(w.evalSample, w.testSize);
  const scored = interimEvaluations(plan) * sample + w.trainSize + w.testSize;
  return { seconds: (plan.steps * msPerStep + (scored * msPerStep) / (3 * b)) / 1000, msPerStep };
}

/** The largest "nice" number ≤ n: below 10 an integer, else 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten. */
export function niceFloor(n: number): number {
  if (n < 10) return Math.max(0, Math.floor(n));
  const p = 10 ** Math.floor(Math.log10(n));
  const m = [8, 6, 5, 4, 3, 2.5, 2, 1.5, 1.2, 1].find((x) => x * p <= n + 1e-9)!;
  return Math.floor(m * p);
}

/** The most steps that fit, rounded down to a nice number; null if not even one step fits. */
function fewerSteps(c: LabState, w: Workload, rate: number, limit: number): Suggestion | null {
  const fits = (steps: number) => estimateSession({ ...c, steps }, w, rate).seconds <= limit;
  if (c.steps <= 1 || !fits(1)) return null;
  // The time grows with the steps (the interval grows with them too, keeping the number of
  // evaluations about even), so bisect for the last that fits, then check the rounded value.
  let lo = 1;
  let hi = c.steps;
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  let steps = niceFloor(lo);
  while (steps > 1 && !fits(steps)) steps = niceFloor(steps - 1);
  return suggestion('steps', steps, estimateSession({ ...c, steps }, w, rate).seconds, { steps });
}

/** The widest multiple-of-4 width (every run capped at it) that fits; null if width 4 does not. */
function narrower(c: LabState, w: Workload, rate: number, limit: number): Suggestion | null {
  const widest = Math.max(...c.runs.map((r) => r.width));
  for (let width = 4 * Math.floor((widest - 1) / 4); width >= 4; width -= 4) {
    const runs = c.runs.map((r) => ({ ...r, width: Math.min(r.width, width) }));
    const seconds = estimateSession({ ...c, runs }, w, rate).seconds;
    if (seconds <= limit) return suggestion('width', width, seconds, { runs });
  }
  return null;
}

/**
 * The deepest depth cap that fits: every run deeper than it takes the deepest valid depth of
 * its own block family at or below the cap. Null if no valid depth fits.
 */
function shallower(c: LabState, w: Workload, rate: number, limit: number): Suggestion | null {
  const deepest = Math.max(...c.runs.map((r) => r.depth));
  const depthsOf = (r: RunControl) => validDepths(w.data, r.block);
  const caps = [...new Set(c.runs.flatMap(depthsOf))].filter((d) => d < deepest).sort((a, b) => b - a);
  for (const cap of caps) {
    const runs = c.runs.map((r) => {
      if (r.depth <= cap) return r;
      const below = depthsOf(r).filter((d) => d <= cap);
      return below.length ? { ...r, depth: below.at(-1)! } : null;
    });
    if (runs.some((r) => r === null)) continue;
    const capped = runs as RunControl[];
    const seconds = estimateSession({ ...c, runs: capped }, w, rate).seconds;
    if (seconds <= limit)
      return suggestion('depth', Math.max(...capped.map((r) => r.depth)), seconds, { runs: capped });
  }
  return null;
}

function suggestion(
  kind: SuggestionKind,
  value: number,
  seconds: number,
  change: Suggestion['change'],
): Suggestion {
  return { kind, value, seconds, change };
}

/** Each kind of change that would bring the session within `limit` seconds, fewer steps first. */
export function suggestFits(c: LabState, w: Workload, rate: number, limit: number): Suggestion[] {
  return [fewerSteps, narrower, shallower]
    .map((f) => f(c, w, rate, limit))
    .filter((s): s is Suggestion => s !== null);
}
