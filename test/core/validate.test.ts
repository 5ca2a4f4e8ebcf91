import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cifarNet, mlp, modelByName } from '../../src/core/catalog';
import { buildGraph, isBlock } from '../../src/core/graph';
import { checkSpec, validateSpec } from '../../src/core/validate';
import { SpecError } from '../../src/core/specError';

const good = () => JSON.parse(JSON.stringify(cifarNet(20))) as Record<string, unknown>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests poke at arbitrary fields
function refusal(mutate: (s: Record<string, any>) => void) {
  const s = good();
  mutate(s);
  const r = checkSpec(s);
  if (r.ok) throw new Error('expected the spec to be refused');
  return r;
}

describe('validateSpec', () => {
  it('accepts every catalog spec unchanged', () => {
    for (const s of [cifarNet(56), mlp(52, 16), modelByName('resnet152'), modelByName('vgg16')])
      expect(validateSpec(JSON.parse(JSON.stringify(s)))).toEqual(s);
  });

  it('refuses zero or negative blocks, naming the field and range', () => {
    const r = refusal((s) => (s.stages[1].blocks = 0));
    expect(r.field).toBe('stages[1].blocks');
    expect(r.message).toContain('1..1000');
    expect(refusal((s) => (s.stages[0].blocks = -3)).message).toContain('got -3');
  });

  it('refuses a zero, fractional or NaN width', () => {
    expect(refusal((s) => (s.stages[2].width = 0)).field).toBe('stages[2].width');
    expect(refusal((s) => (s.stages[2].width = 1.5)).field).toBe('stages[2].width');
    expect(refusal((s) => (s.stem.width = NaN)).message).toMatch(
      /stem\.width: must be an integer in 1\.\.8192 \(got NaN\)/,
    );
  });

  it('refuses a bottleneck width not divisible by its expansion', () => {
    const s = JSON.parse(JSON.stringify(modelByName('resnet50')));
    s.stages[0].width = 250;
    const r = checkSpec(s);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe('stages[0].width');
      expect(r.message).toContain('divisible by its expansion 4');
    }
  });

  it('refuses a stride that makes a feature map vanish', () => {
    const s = JSON.parse(JSON.stringify(modelByName('vgg16')));
    s.input.height = 16;
    const r = checkSpec(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toContain('vanishes');
  });

  it('refuses unknown options and unknown keys', () => {
    expect(refusal((s) => (s.shortcut = 'D')).message).toBe(
      'shortcut: must be one of none, A, B, C (got "D")',
    );
    expect(refusal((s) => (s.block = 'dense')).field).toBe('block');
    expect(refusal((s) => (s.activation = 'mid')).field).toBe('activation');
    expect(refusal((s) => (s.kind = 'transformer')).field).toBe('kind');
    expect(refusal((s) => (s.dropout = 0.5)).field).toBe('dropout');
    expect(refusal((s) => (s.stages[0].groups = 2)).field).toBe('stages[0].groups');
  });

  it('refuses wrong types without crashing', () => {
    for (const v of [null, 42, 'resnet', [], undefined]) {
      const r = checkSpec(v);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.field).toBe('spec');
    }
    expect(refusal((s) => (s.stages = 'three')).field).toBe('stages');
    expect(refusal((s) => (s.batchNorm = 'yes')).field).toBe('batchNorm');
    expect(refusal((s) => (s.input = { height: 32, width: 32 })).field).toBe('input.channels');
  });

  it('refuses a hole in a list by its index (postMessage keeps sparse arrays)', () => {
    for (const spec of [mlp(4, 8), cifarNet(20)]) {
      const sparse = structuredClone(spec) as unknown as { stages: unknown[] };
      delete sparse.stages[0];
      const r = checkSpec(sparse);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.field).toBe('stages[0]');
    }
  });

  it('throws a SpecError from validateSpec', () => {
    expect(() => validateSpec({ kind: 'mlp' })).toThrow(SpecError);
  });
});

describe('option A where a stage narrows', () => {
  const mlpStages = (widths: number[], shortcut: string) => ({
    ...JSON.parse(JSON.stringify(mlp(8, 16))),
    stages: widths.map((width) => ({ blocks: 1, width, stride: 1 })),
    shortcut,
  });

  it('refuses a conv stage narrower than the stage before, naming the width and suggesting B or C', () => {
    const r = refusal((s) => (s.stages[2].width = 16));
    expect(r.field).toBe('stages[2].width');
    expect(r.message).toBe(
      'stages[2].width: option A can only add channels: stage 3 narrows 32 → 16; use shortcut B or C (a projection)',
    );
  });

  it('refuses a first stage narrower than the stem', () => {
    const r = refusal((s) => (s.stem.width = 24));
    expect(r.field).toBe('stages[0].width');
    expect(r.message).toContain("stage 1 narrows the stem's 24 → 16");
  });

  it('refuses a narrowing MLP stage, in features', () => {
    const r = checkSpec(mlpStages([32, 16], 'A'));
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.field).toBe('stages[1].width');
      expect(r.message).toContain('option A can only add features: stage 2 narrows 32 → 16');
    }
  });

  it('accepts the same narrowing with a projection (B, C) or no shortcut', () => {
    for (const shortcut of ['B', 'C', 'none']) {
      const conv = good();
      (conv.stages as { width: number }[])[2]!.width = 16;
      conv.shortcut = shortcut;
      expect(checkSpec(conv).ok).toBe(true);
      expect(checkSpec(mlpStages([32, 16], shortcut)).ok).toBe(true);
    }
  });

  it('every option A spec it accepts pads a non-negative number of channels', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 64 }),
        fc.array(fc.integer({ min: 1, max: 64 }), { minLength: 1, maxLength: 4 }),
        (stem, widths) => {
          const s = good();
          s.stem = { kind: 'cifar', width: stem };
          s.stages = widths.map((width, i) => ({ blocks: 1, width, stride: i === 0 ? 1 : 2 }));
          const r = checkSpec(s);
          const narrows = widths.some((w, i) => w < (i === 0 ? stem : widths[i - 1]!));
          expect(r.ok).toBe(!narrows);
          if (!r.ok) return;
          for (const node of buildGraph(r.spec).nodes)
            if (isBlock(node) && node.shortcut.type === 'padded')
              expect(node.shortcut.extraChannels).toBeGreaterThanOrEqual(0);
        },
      ),
      { seed: 11, numRuns: 200 },
    );
  });
});

describe('catalog names', () => {
  it('refuses depths that are not 6n+2, unknown names and contradictory options', () => {
    expect(() => modelByName('cifar-resnet21')).toThrow(/6n\+2 layers/);
    expect(() => modelByName('resnet51')).toThrow(/unknown ImageNet depth 51/);
    expect(() => modelByName('alexnet')).toThrow(/unknown model "alexnet"/);
    expect(() => modelByName('plain34', { shortcut: 'B' })).toThrow(/plain net has no shortcuts/);
    expect(() => modelByName('mlp-3x16')).toThrow(/2k\+2 layers/);
    expect(() => modelByName('mlp-52x16', { width: 8 })).toThrow(/width/);
  });

  it('defaults follow the paper: B for ImageNet, A for CIFAR, v1 bottlenecks', () => {
    const r50 = modelByName('resnet50');
    expect(r50.kind === 'conv' && [r50.shortcut, r50.variant]).toEqual(['B', 'v1']);
    const c = modelByName('cifar-resnet20');
    expect(c.kind === 'conv' && c.shortcut).toBe('A');
    expect(
      modelByName('plain18').kind === 'conv' && (modelByName('plain18') as { shortcut: string }).shortcut,
    ).toBe('none');
  });

  it('takes input size, width and classes for CIFAR nets (Fashion-MNIST at 28×28×1, width 8)', () => {
    const s = cifarNet(20, { input: 28, channels: 1, width: 8, classes: 10 });
    expect(s.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(s.stages.map((st) => st.width)).toEqual([8, 16, 32]);
  });
});
