import { runColor } from '../../charts/palette';

interface Props {
  runs: { index: number; label: string; hidden: boolean; status: string; reason?: string | undefined }[];
  onToggle(index: number): void;
}

/** One button per run, in its colour: click to hide or show it in every chart. */
export function Legend({ runs, onToggle }: Props) {
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
    </ul>
  );
}
