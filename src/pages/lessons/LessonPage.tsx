import { useEffect } from 'react';
import { Link, useParams } from 'react-router';
import { LESSONS, lessonBySlug } from '../../core/lessons';
import type { Lesson } from '../../core/lessons';
import { encodeLabState } from '../../core/urlCodec';
import { markOpened } from '../../state/lessonProgress';
import { LessonCount } from '../../ui/lesson/LessonCount';
import { LessonRun } from '../../ui/lesson/LessonRun';
import { usePageTitle } from '../../ui/usePageTitle';
import '../../ui/lesson/lesson.css';
import { LESSON_CONTENT } from './lessonContent';

const labLink = (state: NonNullable<Lesson['experiment']>) => ({
  pathname: '/lab',
  search: `?${encodeLabState(state)}`,
});

/** #/lessons/<slug>: one lesson, prose beside its live experiment; opening it is recorded. */
export function LessonPage() {
  const { slug = '' } = useParams();
  const lesson = lessonBySlug(slug);
  usePageTitle(lesson ? `Lesson ${lesson.number}: ${lesson.title}` : 'Lesson not found');
  useEffect(() => {
    if (lesson) markOpened(lesson.slug);
  }, [lesson]);
  if (!lesson)
    return (
      <article className="placeholder">
        <h1>Lesson not found</h1>
        <p className="lead">
          There is no lesson called “{slug.slice(0, 40)}”. <Link to="/lessons">See all lessons</Link>.
        </p>
      </article>
    );
  const content = LESSON_CONTENT[lesson.slug];
  const prev = LESSONS[lesson.number - 2];
  const next = LESSONS[lesson.number];
  const experiment = lesson.experiment;
  return (
    <article className="lesson-page">
      <p className="hint">
        <Link to="/lessons">Lessons</Link> · Lesson {lesson.number} of {LESSONS.length}
      </p>
      <h1>{lesson.title}</h1>
      <div className="lesson-body">
        <div className="lesson-prose">
          {content && <content.Prose />}
          {experiment && (
            <p className="lesson-links">
              <Link className="button" to={labLink(experiment)} data-testid="open-in-lab">
                Open in the Lab
              </Link>
              {lesson.labExtra && (
                <Link to={labLink(lesson.labExtra.state)}>Or open {lesson.labExtra.label}</Link>
              )}
            </p>
          )}
          {lesson.task === 'identity' && (
            <p className="hint">
              The Lab trains these nets to classify the spirals; the identity task runs only here.
            </p>
          )}
        </div>
        {lesson.countOnly || !experiment ? (
          <LessonCount lesson={lesson} />
        ) : (
          <LessonRun key={lesson.slug} lesson={{ ...lesson, experiment }} extra={content?.charts ?? []} />
        )}
      </div>
      <nav className="lesson-nav" aria-label="Lesson sequence">
        {prev ? <Link to={`/lessons/${prev.slug}`}>← {prev.title}</Link> : <span />}
        {next ? <Link to={`/lessons/${next.slug}`}>{next.title} →</Link> : <span />}
      </nav>
    </article>
  );
}
