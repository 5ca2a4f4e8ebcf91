import { describe, expect, it } from 'vitest';
import { emaSmooth } from '../../src/charts/smoothing';

describe('emaSmooth (TensorBoard-style debiased EMA)', () => {
  it('matches a hand-computed example', () => {
    // β = 0.5, x = 1, 0, 1:
    //   m₁ = 0.5            → 0.5  / (1 − 0.5)   = 1
    //   m₂ = 0.25           → 0.25 / (1 − 0.25)  = 1/3
    //   m₃ = 0.125 + 0.5    → 0.625 / (1 − 0.125) = 5/7
    const out = emaSmooth([1, 0, 1], 0.5);
    expect(out[0]).toBeCloseTo(1, 12);
    expect(out[1]).toBeCloseTo(1 / 3, 12);
    expect(out[2]).toBeCloseTo(5 / 7, 12);
  });

  it('starts at the first value instead of rising from zero', () => {
    expect(emaSmooth([0.8, 0.8, 0.8], 0.99)[0]).toBeCloseTo(0.8, 12);
    expect(emaSmooth([0.8, 0.8, 0.8], 0.99)[2]).toBeCloseTo(0.8, 12);
  });

  it('returns the values unchanged at β = 0', () => {
    expect(Array.from(emaSmooth([0.3, 0.1, 0.7], 0))).toEqual([0.3, 0.1, 0.7]);
  });

  it('passes non-finite values through without poisoning the average', () => {
    const out = emaSmooth([1, NaN, 0], 0.5);
    expect(out[1]).toBeNaN();
    // NaN is skipped: the third value is the second in the average: (0.25)/(0.75).
    expect(out[2]).toBeCloseTo(1 / 3, 12);
  });

  it('caps β at 0.999', () => {
    expect(Array.from(emaSmooth([1, 0], 1))).toEqual(Array.from(emaSmooth([1, 0], 0.999)));
  });
});
