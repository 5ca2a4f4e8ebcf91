/** The response probes' held-out batch: chosen once per session from the test split. */
import { beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import type { MlpSpec } from '../../src/core/netSpec';
import { seedFor } from '../../src/core/rng';
import { makeToy } from '../../src/data/toy/makeToy';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { createSession, probeBatchIndices } from '../../src/engine/session';
import type { HostBatch } from '../../src/engine/trainer';
import { config, useCpu } from './helpers';

beforeAll(useCpu);

// 900 points: a test split of 180, so the probe batch (at most 256) is the whole split…
const small = makeToy({ kind: 'spirals', n: 900, noise: 0.1, testFraction: 0.2, seed: 3, classes: 3 });
// …and 2000 points: a test split of 400, of which 256 are chosen.
const big = makeToy({ kind: 'spirals', n: 2000, noise: 0.1, testFraction: 0.2, seed: 3, classes: 3 });

describe('probeBatchIndices', () => {
  it('takes min(256, test.n) distinct test examples, class-balanced, the same for the same seed', () => {
    const idx = probeBatchIndices(big.test, 11);
    expect(idx).toHaveLength(256);
    expect(new Set(idx).size).toBe(256);
    expect(Array.from(idx).every((i) => i >= 0 && i < big.test.n)).toBe(true);
    const counts = [0, 1, 2].map((c) => Array.from(idx).filter((i) => big.test.y[i] === c).length);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    expect(Array.from(probeBatchIndices(big.test, 11))).toEqual(Array.from(idx));
    expect(Array.from(probeBatchIndices(big.test, 12))).not.toEqual(Array.from(idx));
    expect(probeBatchIndices(small.test, 11)).toHaveLength(small.test.n);
  });
});

describe('a session’s probe batch', () => {
  it('is the same test examples for every run and every probing step, and says how many', async () => {
    const seen: { run: string; batch: HostBatch }[] = [];
    const s = createSession({
      runs: [
        { id: 'res', spec: mlp(6, 8, { shortcut: 'A', classes: 3 }) },
        { id: 'plain', spec: mlp(6, 8, { shortcut: 'none', classes: 3 }) },
      ],
      ...big,
      config: config({ steps: 9, probeStride: 3, seed: 5 }),
      createTrainer: (id, spec, seed, c) => {
        const t = createJsMlpTrainer(id, spec as MlpSpec, seed, c);
        return { ...t, responses: (b) => (seen.push({ run: id, batch: b.host }), t.responses(b)) };
      },
    });
    for (let i = 0; i < 9; i++) await s.step();
    s.dispose();
    expect(seen.map((v) => v.run)).toEqual(['res', 'plain', 'res', 'plain', 'res', 'plain']);
    expect(Array.from(s.probeIndices)).toEqual(Array.from(probeBatchIndices(big.test, seedFor('probe', 5))));
    const first = seen[0]!.batch;
    for (const { batch } of seen) expect(batch).toBe(first);
    // Its rows are those test points (toy points are not standardised), in index order.
    expect(first.n).toBe(256);
    s.probeIndices.forEach((i, k) => {
      expect(first.x[2 * k]).toBe(big.test.x[2 * i]);
      expect(first.y[k]).toBe(big.test.y[i]);
    });
    expect(s.runs[0]!.layout.responseBatch).toEqual({ n: 256, unit: 'points' });
  });
});
