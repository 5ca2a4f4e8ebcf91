import { useMemo } from 'react';
import type { LabSnapshot, LabStore } from '../../state/labStore';
import { torchExperimentOf } from '../../state/torchExport';
import { MAX_LOG_BYTES } from '../../state/torchLog';
import { downloadBlob } from '../export';
import { pickedText } from './pickedText';

interface Props {
  store: LabStore;
  snap: LabSnapshot;
  /** Told a refusal to show in the tools' alert, or null once an action succeeded. */
  onRefusal(message: string | null): void;
  onClose(): void;
}

export const TORCH_TITLE =
  'Download a Python program that trains these runs in PyTorch, on CPU, one GPU or many with torchrun';

/**
 * PyTorch and back: download the runs on screen as a Python program (src/torch), and overlay
 * the log it writes on the browser's curves. The runs named are the ones the program trains.
 */
export function TorchPanel({ store, snap, onRefusal, onClose }: Props) {
  const { session, controls } = snap;
  const user = store.userData;
  const exp = useMemo(() => torchExperimentOf({ session, controls }, user), [session, controls, user]);

  async function exportTorch() {
    if (!exp.ok) return onRefusal(`Nothing to export to PyTorch: ${exp.message}`);
    // Loaded on demand: the program's Python runtime stays out of the Lab's first bundle.
    const { torchProgram, torchProgramFileName } = await import('../../torch/torchProgram');
    let program: string;
    try {
      program = torchProgram(exp.value, new Date());
    } catch (e) {
      return onRefusal(`Nothing to export to PyTorch: ${(e as Error).message}`);
    }
    onRefusal(null);
    downloadBlob(torchProgramFileName(exp.value), new Blob([program], { type: 'text/x-python' }));
  }

  async function importLog(input: HTMLInputElement) {
    const file = await pickedText(input, MAX_LOG_BYTES);
    if (file === null) return;
    if (typeof file === 'string') return onRefusal(file);
    const result = store.loadTorchLog(file.text);
    if (!result.ok) return onRefusal(`${file.name} was not imported: ${result.message}`);
    onRefusal(null);
    onClose();
  }

  const runs = exp.ok ? exp.value.runs.map((r) => r.label ?? r.id) : [];
  return (
    <section className="share-panel" id="lab-torch" aria-label="PyTorch">
      <h2>PyTorch and back</h2>
      <p className="hint">
        {exp.ok
          ? `The program trains ${runs.length > 1 ? `${runs.slice(0, -1).join(', ')} and ${runs.at(-1)}` : runs[0]} with the Lab's nets, initial weights, data order and optimiser; its log overlays the curves here.`
          : `These settings cannot be exported: ${exp.message}`}
      </p>
      <div className="share-row">
        <button type="button" onClick={() => void exportTorch()} title={TORCH_TITLE} disabled={!exp.ok}>
          Export to PyTorch
        </button>
        <label
          className="button-like"
          title="Overlay the curves of a log the exported program wrote (.jsonl)"
        >
          Import PyTorch log
          <input
            type="file"
            accept=".jsonl,application/jsonl,application/x-ndjson"
            className="visually-hidden-input"
            onChange={(e) => void importLog(e.currentTarget)}
          />
        </label>
        <button type="button" onClick={onClose}>
          Close
        </button>
      </div>
    </section>
  );
}
