import { useState } from 'react';
import type { Lesson } from '../../core/lessons';
import { loadProgress, markPrediction } from '../../state/lessonProgress';
import { CostTable } from './CostTable';
import { Prediction } from './Prediction';
import { RevealPanel } from './RevealPanel';
import { withPrediction } from './reveal';
import type { Reveal } from './reveal';
import { costFinding } from './revealCosts';

/** A lesson answered by counting: the prediction, then the core's counts and the paper's figures. */
export function LessonCount({ lesson }: { lesson: Lesson }) {
  const [prediction, setPrediction] = useState<string | null>(
    () => loadProgress()[lesson.slug]?.prediction ?? null,
  );
  const [reveal, setReveal] = useState<Reveal | null>(null);
  return (
    <section className="lesson-run" aria-label="Experiment">
      <Prediction
        lesson={lesson}
        value={prediction}
        onChange={(c) => {
          setPrediction(c);
          markPrediction(lesson.slug, c);
        }}
        disabled={reveal !== null}
      />
      <button
        type="button"
        className="primary"
        onClick={() => setReveal(withPrediction(lesson, costFinding(), prediction))}
      >
        Count them
      </button>
      <RevealPanel
        reveal={reveal}
        waiting="Press Count them: every figure below is counted from the networks’ layers."
      />
      {reveal && <CostTable />}
    </section>
  );
}
