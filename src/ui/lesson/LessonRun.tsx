import { useEffect, useMemo, useRef, useState } from 'react';
import type { Lesson } from '../../core/lessons';
import type { LabState } from '../../core/labState';
import { createLessonStore } from '../../state/lessonStore';
import { loadProgress, markPrediction } from '../../state/lessonProgress';
import { Transport } from '../lab/Transport';
import { runViews, shownRuns } from '../lab/sessionViews';
import { useLabSnapshot } from '../lab/useLabStore';
import { LessonCharts } from './LessonCharts';
import type { LessonChart } from './LessonCharts';
import { Prediction } from './Prediction';
import { RevealPanel } from './RevealPanel';
import { withPrediction } from './reveal';
import { FINDINGS } from './reveals';
import { runFacts } from './runFacts';
import { usePaintPace } from '../usePaintPace';

interface Props {
  lesson: Lesson & { experiment: LabState };
  extra?: readonly LessonChart[];
}

const NO_HIDDEN: ReadonlySet<number> = new Set();

/**
 * A lesson's live experiment: the prediction, the Lab's transport and charts on a store of
 * its own (the real worker engine), and, once the run is done, the reveal computed from that
 * run's numbers. The prediction in force when Train was pressed is the one the reveal judges.
 */
export function LessonRun({ lesson, extra = [] }: Props) {
  const store = useMemo(
    () => createLessonStore(lesson.experiment, lesson.task ?? 'classify'),
    [lesson.experiment, lesson.task],
  );
  useEffect(() => () => store.dispose(), [store]);
  const snap = useLabSnapshot(store);
  const [prediction, setPrediction] = useState<string | null>(
    () => loadProgress()[lesson.slug]?.prediction ?? null,
  );
  /** The prediction the current session started with, keyed by the session's serial. */
  const judged = useRef<{ serial: number | null; prediction: string | null }>({
    serial: null,
    prediction: null,
  });
  const serial = snap.session?.serial ?? null;
  if (serial !== null && judged.current.serial !== serial) judged.current = { serial, prediction };

  const predict = (choice: string) => {
    setPrediction(choice);
    markPrediction(lesson.slug, choice);
  };
  const runs = runViews(shownRuns(snap, []), NO_HIDDEN);
  const done = snap.phase === 'done' && snap.session !== null;
  // Recomputed on every event once done, so a late final evaluation still reaches the reveal.
  const reveal = useMemo(() => {
    if (!done) return null;
    const finding = FINDINGS[lesson.slug]?.(runFacts(snap));
    return finding ? withPrediction(lesson, finding, judged.current.prediction) : null;
  }, [done, snap, lesson]);
  const busy = snap.phase === 'training' || snap.phase === 'building' || snap.phase === 'paused';
  usePaintPace(snap.phase === 'training');

  return (
    <section className="lesson-run" aria-label="Experiment">
      <Prediction lesson={lesson} value={prediction} onChange={predict} disabled={busy} />
      <Transport
        snap={snap}
        canTrain
        onToggle={() => store.toggle()}
        onStep={() => store.step()}
        onReset={() => store.reset()}
      />
      <LessonCharts
        key={serial ?? 0}
        runs={runs}
        errorTitle={lesson.task === 'identity' ? 'Relative squared error' : 'Training error'}
        extra={extra}
      />
      <RevealPanel
        reveal={reveal}
        waiting={`The reveal appears here when the run has trained all ${lesson.experiment.steps} steps, computed from its numbers.`}
      />
    </section>
  );
}
