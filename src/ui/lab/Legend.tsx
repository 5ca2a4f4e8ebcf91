import { runColor } from '../../charts/palette';

interface Props {
  runs: { index: number; label: string; hidden: boolean; status: string; reason?: string | undefined }[];
  onToggle(index: number): void;
  /** A PyTorch log's runs (torchOverlay.ts), after the browser's, each with a ring swatch. */
  overlay?: { id: string; label: string; color: string; hidden: boolean; stopped: string | null }[];
  onToggleOverlay?(id: string): void;
}

/** One button per run, in its colour: click to hide or show it in every chart. */
export function Legend({ runs, onToggle, overlay = [], onToggleOverlay }: Props) {
  return (
    <ul className="legend" aria-label="Runs (click to hide or show)">
      {runs.map((r) => (
        <li key={r.index}>
          <button
            type="button"
            aria-pressed={!r.hidden}
            onClick={() => onToggle(r.index)}
            className={r.hidden ? 'off' : ''}
          >
            <span className="swatch" style={{ background: runColor(r.index) }} aria-hidden="true" />
            {r.label}
          </button>
          {r.status !== 'ok' && (
            <span className="run-stopped" role="status">
              stopped: {r.reason}
            </span>
          )}
        </li>
      ))}
      {overlay.map((r) => (
        <li key={r.id} className="imported" data-testid="overlay-run">
          <button
            type="button"
            aria-pressed={!r.hidden}
            onClick={() => onToggleOverlay?.(r.id)}
            className={r.hidden ? 'off' : ''}
          >
            <span className="swatch imported" style={{ borderColor: r.color }} aria-hidden="true" />
            {r.label}
          </button>
          {r.stopped && <span className="run-stopped">stopped: {r.stopped}</span>}
        </li>
      ))}
    </ul>
  );
}
