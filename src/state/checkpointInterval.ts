/**
 * How often a session is checkpointed (and so how much a reload or a crash can cost): the
 * intervals the Lab offers, their wording, and the learner's choice kept in localStorage.
 * A choice applies to the sessions built after it; the one training keeps the interval it
 * was built with (the worker was told it at `create`).
 */
import { browserStorage } from './lessonProgress';
import type { ProgressStorage } from './lessonProgress';

export interface CheckpointEvery {
  steps: number;
  seconds: number;
}

/** The default (every 100 steps or 30 s, whichever comes first) and one either side. */
export const CHECKPOINT_CHOICES: readonly CheckpointEvery[] = [
  { steps: 25, seconds: 10 },
  { steps: 100, seconds: 30 },
  { steps: 500, seconds: 120 },
];
export const CHECKPOINT_EVERY: CheckpointEvery = CHECKPOINT_CHOICES[1]!;

const KEY = 'reslab.checkpointEvery.v1';

export const sameEvery = (a: CheckpointEvery, b: CheckpointEvery) =>
  a.steps === b.steps && a.seconds === b.seconds;

/** "100 steps or 30 s", "500 steps or 2 min". */
export function everyText(e: CheckpointEvery): string {
  const time = e.seconds >= 60 && e.seconds % 60 === 0 ? `${e.seconds / 60} min` : `${e.seconds} s`;
  return `${e.steps} steps or ${time}`;
}

/** The stored choice, if it is one the Lab offers; else the default. */
export function loadCheckpointEvery(storage: ProgressStorage | null = browserStorage()): CheckpointEvery {
  let raw: string | null = null;
  try {
    raw = storage?.getItem(KEY) ?? null;
  } catch {
    raw = null;
  }
  const m = raw ? /^(\d+)\/(\d+)$/.exec(raw) : null;
  const found =
    m && CHECKPOINT_CHOICES.find((c) => sameEvery(c, { steps: Number(m[1]), seconds: Number(m[2]) }));
  return found ?? CHECKPOINT_EVERY;
}

export function saveCheckpointEvery(
  e: CheckpointEvery,
  storage: ProgressStorage | null = browserStorage(),
): void {
  try {
    storage?.setItem(KEY, `${e.steps}/${e.seconds}`);
  } catch {
    // A browser that refuses storage keeps the choice for this page only.
  }
}
