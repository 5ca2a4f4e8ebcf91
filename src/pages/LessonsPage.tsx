import { usePageTitle } from '../ui/usePageTitle';

export function LessonsPage() {
  usePageTitle('Lessons');
  return (
    <article className="placeholder">
      <h1>Lessons</h1>
      <p className="lead">
        Not built yet: here short guided lessons will walk from the degradation problem to identity shortcuts,
        each with an experiment to run.
      </p>
    </article>
  );
}
