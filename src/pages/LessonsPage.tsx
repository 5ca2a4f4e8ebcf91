import { useState } from 'react';
import { Link } from 'react-router';
import { LESSONS } from '../core/lessons';
import { loadProgress } from '../state/lessonProgress';
import { usePageTitle } from '../ui/usePageTitle';
import '../ui/lesson/lesson.css';

/** #/lessons: the sequence, with what this browser remembers of the learner's progress. */
export function LessonsPage() {
  usePageTitle('Lessons');
  const [progress] = useState(loadProgress);
  const opened = LESSONS.filter((l) => progress[l.slug]?.opened).length;
  return (
    <article className="lessons-page">
      <h1>Lessons</h1>
      <p className="lead">
        {LESSONS.length} short lessons from the degradation problem to pre-activation, each with an experiment
        that trains in your browser. Predict what will happen, train, and see what the run itself says.
      </p>
      <p className="hint" data-testid="progress-summary">
        {opened
          ? `You have opened ${opened} of ${LESSONS.length} lessons in this browser.`
          : 'Your progress is kept in this browser only.'}
      </p>
      <ol className="lesson-index">
        {LESSONS.map((l) => {
          const mark = progress[l.slug];
          return (
            <li key={l.slug} data-slug={l.slug}>
              <Link to={`/lessons/${l.slug}`}>
                {l.number}. {l.title}
              </Link>
              {mark && (
                <span className="marks">
                  {mark.opened && <span className="mark">opened</span>}
                  {mark.prediction && <span className="mark">predicted</span>}
                </span>
              )}
              <p>{l.summary}</p>
            </li>
          );
        })}
      </ol>
    </article>
  );
}
