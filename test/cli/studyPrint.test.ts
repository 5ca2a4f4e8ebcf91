/** How the study commands print results: every mark comes from the result it describes. */
import { describe, expect, it } from 'vitest';
import { curveTable, levelChar, lesionTable, RAMP, scaleLine, sliceDomain } from '../../src/cli/studyPrint';
import type { LandscapeSlice } from '../../src/engine/landscape';
import type { LesionResult } from '../../src/engine/lesion';

const block = (error: number | null, downsampling: boolean, why?: string) => ({
  block: 'b',
  stage: 1,
  index: 1,
  downsampling,
  residual: true,
  error,
  ...(why ? { why } : {}),
});

describe('the lesion table', () => {
  it('marks downsampling blocks, names why a block cannot be deleted, and averages the draws', () => {
    const shape = 'it changes the shape (4→8 channels, stride 2), so no identity bridges it';
    const r: LesionResult = {
      run: 'p',
      baseline: 0.125,
      singles: [block(0.5, false), block(null, true, shape), block(0.25, true), block(null, true, shape)],
      random: [{ k: 1, errors: [0.1, 0.2, 0.6] }],
    };
    expect(lesionTable([r], [{ id: 'p', label: 'plain-8', residual: false, index: 0 }])).toEqual([
      'plain-8: 12.5% test error as trained, 4 blocks',
      '  one block deleted (block 1 … 4):',
      '      50.0      –   25.0*     –',
      '  k random blocks deleted (mean of 3 draws, k = 1 … 1):',
      '      30.0',
      '  * the block changes the shape (a downsampling block; the paper marks these)',
      `  – blocks 2, 4 cannot be deleted: ${shape}`,
    ]);
  });
});

const slice = (loss: number[]): LandscapeSlice => ({
  run: 'r',
  axis: [-1, 0, 1],
  dims: 1,
  loss: Float64Array.from(loss),
  centre: loss[1]!,
});

describe('the landscape pictures', () => {
  it('one log scale over every slice: its lowest loss is the first character, its highest the last', () => {
    const a = slice([1, 0.1, 10]);
    const b = slice([100, 0.5, Number.NaN]);
    const domain = sliceDomain([a, b]);
    expect(domain).toEqual([-1, 2]);
    expect(levelChar(0.1, domain)).toBe(RAMP[0]);
    expect(levelChar(100, domain)).toBe(RAMP.at(-1));
    // log10(1) = 0 is a third of the way up the 10 levels: round(1/3 · 9) = 3.
    expect(levelChar(1, domain)).toBe(RAMP[3]);
    expect(levelChar(Number.NaN, domain)).toBe('!');
    expect(levelChar(0, domain)).toBe('!');
    expect(scaleLine(domain)).toMatch(/" " 0\.1000 .* "@" 100\.0;/);
  });

  it('a 1-D table: a row per α, a column per run', () => {
    expect(curveTable([slice([2, 1, 3]), slice([5, 4, 6])], ['plain-8', 'ResNet-8'])).toEqual([
      '      α   plain-8  ResNet-8',
      '  -1.00     2.000     5.000',
      '   0.00     1.000     4.000  ← trained',
      '   1.00     3.000     6.000',
    ]);
  });
});
