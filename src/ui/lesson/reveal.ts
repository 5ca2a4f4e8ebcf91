/**
 * The "what you should see" reveal, computed: every sentence is built from a finished run's
 * own numbers (RunFacts) or from the core's counts, says when this run disagrees with the
 * paper, and says whether the learner's prediction matched. Nothing here is canned text
 * that could contradict the curves.
 */
import { formatPercent } from '../../charts/scales';
import type { Lesson } from '../../core/lessons';
import type { RunFacts } from './runFacts';

export interface Finding {
  /** The choice id that describes what happened; null when the run cannot tell. */
  outcome: string | null;
  /** Whether this run agrees with the paper; null when it cannot tell. */
  agreesWithPaper: boolean | null;
  /** What the numbers are, then what they mean, one sentence each. */
  lines: string[];
}

export interface Reveal extends Finding {
  /** Whether the learner's prediction matched the outcome; null without a prediction or an outcome. */
  predictionMatched: boolean | null;
  predictionLine: string;
}

/** A gap under this (in error, 0–1) is "about the same": two percentage points. */
export const SAME_ERROR = 0.02;

export const pct = (x: number): string => (Number.isFinite(x) ? formatPercent(x) : '—');

/** "a" when a's error is lower by at least `gap`, "b" when b's is, "same" otherwise. */
export function lowerOf(a: number, b: number, gap = SAME_ERROR): 'a' | 'b' | 'same' {
  if (a <= b - gap) return 'a';
  if (b <= a - gap) return 'b';
  return 'same';
}

/** Null when every run named has a usable final error, else the finding that says which does not. */
export function unusable(runs: (RunFacts | undefined)[]): Finding | null {
  const missing = runs.find((r) => !r);
  if (missing !== undefined || runs.length === 0)
    return {
      outcome: null,
      agreesWithPaper: null,
      lines: ['This session does not have the runs this lesson compares.'],
    };
  const bad = runs.filter((r) => r!.status !== 'ok' || !Number.isFinite(r!.finalErr));
  if (!bad.length) return null;
  return {
    outcome: null,
    agreesWithPaper: null,
    lines: bad.map((r) =>
      r!.status !== 'ok'
        ? `${r!.label} ${r!.status === 'diverged' ? 'diverged' : 'failed'}, so this run cannot answer the question: train again (Reset, then Train) or lower the learning rate in the Lab.`
        : `${r!.label} has no training error recorded yet.`,
    ),
  };
}

/** "plain-8 12.34%, plain-52 45.67%": each run's final smoothed training error. */
export const errorList = (runs: RunFacts[]): string =>
  runs.map((r) => `${r.label} ${pct(r.finalErr)}`).join(', ');

export const paperLine = (agrees: boolean, paper: string): string =>
  agrees
    ? `That agrees with the paper: ${paper}`
    : `This run disagrees with the paper, which found: ${paper} A toy run with one seed can land either way: try another seed in the Lab.`;

export function withPrediction(lesson: Lesson, f: Finding, prediction: string | null): Reveal {
  const chosen = lesson.choices.find((c) => c.id === prediction);
  const happened = lesson.choices.find((c) => c.id === f.outcome);
  if (!chosen)
    return {
      ...f,
      predictionMatched: null,
      predictionLine: 'You trained without making a prediction: next time, commit to one first.',
    };
  if (!happened)
    return {
      ...f,
      predictionMatched: null,
      predictionLine: `You predicted “${chosen.label}”; this run cannot say whether that was right.`,
    };
  const matched = chosen.id === happened.id;
  return {
    ...f,
    predictionMatched: matched,
    predictionLine: matched
      ? `You predicted “${chosen.label}”, and that is what this run shows.`
      : `You predicted “${chosen.label}”, but this run shows “${happened.label}”.`,
  };
}
