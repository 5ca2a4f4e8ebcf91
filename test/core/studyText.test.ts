/** The lesion and landscape sentences come from the results they describe. */
import { describe, expect, it } from 'vitest';
import type { LandscapeSlice, LesionResult } from '../../src/state/labStudy';
import { basinShare, landscapeLines, lesionLines, singleCost } from '../../src/core/studyText';

const runs = [
  { id: 'p', label: 'plain-20', residual: false },
  { id: 'r', label: 'ResNet-20', residual: true },
];
const single = (error: number | null, why?: string) => ({
  block: 'b',
  stage: 1,
  index: 1,
  downsampling: why !== undefined,
  residual: true,
  error,
  ...(why ? { why } : {}),
});
const lesion = (run: string, baseline: number, errors: (number | null)[]): LesionResult => ({
  run,
  baseline,
  singles: errors.map((e) => (e === null ? single(null, 'it changes the shape') : single(e))),
  random: [],
});

describe('the lesion sentences', () => {
  it('give each run its mean and worst cost, and compare the kinds as the numbers say', () => {
    const p = lesion('p', 0.1, [0.5, null, 0.9]);
    const r = lesion('r', 0.1, [0.12, 0.1, 0.2]);
    expect(singleCost(p)).toEqual({
      mean: expect.closeTo(0.6, 9),
      worst: { at: 3, cost: expect.closeTo(0.8, 9) },
    });
    expect(lesionLines([p, r], runs)).toEqual([
      'plain-20: 10.0% test error as trained; one deleted block changes it by +60.0 points on average, at most +80.0 (block 3). 1 of its 3 blocks could not be deleted (they change the shape).',
      'ResNet-20: 10.0% test error as trained; one deleted block changes it by +4.0 points on average, at most +10.0 (block 3).',
      'Here, as the paper reports, a deleted block cost the residual nets less (+4.0 points on average) than the plain nets (+60.0).',
    ]);
    // The other way round, it says so.
    expect(lesionLines([lesion('p', 0.1, [0.1]), lesion('r', 0.1, [0.3])], runs).at(-1)).toMatch(
      /^Here, unlike the paper's ResNets, a deleted block cost the residual nets no less \(\+20\.0/,
    );
  });
});

const slice = (run: string, centre: number, loss: number[]): LandscapeSlice => ({
  run,
  axis: [-1, 0, 1],
  dims: 1,
  loss: Float64Array.from(loss),
  centre,
});

describe('the landscape sentences', () => {
  it('measure each basin as the share of the slice within 2× the trained loss', () => {
    const p = slice('p', 0.5, [5, 0.5, 9]);
    const r = slice('r', 0.5, [0.9, 0.5, 3]);
    expect([basinShare(p), basinShare(r)]).toEqual([1 / 3, 2 / 3]);
    expect(landscapeLines([p, r], runs)).toEqual([
      'plain-20: loss 0.500 at the trained weights; it stays within 2× that over 33% of the slice (±1 along each direction).',
      'ResNet-20: loss 0.500 at the trained weights; it stays within 2× that over 67% of the slice (±1 along each direction).',
      'Here, as the paper reports, the residual nets sit in wider basins (67% of the slice on average) than the plain nets (33%).',
    ]);
    expect(basinShare(slice('x', 1, [NaN, 1, Infinity]))).toBe(1 / 3);
    expect(landscapeLines([r, slice('p', 0.5, [0.6, 0.5, 0.7])], runs).at(-1)).toMatch(
      /^Here, unlike the paper's deep nets/,
    );
  });
});
