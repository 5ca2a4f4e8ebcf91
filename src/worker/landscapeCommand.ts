/**
 * The worker's side of the `landscape` command: a slice of every run that has not diverged
 * or failed (engine/landscape.ts), in turn, on the session's own trainers, with one progress
 * event per evaluation over all of them and one `landscape` event at the end. Like `lesion`
 * it runs in the command queue, and `cancelStudy` is read outside it.
 */
import type { LandscapeSlice } from '../engine/landscape';
import type { Live } from './live';
import type { PostEvent } from './liveEvents';
import type { LandscapeCommand } from './protocol';

export async function runLandscape(l: Live, cmd: LandscapeCommand, post: PostEvent): Promise<void> {
  const sessionId = l.create.sessionId;
  const studied = l.session.runs.filter((r) => r.status !== 'diverged' && r.status !== 'failed');
  const each = 1 + (cmd.dims === 2 ? cmd.n * cmd.n : cmd.n);
  const total = each * studied.length;
  const cancelled = () => l.cancelStudy === true;
  const slices: LandscapeSlice[] = [];
  post({ type: 'studyProgress', sessionId, study: 'landscape', done: 0, total }, []);
  for (const [i, r] of studied.entries()) {
    const slice = await l.session.landscape(r.id, {
      n: cmd.n,
      dims: cmd.dims,
      // One seed for every run: each net's own directions, drawn alike.
      seed: l.create.config.seed,
      cancelled,
      onProgress: (done) =>
        post({ type: 'studyProgress', sessionId, study: 'landscape', done: i * each + done, total }, []),
    });
    if (!slice) break;
    slices.push(slice);
  }
  const ended = cancelled();
  post(
    {
      type: 'landscape',
      sessionId,
      step: l.session.stepCount,
      cancelled: ended,
      slices: ended ? [] : slices,
    },
    ended ? [] : slices.map((s) => s.loss.buffer as ArrayBuffer),
  );
}
