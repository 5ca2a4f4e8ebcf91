import { runColor } from '../../charts/palette';
import type { LabStudy } from '../../state/labStudy';

/** A study's progress bar and Cancel while it runs (LesionPanel, LandscapePanel). */
export function StudyProgress({
  study,
  label,
  onCancel,
}: {
  study: LabStudy<unknown>;
  label: string;
  onCancel(): void;
}) {
  if (!study.running) return null;
  return (
    <>
      <progress max={study.total || 1} value={study.done} aria-label={label} />{' '}
      <span>
        {study.done} of {study.total || '…'} evaluations
      </span>{' '}
      <button type="button" onClick={onCancel}>
        Cancel
      </button>
    </>
  );
}

/** After a study: that it was cancelled, or its sentences, with the step the nets had trained to. */
export function StudySummary({
  study,
  lines,
  testId,
}: {
  study: LabStudy<unknown> | null;
  lines: string[];
  testId: string;
}) {
  if (!study || study.running) return null;
  if (study.cancelled) return <p className="session-note">The study was cancelled.</p>;
  if (!lines.length) return null;
  return (
    <div data-testid={testId}>
      <p className="session-note">Measured on the networks as trained to step {study.step}:</p>
      <ul>
        {lines.map((l) => (
          <li key={l}>{l}</li>
        ))}
      </ul>
    </div>
  );
}

/** The studied runs' colours, as the study's charts draw them (a key, not the Lab's toggles). */
export function RunKey({ runs }: { runs: { id: string; label: string; index: number }[] }) {
  return (
    <ul className="legend" aria-label="Runs in these charts">
      {runs.map((r) => (
        <li key={r.id}>
          <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" /> {r.label}
        </li>
      ))}
    </ul>
  );
}
