import { describe, expect, it } from 'vitest';
import { measurementText } from '../../src/ui/lab/backendText';

describe('measurementText', () => {
  it('names the fastest backend first with its step time, then why each other one lost', () => {
    expect(
      measurementText({
        backend: 'wasm',
        fallbacks: [],
        measured: [
          {
            backend: 'webgpu',
            software: 'SwiftShader',
            passedOver: 'runs on SwiftShader, a software GPU; passed over for a faster engine',
          },
          { backend: 'webgl', passedOver: 'webgl did not start (no usable adapter or context)' },
          { backend: 'wasm', msPerStep: 212.4 },
          { backend: 'cpu', passedOver: "a 2-example step took 2.1 s, longer than wasm's whole step" },
        ],
      }),
    ).toBe(
      'Chosen by timing warm training steps of these networks: wasm 212 ms per step (fastest); ' +
        'webgpu (SwiftShader): runs on SwiftShader, a software GPU; passed over for a faster engine; ' +
        'webgl did not start (no usable adapter or context); ' +
        "cpu: a 2-example step took 2.1 s, longer than wasm's whole step",
    );
  });

  it('gives timed losers their times, and says nothing for an unmeasured choice', () => {
    expect(
      measurementText({
        backend: 'webgpu',
        fallbacks: [],
        measured: [
          { backend: 'webgpu', msPerStep: 31 },
          { backend: 'wasm', msPerStep: 1500 },
        ],
      }),
    ).toBe(
      'Chosen by timing warm training steps of these networks: webgpu 31 ms per step (fastest); wasm 1.5 s per step',
    );
    expect(measurementText({ backend: 'cpu', fallbacks: [] })).toBeNull();
    expect(measurementText(null)).toBeNull();
  });
});
