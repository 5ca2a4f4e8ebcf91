/**
 * reslab-log/1 lines for tests (docs/PYTORCH.md): a two-run header that ran on two GPUs, a
 * finished log of four steps, and one cut short after a run stopped. Not a test file itself.
 */
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/trainConfig';

export const HEADER = {
  type: 'header',
  format: 'reslab-log/1',
  program: 'pytorch',
  experiment: 'degradation-mlp',
  title: 'plain-8 against ResNet A-8',
  started: '2026-12-03T16:00:00+00:00',
  where: {
    torch: '2.1.0',
    device: 'cuda',
    deviceName: 'NVIDIA H200',
    world: 2,
    backend: 'nccl',
    syncBatchNorm: false,
    sampler: 'reslab',
    host: 'gpu-01',
    threads: 8,
  },
  data: 'spirals (400 train, 100 test)',
  config: { ...DEFAULT_TRAIN_CONFIG, steps: 4, evalInterval: 2, probeStride: 2 },
  runs: [
    { id: 'run1', label: 'plain-8', params: 10, paramNames: ['a', 'b'] },
    { id: 'run2', label: 'ResNet A-8', params: 10, paramNames: ['a', 'b'] },
  ],
};

export const step = (run: string, s: number, trainErr = 0.5 - s / 10) => ({
  type: 'step',
  run,
  step: s,
  loss: 1 / s,
  trainErr,
  learningRate: 0.1,
});
export const evalAt = (run: string, s: number, full = false) => ({
  type: 'eval',
  run,
  step: s,
  testErr: 0.4 - s / 20,
  trainErr: 0.3 - s / 20,
  full,
});

/** A finished two-run log of four steps, evaluations at 2 and 4 (the last one full). */
export function fullLog(): object[] {
  const lines: object[] = [HEADER];
  for (let s = 1; s <= 4; s++) {
    if (s % 2 === 1) lines.push({ type: 'probe', run: 'run1', step: s, gradNorms: [0.1, 0.2] });
    lines.push(step('run1', s), step('run2', s));
    if (s % 2 === 0) lines.push(evalAt('run1', s, s === 4), evalAt('run2', s, s === 4));
  }
  lines.push({ type: 'end', steps: 4, seconds: 0.4, msPerStep: 100 });
  return lines;
}

/** A log cut short at step 3, after run1 diverged there while run2 went on: no end line. */
export function stoppedLog(): object[] {
  const stop = {
    type: 'stop',
    run: 'run1',
    step: 3,
    status: 'diverged',
    reason: 'diverged at step 3: the loss is nan',
  };
  return [HEADER, step('run1', 1), step('run2', 1), step('run1', 2), step('run2', 2), stop, step('run2', 3)];
}

export const jsonl = (lines: (object | string)[]) =>
  lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n';
