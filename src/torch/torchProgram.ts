/**
 * One self-contained PyTorch program for an experiment: a README block (the module's
 * docstring), ResLab's runtime (reslab_torch.py, the same in every program) and the
 * experiment as JSON: each run's layer graph exactly as buildGraph makes it (the program
 * interprets it op by op, so the nets are the engine's), the training config, and for toy
 * data the points themselves as the engine generates them. docs/PYTORCH.md lists what the
 * program keeps from the engine.
 */
import type { DataSource } from '../core/dataSource';
import { buildGraph } from '../core/graph';
import { layerTable } from '../core/layerTable';
import type { NetSpec } from '../core/netSpec';
import { makeToy } from '../data/toy/makeToy';
import runtime from './reslab_torch.py?raw';
import { base64 } from './base64';
import type { TorchExperiment } from './torchExperiment';

export type { TorchExperiment, TorchRun } from './torchExperiment';

const DATA_TITLE: Record<DataSource['kind'], string> = {
  toy: 'toy',
  fashion: 'Fashion-MNIST',
  idx: 'IDX images',
  cifar10: 'CIFAR-10',
};

function inputShape(spec: NetSpec): number[] {
  if (spec.kind === 'mlp') return [spec.inputSize];
  return [spec.input.height, spec.input.width, spec.input.channels];
}

/** The toy's train and test points, float32 coordinates and uint8 labels, base64. */
function toyData(data: Extract<DataSource, { kind: 'toy' }>) {
  const split = makeToy({
    kind: data.toy,
    n: data.n,
    noise: data.noise,
    testFraction: data.testFraction,
    seed: data.seed,
  });
  const part = (ds: typeof split.train) => ({
    x: base64(new Uint8Array(ds.x.buffer, ds.x.byteOffset, ds.x.byteLength)),
    y: base64(Uint8Array.from(ds.y)),
  });
  return { classes: split.train.numClasses, train: part(split.train), test: part(split.test) };
}

/** What the data part of the README says, and where the program looks for files. */
function dataLines(data: DataSource): string[] {
  switch (data.kind) {
    case 'toy':
      return [
        `Data: ${data.toy}, ${data.n} points (noise ${data.noise}, ${Math.round(100 * data.testFraction)}% held out, seed ${data.seed}),`,
        '  embedded below exactly as ResLab generated them.',
      ];
    case 'fashion':
      return [
        `Data: Fashion-MNIST${data.limit ? ` (the first ${data.limit} images of each split)` : ''}. --data DIR holds`,
        '  train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, t10k-images-idx3-ubyte.gz and',
        "  t10k-labels-idx1-ubyte.gz: ResLab's shipped subset is public/data/fashion-mnist in its",
        '  repository; --download fetches the full set with torchvision.',
      ];
    case 'idx':
      return [
        'Data: your IDX files: --data DIR holds the train-… images and labels (and t10k-…/test-…',
        '  ones; without them a stratified sixth of the training set is held out, as in the Lab).',
      ];
    case 'cifar10':
      return [
        'Data: CIFAR-10 binary batches: --data DIR holds data_batch_1.bin … data_batch_5.bin and',
        '  test_batch.bin (cifar-10-batches-bin); --download fetches them with torchvision.',
      ];
  }
}

function scheduleText(c: TorchExperiment['config']): string {
  const s = c.schedule;
  switch (s.kind) {
    case 'constant':
      return 'constant learning rate';
    case 'cosine':
      return 'cosine decay to 0';
    case 'step':
      return `÷10 at steps ${s.milestones.join(', ')}`;
    case 'warmup':
      return `${s.warmupLr} until the minibatch error is below ${s.untilError}`;
  }
}

function readme(exp: TorchExperiment, file: string, now: Date): string {
  const c = exp.config;
  const width = Math.max(...exp.runs.map((r) => r.id.length));
  const lines = [
    exp.title,
    '',
    `Exported from ResLab on ${now.toISOString().slice(0, 10)}: ${exp.runs.length} run${exp.runs.length === 1 ? '' : 's'}, trained in lockstep on the same minibatches.`,
    ...exp.runs.map(
      (r) =>
        `  ${r.id.padEnd(width)}  ${(r.label ?? r.id).padEnd(18)} ${layerTable(r.spec).params.toLocaleString('en-US')} parameters`,
    ),
    ...dataLines(exp.data),
    `Training: ${c.optimizer === 'sgd' ? `SGD, momentum ${c.momentum}` : 'Adam'}, learning rate ${c.learningRate} (${scheduleText(c)}),`,
    `  weight decay ${c.weightDecay}, batch ${c.batchSize}, ${c.steps} steps, seed ${c.seed}${c.augment ? ', pad-crop-flip augmentation' : ''};`,
    `  evaluated every ${c.evalInterval || c.steps} steps, both splits whole at the end.`,
    '',
    'Run it (Python 3.8+ with PyTorch; torchvision only for --download):',
    `  python3 ${file} --steps 20 --device cpu          # a quick check`,
    `  python3 ${file} --device cuda --log ${exp.name}.jsonl`,
    `  torchrun --nproc_per_node 4 ${file} --device cuda   # DistributedDataParallel`,
    "(Debian 12's torchrun, torch 1.13 on Python 3.11, stops at start with \"'NoneType' object",
    "has no attribute 'get'\"; give it --redirects 1 --tee 1 before --nproc_per_node.)",
    '',
    `Every step goes to the log (--log, JSON Lines in ResLab's reslab-log/1 format); in the Lab,`,
    "Import PyTorch log overlays its curves on the browser's. The nets, their initial weights,",
    'batch norm, optimiser, schedule, data order and augmentation are the engine’s: see',
    "ResLab's docs/PYTORCH.md. `--help` lists every option.",
  ];
  return lines.join('\n');
}

/** JSON with each top-level field on its own line, safe inside a Python r'''…''' string. */
function experimentJson(o: Record<string, unknown>): string {
  const fields = Object.entries(o).map(([k, v]) =>
    k === 'runs'
      ? ` "runs": [\n${(v as unknown[]).map((r) => `  ${JSON.stringify(r)}`).join(',\n')}\n ]`
      : ` ${JSON.stringify(k)}: ${JSON.stringify(v)}`,
  );
  // A quote can only stand inside a JSON string, where \u0027 means the same.
  return `{\n${fields.join(',\n')}\n}`.replaceAll("'", '\\u0027');
}

export function torchProgramFileName(exp: TorchExperiment): string {
  const slug =
    exp.name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_|_$/g, '') || 'experiment';
  return `reslab_${slug}.py`;
}

/**
 * The program's text; `file` is the name its README's commands use. Throws a RangeError
 * when the runs cannot share one dataset.
 */
export function torchProgram(exp: TorchExperiment, now: Date, file = torchProgramFileName(exp)): string {
  if (!exp.runs.length) throw new RangeError('an experiment needs at least one run to export');
  const shapes = new Set(exp.runs.map((r) => inputShape(r.spec).join('×')));
  if (shapes.size > 1)
    throw new RangeError(`the runs take different inputs (${[...shapes].join(', ')}); export them apart`);
  const { files: _files, ...source } = exp.data as DataSource & { files?: unknown };
  const experiment = {
    name: exp.name,
    title: exp.title,
    data: source,
    dataTitle: exp.data.kind === 'toy' ? exp.data.toy : DATA_TITLE[exp.data.kind],
    inputShape: inputShape(exp.runs[0]!.spec),
    config: exp.config,
    ...(exp.evalSample ? { evalSample: exp.evalSample } : {}),
    ...(exp.data.kind === 'toy' ? { toy: toyData(exp.data) } : {}),
    runs: exp.runs.map((r) => ({ id: r.id, label: r.label ?? r.id, graph: buildGraph(r.spec).nodes })),
  };
  const doc = readme(exp, file, now).replaceAll('\\', '\\\\').replaceAll('"""', '\\"\\"\\"');
  return [
    '#!/usr/bin/env python3',
    `"""${doc}\n"""`,
    runtime.trimEnd(),
    '',
    '',
    '# ---- the experiment ---------------------------------------------------------------------',
    `EXPERIMENT = json.loads(r'''${experimentJson(experiment)}''')`,
    '',
    "if __name__ == '__main__':",
    '    main(EXPERIMENT)',
    '',
  ].join('\n');
}
