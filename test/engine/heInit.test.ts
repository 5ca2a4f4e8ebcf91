/**
 * He initialisation (He et al. 2015, "Delving Deep into Rectifiers", as the ResNet paper
 * uses it): w ~ N(0, 2 / fan_in) with fan_in = k·k·C_in for a layer a ReLU follows, and
 * N(0, 1 / fan_in) for the classifier, which no ReLU follows. The layers below have
 * fan_in ≠ fan_out, so the fan_out rule would fail.
 *
 * Tolerances come from the sample size: for n draws of N(0, σ²) the sample std has a
 * standard error ≈ σ / √(2n) and the sample mean σ / √n; each check allows 5 of those.
 */
import { describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { buildGraph } from '../../src/core/graph';
import type { NetSpec } from '../../src/core/netSpec';
import { validateSpec } from '../../src/core/validate';
import { initialState } from '../../src/engine/init';
import type { InitialParam } from '../../src/engine/init';

function paramsOf(spec: NetSpec, seed: number): Map<string, InitialParam> {
  return new Map(initialState(buildGraph(spec).nodes, seed).params.map((p) => [p.name, p]));
}

function moments(values: Float32Array): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const mean = sum / values.length;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: Math.sqrt(sq / values.length) };
}

/** Asserts N(0, expected²) within 5 standard errors, and that `wrong` stds are outside it. */
function expectNormal(p: InitialParam, expected: number, wrong: number[]): void {
  const n = p.values.length;
  const { mean, std } = moments(p.values);
  const stdTol = (5 * expected) / Math.sqrt(2 * n);
  expect(Math.abs(std - expected), `${p.name}: std ${std} vs ${expected} ± ${stdTol}`).toBeLessThan(stdTol);
  expect(Math.abs(mean), `${p.name}: mean`).toBeLessThan((5 * expected) / Math.sqrt(n));
  // The tolerance must be tight enough that the other rules would have failed.
  for (const w of wrong)
    expect(Math.abs(w - expected), `${p.name}: ${w} is told apart`).toBeGreaterThan(2 * stdTol);
}

describe('He initialisation', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: a 3×3 conv widening 16 → 32 has std √(2 / (9·16)), not √(2 / (9·32))`, () => {
      const params = paramsOf(cifarNet(8, { width: 16 }), seed);
      const w = params.get('stage2.block1.conv1.weight')!;
      expect(w.shape).toEqual([3, 3, 16, 32]);
      expectNormal(w, Math.sqrt(2 / (9 * 16)), [Math.sqrt(2 / (9 * 32)), Math.sqrt(1 / (9 * 16))]);
    });
  }

  it('a hidden fc layer widening 32 → 64 has std √(2 / 32), not √(2 / 64) or √(1 / 32)', () => {
    const spec = validateSpec({
      ...mlp(6, 32, { classes: 48 }),
      stages: [
        { blocks: 1, width: 32, stride: 1 },
        { blocks: 1, width: 64, stride: 1 },
      ],
    });
    const params = paramsOf(spec, 4);
    const w = params.get('stage2.block1.conv1.weight')!;
    expect(w.shape).toEqual([32, 64]);
    expectNormal(w, Math.sqrt(2 / 32), [Math.sqrt(2 / 64), Math.sqrt(1 / 32)]);
  });

  it('the classifier (last fc, no ReLU after it) has std √(1 / fan_in), not √(2 / fan_in) or √(1 / fan_out)', () => {
    // 64 → 48 in an MLP, 256 → 10 in a CIFAR net.
    const fc = paramsOf(mlp(4, 64, { classes: 48 }), 5).get('head.fc.weight')!;
    expect(fc.shape).toEqual([64, 48]);
    expectNormal(fc, Math.sqrt(1 / 64), [Math.sqrt(2 / 64), Math.sqrt(1 / 48)]);
    const conv = paramsOf(cifarNet(8, { width: 64 }), 6).get('head.fc.weight')!;
    expect(conv.shape).toEqual([256, 10]);
    expectNormal(conv, Math.sqrt(1 / 256), [Math.sqrt(2 / 256)]);
  });

  it('biases start at 0, batch-norm scales at 1 and shifts at 0', () => {
    const roles = (spec: NetSpec) => [...paramsOf(spec, 7).values()];
    const all = [
      ...roles(cifarNet(8, { width: 4, batchNorm: false })),
      ...roles(cifarNet(8, { width: 4, shortcut: 'B', activation: 'pre' })),
      ...roles(mlp(6, 8, { batchNorm: false })),
      ...roles(mlp(6, 8, { shortcut: 'C' })),
    ];
    const fill = { bias: 0, gamma: 1, beta: 0 } as const;
    for (const role of ['bias', 'gamma', 'beta'] as const) {
      const ps = all.filter((p) => p.role === role);
      expect(ps.length, role).toBeGreaterThan(3);
      for (const p of ps)
        expect(Array.from(p.values), p.name).toEqual(new Array(p.values.length).fill(fill[role]));
    }
  });
});
