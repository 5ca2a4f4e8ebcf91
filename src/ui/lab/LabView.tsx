import { useMemo, useState } from 'react';
import './lab.css';
import './labLayout.css';
import { MAX_LAB_RUNS } from '../../core/labState';
import type { LabState } from '../../core/labState';
import { imageOf } from '../../state/labSession';
import type { LabStore } from '../../state/labStore';
import { FilePicker } from './FilePicker';
import { LabCharts } from './LabCharts';
import { LabTools } from './LabTools';
import { Legend } from './Legend';
import { LongRunWarning } from './LongRunWarning';
import { NetworkPanel } from './NetworkPanel';
import { RunCard } from './RunCard';
import { checkRun } from './runCheck';
import { SharedControls } from './SharedControls';
import { LandscapePanel } from './LandscapePanel';
import { LesionPanel } from './LesionPanel';
import { SessionsPanel } from './SessionsPanel';
import type { SessionDb } from '../../state/sessionDb';
import { progressText, TrainingNotes, Transport } from './Transport';
import { usePresenter } from './usePresenter';
import { usePaintPace } from '../usePaintPace';
import { networkCaption } from './captions';
import { useLabSnapshot } from './useLabStore';
import { useTransportKeys } from './useTransportKeys';
import { costData, runViews, sessionVerdict, shownRuns } from './sessionViews';
import { overlayRuns } from './torchOverlay';

/** `set` with `item` added, or removed if it was there. */
function toggled<T>(set: ReadonlySet<T>, item: T): Set<T> {
  const next = new Set(set);
  if (next.has(item)) next.delete(item);
  else next.add(item);
  return next;
}

interface Props {
  store: LabStore;
  /** Told every change of the controls (the page writes it into the address bar). */
  onControls(next: LabState): void;
  /** Where the store keeps sessions; none: no list, no restore. */
  sessions?: SessionDb;
}

/**
 * The Lab on a store: the controls on the left; on the right everything about the session's
 * runs, which the session's own record describes (see sessionViews.ts).
 */
export function LabView({ store, onControls, sessions }: Props) {
  const snap = useLabSnapshot(store);
  const c = snap.controls;
  const [hidden, setHidden] = useState<Set<number>>(new Set());
  const [hiddenOverlay, setHiddenOverlay] = useState<Set<string>>(new Set());
  const [dismissed, setDismissed] = useState(false);

  const setControls = (next: LabState) => {
    store.setControls(next);
    onControls(next);
  };

  const user = store.userData;
  const dataKind = user ? 'fashion' : c.data;
  // The live controls' checks: the run cards, Train's availability, and the preview before a session.
  const checks = useMemo(
    () => c.runs.map((r) => checkRun(r, dataKind, c.batchSize, c.optimizer, imageOf(user))),
    [c, dataKind, user],
  );
  const canTrain = checks.every((x) => x.ok);
  const busy = snap.phase === 'training' || snap.phase === 'building';
  usePaintPace(snap.phase === 'training');
  const presenter = usePresenter();
  const actions = {
    toggle: () => canTrain && store.toggle(),
    step: () => canTrain && store.step(),
    reset: () => store.reset(),
    present: presenter.enter,
    ...(presenter.on ? { leave: presenter.leave } : {}),
  };
  useTransportKeys(actions);

  // Everything below the controls describes the session's runs (or, before one, the preview).
  const shown = useMemo(() => shownRuns(snap, checks), [snap.session, snap.runs, checks]); // eslint-disable-line react-hooks/exhaustive-deps
  const views = useMemo(() => runViews(shown, hidden), [shown, hidden]);
  const cost = useMemo(() => costData(shown), [snap.session ?? checks]); // eslint-disable-line react-hooks/exhaustive-deps
  const verdictText = sessionVerdict(snap, shown);
  // A PyTorch log's runs take the colour of the session's run of the same label.
  const overlay = useMemo(
    () =>
      snap.overlay
        ? overlayRuns(
            snap.overlay,
            snap.session?.runs.map((r, index) => ({ label: r.label, index })) ?? [],
            hiddenOverlay,
          )
        : [],
    [snap.overlay, snap.session, hiddenOverlay],
  );
  const previous = snap.settingsChanged;
  // Captions speak of the session's runs only: before a session they say what each chart is for.
  const sessionRuns = useMemo(
    () =>
      snap.session?.runs.map((r) => ({
        label: r.label,
        depth: r.control.depth,
        shortcuts: r.control.shortcuts,
      })) ?? [],
    [snap.session],
  );
  const verdictLine =
    verdictText !== null
      ? `${previous ? 'Previous experiment: ' : ''}${verdictText}`
      : snap.phase === 'idle'
        ? 'Press Train (or the space bar) to start.'
        : previous
          ? 'The previous experiment stopped before its verdict.'
          : 'Watching… the verdict appears once the runs have trained long enough to tell.';
  const charts = (
    <LabCharts
      key={snap.session?.serial ?? 0}
      runs={views}
      sessionRuns={sessionRuns}
      cost={cost}
      boundary={snap.boundary}
      toyPoints={snap.toyPoints}
      overlay={overlay}
      presenter={
        presenter.on
          ? { verdict: verdictLine, progress: progressText(snap, { rate: false }), onExit: presenter.leave }
          : null
      }
    />
  );
  const updateRun = (i: number, next: (typeof c.runs)[number] | null, duplicate = false) => {
    const runs = [...c.runs];
    if (duplicate) runs.splice(i + 1, 0, { ...runs[i]! });
    else if (next) runs[i] = next;
    else runs.splice(i, 1);
    setControls({ ...c, runs });
  };

  if (presenter.on) return <article className="lab presenting">{charts}</article>;

  return (
    <article className="lab">
      <header className="lab-header">
        <h1>The Lab</h1>
        <p className="lead">
          Train plain and residual networks side by side and watch deeper plain nets train worse: the
          degradation problem.
        </p>
      </header>
      {snap.notices.length > 0 && !dismissed && (
        <div className="notice" role="alert" aria-label="Link notices">
          <p>Some settings in this link could not be used and were reset to their defaults:</p>
          <ul>
            {snap.notices.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
          <button type="button" onClick={() => setDismissed(true)}>
            Dismiss
          </button>
        </div>
      )}
      {sessions && (
        <SessionsPanel
          store={store}
          snap={snap}
          db={sessions}
          onOpened={() => onControls(store.getSnapshot().controls)}
        />
      )}
      <Transport
        snap={snap}
        canTrain={canTrain}
        onToggle={actions.toggle}
        onStep={actions.step}
        onReset={actions.reset}
        onPresent={presenter.enter}
        controlsId="lab-controls"
      />
      {snap.longRun && (
        <LongRunWarning
          warning={snap.longRun}
          onApply={(s) => setControls({ ...c, ...s.change })}
          onTrainAnyway={() => store.trainAnyway()}
        />
      )}
      {previous && (
        <p className="notice settings-changed" role="status" data-testid="settings-changed">
          Settings changed: press Train to start a new run with them. The charts below show the previous
          experiment ({shown.map((r) => r.label).join(', ')}).
        </p>
      )}
      <p className={`verdict${previous ? ' previous' : ''}`} aria-live="polite" data-testid="verdict">
        {verdictLine}
      </p>
      <div className="lab-grid">
        <section
          className={`lab-main${previous ? ' previous' : ''}`}
          aria-label={previous ? 'Charts of the previous experiment' : 'Charts'}
        >
          {/* The runs' key and the experiment's file tools share a line: the first screen keeps its chart. */}
          <div className="legend-row">
            <Legend
              runs={shown.map((r) => ({
                index: r.index,
                label: r.label,
                hidden: hidden.has(r.index),
                status: r.data?.status ?? 'ok',
                reason: r.data?.reason,
              }))}
              onToggle={(i) => setHidden((h) => toggled(h, i))}
              overlay={overlay.map((o) => ({
                id: o.id,
                label: o.label,
                color: o.color,
                hidden: !o.visible,
                stopped: o.run.stop ? o.run.stop.reason || o.run.stop.status : null,
              }))}
              onToggleOverlay={(id) => setHiddenOverlay((h) => toggled(h, id))}
            />
            <LabTools store={store} snap={snap} onControls={onControls} />
          </div>
          {charts}
          <LesionPanel store={store} snap={snap} />
          <LandscapePanel store={store} snap={snap} />
          <section className="run-row" aria-label="Networks">
            <p className="look-for row-caption">{networkCaption(sessionRuns)}</p>
            <div className="run-cols net-cols" style={{ '--cols': shown.length } as React.CSSProperties}>
              {shown.map((r) =>
                r.spec ? (
                  <NetworkPanel
                    key={`${snap.session?.serial ?? 0}-${r.index}-${JSON.stringify(r.control)}`}
                    index={r.index}
                    label={r.label}
                    spec={r.spec}
                    run={r.data}
                    version={r.data?.versions.probes ?? 0}
                  />
                ) : null,
              )}
            </div>
          </section>
          <TrainingNotes snap={snap} />
        </section>
        <aside className="lab-controls" id="lab-controls" aria-label="Controls">
          <SharedControls
            state={c}
            disabled={busy}
            userDataLabel={store.userData?.label ?? null}
            onChange={setControls}
          />
          <FilePicker current={store.userData} onData={(d) => store.setUserData(d)} />
          {c.runs.map((r, i) => (
            <RunCard
              key={i}
              index={i}
              run={r}
              data={dataKind}
              check={checks[i]!}
              canAdd={c.runs.length < MAX_LAB_RUNS}
              canRemove={c.runs.length > 1}
              disabled={busy}
              onChange={(next) => updateRun(i, next)}
              onDuplicate={() => updateRun(i, null, true)}
              onRemove={() => updateRun(i, null)}
            />
          ))}
        </aside>
      </div>
    </article>
  );
}
