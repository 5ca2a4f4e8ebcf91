/**
 * The worker's side of the `lesion` command: every run that has not diverged or failed is
 * studied in turn (engine/lesion.ts) on the session's own trainers, with one progress event
 * per evaluation over all of them and one `lesion` event at the end. It runs in the command
 * queue, so nothing trains meanwhile; `cancelStudy` is read outside the queue.
 */
import { buildGraph } from '../core/graph';
import { LESION_DRAWS } from '../core/studyLimits';
import { lesionEvaluations, lesionPlans } from '../engine/lesion';
import type { LesionResult } from '../engine/lesion';
import type { Live } from './live';
import type { PostEvent } from './liveEvents';

export async function runLesion(l: Live, post: PostEvent): Promise<void> {
  const sessionId = l.create.sessionId;
  const studied = l.session.runs.filter((r) => r.status !== 'diverged' && r.status !== 'failed');
  const specs = new Map(l.create.runs.map((r) => [r.id, r.spec]));
  const counts = studied.map((r) =>
    lesionEvaluations(lesionPlans(buildGraph(specs.get(r.id)!)), LESION_DRAWS),
  );
  const total = counts.reduce((a, b) => a + b, 0);
  const cancelled = () => l.cancelStudy === true;
  const results: LesionResult[] = [];
  let before = 0;
  post({ type: 'studyProgress', sessionId, study: 'lesion', done: 0, total }, []);
  for (const [i, r] of studied.entries()) {
    const result = await l.session.lesion(r.id, {
      seed: l.create.config.seed + i,
      seeds: LESION_DRAWS,
      cancelled,
      onProgress: (done) =>
        post({ type: 'studyProgress', sessionId, study: 'lesion', done: before + done, total }, []),
    });
    if (!result) break;
    results.push(result);
    before += counts[i]!;
  }
  const ended = cancelled();
  post(
    { type: 'lesion', sessionId, step: l.session.stepCount, cancelled: ended, results: ended ? [] : results },
    [],
  );
}
