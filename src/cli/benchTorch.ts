/**
 * The PyTorch side of `npm run bench`: scripts/bench_torch.py under Debian's
 * /usr/bin/python3 (python3-torch), fed one JSON request on stdin (the script's docstring
 * describes it). The same nets are built there from our NetSpec JSON.
 */
import { spawnSync } from 'node:child_process';
import type { NetSpec } from '../core/netSpec';

const PYTHON = '/usr/bin/python3';

export interface TorchCase {
  id: string;
  spec: NetSpec;
  batch: number;
  warmup: number;
  steps: number;
  optimizer: 'sgd' | 'adam';
  lr: number;
  probe: boolean;
  momentum?: number;
  weightDecay?: number;
}

/** One kernel call on NCHW tensors of the NHWC shape given (see KernelCase in benchKernels.ts). */
export interface TorchKernel {
  id: string;
  op: 'conv' | 'inputGrad' | 'filterGrad' | 'bnFused' | 'bnUnfused';
  /** Input [N, H, W, C] (our layout; the script transposes to NCHW). */
  shape: [number, number, number, number];
  out: number;
  kernel: number;
  stride: number;
  pad: number;
  warmup: number;
  steps: number;
}

export interface TorchReply {
  torch: string;
  threads: number;
  results?: { id: string; msPerStep: number; msPerStepAll: number[]; params: number }[];
  kernels?: { id: string; msPerCall: number; msAll: number[] }[];
}

/** The torch version /usr/bin/python3 imports, or null when it cannot. */
export function torchAvailable(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

/** Run one request; `threads` null leaves PyTorch's default. */
export function runTorch(request: {
  threads: number | null;
  cases?: TorchCase[];
  kernels?: TorchKernel[];
}): TorchReply {
  const r = spawnSync(PYTHON, ['scripts/bench_torch.py'], {
    input: JSON.stringify(request),
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  if (r.status !== 0) throw new Error(`PyTorch bench failed: ${r.stderr.trim().split('\n').at(-1)}`);
  return JSON.parse(r.stdout) as TorchReply;
}
