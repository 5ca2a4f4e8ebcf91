import { useMemo } from 'react';
import { lesionLines, VEIT_CLAIM } from '../../core/studyText';
import { createLesionChart, lesionTable } from '../../charts/lesionChart';
import type { LesionChartData } from '../../charts/lesionChart';
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

/**
 * The lesion study (Veit et al. 2016): delete each block of the trained nets in turn, then k
 * random blocks, and chart the test error. Everything it says is computed from the study's
 * results and the session that produced them; the paper's claim is quoted as the paper's.
 */
export function LesionPanel({ store, snap }: Props) {
  const lesion = snap.lesion;
  const runs = useMemo(() => studiedRuns(snap.session), [snap.session]);
  const data: LesionChartData = useMemo(
    () => ({
      runs: (lesion?.results ?? []).flatMap((res) => {
        const run = runs.find((r) => r.id === res.run);
        return run ? [{ ...res, id: res.run, label: run.label, color: runColor(run.index) }] : [];
      }),
    }),
    [lesion?.results, runs],
  );
  const lines = lesion && !lesion.running ? lesionLines(lesion.results, runs) : [];
  const ready = canStudy(snap) && !lesion?.running;
  return (
    <section className="lesion" aria-label="Lesion study">
      <h2>Delete blocks from the trained nets</h2>
      <p className="look-for">
        {VEIT_CLAIM} Here each block is deleted in turn (a residual block keeps its shortcut and loses its
        branch; a plain block is bridged with the identity where its shapes allow), then k at random, 3 draws
        each, and the test error is measured on the whole held-out split. Batch-norm statistics are used as
        trained.
      </p>
      <p>
        <button type="button" disabled={!ready} onClick={() => store.lesion()}>
          Delete blocks
        </button>{' '}
        {lesion && (
          <StudyProgress study={lesion} label="Lesion study progress" onCancel={() => store.cancelStudy()} />
        )}
        {!ready && !lesion?.running && (
          <span className="session-note">
            Train a session here (and pause it, or let it finish) to study it.
          </span>
        )}
      </p>
      <StudySummary study={lesion} lines={lines} testId="lesion-summary" />
      {data.runs.length > 0 && <RunKey runs={runs.filter((r) => data.runs.some((d) => d.id === r.id))} />}
      {data.runs.length > 0 && (
        <div className="run-cols" style={{ '--cols': 2 } as React.CSSProperties}>
          <LabChart
            title="Test error with one block deleted"
            make={(el) => createLesionChart(el, 'block')}
            data={data}
            table={(d) => lesionTable(d, 'block')}
            caption="Dashed: the net as trained. Shaded (↓): blocks that change the shape. A gap: a block that cannot be deleted."
          />
          <LabChart
            title="Test error with k random blocks deleted"
            make={(el) => createLesionChart(el, 'count')}
            data={data}
            table={(d) => lesionTable(d, 'count')}
            caption="The mean over 3 random draws of k blocks; the whisker spans the lowest to the highest."
          />
        </div>
      )}
    </section>
  );
}
