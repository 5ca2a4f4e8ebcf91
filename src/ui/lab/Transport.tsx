import type { LabSnapshot } from '../../state/labStore';
import { formatDuration } from '../numbers';
import { measurementText } from './backendText';

interface Props {
  snap: LabSnapshot;
  canTrain: boolean;
  onToggle(): void;
  onStep(): void;
  onReset(): void;
  /** Enters presenter mode (key P). */
  onPresent?(): void;
  /** The id of the controls "Controls ↓" scrolls to; the button is left out without one. */
  controlsId?: string;
}

/** The progress line: what the session is doing, how far it is, and how long is left. */
export function progressText(snap: LabSnapshot, { rate = true } = {}): string {
  if (snap.phase === 'building') return 'Loading data and building the networks…';
  const parts = [`step ${snap.step} of ${snap.totalSteps || '—'}`];
  if (rate && snap.stepsPerSecond > 0) parts.push(`${snap.stepsPerSecond.toFixed(1)} steps/s`);
  if (snap.activity) parts.push(snap.activity);
  if (snap.pending === 'pause') parts.push('pausing after this step…');
  else if (snap.pending === 'step') parts.push('taking one step…');
  // The engine's estimate counts the steps, the evaluations and the final scoring still to come.
  else if (snap.secondsLeft !== null && snap.phase === 'training')
    parts.push(`about ${formatDuration(snap.secondsLeft)} left`);
  if (snap.phase === 'done') parts.push('done');
  return parts.join(' · ');
}

/**
 * What trains the session's runs, by name: the fused JavaScript kernel for toy MLPs, the
 * tfjs backend for the rest ("JS kernel + webgpu" when a session has both).
 */
export function engineBadge(snap: LabSnapshot): { text: string; title: string } {
  const software = snap.backend?.software;
  // A software GPU is named as such: it trains far slower than the word "webgpu" suggests.
  const backend = snap.backend && `${snap.backend.backend}${software ? ' (software)' : ''}`;
  if (!backend)
    return {
      text: snap.phase === 'building' ? 'starting…' : 'backend: not started',
      title: 'chosen when training starts',
    };
  if (!snap.runs.length) return { text: backend, title: `the tfjs backend in use: ${backend}` };
  const names = [...new Set(snap.runs.map((r) => (r.engine === 'js' ? 'JS kernel' : backend)))];
  const title = snap.runs
    .map(
      (r, i) =>
        `run ${i + 1}: ${r.engine === 'js' ? 'ResLab’s fused JavaScript kernel' : `tfjs on ${backend}${software ? `, ${software}` : ''}`}`,
    )
    .join('; ');
  return { text: names.join(' + '), title };
}

/**
 * Train/Pause, Step, Reset, progress and the backend badge on one compact sticky line (under
 * 72 px at 1280×720, so a projector still shows the charts); its notes scroll with the page.
 */
export function Transport({ snap, canTrain, onToggle, onStep, onReset, onPresent, controlsId }: Props) {
  const training = snap.phase === 'training';
  const fallbacks = snap.backend?.fallbacks ?? [];
  const badge = engineBadge(snap);
  return (
    <>
      <section className="transport" aria-label="Training controls">
        <div className="row">
          <button
            type="button"
            className="primary"
            onClick={onToggle}
            disabled={!canTrain || snap.phase === 'building'}
            aria-keyshortcuts="Space"
          >
            {training ? 'Pause' : 'Train'}
          </button>
          <button
            type="button"
            onClick={onStep}
            disabled={!canTrain || training || snap.phase === 'building'}
            aria-keyshortcuts="ArrowRight"
          >
            Step
          </button>
          <button type="button" onClick={onReset} aria-keyshortcuts="r">
            Reset
          </button>
          <div className="transport-progress">
            <progress max={snap.totalSteps || 1} value={snap.step} aria-label="Training progress" />
            <p className="progress-text" aria-live="polite">
              {progressText(snap)}
            </p>
          </div>
          <span className="badge" data-testid="backend-badge" title={badge.title}>
            {badge.text}
          </span>
          {onPresent && (
            <button type="button" onClick={onPresent} aria-keyshortcuts="p">
              Present
            </button>
          )}
          {controlsId && (
            <button type="button" className="to-controls" onClick={() => jumpTo(controlsId)}>
              Controls ↓
            </button>
          )}
        </div>
      </section>
      <div className="transport-notes">
        {/* A fault survived says what happened and what trains now, in one notice. */}
        {snap.recovery ? (
          <p className="notice recovery" role="status" data-testid="recovery-notice">
            {snap.recovery}
          </p>
        ) : (
          fallbacks.length > 0 && (
            <p className="notice" role="status">
              Fell back to {snap.backend!.backend}: {fallbacks.map((f) => f.reason).join('; ')}.
            </p>
          )
        )}
        {snap.error && (
          <p className="error" role="alert">
            {snap.error}
          </p>
        )}
      </div>
    </>
  );
}

/** On a projector the controls sit below the charts: this brings them into view and focus. */
function jumpTo(id: string) {
  const el = document.getElementById(id);
  el?.scrollIntoView({ block: 'start' });
  el?.querySelector<HTMLElement>('input, select, button')?.focus({ preventScroll: true });
}

/** How the session trains (measured backend, the JS kernel): below the charts, not in the bar. */
export function TrainingNotes({ snap }: { snap: LabSnapshot }) {
  const jsRuns = snap.runs.filter((r) => r.engine === 'js').length;
  const measured = measurementText(snap.backend);
  if (!measured && !jsRuns) return null;
  return (
    <div className="training-notes">
      {measured && (
        <p className="hint" data-testid="backend-measurement">
          {measured}.
        </p>
      )}
      {jsRuns > 0 && (
        <p className="hint">
          {jsRuns === snap.runs.length
            ? 'These MLPs train'
            : `${jsRuns} MLP run${jsRuns > 1 ? 's' : ''} train`}{' '}
          on ResLab's fused JavaScript kernel, which is faster than any GPU for networks this small.
        </p>
      )}
    </div>
  );
}
