/**
 * Test helpers for the exported PyTorch program: write it, run it with Debian's
 * /usr/bin/python3 (python3-torch), read its log; and the same experiment's first steps on
 * the tfjs cpu engine.
 */
import { execFile, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publicFetcher } from '../../src/cli/publicFiles';
import { loadSource } from '../../src/engine/datasets';
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { torchProgram } from '../../src/torch/torchProgram';
import type { TorchExperiment } from '../../src/torch/torchProgram';

export const PYTHON = '/usr/bin/python3';
export const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
export const SHIPPED_FASHION = 'public/data/fashion-mnist';

export interface LogLine {
  type: string;
  [k: string]: unknown;
}

/** Writes the program into a fresh folder; returns its path. */
export function writeProgram(exp: TorchExperiment): string {
  const dir = mkdtempSync(join(tmpdir(), 'reslab-torch-'));
  const file = join(dir, 'program.py');
  writeFileSync(file, torchProgram(exp, new Date('2026-12-03T00:00:00Z')));
  return file;
}

export interface Ran {
  status: number;
  stdout: string;
  stderr: string;
}

/** Runs `command args` (the program under python3, or torchrun), never rejecting. */
export function runCommand(command: string, args: string[], timeout = 240_000): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(
      command,
      args,
      { encoding: 'utf8', timeout, env: { ...process.env, OMP_NUM_THREADS: '1' } },
      (err, stdout, stderr) => resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

export function readLog(path: string): LogLine[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as LogLine);
}

export interface EngineStep {
  run: string;
  loss: number;
  trainErr: number;
  /** Gradient norm of each parameter, by engine name. */
  gradNorms: Map<string, number>;
}

/** The experiment's first `steps` steps on the tfjs engine of the current backend (the caller sets cpu). */
export async function engineSteps(exp: TorchExperiment, steps: number): Promise<EngineStep[][]> {
  const data = await loadSource(exp.data, publicFetcher());
  const session = createSession({
    runs: exp.runs.map((r) => ({ id: r.id, spec: r.spec })),
    train: data.train,
    test: data.test,
    config: { ...exp.config, evalInterval: 0, steps: steps + 1 },
    createTrainer: createTfjsTrainer,
  });
  const out: EngineStep[][] = [];
  try {
    for (let s = 0; s < steps; s++) {
      const st = await session.step();
      out.push(
        st.results.map(({ record, probe }) => {
          const layout = session.runs.find((r) => r.id === record.run)!.layout;
          const gradNorms = new Map<string, number>();
          if (probe) layout.params.forEach((p, i) => gradNorms.set(p.name, probe.gradNorms[i]!));
          return { run: record.run, loss: record.loss, trainErr: record.trainErr, gradNorms };
        }),
      );
    }
  } finally {
    session.dispose();
  }
  return out;
}
