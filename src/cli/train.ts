/**
 * `npm run train -- (--preset <name> | --spec <file.json>) [--steps N] [--seed S]
 *   [--backend cpu|wasm] [--jsonl]`: the Lab's engine without a browser.
 *
 * --spec takes either one NetSpec (trained on the shipped data its input fits: 2 features →
 * two spirals, 28×28×1 → Fashion-MNIST) or an experiment `{ runs: [{ id, spec }], data?,
 * config? }`. --jsonl prints one object per run per step, then one summary object per run
 * (trainSummary.ts says what a summary holds: MACs, final errors, the last-50-step minibatch
 * error and the steps to a target error).
 */
import { SpecError } from '../core/specError';
import { DataFormatError } from '../data/errors';
import { parseArgs, runCli } from './args';
import { trainExperiment } from './trainExperiment';
import { setUpTraining, TRAINING_FLAGS } from './trainingSetup';
import { summarize, summaryTable } from './trainSummary';

const FLAGS = { ...TRAINING_FLAGS, jsonl: { boolean: true } } as const;

const pct = (x: number) => `${(100 * x).toFixed(1).padStart(5)}%`;

async function main(argv: readonly string[]) {
  const { flags } = parseArgs(argv, FLAGS, 0);
  const { exp, config, data, header } = await setUpTraining(flags);
  const jsonl = Boolean(flags.jsonl);
  const log = (line: string) => process.stdout.write(`${line}\n`);
  if (!jsonl) log(header);
  const outcomes = await trainExperiment({
    exp,
    config,
    data,
    onStep(st) {
      for (const x of st.stopped) if (!jsonl) log(`  ${x.run}: ${x.reason}`);
      if (jsonl) {
        for (const r of st.results) {
          const e = st.evals.find((v) => v.run === r.record.run);
          log(
            JSON.stringify({ ...r.record, ...(e ? { testErr: e.testErr, fullTrainErr: e.trainErr } : {}) }),
          );
        }
      } else if (st.evals.length || st.step === 1) {
        const cells = st.results.map(
          (r) => `${r.record.run} loss ${r.record.loss.toFixed(3)} err ${pct(r.record.trainErr)}`,
        );
        log(`step ${String(st.step).padStart(6)}  ${cells.join(' | ')}`);
      }
    },
  });
  const summaries = outcomes.map(summarize);
  if (jsonl) for (const s of summaries) log(JSON.stringify(s));
  else log(`\n${summaryTable(summaries)}`);
}

void runCli(
  () => main(process.argv.slice(2)),
  (e) => e instanceof SpecError || e instanceof DataFormatError,
);
