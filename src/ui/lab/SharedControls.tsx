import type { BackendSetting, LabDataKind, LabState, ScheduleKind } from '../../core/labState';
import { nearestDepth } from '../../core/labState';
import { BATCH_SIZES, URL_LIMITS } from '../../core/urlCodec';

const DATASETS: { value: LabDataKind; label: string }[] = [
  { value: 'spirals', label: 'Two spirals (2-D)' },
  { value: 'circles', label: 'Circles (2-D)' },
  { value: 'xor', label: 'XOR (2-D)' },
  { value: 'blobs', label: 'Gaussian blobs (2-D)' },
  { value: 'checkerboard', label: 'Checkerboard (2-D)' },
  { value: 'fashion', label: 'Fashion-MNIST subset (28×28)' },
];

interface Props {
  state: LabState;
  disabled: boolean;
  /** The files the learner brought, if any; they replace the dataset choice. */
  userDataLabel: string | null;
  onChange(next: LabState): void;
}

/** Dataset and the training settings every run shares. */
export function SharedControls({ state, disabled, userDataLabel, onChange }: Props) {
  const set = (patch: Partial<LabState>) => onChange({ ...state, ...patch });
  const num = (v: string, fallback: number) =>
    Number.isFinite(Number(v)) && v.trim() !== '' ? Number(v) : fallback;
  return (
    <fieldset className="shared-controls" disabled={disabled} aria-label="Shared settings">
      <legend>Data and training</legend>
      <label>
        Dataset{' '}
        <select
          value={state.data}
          disabled={userDataLabel !== null}
          onChange={(e) => {
            const data = e.target.value as LabDataKind;
            // Snap every run's depth to the new family's valid depths (MLP k·p+2 or conv 6n+2).
            set({
              data,
              runs: state.runs.map((r) => ({ ...r, depth: nearestDepth(data, r.block, r.depth) })),
            });
          }}
        >
          {DATASETS.map((d) => (
            <option key={d.value} value={d.value}>
              {d.label}
            </option>
          ))}
        </select>
      </label>
      {userDataLabel && <p className="notice">Using your files: {userDataLabel}</p>}
      {state.data !== 'fashion' && !userDataLabel && (
        <label>
          Noise <output>{state.noise.toFixed(2)}</output>
          <input
            type="range"
            min={0}
            max={0.5}
            step={0.01}
            value={state.noise}
            onChange={(e) => set({ noise: Number(e.target.value) })}
          />
        </label>
      )}
      <label>
        Optimiser{' '}
        <select
          value={state.optimizer}
          onChange={(e) => set({ optimizer: e.target.value as LabState['optimizer'] })}
        >
          <option value="sgd">SGD, momentum 0.9 (the paper)</option>
          <option value="adam">Adam</option>
        </select>
      </label>
      <label>
        Learning rate{' '}
        <input
          type="number"
          min={URL_LIMITS.learningRate.min}
          max={URL_LIMITS.learningRate.max}
          step="any"
          value={state.learningRate}
          onChange={(e) =>
            set({
              learningRate: Math.min(
                URL_LIMITS.learningRate.max,
                Math.max(URL_LIMITS.learningRate.min, num(e.target.value, state.learningRate)),
              ),
            })
          }
        />
      </label>
      <label>
        Schedule{' '}
        <select value={state.schedule} onChange={(e) => set({ schedule: e.target.value as ScheduleKind })}>
          <option value="constant">constant</option>
          <option value="step">÷10 at 50% and 75% (the paper's steps)</option>
          <option value="cosine">cosine</option>
        </select>
      </label>
      <label>
        Batch size{' '}
        <select value={state.batchSize} onChange={(e) => set({ batchSize: Number(e.target.value) })}>
          {BATCH_SIZES.map((b) => (
            <option key={b} value={b}>
              {b}
            </option>
          ))}
        </select>
      </label>
      <label>
        Steps{' '}
        <input
          type="number"
          min={1}
          max={URL_LIMITS.steps.max}
          value={state.steps}
          onChange={(e) =>
            set({
              steps: Math.min(
                URL_LIMITS.steps.max,
                Math.max(1, Math.round(num(e.target.value, state.steps))),
              ),
            })
          }
        />
      </label>
      <label>
        Seed{' '}
        <input
          type="number"
          min={0}
          value={state.seed}
          onChange={(e) =>
            set({
              seed: Math.min(URL_LIMITS.seed.max, Math.max(0, Math.round(num(e.target.value, state.seed)))),
            })
          }
        />
      </label>
      <label>
        Backend{' '}
        <select value={state.backend} onChange={(e) => set({ backend: e.target.value as BackendSetting })}>
          <option value="auto">auto (WebGPU, then WebGL, then CPU)</option>
          <option value="webgpu">WebGPU</option>
          <option value="webgl">WebGL</option>
          <option value="wasm">WebAssembly (conv nets without a GPU)</option>
          <option value="cpu">CPU</option>
        </select>
      </label>
    </fieldset>
  );
}
