/**
 * scripts/bench_torch.py, the PyTorch reference benchmark. It needs Debian's python3-torch
 * (for /usr/bin/python3, not the pyenv python on PATH); without it these tests are skipped.
 * The parameter counts of the nets it builds from our NetSpec JSON must equal `arch --json`'s,
 * which proves it ports src/core/graph.ts faithfully (same layers, same shortcuts).
 */
import { execFile, spawnSync } from 'node:child_process';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, modelByName } from '../../src/core/catalog';
import type { NamedModelOptions } from '../../src/core/catalog';
import { layerTable } from '../../src/core/layerTable';
import type { NetSpec } from '../../src/core/netSpec';
import { presetByName } from '../../src/core/presets';

const PYTHON = '/usr/bin/python3';
const SCRIPT = 'scripts/bench_torch.py';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0;
const run = promisify(execFile);

interface Result {
  id: string;
  msPerStep: number;
  msPerStepAll: number[];
  params: number;
}

/** Feed one request to the script; resolves with its exit status and output. */
function bench(request: unknown): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(PYTHON, [SCRIPT], { encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) =>
      resolve({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
    child.stdin!.end(JSON.stringify(request));
  });
}

async function archParams(name: string, args: string[]): Promise<number> {
  const { stdout } = await run('node_modules/.bin/tsx', ['src/cli/arch.ts', name, ...args, '--json'], {
    encoding: 'utf8',
  });
  return (JSON.parse(stdout) as { params: number }).params;
}

/** Catalog nets, with the same options given to `arch` and to modelByName. */
const CATALOG: { name: string; args: string[]; options: NamedModelOptions }[] = [
  { name: 'mlp-52x16', args: [], options: {} },
  { name: 'cifar-plain20', args: ['--input', '28', '--width', '8'], options: { input: 28, width: 8 } },
  { name: 'cifar-resnet20', args: [], options: {} },
  { name: 'resnet18', args: ['--input', '64'], options: { input: 64 } },
];

/** Not reachable by catalog name: pre-activation bottlenecks with projections (checked against layerTable). */
const PRE_BOTTLENECK: NetSpec = cifarNet(11, {
  block: 'bottleneck',
  activation: 'pre',
  shortcut: 'B',
  width: 4,
  input: 8,
  channels: 1,
});

/** The conv bench's own nets (`npm run bench -- --conv`): 28×28×1, width 8, option A or none. */
const FASHION = presetByName('degradation-fashion').runs.filter((r) =>
  ['resnet-20', 'plain-56'].includes(r.id),
);

describe('scripts/bench_torch.py', () => {
  let out: { torch: string; threads: number; results: Result[] };
  let stderr = '';
  let expected: Record<string, number> = {};
  let bad: { status: number; stdout: string; stderr: string };

  beforeAll(async () => {
    if (!hasTorch) return;
    const tiny = { warmup: 1, steps: 2, lr: 0.01 };
    const cases = [
      ...CATALOG.map((c, i) => ({
        id: c.name,
        spec: modelByName(c.name, c.options),
        batch: c.name === 'resnet18' ? 2 : 8,
        ...tiny,
        ...(c.name === 'resnet18' ? { warmup: 0, steps: 1 } : {}),
        optimizer: i % 2 ? 'sgd' : 'adam',
        probe: i % 2 === 0,
      })),
      { id: 'pre-bottleneck', spec: PRE_BOTTLENECK, batch: 4, ...tiny, optimizer: 'sgd', probe: true },
      ...FASHION.map((r) => ({ id: r.id, spec: r.spec, batch: 2, ...tiny, optimizer: 'sgd', probe: false })),
    ];
    // A good request, a bad one (a valid case, then an unknown kind) and the arch commands, side by side.
    const good = { id: 'ok', spec: modelByName('mlp-8x4'), batch: 4, warmup: 0, steps: 1, lr: 0.1 };
    const badRequest = {
      threads: null,
      cases: [
        { ...good, optimizer: 'sgd', probe: false },
        { ...good, id: 'bad', spec: { kind: 'rnn' }, optimizer: 'sgd', probe: false },
      ],
    };
    let r: Awaited<ReturnType<typeof bench>>;
    let params: number[];
    [r, bad, ...params] = await Promise.all([
      bench({ threads: 1, cases }),
      bench(badRequest),
      ...CATALOG.map((c) => archParams(c.name, c.args)),
    ]);
    expect(r.status, r.stderr).toBe(0);
    stderr = r.stderr;
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    out = JSON.parse(lines[0]!);
    expected = Object.fromEntries(CATALOG.map((c, i) => [c.name, params[i]!]));
    expected['pre-bottleneck'] = layerTable(PRE_BOTTLENECK).params;
    for (const r of FASHION) expected[r.id] = layerTable(r.spec).params;
  }, 90_000);

  it.skipIf(!hasTorch)('prints one JSON object: torch version, threads, one timed result per case', () => {
    expect(stderr).toBe('');
    expect(Object.keys(out)).toEqual(['torch', 'threads', 'results']);
    expect(out.torch).toMatch(/^\d+\.\d+/);
    expect(out.threads).toBe(1);
    expect(out.results.map((r) => r.id)).toEqual([
      ...CATALOG.map((c) => c.name),
      'pre-bottleneck',
      ...FASHION.map((r) => r.id),
    ]);
    for (const r of out.results) {
      expect(Object.keys(r)).toEqual(['id', 'msPerStep', 'msPerStepAll', 'params']);
      expect(r.msPerStepAll).toHaveLength(r.id === 'resnet18' ? 1 : 2);
      expect(r.msPerStepAll.every((ms) => ms > 0)).toBe(true);
      expect(r.msPerStep).toBeGreaterThan(0);
      expect(r.msPerStep).toBeGreaterThanOrEqual(Math.min(...r.msPerStepAll));
      expect(r.msPerStep).toBeLessThanOrEqual(Math.max(...r.msPerStepAll));
    }
  });

  it.skipIf(!hasTorch)('builds nets with exactly the parameter count of `arch --json`', () => {
    const got = Object.fromEntries(out.results.map((r) => [r.id, r.params]));
    expect(got).toEqual(expected);
    // Independent anchors: the paper's ResNet-20 (option A) and torchvision's resnet18.
    expect(got['cifar-resnet20']).toBe(269_722);
    expect(got['resnet18']).toBe(11_689_512);
  });

  it.skipIf(!hasTorch)('an unknown spec kind: exit 2, one line on stderr, nothing on stdout', () => {
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    const lines = bad.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^bench_torch: case 'bad': spec\.kind must be one of mlp, conv, vgg/);
  });
});

describe('scripts/bench_torch.py kernels', () => {
  const layer = { shape: [2, 7, 7, 3], out: 4, kernel: 3, stride: 2, pad: 1, warmup: 1, steps: 3 };
  const ops = ['conv', 'inputGrad', 'filterGrad', 'bnFused', 'bnUnfused'];
  let out: {
    torch: string;
    threads: number;
    results: Result[];
    kernels: { id: string; msPerCall: number; msAll: number[] }[];
  };
  let stderr = '';
  let bad: { status: number; stdout: string; stderr: string };

  beforeAll(async () => {
    if (!hasTorch) return;
    let r: Awaited<ReturnType<typeof bench>>;
    [r, bad] = await Promise.all([
      bench({ threads: 1, kernels: ops.map((op) => ({ id: op, op, ...layer })) }),
      bench({ threads: 1, kernels: [{ id: 'big', op: 'conv', ...layer, shape: [2, 1, 1, 3], pad: 0 }] }),
    ]);
    expect(r.status, r.stderr).toBe(0);
    stderr = r.stderr;
    out = JSON.parse(r.stdout);
  }, 60_000);

  it.skipIf(!hasTorch)('times each op alone: no cases needed, one median per kernel, in order', () => {
    expect(stderr).toBe('');
    expect(Object.keys(out)).toEqual(['torch', 'threads', 'results', 'kernels']);
    expect(out.threads).toBe(1);
    expect(out.results).toEqual([]);
    expect(out.kernels.map((k) => k.id)).toEqual(ops);
    for (const k of out.kernels) {
      expect(Object.keys(k)).toEqual(['id', 'msPerCall', 'msAll']);
      expect(k.msAll).toHaveLength(3);
      expect(k.msAll.every((ms) => ms > 0)).toBe(true);
      expect(k.msPerCall).toBe([...k.msAll].sort((a, b) => a - b)[1]);
    }
  });

  it.skipIf(!hasTorch)('a kernel that does not fit its input: exit 2, one line on stderr', () => {
    expect(bad.status).toBe(2);
    expect(bad.stdout).toBe('');
    expect(bad.stderr.trim()).toMatch(
      /^bench_torch: kernel 'big': a 3x3 kernel does not fit \[2, 1, 1, 3\]$/,
    );
  });
});
