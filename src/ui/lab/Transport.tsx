import type { LabSnapshot } from '../../state/labStore';

interface Props {
  snap: LabSnapshot;
  canTrain: boolean;
  onToggle(): void;
  onStep(): void;
  onReset(): void;
}

const seconds = (s: number) =>
  s >= 60 ? `${Math.floor(s / 60)} min ${Math.round(s % 60)} s` : `${Math.round(s)} s`;

/** Train/Pause, Step, Reset; progress, speed and time left; the backend badge and any fallback. */
export function Transport({ snap, canTrain, onToggle, onStep, onReset }: Props) {
  const training = snap.phase === 'training';
  const left = snap.stepsPerSecond > 0 ? (snap.totalSteps - snap.step) / snap.stepsPerSecond : null;
  const fallbacks = snap.backend?.fallbacks ?? [];
  const jsRuns = snap.runs.filter((r) => r.engine === 'js').length;
  return (
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
        <span
          className="badge"
          data-testid="backend-badge"
          title={snap.backend ? 'the tfjs backend in use' : 'chosen when training starts'}
        >
          {snap.backend?.backend ?? (snap.phase === 'building' ? 'starting…' : 'backend: not started')}
        </span>
      </div>
      <progress max={snap.totalSteps || 1} value={snap.step} aria-label="Training progress" />
      <p className="progress-text" aria-live="polite">
        {snap.phase === 'building'
          ? 'Loading data and building the networks…'
          : `step ${snap.step} of ${snap.totalSteps || '—'}${snap.stepsPerSecond > 0 ? ` · ${snap.stepsPerSecond.toFixed(1)} steps/s` : ''}${left !== null && training ? ` · about ${seconds(left)} left` : ''}${snap.phase === 'done' ? ' · done' : ''}`}
      </p>
      {fallbacks.length > 0 && (
        <p className="notice" role="status">
          Fell back to {snap.backend!.backend}: {fallbacks.map((f) => f.reason).join('; ')}.
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
      {snap.error && (
        <p className="error" role="alert">
          {snap.error}
        </p>
      )}
    </section>
  );
}
