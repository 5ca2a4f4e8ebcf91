import { useCallback, useEffect, useMemo } from 'react';
import { useLocation, useNavigate } from 'react-router';
import type { LabState } from '../core/labState';
import { decodeLabState, encodeLabState } from '../core/urlCodec';
import { loadCheckpointEvery } from '../state/checkpointInterval';
import { createWorkerLabStore } from '../state/labStore';
import { openSessionDb } from '../state/sessionDb';
import { LabView } from '../ui/lab/LabView';
import { usePageTitle } from '../ui/usePageTitle';

/** /lab: the experiment in the address bar, trained in a Web Worker. */
export function LabPage() {
  usePageTitle('The Lab');
  const location = useLocation();
  const navigate = useNavigate();
  const initial = useMemo(() => decodeLabState(location.search.replace(/^\?/, '')), []); // eslint-disable-line react-hooks/exhaustive-deps
  const sessions = useMemo(() => openSessionDb(), []);
  const store = useMemo(
    () =>
      createWorkerLabStore({
        controls: initial.state,
        notices: initial.notices,
        sessions,
        checkpointEvery: loadCheckpointEvery(),
      }),
    [initial, sessions],
  );
  useEffect(() => () => store.dispose(), [store]);
  const writeUrl = useCallback(
    (next: LabState) => navigate({ pathname: '/lab', search: `?${encodeLabState(next)}` }, { replace: true }),
    [navigate],
  );
  useEffect(() => {
    // Write the defaults (or the neutralised link) into the URL, so the address bar is always
    // a link to the experiment on screen and a refused value is not shared onwards.
    if (!location.search || initial.notices.length) writeUrl(initial.state);
  }, []); // eslint-disable-line react-hooks/exhaustive-deps
  return <LabView store={store} onControls={writeUrl} sessions={sessions} />;
}
