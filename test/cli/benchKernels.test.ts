import { describe, expect, it } from 'vitest';
import { convMacs, KERNEL_LAYERS } from '../../src/cli/benchKernels';

describe('the kernel micro-bench layers', () => {
  it("count a conv's multiply-adds as N·H′·W′·k²·C·O", () => {
    // 64·28·28 outputs × 9·8 inputs × 8 channels; stride 2: 64·14·14 × 9·8 × 16.
    expect(KERNEL_LAYERS.map(convMacs)).toEqual([28_901_376, 14_450_688]);
  });
});
