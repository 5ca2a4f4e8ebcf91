import { describe, expect, it } from 'vitest';
import { verdict } from '../../src/state/verdict';
import type { VerdictRun } from '../../src/state/verdict';

const r = (id: string, depth: number, shortcuts: boolean, recentErr: number): VerdictRun => ({
  id,
  depth,
  shortcuts,
  recentErr,
  label: id,
});
const degradation = [
  r('p8', 8, false, 0.16),
  r('p52', 52, false, 0.48),
  r('r8', 8, true, 0.14),
  r('r52', 52, true, 0.15),
];

describe('the verdict line', () => {
  it('names the degradation problem once the data support it', () => {
    expect(verdict(degradation, 200, 360, false)).toBe(
      'The 52-layer plain net trains worse than the 8-layer one (48% vs 16% training error), while its residual twin does not (15%): that is the degradation problem, and shortcuts fix it.',
    );
  });

  it('says nothing before a quarter of the steps, or before a full window of points', () => {
    expect(verdict(degradation, 80, 360, false)).toBeNull();
    expect(verdict(degradation, 20, 40, false)).toBeNull();
  });

  it('says nothing about gaps under five points until training is done', () => {
    const close = [r('p8', 8, false, 0.2), r('p52', 52, false, 0.23), r('r52', 52, true, 0.21)];
    expect(verdict(close, 300, 360, false)).toBeNull();
    expect(verdict(close, 360, 360, true)).toMatch(/^No degradation in this run/);
  });

  it('reports degradation alone when no residual twin runs', () => {
    expect(verdict([r('p8', 8, false, 0.1), r('p20', 20, false, 0.3)], 100, 100, true)).toMatch(
      /^The 20-layer plain net trains worse than the 8-layer one \(30% vs 10%/,
    );
  });

  it('ignores runs with no points yet', () => {
    expect(verdict([r('p8', 8, false, NaN), r('p52', 52, false, NaN)], 200, 360, false)).toBeNull();
  });

  it('always ends a finished session with a line: too short to judge, or every run stopped', () => {
    expect(verdict(degradation, 12, 12, true)).toBe(
      "Too short to judge: 12 steps. The verdict compares each run's mean of its last 30 training errors, so train at least 30 steps.",
    );
    expect(verdict(degradation, 12, 12, false)).toBeNull();
    const stopped = [r('p8', 8, false, NaN), r('p52', 52, false, NaN)];
    expect(verdict(stopped, 200, 360, true)).toMatch(/^No run trained to the end: each stopped early/);
    expect(verdict(stopped, 200, 360, false)).toBeNull();
  });

  it('ranks runs that do not pose the degradation question, once a gap shows or training is done', () => {
    const blocks = [r('basic-20', 20, true, 0.19), r('bottleneck-38', 38, true, 0.49)];
    expect(verdict(blocks, 100, 200, false)).toBe(
      'basic-20 trains best: 19% training error over the last 30 steps, against bottleneck-38 49%.',
    );
    const options = [r('A', 20, true, 0.21), r('B', 20, true, 0.2), r('C', 20, true, 0.23)];
    expect(verdict(options, 100, 200, false)).toBeNull();
    expect(verdict(options, 200, 200, true)).toBe(
      'These 3 runs trained about equally well: 20% to 23% training error over the last 30 steps.',
    );
    expect(verdict([r('resnet-20', 20, true, 0.123)], 200, 200, true)).toBe(
      'resnet-20 ended at 12% training error (last 30 steps).',
    );
    expect(verdict([r('resnet-20', 20, true, 0.123)], 150, 200, false)).toBeNull();
  });
});
