import { useMemo, useState } from 'react';
import { landscapeLines, LI_CLAIM } from '../../core/studyText';
import {
  createLandscapeContour,
  createLandscapeCurve,
  landscapeDomain,
  sliceTable,
} from '../../charts/landscapeChart';
import { runColor } from '../../charts/palette';
import { canStudy } from '../../state/labStudy';
import type { LabSnapshot, LabStore } from '../../state/labStore';
import { LabChart } from './LabChart';
import { studiedRuns } from './studiedRuns';
import { RunKey, StudyProgress, StudySummary } from './StudyStatus';

interface Props {
  store: LabStore;
  snap: LabSnapshot;
}

const GRIDS = [11, 21, 31, 41];

/**
 * Loss-landscape slices (Li et al. 2018) of the trained nets: 2-D contours per run on one
 * colour scale, or 1-D curves on one axis. The sentences are computed from the slices.
 */
export function LandscapePanel({ store, snap }: Props) {
  const [n, setN] = useState(21);
  const [dims, setDims] = useState<1 | 2>(2);
  const study = snap.landscape;
  const runs = useMemo(() => studiedRuns(snap.session), [snap.session]);
  const slices = useMemo(() => (study && !study.running ? study.results : []), [study]);
  const domain = useMemo(() => landscapeDomain(slices), [slices]);
  const lines = study && !study.running ? landscapeLines(slices, runs) : [];
  const ready = canStudy(snap) && !study?.running && !snap.lesion?.running;
  const label = (id: string) => runs.find((r) => r.id === id)?.label ?? id;
  return (
    <section className="landscape" aria-label="Loss landscape">
      <h2>Slice the loss landscape</h2>
      <p className="look-for">
        {LI_CLAIM} Here the loss (cross-entropy on the fixed test sample) is measured around each trained net
        along random directions normalised filter by filter to the trained weights; batch norm and biases stay
        as trained, as in the paper.
      </p>
      <p>
        <label>
          Grid{' '}
          <select value={n} onChange={(e) => setN(Number(e.target.value))} disabled={study?.running}>
            {GRIDS.map((g) => (
              <option key={g} value={g}>
                {g} points an axis
              </option>
            ))}
          </select>
        </label>{' '}
        <label>
          <input type="radio" name="landscape-dims" checked={dims === 2} onChange={() => setDims(2)} /> 2-D
          contours
        </label>{' '}
        <label>
          <input type="radio" name="landscape-dims" checked={dims === 1} onChange={() => setDims(1)} /> 1-D
          curve
        </label>{' '}
        <button type="button" disabled={!ready} onClick={() => store.landscape(n, dims)}>
          Slice the loss landscape
        </button>{' '}
        {study && (
          <StudyProgress study={study} label="Loss landscape progress" onCancel={() => store.cancelStudy()} />
        )}
      </p>
      <StudySummary study={study} lines={lines} testId="landscape-summary" />
      {slices.length > 0 && slices[0]!.dims === 2 && (
        <div className="run-cols" style={{ '--cols': slices.length } as React.CSSProperties}>
          {slices.map((s) => (
            <LabChart
              key={s.run}
              title={`Loss landscape: ${label(s.run)}`}
              make={(el) => createLandscapeContour(el)}
              data={{ label: label(s.run), slice: s, domain }}
              table={(d) => sliceTable(d.label, d.slice)}
            />
          ))}
        </div>
      )}
      {slices.length > 0 && slices[0]!.dims === 1 && (
        <RunKey runs={runs.filter((r) => slices.some((x) => x.run === r.id))} />
      )}
      {slices.length > 0 && slices[0]!.dims === 1 && (
        <LabChart
          title="Loss along one direction"
          make={(el) => createLandscapeCurve(el)}
          data={{
            runs: slices.map((s) => {
              const r = runs.find((x) => x.id === s.run);
              return { id: s.run, label: label(s.run), color: runColor(r?.index ?? 0), slice: s };
            }),
          }}
          table={(d) => ({
            columns: ['run', 'α', 'β', 'loss'],
            rows: d.runs.flatMap((r) => sliceTable(r.label, r.slice).rows),
          })}
        />
      )}
    </section>
  );
}
