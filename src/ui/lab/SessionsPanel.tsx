import { useEffect, useState } from 'react';
import './sessions.css';
import { formatBytes } from '../../core/memory';
import { experimentFileName, experimentJson } from '../../state/experimentFile';
import {
  CHECKPOINT_CHOICES,
  everyText,
  sameEvery,
  saveCheckpointEvery,
} from '../../state/checkpointInterval';
import { restoredText } from '../../state/labRestore';
import type { LabSnapshot, LabStore } from '../../state/labStore';
import type { SessionDb, SessionSummary } from '../../state/sessionDb';
import { downloadBlob } from '../export';

interface Props {
  store: LabStore;
  snap: LabSnapshot;
  db: SessionDb;
  /** Told the controls a reopened session brings (the page writes them into the address bar). */
  onOpened(): void;
}

const when = (ms: number) => {
  const d = new Date(ms);
  return `${d.toISOString().slice(0, 10)} ${d.toTimeString().slice(0, 5)}`;
};
const pct = (v: number | null) => (v === null || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(1)} %`);
const runsText = (s: SessionSummary) =>
  s.runs
    .map((r) => `${r.label} ${pct(r.testErr ?? r.trainErr)}${r.status === 'ok' ? '' : ` (${r.status})`}`)
    .join(', ');

/**
 * The sessions this browser keeps: an offer to restore the latest when the Lab opens with
 * nothing trained, and the list of all of them (open, rename, export, delete) with the
 * storage they use. Everything shown is read from the stored summaries.
 */
export function SessionsPanel({ store, snap, db, onOpened }: Props) {
  const [list, setList] = useState<SessionSummary[] | null>(null);
  const [usage, setUsage] = useState<{ sessions: number; used: number | null; quota: number | null } | null>(
    null,
  );
  const [offer, setOffer] = useState(true);
  const [message, setMessage] = useState<string | null>(null);
  const [renaming, setRenaming] = useState<{ id: string; name: string } | null>(null);

  const refresh = async () => {
    setList(await db.list());
    setUsage(await db.usage());
  };
  // A new checkpoint stored changes the list.
  useEffect(() => {
    void refresh();
  }, [db, snap.saved?.at]); // eslint-disable-line react-hooks/exhaustive-deps

  const latest = list?.[0];
  const busy = snap.phase === 'training' || snap.phase === 'building';
  const showOffer = offer && latest !== undefined && snap.phase === 'idle' && snap.session === null;

  async function open(id: string) {
    const refusal = await store.openStored(id);
    setMessage(refusal);
    setOffer(false);
    if (!refusal) onOpened();
  }
  async function exportOne(id: string) {
    const rec = await db.load(id);
    if (!rec) return setMessage('that session is no longer stored');
    const file = { ...rec.file, exportedAt: new Date().toISOString() };
    downloadBlob(experimentFileName(file), new Blob([experimentJson(file)], { type: 'application/json' }));
  }
  async function remove(id: string) {
    setMessage(await db.remove(id));
    store.forgetStored(id);
    await refresh();
  }
  async function rename(e: React.FormEvent) {
    e.preventDefault();
    if (!renaming) return;
    const refusal = await db.rename(renaming.id, renaming.name);
    setMessage(refusal);
    if (!refusal) setRenaming(null);
    await refresh();
  }

  const restored = restoredText(snap);
  const savedLine =
    snap.saved && snap.session && !snap.restored ? `Saved in this browser at step ${snap.saved.step}.` : null;
  const choice = CHECKPOINT_CHOICES.findIndex((c) => sameEvery(c, snap.checkpointEvery));
  const keeps =
    snap.savingEvery && !sameEvery(snap.savingEvery, snap.checkpointEvery)
      ? `The session on screen keeps saving every ${everyText(snap.savingEvery)}; the new interval applies from the next one built.`
      : null;
  return (
    <div className="sessions">
      {showOffer && latest && (
        <div className="notice restore-offer" role="region" aria-label="Restore the last session">
          <p>
            Restore your last session? <strong>{latest.name}</strong>: step {latest.step} of{' '}
            {latest.totalSteps}, saved {when(latest.updatedAt)}.
          </p>
          <button type="button" onClick={() => void open(latest.id)}>
            Restore
          </button>{' '}
          <button type="button" onClick={() => setOffer(false)}>
            Dismiss
          </button>
        </div>
      )}
      {(restored || savedLine) && <p className="session-note">{restored ?? savedLine}</p>}
      {snap.storageError && (
        <p className="session-note error" role="alert">
          {snap.storageError}
        </p>
      )}
      {message && (
        <p className="session-note error" role="alert">
          {message}
        </p>
      )}
      <details className="sessions-list">
        <summary>
          Saved sessions ({list?.length ?? 0}
          {usage ? ` · ${formatBytes(usage.sessions)}` : ''}
          {usage?.quota ? ` of ${formatBytes(usage.quota)} available to this site` : ''})
        </summary>
        <p className="session-note checkpoint-every">
          <label>
            Save a checkpoint every{' '}
            <select
              value={choice}
              onChange={(e) => {
                const every = CHECKPOINT_CHOICES[Number(e.target.value)]!;
                store.setCheckpointEvery(every);
                saveCheckpointEvery(every);
              }}
            >
              {CHECKPOINT_CHOICES.map((c, i) => (
                <option key={i} value={i}>
                  {everyText(c)}, whichever comes first
                </option>
              ))}
            </select>
          </label>{' '}
          <span data-testid="checkpoint-every-note">
            {keeps ?? 'A reload or a crash loses at most the steps since the last one.'}
          </span>
        </p>
        {list && list.length === 0 && <p>None yet: sessions are saved here as they train.</p>}
        {list && list.length > 0 && (
          <table>
            <thead>
              <tr>
                <th scope="col">Name</th>
                <th scope="col">Saved</th>
                <th scope="col">Steps</th>
                <th scope="col">Runs (final error)</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {list.map((s) => (
                <tr key={s.id}>
                  <td>
                    {renaming?.id === s.id ? (
                      <form onSubmit={(e) => void rename(e)}>
                        <input
                          aria-label="New name"
                          value={renaming.name}
                          maxLength={200}
                          onChange={(e) => setRenaming({ id: s.id, name: e.target.value })}
                        />
                        <button type="submit">Save</button>
                      </form>
                    ) : (
                      s.name
                    )}
                  </td>
                  <td>{when(s.updatedAt)}</td>
                  <td>
                    {s.step} of {s.totalSteps}
                    {s.finished ? '' : s.resumable ? ' (can go on)' : ''}
                  </td>
                  <td>{runsText(s)}</td>
                  <td className="actions">
                    <button type="button" disabled={busy} onClick={() => void open(s.id)}>
                      Open
                    </button>
                    <button type="button" onClick={() => setRenaming({ id: s.id, name: s.name })}>
                      Rename
                    </button>
                    <button type="button" onClick={() => void exportOne(s.id)}>
                      Export
                    </button>
                    <button type="button" aria-label={`Delete ${s.name}`} onClick={() => void remove(s.id)}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </details>
    </div>
  );
}
