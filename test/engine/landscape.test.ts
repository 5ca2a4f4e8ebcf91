/**
 * Loss-landscape slices (engine/landscape.ts, Li et al. 2018): the filter normalisation is
 * exact, the directions leave batch norm and biases alone, and a slice's centre is the
 * trained loss; the run is as it was afterwards.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, mlp } from '../../src/core/catalog';
import { buildGraph } from '../../src/core/graph';
import { makeToy } from '../../src/data/toy/makeToy';
import {
  crossEntropy,
  filterNorms,
  filterNormalizedDirection,
  moved,
  sliceAxis,
  weightLayers,
} from '../../src/engine/landscape';
import { createSession } from '../../src/engine/session';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { config, useCpu } from './helpers';

beforeAll(useCpu);

describe('a filter-normalised direction', () => {
  it('gives each filter of each weight tensor the norm of the trained filter, and nothing else a direction', async () => {
    const spec = cifarNet(8, { input: 8, channels: 1, width: 4, classes: 4, shortcut: 'B' });
    const graph = buildGraph(spec);
    const t = createTfjsTrainer('r', spec, 3, config({ steps: 1 }));
    const { weights } = await t.saveState();
    t.dispose();
    const d = filterNormalizedDirection(graph, weights, 7);
    const layers = weightLayers(graph);
    expect(Object.keys(d).sort()).toEqual(layers.map((op) => `${op.name}.weight`).sort());
    // Projections (option B) included; batch norm, biases and running statistics not.
    expect(layers.some((op) => op.name.includes('shortcut'))).toBe(true);
    expect(Object.keys(d).some((k) => /gamma|beta|bias|running/.test(k))).toBe(false);
    for (const op of layers) {
      const name = `${op.name}.weight`;
      const filters = op.type === 'conv' ? op.outChannels : op.outFeatures;
      const want = filterNorms(weights[name]!, filters);
      const got = filterNorms(d[name]!, filters);
      for (let f = 0; f < filters; f++) expect(got[f]! / want[f]!, `${name} filter ${f}`).toBeCloseTo(1, 5);
      // Random, not the weights themselves.
      expect(Array.from(d[name]!.slice(0, 4))).not.toEqual(Array.from(weights[name]!.slice(0, 4)));
    }
    // Another seed, another direction.
    const e = filterNormalizedDirection(graph, weights, 8);
    expect(e['stem.conv.weight']).not.toEqual(d['stem.conv.weight']);
  });

  it('moves the weights by c·d and leaves the arrays it was given unchanged', () => {
    const w = { a: Float32Array.from([1, 2, 3]), b: Float32Array.from([5]) };
    const d = { a: Float32Array.from([1, 0, -1]) };
    const e = { a: Float32Array.from([0, 1, 0]) };
    const m = moved(w, [
      [0.5, d],
      [2, e],
    ]);
    expect(Array.from(m.a!)).toEqual([1.5, 4, 2.5]);
    expect(m.b).toBe(w.b);
    expect(Array.from(w.a)).toEqual([1, 2, 3]);
    expect(sliceAxis(5)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });
});

describe('a slice of a trained run', () => {
  it('has the trained loss at its centre, and leaves the run as trained', async () => {
    const d = makeToy({ kind: 'spirals', n: 400, noise: 0.1, testFraction: 0.25, seed: 11 });
    const cfg = config({ steps: 101, batchSize: 32, optimizer: 'adam', learningRate: 0.01 });
    const s = createSession({
      runs: [{ id: 'res', spec: mlp(8, 12, { shortcut: 'A' }) }],
      ...d,
      config: cfg,
      evalSample: 100,
    });
    for (let k = 0; k < 100; k++) await s.step();
    const before = await s.evaluate(true);
    const seen: number[] = [];
    const slice = (await s.landscape('res', { n: 5, seed: 1, onProgress: (done) => seen.push(done) }))!;
    expect(seen).toEqual(Array.from({ length: 26 }, (_, i) => i + 1));
    expect(slice.axis).toEqual([-1, -0.5, 0, 0.5, 1]);
    expect(slice.loss).toHaveLength(25);
    // The grid's middle point is the trained weights: the same loss as the centre, exactly.
    expect(slice.loss[2 * 5 + 2]).toBe(slice.centre);
    // And that is the cross-entropy of the trained net (its own predictions on the sample).
    expect(Number.isFinite(slice.centre) && slice.centre > 0).toBe(true);
    expect(Math.min(...slice.loss)).toBeLessThan(Math.max(...slice.loss));
    const line = (await s.landscape('res', { n: 5, dims: 1, seed: 1 }))!;
    expect(line.loss).toHaveLength(5);
    expect(line.centre).toBe(slice.centre);
    // Along δ alone, the 1-D curve is the grid's middle row.
    expect(Array.from(line.loss)).toEqual(Array.from(slice.loss.subarray(10, 15)));
    expect(await s.evaluate(true)).toEqual(before);
    expect(await s.landscape('res', { n: 5, seed: 1, cancelled: () => true })).toBeNull();
    expect(await s.evaluate(true)).toEqual(before);
    expect(crossEntropy(Float32Array.from([0.5, 0.5, 1, 0]), Int32Array.from([0, 0]), 2)).toBeCloseTo(
      Math.log(2) / 2,
      9,
    );
    s.dispose();
  });
});
