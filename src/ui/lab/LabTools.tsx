import { useState } from 'react';
import './labTools.css';
import type { LabState } from '../../core/labState';
import { canExport, experimentFileName, experimentJson, toExperimentFile } from '../../state/experimentFile';
import type { LabSnapshot, LabStore } from '../../state/labStore';
import { downloadBlob } from '../export';
import { pickedText } from './pickedText';
import { SharePanel } from './SharePanel';
import { TorchPanel } from './TorchPanel';
import { overlayNotice } from './torchOverlay';

interface Props {
  store: LabStore;
  snap: LabSnapshot;
  /** Told the controls an import brings (the page writes them into the address bar). */
  onControls(next: LabState): void;
}

const isoDay = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/**
 * "Imported <name>: 4 runs, 360 steps, trained on ResLab's JS kernel on 2026-12-02.", from
 * the imported session's own record; null once another session replaces it.
 */
export function importedText(snap: LabSnapshot): string | null {
  const info = snap.imported;
  if (!info || !snap.session) return null;
  const n = snap.session.runs.length;
  const backend = snap.backend?.backend ?? 'a backend the file does not name';
  const engines = [...new Set(snap.runs.map((r) => (r.engine === 'js' ? 'ResLab’s JS kernel' : backend)))];
  const when =
    snap.sessionDate !== null && Number.isFinite(snap.sessionDate)
      ? ` on ${isoDay(snap.sessionDate)}`
      : `, exported on ${info.exportedAt.slice(0, 10)}`;
  return `Imported ${info.name}: ${n} run${n === 1 ? '' : 's'}, ${snap.step} step${snap.step === 1 ? '' : 's'}, trained on ${engines.join(' and ')}${when}.`;
}

/**
 * Export and import the whole experiment as a JSON file, share its link and QR code; and
 * PyTorch and back (TorchPanel.tsx): the runs as a program, its log overlaid on the charts.
 */
export function LabTools({ store, snap, onControls }: Props) {
  const [refusal, setRefusal] = useState<string | null>(null);
  const [sharing, setSharing] = useState(false);
  const [torch, setTorch] = useState(false);
  const exportable = canExport(snap);
  const imported = importedText(snap);

  function exportExperiment() {
    const file = toExperimentFile(snap, new Date());
    if (!file) return;
    setRefusal(null);
    downloadBlob(experimentFileName(file), new Blob([experimentJson(file)], { type: 'application/json' }));
  }

  async function importExperiment(input: HTMLInputElement) {
    const file = await pickedText(input);
    if (file === null) return;
    if (typeof file === 'string') return setRefusal(file);
    const result = store.loadExperiment(file.text);
    if (!result.ok) return setRefusal(`${file.name} was not imported: ${result.message}`);
    setRefusal(null);
    onControls(result.value.controls);
  }

  return (
    <section className="lab-tools" aria-label="Experiment file and sharing">
      <div className="row">
        <button
          type="button"
          onClick={exportExperiment}
          disabled={!exportable}
          title={
            exportable
              ? 'Download the settings and every recorded metric as JSON'
              : 'Train first: there is nothing to export yet'
          }
        >
          Export experiment
        </button>
        <label className="button-like">
          Import experiment
          <input
            type="file"
            accept=".json,application/json"
            className="visually-hidden-input"
            onChange={(e) => void importExperiment(e.currentTarget)}
          />
        </label>
        <button
          type="button"
          aria-expanded={torch}
          aria-controls="lab-torch"
          onClick={() => setTorch((t) => !t)}
          title="Train these runs in PyTorch and overlay its log"
        >
          PyTorch
        </button>
        <button
          type="button"
          aria-expanded={sharing}
          aria-controls="lab-share"
          onClick={() => setSharing((s) => !s)}
        >
          Share
        </button>
      </div>
      {refusal && (
        <p className="error" role="alert" data-testid="import-refusal">
          {refusal}
        </p>
      )}
      {imported && (
        <p className="notice" role="status" data-testid="import-notice">
          {imported}
        </p>
      )}
      {torch && (
        <TorchPanel store={store} snap={snap} onRefusal={setRefusal} onClose={() => setTorch(false)} />
      )}
      {snap.overlay && (
        <div className="overlay-notice">
          <p className="notice" role="status" data-testid="overlay-notice">
            {overlayNotice(snap.overlay)}
          </p>
          <button type="button" onClick={() => store.clearTorchLog()}>
            Remove overlay
          </button>
        </div>
      )}
      {sharing && (
        <SharePanel
          controls={snap.controls}
          settingsChanged={snap.settingsChanged}
          onClose={() => setSharing(false)}
        />
      )}
    </section>
  );
}
