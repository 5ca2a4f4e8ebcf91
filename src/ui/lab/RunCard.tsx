import { validDepths, runLabel, nearestDepth } from '../../core/labState';
import type { LabDataKind, RunControl } from '../../core/labState';
import { runColor } from '../../charts/palette';
import type { RunCheck } from './runCheck';

interface Props {
  index: number;
  run: RunControl;
  data: LabDataKind;
  check: RunCheck;
  canAdd: boolean;
  canRemove: boolean;
  disabled: boolean;
  onChange(next: RunControl): void;
  onDuplicate(): void;
  onRemove(): void;
}

const fmt = (n: number) =>
  n >= 1e9
    ? `${(n / 1e9).toFixed(2)} G`
    : n >= 1e6
      ? `${(n / 1e6).toFixed(2)} M`
      : n >= 1e3
        ? `${(n / 1e3).toFixed(1)} k`
        : String(n);

/** The controls of one run: depth (only valid depths), width, block, shortcuts and options. */
export function RunCard({
  index,
  run,
  data,
  check,
  canAdd,
  canRemove,
  disabled,
  onChange,
  onDuplicate,
  onRemove,
}: Props) {
  const depths = validDepths(data, run.block);
  const depthIndex = Math.max(0, depths.indexOf(run.depth));
  const id = `run${index + 1}`;
  const set = (patch: Partial<RunControl>) => onChange({ ...run, ...patch });
  return (
    <fieldset
      className="run-card"
      style={{ borderColor: runColor(index) }}
      aria-label={`Run ${index + 1}: ${runLabel(run)}`}
      disabled={disabled}
    >
      <legend>
        <span className="swatch" style={{ background: runColor(index) }} aria-hidden="true" /> Run {index + 1}
        : {runLabel(run)}
      </legend>
      <label htmlFor={`${id}-depth`}>
        Depth <output>{run.depth}</output> layers
      </label>
      <input
        id={`${id}-depth`}
        type="range"
        min={0}
        max={depths.length - 1}
        value={depthIndex}
        aria-valuetext={`${run.depth} layers`}
        onChange={(e) => set({ depth: depths[Number(e.target.value)]! })}
      />
      <label htmlFor={`${id}-width`}>
        Width <output>{run.width}</output>
      </label>
      <input
        id={`${id}-width`}
        type="range"
        min={run.block === 'bottleneck' ? 4 : 2}
        max={64}
        step={run.block === 'bottleneck' ? 4 : 2}
        value={run.width}
        onChange={(e) => set({ width: Number(e.target.value) })}
      />
      <div className="row" role="radiogroup" aria-label="Block type">
        {(['basic', 'bottleneck'] as const).map((b) => (
          <label key={b}>
            <input
              type="radio"
              name={`${id}-block`}
              checked={run.block === b}
              onChange={() =>
                set({
                  block: b,
                  depth: nearestDepth(data, b, run.depth),
                  width: b === 'bottleneck' ? Math.max(4, Math.round(run.width / 4) * 4) : run.width,
                })
              }
            />{' '}
            {b}
          </label>
        ))}
      </div>
      <div className="row">
        <label>
          <input
            type="checkbox"
            checked={run.shortcuts}
            onChange={(e) => set({ shortcuts: e.target.checked })}
          />{' '}
          shortcuts
        </label>
        <span role="radiogroup" aria-label="Shortcut option">
          {(['A', 'B', 'C'] as const).map((o) => (
            <label
              key={o}
              title={
                o === 'A'
                  ? 'identity, zero-padded where shapes change'
                  : o === 'B'
                    ? 'projection where shapes change'
                    : 'projection on every block'
              }
            >
              <input
                type="radio"
                name={`${id}-option`}
                disabled={!run.shortcuts}
                checked={run.option === o}
                onChange={() => set({ option: o })}
              />{' '}
              {o}
            </label>
          ))}
        </span>
      </div>
      <div className="row">
        <label>
          <input type="checkbox" checked={run.preact} onChange={(e) => set({ preact: e.target.checked })} />{' '}
          pre-activation
        </label>
        <label>
          <input
            type="checkbox"
            checked={run.batchNorm}
            onChange={(e) => set({ batchNorm: e.target.checked })}
          />{' '}
          batch norm
        </label>
      </div>
      {check.ok ? (
        <p className="run-cost">
          {fmt(check.params)} parameters · {fmt(check.macs)} multiply-adds · trains in about{' '}
          {check.memoryText}
        </p>
      ) : (
        <p className="run-refused" role="alert">
          Cannot build this run: {check.reason}
        </p>
      )}
      <div className="row">
        <button type="button" onClick={onDuplicate} disabled={!canAdd}>
          Duplicate
        </button>
        <button type="button" onClick={onRemove} disabled={!canRemove}>
          Remove
        </button>
      </div>
    </fieldset>
  );
}
