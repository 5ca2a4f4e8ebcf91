/**
 * `npm run lesion -- (--preset <name> | --spec <file.json>) [--steps N] [--seed S]
 *   [--backend cpu|wasm] [--draws K] [--json FILE]`: trains the experiment as `npm run train`
 * does, then deletes each block of every trained net in turn, and k random blocks for
 * k = 1 … (blocks − 1), K draws each (Veit et al. 2016; engine/lesion.ts), measuring test
 * error on the whole held-out split with batch-norm statistics as trained. It prints a table
 * per run and what the Lab says of the study; --json writes the results whole.
 */
import { buildGraph } from '../core/graph';
import { SpecError } from '../core/specError';
import { LESION_DRAWS } from '../core/studyLimits';
import { lesionLines, VEIT_CLAIM } from '../core/studyText';
import { DataFormatError } from '../data/errors';
import { lesionEvaluations, lesionPlans } from '../engine/lesion';
import type { LesionResult } from '../engine/lesion';
import { parseArgs, runCli, UsageError } from './args';
import { lesionTable } from './studyPrint';
import { STUDY_FLAGS, trainThenStudy, writeStudyJson } from './studySession';

const FLAGS = { ...STUDY_FLAGS, draws: { integer: true } } as const;

async function main(argv: readonly string[]) {
  const { flags } = parseArgs(argv, FLAGS, 0);
  const draws = flags.draws ? Number(flags.draws) : LESION_DRAWS;
  if (draws < 1 || draws > 20) throw new UsageError(`--draws must be 1 … 20 (got ${draws})`);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const results: LesionResult[] = [];
  const ctx = await trainThenStudy(
    flags,
    async (session, live, c) => {
      const specs = new Map(c.exp.runs.map((r) => [r.id, r.spec]));
      const counts = live.map((r) => lesionEvaluations(lesionPlans(buildGraph(specs.get(r.id)!)), draws));
      const total = counts.reduce((a, b) => a + b, 0);
      let before = 0;
      for (const [i, r] of live.entries()) {
        const result = await session.lesion(r.id, {
          // The Lab's seeds: the session's seed plus the run's place among those studied.
          seed: c.config.seed + results.length,
          seeds: draws,
          onProgress: (done) => c.progress.show(`lesion study`, before + done, total),
        });
        results.push(result!);
        before += counts[i]!;
      }
    },
    log,
  );
  log(
    `\nLesion study: test error (%) on the whole held-out split (${ctx.testSize} examples), batch-norm statistics as trained.\n`,
  );
  for (const line of lesionTable(results, ctx.runs)) log(line);
  log('');
  for (const line of lesionLines(results, ctx.runs)) log(line);
  log(`The paper: ${VEIT_CLAIM}`);
  if (flags.json) {
    const file = String(flags.json);
    await writeStudyJson(file, 'reslab-lesion/1', ctx, {
      testExamples: ctx.testSize,
      draws,
      runs: results.map((r) => ({ ...ctx.runs.find((x) => x.id === r.run)!, ...r })),
    });
    log(`wrote ${file}`);
  }
}

void runCli(
  () => main(process.argv.slice(2)),
  (e) => e instanceof SpecError || e instanceof DataFormatError,
);
