// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createStageBars, stageBarsTable } from '../../src/charts/stageBars';
import { zooRows } from '../../src/core/zoo';
import { expectGolden } from './golden';

let host: HTMLDivElement;
afterEach(() => host?.remove());
const models = () => zooRows('v1').map((r) => ({ id: r.id, name: r.name, stages: r.stages }));

describe('stageBars', () => {
  it('matches its golden', () => {
    host = document.createElement('div');
    document.body.append(host);
    createStageBars(host).update(models());
    expectGolden('stageBars-v1', host);
  });

  it('stacks one segment per stage, and each row’s segments add up to the model’s multiply-adds', () => {
    const rows = zooRows('v1');
    const t = stageBarsTable(models());
    expect(t.columns).toEqual([
      'model',
      'stem',
      'stage 1',
      'stage 2',
      'stage 3',
      'stage 4',
      'stage 5',
      'head',
      'total',
    ]);
    rows.forEach((r, i) => {
      const cells = t.rows[i]!.slice(1, -1) as number[];
      expect(cells.reduce((a, b) => a + b, 0)).toBe(r.macs);
      expect(t.rows[i]!.at(-1)).toBe(r.macs);
    });
  });
});
