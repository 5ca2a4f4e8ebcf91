/**
 * The one notice the Lab shows after a fault it survived (issue 11 §2), worded from what
 * the engine reported: what happened, where the session went on from, what trains it now.
 */
import type { RecoveredEvent } from '../worker/protocol';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** Steps S+1…T trained again, or nothing when the session went on where it stood. */
const again = (from: number, to: number) => (to > from ? ` and trained steps ${from + 1}–${to} again` : '');

/** Toy MLPs train on the JS kernel whatever the backend; the backend trains the rest. */
function whatTrains(e: RecoveredEvent): string {
  const engines = Object.values(e.engines);
  const b = e.backend.backend;
  if (engines.every((x) => x === 'js'))
    return `the runs go on on ResLab’s JS kernel, with ${b} as the tfjs backend`;
  return engines.some((x) => x === 'js')
    ? `${b} trains the tfjs runs from here on`
    : `${b} trains from here on`;
}

export function deviceRecoveredText(e: RecoveredEvent): string {
  const from =
    e.resumedFrom === e.step ? `its weights at step ${e.step}` : `its checkpoint at step ${e.resumedFrom}`;
  return (
    `${capital(e.reason)} at step ${e.step}. The session was rebuilt on ${e.backend.backend} from ${from}` +
    `${again(e.resumedFrom, e.step)} in ${seconds(e.ms)}; every point is kept, and ${whatTrains(e)}.`
  );
}

export function workerRestartedText(reason: string, from: number, to: number, ms: number): string {
  const source = from > 0 ? `its checkpoint at step ${from}` : 'the start (no checkpoint yet)';
  return (
    `${capital(reason)} at step ${to}. A new worker went on from ${source}${again(from, to)} ` +
    `in ${seconds(ms)}; every point is kept.`
  );
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
