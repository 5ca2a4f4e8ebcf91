import { useEffect, useMemo, useRef, useState } from 'react';
import '../ui/lab/lab.css';
import { useLocation, useNavigate } from 'react-router';
import { MAX_LAB_RUNS, runLabel } from '../core/labState';
import type { LabState } from '../core/labState';
import { decodeLabState, encodeLabState } from '../core/urlCodec';
import { createWorkerLabStore } from '../state/labStore';
import { verdict, WINDOW } from '../state/verdict';
import { usePageTitle } from '../ui/usePageTitle';
import { FilePicker } from '../ui/lab/FilePicker';
import { LabCharts } from '../ui/lab/LabCharts';
import { Legend } from '../ui/lab/Legend';
import { NetworkPanel } from '../ui/lab/NetworkPanel';
import { RunCard } from '../ui/lab/RunCard';
import { checkRun } from '../ui/lab/runCheck';
import { SharedControls } from '../ui/lab/SharedControls';
import { Transport } from '../ui/lab/Transport';
import { useLabSnapshot } from '../ui/lab/useLabStore';
import type { RunView } from '../ui/lab/chartData';

/** Keys that drive training, unless the learner is typing in a field. */
function useTransportKeys(actions: { toggle(): void; step(): void; reset(): void }) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.closest('input, select, textarea, button, [contenteditable="true"]') ||
          e.metaKey ||
          e.ctrlKey ||
          e.altKey)
      )
        return;
      if (e.key === ' ') ref.current.toggle();
      else if (e.key === 'ArrowRight') ref.current.step();
      else if (e.key === 'r') ref.current.reset();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

export function LabPage() {
  usePageTitle('The Lab');
  const location = useLocation();
  const navigate = useNavigate();
  const initial = useMemo(() => decodeLabState(location.search.replace(/^\?/, '')), []); // eslint-disable-line react-hooks/exhaustive-deps
  const store = useMemo(
    () => createWorkerLabStore({ controls: initial.state, notices: initial.notices }),
    [initial],
  );
  useEffect(() => () => store.dispose(), [store]);
  const snap = useLabSnapshot(store);
  const c = snap.controls;
  const [hidden, setHidden] = useState<Set<number>>(new Set());
  const [dismissed, setDismissed] = useState(false);

  const setControls = (next: LabState) => {
    store.setControls(next);
    navigate({ pathname: '/lab', search: `?${encodeLabState(next)}` }, { replace: true });
  };
  useEffect(() => {
    // Write the defaults (or the neutralised link) into the URL, so the address bar is always
    // a link to the experiment on screen and a refused value is not shared onwards.
    if (!location.search || initial.notices.length)
      navigate({ pathname: '/lab', search: `?${encodeLabState(c)}` }, { replace: true });
  }, []); // eslint-disable-line react-hooks/exhaustive-deps

  const image =
    store.userData?.kind === 'cifar10' ? { height: 32, width: 32, channels: 3, classes: 10 } : undefined;
  const dataKind = store.userData ? 'fashion' : c.data;
  const checks = c.runs.map((r) => checkRun(r, dataKind, c.batchSize, c.optimizer, image));
  const canTrain = checks.every((x) => x.ok);
  const busy = snap.phase === 'training' || snap.phase === 'creating';
  const actions = {
    toggle: () => canTrain && store.toggle(),
    step: () => canTrain && store.step(),
    reset: () => store.reset(),
  };
  useTransportKeys(actions);

  const views: RunView[] = snap.runs.map((d, i) => ({
    data: d,
    index: i,
    label: c.runs[i] ? runLabel(c.runs[i]!) : d.id,
    visible: !hidden.has(i),
  }));
  const cost = {
    runs: checks.flatMap((x, i) =>
      x.ok
        ? [
            {
              id: `run${i + 1}`,
              label: runLabel(c.runs[i]!),
              rows: x.table.rows,
              totals: { params: x.table.params, macs: x.table.macs, flops: x.table.flops },
            },
          ]
        : [],
    ),
  };
  const verdictText = verdict(
    snap.runs.map((d, i) => ({
      id: d.id,
      depth: c.runs[i]?.depth ?? 0,
      shortcuts: c.runs[i]?.shortcuts ?? false,
      recentErr: d.status === 'ok' ? d.trainErr.tailMean(WINDOW) : NaN,
      label: views[i]!.label,
    })),
    snap.step,
    snap.totalSteps,
    snap.phase === 'done',
  );
  const updateRun = (i: number, next: (typeof c.runs)[number] | null, duplicate = false) => {
    const runs = [...c.runs];
    if (duplicate) runs.splice(i + 1, 0, { ...runs[i]! });
    else if (next) runs[i] = next;
    else runs.splice(i, 1);
    setControls({ ...c, runs });
  };

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
      <Transport
        snap={snap}
        canTrain={canTrain}
        onToggle={actions.toggle}
        onStep={actions.step}
        onReset={actions.reset}
      />
      <p className="verdict" aria-live="polite" data-testid="verdict">
        {verdictText ??
          (snap.phase === 'idle'
            ? 'Press Train (or the space bar) to start.'
            : 'Watching… the verdict appears once the runs have trained long enough to tell.')}
      </p>
      <div className="lab-grid">
        <aside className="lab-controls" aria-label="Controls">
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
        <section className="lab-main" aria-label="Charts">
          <Legend
            runs={c.runs.map((r, i) => ({
              index: i,
              label: runLabel(r),
              hidden: hidden.has(i),
              status: snap.runs[i]?.status ?? 'ok',
              reason: snap.runs[i]?.reason,
            }))}
            onToggle={(i) =>
              setHidden((h) => {
                const n = new Set(h);
                if (n.has(i)) n.delete(i);
                else n.add(i);
                return n;
              })
            }
          />
          <LabCharts
            runs={views}
            cost={cost}
            version={snap.version}
            boundary={snap.boundary}
            toyPoints={snap.toyPoints}
          />
          {checks.map((x, i) =>
            x.ok ? (
              <NetworkPanel
                key={`${i}-${JSON.stringify(c.runs[i])}`}
                index={i}
                label={runLabel(c.runs[i]!)}
                spec={x.spec}
                run={snap.runs[i]}
                version={snap.version}
              />
            ) : null,
          )}
        </section>
      </div>
    </article>
  );
}
