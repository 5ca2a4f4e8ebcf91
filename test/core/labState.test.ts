import { describe, expect, it } from 'vitest';
import { runSpec, validDepths } from '../../src/core/labState';
import type { LabDataKind, RunControl } from '../../src/core/labState';
import type { BlockType } from '../../src/core/netSpec';
import { URL_LIMITS } from '../../src/core/urlCodec';

describe('Lab run controls', () => {
  // Option A refuses a narrowing stage (validate.ts); the Lab's nets only ever widen (w, 2w, 4w
  // after a stem of w; one MLP stage as wide as its stem), so no control reaches that refusal.
  it('build with option A at every offered depth, block and edge width', () => {
    const { min, max } = URL_LIMITS.width;
    let built = 0;
    for (const data of ['spirals', 'fashion'] as LabDataKind[])
      for (const block of ['basic', 'bottleneck'] as BlockType[])
        for (const width of block === 'basic' ? [min, 3, 16, max] : [4, 16, max])
          for (const depth of validDepths(data, block)) {
            const r: RunControl = {
              depth,
              width,
              block,
              shortcuts: true,
              option: 'A',
              preact: false,
              batchNorm: true,
            };
            expect(runSpec(r, data).name).toContain(`-${depth}`);
            built++;
          }
    expect(built).toBeGreaterThan(300);
  });
});
