import { describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE, runSpec, validDepths } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { decodeLabState, encodeLabState } from '../../src/core/urlCodec';
import { layerTable } from '../../src/core/layerTable';

describe('Lab state in the URL', () => {
  it('round-trips every control', () => {
    const s: LabState = {
      ...DEFAULT_LAB_STATE,
      data: 'fashion',
      noise: 0.25,
      runs: [
        {
          depth: 20,
          width: 8,
          block: 'basic',
          shortcuts: false,
          option: 'B',
          preact: false,
          batchNorm: true,
        },
        {
          depth: 29,
          width: 32,
          block: 'bottleneck',
          shortcuts: true,
          option: 'C',
          preact: true,
          batchNorm: false,
        },
      ],
      optimizer: 'sgd',
      learningRate: 0.05,
      schedule: 'cosine',
      batchSize: 32,
      steps: 500,
      seed: 42,
      backend: 'webgl',
    };
    const back = decodeLabState(encodeLabState(s));
    expect(back.notices).toEqual([]);
    expect(back.state).toEqual(s);
  });

  it('round-trips every backend setting, WebAssembly included', () => {
    for (const backend of ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'] as const) {
      const back = decodeLabState(encodeLabState({ ...DEFAULT_LAB_STATE, backend }));
      expect(back).toEqual({ state: { ...DEFAULT_LAB_STATE, backend }, notices: [] });
    }
  });

  it('an empty query is the default experiment, silently', () => {
    expect(decodeLabState('')).toEqual({ state: DEFAULT_LAB_STATE, notices: [] });
  });

  it('neutralises hostile and malformed values with a notice per field, keeping the rest', () => {
    const q = new URLSearchParams({
      data: '<script>alert(1)</script>',
      lr: 'NaN',
      bs: '1e9',
      steps: '12',
      seed: '-4',
      backend: 'javascript:alert(1)',
      r1: '52,16,basic,on,A,post,bn',
      r2: '999999,16,basic,off,A,post,bn',
      r3: 'x',
      evil: '"><img src=x onerror=alert(1)>',
    }).toString();
    const { state, notices } = decodeLabState(q);
    expect(state.data).toBe('spirals');
    expect(state.learningRate).toBe(DEFAULT_LAB_STATE.learningRate);
    expect(state.batchSize).toBe(64);
    expect(state.steps).toBe(12);
    expect(state.seed).toBe(1);
    expect(state.backend).toBe('auto');
    expect(state.runs.map((r) => [r.depth, r.shortcuts])).toEqual([
      [52, true],
      [104, false],
    ]);
    expect(notices).toHaveLength(8);
    expect(notices).toContain('ignored unknown setting "evil"');
    expect(notices.find((n) => n.startsWith('dataset'))).toBe(
      'dataset "<script>alert(1)</script…" is not one of spirals, circles, xor, blobs, checkerboard, fashion; using spirals',
    );
    expect(notices.some((n) => n.startsWith('run 3'))).toBe(true);
    expect(notices.every((n) => n.length < 200)).toBe(true);
  });

  it('snaps a depth the family does not offer to the nearest valid one', () => {
    const { state, notices } = decodeLabState('data=fashion&r1=21,8,basic,on,A,post,bn');
    expect(state.runs[0]!.depth).toBe(20);
    expect(notices[0]).toMatch(/depth "21" is not offered.*using 20/);
  });

  it('refuses a huge query outright', () => {
    expect(decodeLabState('a='.padEnd(5000, 'x')).notices).toEqual([
      'the link is too long to be a ResLab experiment; using the defaults',
    ]);
  });
});

describe('run controls', () => {
  it('offer only valid depths: 6n+2 for CIFAR-style basic nets, 2k+2 for basic MLPs', () => {
    expect(validDepths('fashion', 'basic').slice(0, 4)).toEqual([8, 14, 20, 26]);
    expect(validDepths('fashion', 'bottleneck').slice(0, 3)).toEqual([11, 20, 29]);
    expect(validDepths('spirals', 'basic').slice(0, 3)).toEqual([4, 6, 8]);
    expect(validDepths('spirals', 'basic')).toContain(52);
  });

  it('build the NetSpec the run trains, with the layers it says', () => {
    for (const r of DEFAULT_LAB_STATE.runs)
      expect(layerTable(runSpec(r, 'spirals')).weightLayers).toBe(r.depth);
    const conv = runSpec(
      { depth: 20, width: 8, block: 'basic', shortcuts: true, option: 'A', preact: false, batchNorm: true },
      'fashion',
    );
    expect(conv.kind === 'conv' && conv.input).toEqual({ height: 28, width: 28, channels: 1 });
    expect(() =>
      runSpec(
        {
          depth: 11,
          width: 10,
          block: 'bottleneck',
          shortcuts: true,
          option: 'B',
          preact: false,
          batchNorm: true,
        },
        'fashion',
      ),
    ).toThrow(/divisible by 4/);
  });
});
