/**
 * The per-kernel micro-bench of `npm run bench -- --conv` (or `--kernels`): the pieces of a
 * conv net's training step on a ResNet-20-like layer at batch 64, on each engine and in
 * PyTorch with one thread. A conv's multiply-adds are N·H'·W'·k²·C·O, the same for the
 * forward pass, the input gradient and the filter gradient; batch norm is timed forward and
 * backward together (no MAC count: it is memory-bound).
 */
import * as tf from '@tensorflow/tfjs-core';
import { filterGradient } from '../engine/cpuConv';
import { fusedBatchNormAvailable, fusedBatchNormTrain } from '../engine/fusedBatchNorm';
import type { BenchEngine } from './benchEngines';
import { median } from './benchTiming';
import { runTorch } from './benchTorch';
import type { TorchKernel, TorchReply } from './benchTorch';

export interface KernelLayer {
  name: string;
  /** Input [N, H, W, C]. */
  shape: [number, number, number, number];
  out: number;
  kernel: number;
  stride: number;
  pad: number;
}

export const KERNEL_LAYERS: readonly KernelLayer[] = [
  { name: '64×28×28×8 → 8, 3×3/1', shape: [64, 28, 28, 8], out: 8, kernel: 3, stride: 1, pad: 1 },
  { name: '64×28×28×8 → 16, 3×3/2', shape: [64, 28, 28, 8], out: 16, kernel: 3, stride: 2, pad: 1 },
];

export type KernelOp = TorchKernel['op'];
export const KERNEL_OPS: readonly KernelOp[] = ['conv', 'inputGrad', 'filterGrad', 'bnUnfused', 'bnFused'];

const OP_LABEL: Record<KernelOp, string> = {
  conv: 'conv forward',
  inputGrad: 'input gradient',
  filterGrad: 'filter gradient',
  bnUnfused: 'batch norm fwd+bwd, unfused',
  bnFused: 'batch norm fwd+bwd, fused',
};

type Bn = (x: tf.Tensor4D, gamma: tf.Tensor1D, beta: tf.Tensor1D) => tf.Tensor;

const outSize = (l: KernelLayer): [number, number, number, number] => {
  const [n, h, w] = l.shape;
  const size = (d: number) => Math.floor((d + 2 * l.pad - l.kernel) / l.stride) + 1;
  return [n, size(h), size(w), l.out];
};

export const convMacs = (l: KernelLayer): number => {
  const [n, ho, wo] = outSize(l);
  return n * ho * wo * l.kernel * l.kernel * l.shape[3] * l.out;
};

interface KernelInputs {
  x: tf.Tensor4D;
  w: tf.Tensor4D;
  /** The conv's output gradient; batch norm runs on a tensor of this shape. */
  dy: tf.Tensor4D;
  /** A random weighting of batch norm's output, so its gradient is dense. */
  r: tf.Tensor4D;
  gamma: tf.Tensor1D;
  beta: tf.Tensor1D;
}

function kernelInputs(l: KernelLayer): KernelInputs {
  return {
    x: tf.randomNormal(l.shape, 0, 1, 'float32', 1),
    w: tf.randomNormal([l.kernel, l.kernel, l.shape[3], l.out], 0, 0.1, 'float32', 2),
    dy: tf.randomNormal(outSize(l), 0, 1, 'float32', 3),
    r: tf.randomNormal(outSize(l), 0, 1, 'float32', 4),
    gamma: tf.ones([l.out]),
    beta: tf.zeros([l.out]),
  };
}

/** As src/engine/model.ts's training branch: moments, then the batchNorm op; tfjs derives the gradient. */
const unfusedBn: Bn = (x, gamma, beta) => {
  const { mean, variance } = tf.moments(x, [0, 1, 2]);
  return tf.batchNorm(x, mean, variance, beta, gamma, 1e-5);
};

const bnStep = (bn: Bn, k: KernelInputs) => () =>
  tf.grads((a, g, b) => tf.sum(tf.mul(bn(a as tf.Tensor4D, g as tf.Tensor1D, b as tf.Tensor1D), k.r)))([
    k.dy,
    k.gamma,
    k.beta,
  ]);

/** The op on fixed inputs, or null when this engine has no such op. */
function kernelCall(
  op: KernelOp,
  l: KernelLayer,
  k: KernelInputs,
  backend: string,
): (() => tf.Tensor[]) | null {
  switch (op) {
    case 'conv':
      return () => [tf.conv2d(k.x, k.w, l.stride, l.pad)];
    case 'inputGrad':
      return () => [tf.conv2dTranspose(k.dy, k.w, l.shape, l.stride, l.pad)];
    case 'filterGrad':
      // What training uses: cpuConv's loops on cpu, the registered kernel elsewhere.
      if (backend === 'cpu') return () => [filterGradient(k.x, k.dy, l.kernel, l.stride, l.pad)];
      return () => [
        tf
          .engine()
          .runKernel(
            'Conv2DBackpropFilter',
            { x: k.x, dy: k.dy },
            { strides: l.stride, pad: l.pad, dataFormat: 'NHWC', filterShape: k.w.shape },
          ) as tf.Tensor,
      ];
    case 'bnUnfused':
      return bnStep(unfusedBn, k);
    case 'bnFused':
      // src/engine/fusedBatchNorm.ts: one kernel each way, on the backends it supports.
      return fusedBatchNormAvailable() ? bnStep((x, g, b) => fusedBatchNormTrain(x, g, b).y, k) : null;
  }
}

/** Median ms of `reps` calls after `warmup`; every output is read back inside the timing. */
function timeKernel(call: () => tf.Tensor[], warmup: number, reps: number): number {
  const times: number[] = [];
  for (let i = 0; i < warmup + reps; i++) {
    const t0 = performance.now();
    const outs = tf.tidy(call);
    for (const t of outs) t.dataSync();
    const ms = performance.now() - t0;
    tf.dispose(outs);
    if (i >= warmup) times.push(ms);
  }
  return median(times);
}

const kernelId = (l: KernelLayer, op: KernelOp) => `${l.name} ${op}`;

const cell = (ms: number | undefined, macs: number | null) =>
  ms === undefined
    ? '—'.padStart(8) + '       '
    : `${ms.toFixed(1).padStart(8)} ${(macs === null ? '' : (macs / ms / 1e6).toFixed(2)).padStart(6)}`;

/** Time every op of every layer on each engine and in PyTorch (one thread), and print the table. */
export async function benchKernels(
  engines: readonly BenchEngine[],
  torch: boolean,
  quick: boolean,
  log: (line: string) => void,
): Promise<void> {
  const warmup = 2;
  const reps = quick ? 3 : 7;
  const ms = new Map<string, number>();
  if (torch) {
    const kernels: TorchKernel[] = KERNEL_LAYERS.flatMap((l) =>
      KERNEL_OPS.map((op) => ({ id: kernelId(l, op), op, ...l, warmup, steps: reps })),
    );
    const reply: TorchReply = runTorch({ threads: 1, kernels });
    for (const k of reply.kernels ?? []) ms.set(`torch ${k.id}`, k.msPerCall);
  }
  const active: BenchEngine[] = [];
  for (const e of engines) {
    const why = await e.activate();
    if (why) {
      log(`${e.name}: skipped (${why})`);
      continue;
    }
    active.push(e);
    for (const l of KERNEL_LAYERS) {
      const k = kernelInputs(l);
      for (const op of KERNEL_OPS) {
        const call = kernelCall(op, l, k, tf.getBackend());
        if (call) ms.set(`${e.name} ${kernelId(l, op)}`, timeKernel(call, warmup, reps));
      }
      tf.dispose(Object.values(k));
    }
  }
  const cols = [...active.map((e) => e.name), ...(torch ? ['PyTorch'] : [])];
  log('');
  log(
    `kernels: median ms of ${reps} calls after ${warmup}, and GMAC/s; PyTorch with one thread; ratio = PyTorch ms / ours`,
  );
  log(
    `${'layer'.padEnd(26)} ${'op'.padEnd(29)} ${cols.map((c) => `${c.padStart(8)} GMAC/s`).join(' ')}${torch ? active.map((e) => `  ratio ${e.name}`).join('') : ''}`,
  );
  for (const l of KERNEL_LAYERS)
    for (const op of KERNEL_OPS) {
      const macs = op === 'conv' || op === 'inputGrad' || op === 'filterGrad' ? convMacs(l) : null;
      const id = kernelId(l, op);
      const t = ms.get(`torch ${id}`);
      const ours = active.map((e) => ms.get(`${e.name} ${id}`));
      const ratios = torch
        ? ours.map(
            (m, i) =>
              `  ${(m === undefined || t === undefined ? '—' : (t / m).toFixed(3)).padStart(6 + active[i]!.name.length)}`,
          )
        : [];
      log(
        `${l.name.padEnd(26)} ${OP_LABEL[op].padEnd(29)} ${[...ours, ...(torch ? [t] : [])].map((m) => cell(m, macs)).join(' ')}${ratios.join('')}`,
      );
    }
}
