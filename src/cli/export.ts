/**
 * `npm run export -- (--preset <name> | --spec <file.json>) --out <file.py> [--steps N]
 * [--seed S]`: the experiment as one self-contained PyTorch program (src/torch, and
 * docs/PYTORCH.md for what it keeps from the engine). --spec takes what `train` takes, and
 * data of any kind: the program reads the files from its own --data DIR.
 */
import { writeFile } from 'node:fs/promises';
import { SpecError } from '../core/specError';
import { torchProgram } from '../torch/torchProgram';
import { parseArgs, runCli, UsageError } from './args';
import { EXPERIMENT_FLAGS, experimentFromFlags } from './experimentInput';

const FLAGS = { ...EXPERIMENT_FLAGS, out: {} } as const;

async function main(argv: readonly string[]) {
  const { flags } = parseArgs(argv, FLAGS, 0);
  if (!flags.out) throw new UsageError('--out <file.py> names the program to write');
  const { exp, config } = await experimentFromFlags(flags, ['toy', 'fashion', 'idx', 'cifar10']);
  const name = flags.preset ? exp.name : String(flags.out).replace(/^.*\//, '').replace(/\.py$/, '');
  const program = torchProgram(
    {
      name,
      title: exp.title,
      data: exp.data,
      runs: exp.runs.map((r) => ({ id: r.id, label: r.spec.name ?? r.id, spec: r.spec })),
      config,
      ...(exp.evalSample ? { evalSample: exp.evalSample } : {}),
    },
    new Date(),
    String(flags.out).replace(/^.*\//, ''),
  );
  await writeFile(String(flags.out), program);
  process.stdout.write(
    `wrote ${String(flags.out)} (${(program.length / 1024).toFixed(0)} kB): ${exp.runs.length} run${exp.runs.length === 1 ? '' : 's'} of ${exp.title}\n` +
      `run it: python3 ${String(flags.out)} --help\n`,
  );
}

void runCli(
  () => main(process.argv.slice(2)),
  (e) => e instanceof SpecError || e instanceof RangeError,
);
