/**
 * `npm run landscape -- (--preset <name> | --spec <file.json>) [--steps N] [--seed S]
 *   [--backend cpu|wasm] [--grid N] [--dims 1|2] [--json FILE]`: trains the experiment as
 * `npm run train` does, then slices every trained net's loss landscape (Li et al. 2018;
 * engine/landscape.ts): the cross-entropy on the interim evaluation's fixed test sample at
 * θ + αδ + βη for α, β ∈ [−1, 1] on an N × N grid (odd, default 21), along random directions
 * normalised filter by filter, batch norm and biases as trained. It prints each 2-D slice as
 * a character picture on one log scale (a 1-D slice as a table) and what the Lab says of
 * them; --json writes the slices whole.
 */
import { SpecError } from '../core/specError';
import { LANDSCAPE_POINTS } from '../core/studyLimits';
import { landscapeLines, LI_CLAIM } from '../core/studyText';
import { DataFormatError } from '../data/errors';
import type { LandscapeSlice } from '../engine/landscape';
import { parseArgs, runCli, UsageError } from './args';
import { curveTable, scaleLine, sliceDomain, slicePicture } from './studyPrint';
import { STUDY_FLAGS, trainThenStudy, writeStudyJson } from './studySession';

const FLAGS = { ...STUDY_FLAGS, grid: { integer: true }, dims: { choices: ['1', '2'] } } as const;

async function main(argv: readonly string[]) {
  const { flags } = parseArgs(argv, FLAGS, 0);
  const n = flags.grid ? Number(flags.grid) : 21;
  if (n < LANDSCAPE_POINTS.min || n > LANDSCAPE_POINTS.max || n % 2 === 0)
    throw new UsageError(
      `--grid must be odd, ${LANDSCAPE_POINTS.min} … ${LANDSCAPE_POINTS.max}, so that the trained weights are the centre (got ${n})`,
    );
  const dims = flags.dims === '1' ? 1 : 2;
  const log = (line: string) => process.stdout.write(`${line}\n`);
  const slices: LandscapeSlice[] = [];
  const ctx = await trainThenStudy(
    flags,
    async (session, live, c) => {
      const each = 1 + (dims === 2 ? n * n : n);
      for (const [i, r] of live.entries()) {
        const slice = await session.landscape(r.id, {
          n,
          dims,
          // The Lab's seed: one for every run, so each net's own directions are drawn alike.
          seed: c.config.seed,
          onProgress: (done) => c.progress.show('loss landscape', i * each + done, live.length * each),
        });
        slices.push(slice!);
      }
    },
    log,
  );
  const label = (id: string) => ctx.runs.find((r) => r.id === id)?.label ?? id;
  log(
    `\nLoss landscape, ${dims === 2 ? `${n} × ${n}` : `${n}-point`} slice${dims === 2 ? 's' : 's along δ'}: cross-entropy on the fixed test sample, directions normalised filter by filter, batch norm and biases as trained.\n`,
  );
  if (dims === 2) {
    const domain = sliceDomain(slices);
    for (const s of slices) for (const line of [...slicePicture(s, label(s.run), domain), '']) log(line);
    log(scaleLine(domain));
  } else {
    const labels = slices.map((s) => label(s.run));
    for (const line of curveTable(slices, labels)) log(line);
  }
  log('');
  for (const line of landscapeLines(slices, ctx.runs)) log(line);
  log(`The paper: ${LI_CLAIM}`);
  if (flags.json) {
    const file = String(flags.json);
    const runs = slices.map((s) => ({ ...ctx.runs.find((x) => x.id === s.run)!, ...s, loss: [...s.loss] }));
    await writeStudyJson(file, 'reslab-landscape/1', ctx, { n, dims, runs });
    log(`wrote ${file}`);
  }
}

void runCli(
  () => main(process.argv.slice(2)),
  (e) => e instanceof SpecError || e instanceof DataFormatError,
);
