import './longRunWarning.css';
import type { Suggestion } from '../../core/trainingTime';
import type { LongRunWarning as Warning } from '../../state/longRun';
import { formatDuration, formatStepTime } from '../numbers';

interface Props {
  warning: Warning;
  /** Applies a suggestion's change to the controls (the next Train builds with them). */
  onApply(s: Suggestion): void;
  onTrainAnyway(): void;
}

/** A limit in words: "30 minutes", "1 hour", else as a duration. */
export function limitText(seconds: number): string {
  if (seconds >= 3600 && seconds % 3600 === 0) return `${seconds / 3600} hour${seconds === 3600 ? '' : 's'}`;
  if (seconds >= 60 && seconds % 60 === 0) return `${seconds / 60} minute${seconds === 60 ? '' : 's'}`;
  return formatDuration(seconds);
}

/** The warning's sentence, from its numbers and where they came from. */
export function warningText(w: Warning): string {
  const basis =
    w.basis === 'measured'
      ? `measured ${formatStepTime(w.msPerStep)} per step`
      : `about ${formatStepTime(w.msPerStep)} per step, estimated from the last measurement there`;
  return (
    `Training ${w.basis === 'measured' ? 'this' : 'these settings'} would take about ` +
    `${formatDuration(w.seconds)} on ${w.engine} (${basis}) — more than ${limitText(w.limitSeconds)}.`
  );
}

/** What a suggestion's button says it will do, and how long the result would take. */
export function suggestionText(s: Suggestion): string {
  const what =
    s.kind === 'steps'
      ? `Train ${s.value.toLocaleString('en-US')} steps`
      : s.kind === 'width'
        ? `Narrow to width ${s.value}`
        : `Cap the depth at ${s.value} layers`;
  return `${what} (about ${formatDuration(s.seconds)})`;
}

/** Shown instead of training when a session would take longer than the limit (issue 9 §3). */
export function LongRunWarning({ warning, onApply, onTrainAnyway }: Props) {
  const fits = warning.suggestions;
  return (
    <section className="notice long-run" aria-labelledby="long-run-text" data-testid="long-run">
      <p id="long-run-text" role="alert">
        {warningText(warning)}
      </p>
      <p className="hint">
        {fits.length > 0
          ? `To fit within ${limitText(warning.limitSeconds)}, change one setting (Train then builds with it), or train anyway:`
          : `No single change of steps, width or depth fits within ${limitText(warning.limitSeconds)}.`}
      </p>
      <div className="long-run-actions" role="group" aria-label="Make it fit">
        {fits.map((s) => (
          <button key={s.kind} type="button" onClick={() => onApply(s)}>
            {suggestionText(s)}
          </button>
        ))}
        <button type="button" className="anyway" onClick={onTrainAnyway}>
          Train anyway
        </button>
      </div>
    </section>
  );
}
