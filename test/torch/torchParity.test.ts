/**
 * The exported PyTorch program against the engine, with Debian's python3-torch
 * (/usr/bin/python3): the same parameter counts as the core's, the same first steps as the
 * tfjs cpu engine (so the same initial weights, data, minibatches, augmentation, batch norm
 * and optimiser), and a two-process torchrun (gloo) that completes and logs once. Without
 * torch these tests are skipped, loudly; CI installs it.
 */
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, imagenetResNet } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import { presetByName } from '../../src/core/presets';
import { validateTrainConfig } from '../../src/core/trainConfig';
import type { TorchExperiment } from '../../src/torch/torchProgram';
import type { EngineStep, LogLine } from './torchRun';
import {
  engineSteps,
  hasTorch,
  PYTHON,
  readLog,
  runCommand,
  SHIPPED_FASHION,
  writeProgram,
} from './torchRun';

if (!hasTorch)
  console.warn(
    "\n!!! /usr/bin/python3 cannot import torch: the PyTorch export tests are SKIPPED.\n!!! Install Debian's python3-torch (apt-get install python3-torch) to run them.\n",
  );

const degradation = presetByName('degradation-mlp');
const toyExperiment: TorchExperiment = {
  name: 'degradation-mlp',
  title: degradation.title,
  data: degradation.data,
  runs: degradation.runs.map((r) => ({ id: r.id, label: r.spec.name ?? r.id, spec: r.spec })),
  config: degradation.config,
};

/** ResNet-20 and its plain twin at width 8 on Fashion-MNIST, SGD with the paper's augmentation. */
const fashionExperiment: TorchExperiment = {
  name: 'fashion-parity',
  title: 'Fashion-MNIST parity',
  data: { kind: 'fashion', limit: 512 },
  runs: (['A', 'none'] as const).map((shortcut) => ({
    id: shortcut === 'A' ? 'resnet-20' : 'plain-20',
    spec: cifarNet(20, { input: 28, channels: 1, width: 8, classes: 10, shortcut }),
  })),
  config: validateTrainConfig({
    optimizer: 'sgd',
    learningRate: 0.1,
    batchSize: 32,
    augment: true,
    probeStride: 1,
  }),
};

/** The first `steps` steps of the exported program: each step's records by run. */
async function programSteps(exp: TorchExperiment, steps: number, extra: string[] = []) {
  const file = writeProgram(exp);
  const log = join(file, '..', 'log.jsonl');
  const ran = await runCommand(PYTHON, [
    file,
    '--device',
    'cpu',
    '--steps',
    String(steps),
    '--data',
    SHIPPED_FASHION,
    '--log',
    log,
    ...extra,
  ]);
  expect(ran.stderr, 'the program failed').not.toMatch(/Traceback|error:/);
  expect(ran.status).toBe(0);
  return readLog(log);
}

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-12);

interface Parity {
  /** Largest relative difference of the loss over the steps compared. */
  loss: number;
  /** Relative difference of the first step's loss. */
  first: number;
  /** Largest relative difference of one tensor's gradient norm at the first step. */
  grad: number;
  /** Relative difference of the whole gradient's norm, √Σ‖g‖², at the first step. */
  total: number;
  tensors: number;
}

/** How far the program's steps are from the engine's, per run. */
function compare(engine: EngineStep[][], log: LogLine[]): Map<string, Parity> {
  const header = log[0]!;
  const names = new Map(
    (header.runs as { id: string; paramNames: string[] }[]).map((r) => [r.id, r.paramNames]),
  );
  const out = new Map<string, Parity>();
  engine.forEach((records, s) =>
    records.forEach((e) => {
      const p = out.get(e.run) ?? { loss: 0, first: 0, grad: 0, total: 0, tensors: 0 };
      out.set(e.run, p);
      const step = log.find((l) => l.type === 'step' && l.run === e.run && l.step === s + 1)!;
      p.loss = Math.max(p.loss, relative(step.loss as number, e.loss));
      if (s > 0) return;
      p.first = relative(step.loss as number, e.loss);
      expect(step.trainErr).toBe(e.trainErr);
      const probe = log.find((l) => l.type === 'probe' && l.run === e.run && l.step === 1)!;
      const norms = probe.gradNorms as number[];
      let [sumProgram, sumEngine] = [0, 0];
      names.get(e.run)!.forEach((name, i) => {
        const want = e.gradNorms.get(name);
        expect(want, `the engine has ${name}`).toBeDefined();
        // A zero gradient (a BN shift the loss cannot see) compares absolutely.
        p.grad = Math.max(p.grad, want! < 1e-6 ? Math.abs(norms[i]!) : relative(norms[i]!, want!));
        sumProgram += norms[i]! ** 2;
        sumEngine += want! ** 2;
        p.tensors++;
      });
      p.total = relative(Math.sqrt(sumProgram), Math.sqrt(sumEngine));
    }),
  );
  const fmt = (x: number) => x.toExponential(1);
  for (const [run, p] of out)
    console.log(
      `parity ${run}: loss ${fmt(p.loss)}, gradient norms ${fmt(p.grad)} per tensor, ${fmt(p.total)} whole (${p.tensors} tensors)`,
    );
  return out;
}

describe.skipIf(!hasTorch)('the exported PyTorch program', () => {
  beforeAll(async () => {
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it("builds every net with the core's parameter count", async () => {
    const specs = {
      'resnet20-A': cifarNet(20, { shortcut: 'A' }),
      'resnet20-B': cifarNet(20, { shortcut: 'B' }),
      'resnet56-A': cifarNet(56, { shortcut: 'A' }),
      'resnet56-B': cifarNet(56, { shortcut: 'B' }),
      'resnet110-A': cifarNet(110, { shortcut: 'A' }),
      'resnet110-B': cifarNet(110, { shortcut: 'B' }),
      plain56: cifarNet(56, { shortcut: 'none' }),
      'bottleneck29-B': cifarNet(29, { block: 'bottleneck', shortcut: 'B' }),
      'resnet50-v1': imagenetResNet(50, { input: 32, classes: 10, variant: 'v1' }),
      'resnet50-v1.5': imagenetResNet(50, { input: 32, classes: 10, variant: 'v1.5' }),
    };
    const file = writeProgram({
      name: 'counts',
      title: 'parameter counts',
      data: { kind: 'cifar10', files: [] },
      runs: Object.entries(specs).map(([id, spec]) => ({ id, spec })),
      config: validateTrainConfig({}),
    });
    const ran = await runCommand(PYTHON, [file, '--count-params']);
    expect(ran.stderr).toBe('');
    const counts = JSON.parse(ran.stdout) as Record<string, number>;
    const want = Object.fromEntries(Object.entries(specs).map(([id, spec]) => [id, layerTable(spec).params]));
    expect(counts).toEqual(want);
  });

  it("takes the tfjs cpu engine's first steps on two spirals (Adam, four MLPs)", async () => {
    const steps = 3;
    const [engine, log] = await Promise.all([
      engineSteps(toyExperiment, steps),
      programSteps(toyExperiment, steps),
    ]);
    const d = compare(engine, log);
    expect([...d.keys()]).toEqual(['plain-8', 'plain-52', 'resnet-8', 'resnet-52']);
    for (const run of ['plain-8', 'resnet-8', 'resnet-52']) {
      expect(d.get(run)!.loss).toBeLessThan(1e-5);
      expect(d.get(run)!.grad).toBeLessThan(1e-4);
    }
    // plain-52's gradients explode towards its input (‖g‖ ≈ 1,100 at the stem, against ≈ 1 at
    // the head), and float32 rounding grows with them: the same first loss, the gradients to
    // a few per cent, and from step 2 on another trajectory. Its residual twin keeps 1e-6.
    const plain = d.get('plain-52')!;
    expect(plain.first).toBeLessThan(1e-3);
    expect(plain.total).toBeLessThan(2e-2);
  }, 240_000);

  it("takes the engine's first steps on Fashion-MNIST (SGD, augmentation, ResNet-20 and plain-20)", async () => {
    const steps = 2;
    const [engine, log] = await Promise.all([
      engineSteps(fashionExperiment, steps),
      programSteps(fashionExperiment, steps),
    ]);
    const d = compare(engine, log);
    expect(log[0]!.data).toBe('Fashion-MNIST (512 train, 512 test)');
    for (const p of d.values()) {
      expect(p.loss).toBeLessThan(1e-4);
      // A BN scale's gradient Σ dy·x̂ sums terms of both signs, so its norm keeps fewer digits.
      expect(p.grad).toBeLessThan(1e-2);
      expect(p.total).toBeLessThan(1e-4);
    }
  }, 240_000);

  it('runs under torchrun --nproc_per_node 2 (gloo) and logs once, from rank 0', async () => {
    const two = { ...toyExperiment, runs: toyExperiment.runs.filter((r) => r.id.endsWith('-8')) };
    const file = writeProgram(two);
    const log = join(file, '..', 'ddp.jsonl');
    // Debian 12's torchrun (torch 1.13, Python 3.11) cannot parse its default --redirects 0.
    const ran = await runCommand('/usr/bin/torchrun', [
      '--redirects',
      '1',
      '--tee',
      '1',
      '--nproc_per_node',
      '2',
      file,
      '--device',
      'cpu',
      '--steps',
      '6',
      '--log',
      log,
    ]);
    expect(ran.status, ran.stderr.slice(-2000)).toBe(0);
    const lines = readLog(log);
    expect(lines.filter((l) => l.type === 'header')).toHaveLength(1);
    const where = lines[0]!.where as Record<string, unknown>;
    expect(where).toMatchObject({ world: 2, backend: 'gloo', device: 'cpu', sampler: 'reslab' });
    for (const run of ['plain-8', 'resnet-8']) {
      const steps = lines.filter((l) => l.type === 'step' && l.run === run).map((l) => l.step);
      expect(steps).toEqual([1, 2, 3, 4, 5, 6]);
    }
    expect(lines.at(-1)!.type).toBe('end');
    // Each process normalises its half batch alone, so the first loss is near, not equal to, one process's.
    const single = await programSteps(two, 1);
    const first = (ls: LogLine[]) =>
      ls.find((l) => l.type === 'step' && l.run === 'resnet-8')!.loss as number;
    expect(relative(first(lines), first(single))).toBeLessThan(0.1);
    expect(first(lines)).not.toBe(first(single));
  }, 240_000);
});
