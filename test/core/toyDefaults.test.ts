import { describe, expect, it } from 'vitest';
import { DEFAULT_TOY, toySource } from '../../src/core/dataSource';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { PRESET_NAMES, presetByName } from '../../src/core/presets';
import { dataSourceOf } from '../../src/state/labStore';

describe('the default toy data source', () => {
  it('is what the Lab trains on in its default state', () => {
    expect(dataSourceOf(DEFAULT_LAB_STATE, null)).toEqual(DEFAULT_TOY);
    expect(DEFAULT_TOY).toEqual({
      kind: 'toy',
      toy: 'spirals',
      n: 500,
      noise: 0.1,
      testFraction: 0.2,
      seed: 1,
    });
  });

  it('keeps its size and split when the Lab changes the toy, noise or seed', () => {
    expect(dataSourceOf({ ...DEFAULT_LAB_STATE, data: 'xor', noise: 0.3, seed: 9 }, null)).toEqual({
      ...DEFAULT_TOY,
      toy: 'xor',
      noise: 0.3,
      seed: 9,
    });
    expect(toySource('circles', 0, 2)).toMatchObject({
      n: DEFAULT_TOY.n,
      testFraction: DEFAULT_TOY.testFraction,
    });
  });

  it('is the data of every toy preset', () => {
    const toyPresets = PRESET_NAMES.map(presetByName).filter((p) => p.data.kind === 'toy');
    expect(toyPresets.map((p) => p.name)).toEqual(expect.arrayContaining(['degradation-mlp', 'identity']));
    for (const p of toyPresets) expect(p.data).toEqual(DEFAULT_TOY);
  });

  it('cannot be changed by a consumer', () => {
    expect(Object.isFrozen(DEFAULT_TOY)).toBe(true);
  });
});
