/**
 * What `npm run lesion` and `npm run landscape` share: the experiment from its flags, trained
 * as `npm run train` trains it (trainExperiment.ts, the same seeds, data and backend), and
 * then studied session by session before each is disposed, with a progress bar on stderr.
 */
import { writeFile } from 'node:fs/promises';
import type { Preset } from '../core/presets';
import type { StudiedRun } from '../core/studyText';
import type { TrainConfig } from '../core/trainConfig';
import { MAX_RUNS } from '../engine/session';
import type { Session } from '../engine/session';
import type { Progress } from './progress';
import { stderrProgress } from './progress';
import { trainExperiment } from './trainExperiment';
import { setUpTraining, TRAINING_FLAGS } from './trainingSetup';

export const STUDY_FLAGS = { ...TRAINING_FLAGS, json: {} } as const;

/** A run of the experiment, as the study's sentences and tables name it. */
export interface StudyRun extends StudiedRun {
  /** Its place in the experiment (its colour in the Lab). */
  index: number;
}

export interface StudyContext {
  exp: Preset;
  config: TrainConfig;
  runs: StudyRun[];
  dataLabel: string;
  backend: string;
  /** Examples in the whole test split. */
  testSize: number;
  progress: Progress;
}

/**
 * Train the experiment of `flags`, calling `study` with each trained session, its live runs
 * (not diverged or failed: there is nothing to study in them) and their place in the experiment.
 */
export async function trainThenStudy(
  flags: Record<string, string | boolean>,
  study: (session: Session, live: StudyRun[], ctx: StudyContext) => Promise<void>,
  log: (line: string) => void,
): Promise<StudyContext> {
  const { exp, config, backend, data, header } = await setUpTraining(flags);
  const runs: StudyRun[] = exp.runs.map((r, index) => ({
    id: r.id,
    label: r.spec.name ?? r.id,
    residual: r.spec.kind !== 'vgg' && r.spec.shortcut !== 'none',
    index,
  }));
  const ctx: StudyContext = {
    exp,
    config,
    runs,
    dataLabel: data.label,
    backend,
    testSize: data.test.n,
    progress: stderrProgress(),
  };
  log(header);
  const outcomes = await trainExperiment({
    exp,
    config,
    data,
    onStep(st, first) {
      const last = Math.min(exp.runs.length, first + MAX_RUNS);
      ctx.progress.show(`training runs ${first + 1}–${last}`, st.step, config.steps);
    },
    async trained(session, first) {
      ctx.progress.end();
      const live = session.runs.flatMap((s, i) =>
        s.status === 'diverged' || s.status === 'failed' ? [] : [runs[first + i]!],
      );
      await study(session, live, ctx);
      ctx.progress.end();
    },
  });
  for (const o of outcomes)
    if (o.status === 'diverged' || o.status === 'failed')
      log(
        `${runs.find((r) => r.id === o.id)!.label} ${o.status}, not studied: ${o.reason ?? 'no reason given'}`,
      );
  return ctx;
}

/** Writes a study's results as JSON, after what produced them: the experiment, its data, config and backend. */
export async function writeStudyJson(
  file: string,
  format: string,
  ctx: StudyContext,
  body: Record<string, unknown>,
): Promise<void> {
  const head = {
    format,
    experiment: ctx.exp.name,
    title: ctx.exp.title,
    data: ctx.dataLabel,
    config: ctx.config,
    backend: ctx.backend,
  };
  await writeFile(file, `${JSON.stringify({ ...head, ...body }, null, 1)}\n`);
}
