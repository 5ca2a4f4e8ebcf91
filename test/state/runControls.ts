import type { RunControl } from '../../src/core/labState';

/** A small Lab run control: basic blocks of width 8, option A when shortcuts are on, batch norm. */
export const runControl = (
  depth: number,
  shortcuts: boolean,
  over: Partial<RunControl> = {},
): RunControl => ({
  depth,
  width: 8,
  block: 'basic',
  shortcuts,
  option: 'A',
  preact: false,
  batchNorm: true,
  ...over,
});
