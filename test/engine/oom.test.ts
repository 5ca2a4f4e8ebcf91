/** A run that runs out of memory stops alone, saying so; the others train to the end. */
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { mlp } from '../../src/core/catalog';
import type { MlpSpec } from '../../src/core/netSpec';
import { makeToy } from '../../src/data/toy/makeToy';
import { DivergedError } from '../../src/engine/errors';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { isOutOfMemory, outOfMemoryReason } from '../../src/engine/oom';
import { createSession } from '../../src/engine/session';
import type { SessionStep } from '../../src/engine/session';
import { config, useCpu } from './helpers';

beforeAll(useCpu);

/** What `f` really throws. */
function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error('did not throw');
}

/** tfjs-cpu asked for a 2^17 × 2^17 tensor: 2^34 floats, past V8's largest typed array. */
const tfjsTooLarge = () => tf.zeros([2 ** 17, 2 ** 17]);

describe('isOutOfMemory', () => {
  it("knows V8's allocation failures, thrown for real", () => {
    // 2^50 bytes is past any 64-bit address space: V8 asks for it and is refused.
    const alloc = thrown(() => new ArrayBuffer(2 ** 50));
    expect(alloc).toBeInstanceOf(RangeError);
    expect((alloc as Error).message).toBe('Array buffer allocation failed');
    expect(isOutOfMemory(alloc)).toBe(true);
    const tfjs = thrown(tfjsTooLarge);
    expect((tfjs as Error).message).toBe('Invalid typed array length: 17179869184');
    expect(isOutOfMemory(tfjs)).toBe(true);
  });

  it("knows the browsers' and GPUs' words", () => {
    expect(isOutOfMemory(new Error('out of memory'))).toBe(true);
    expect(isOutOfMemory(new RangeError('allocation size overflow'))).toBe(true);
    expect(isOutOfMemory(new Error('WebGL Error: OUT_OF_MEMORY'))).toBe(true);
    class GPUOutOfMemoryError {
      message = 'Not enough memory left.';
    }
    expect(isOutOfMemory(new GPUOutOfMemoryError())).toBe(true);
  });

  it('leaves other failures alone, a negative length (a bug) among them', () => {
    expect(isOutOfMemory(thrown(() => new Float32Array(-1)))).toBe(false);
    expect(isOutOfMemory(new Error("Kernel 'Conv2DBackpropFilter' not registered for backend 'wasm'"))).toBe(
      false,
    );
    expect(isOutOfMemory(new DivergedError('loss became NaN at step 3'))).toBe(false);
    expect(outOfMemoryReason(new Error('boom'), 3)).toBeNull();
  });

  it('says where and what to try', () => {
    expect(outOfMemoryReason(thrown(tfjsTooLarge), 7)).toBe(
      'ran out of memory at step 7: Invalid typed array length: 17179869184; try a smaller batch or a narrower net',
    );
  });
});

describe('a run that runs out of memory', () => {
  it('stops alone with its reason; the other runs train and evaluate to the end', async () => {
    const d = makeToy({ kind: 'spirals', n: 200, noise: 0.1, testFraction: 0.2, seed: 3 });
    const s = createSession({
      runs: ['a', 'b', 'c'].map((id) => ({ id, spec: mlp(4, 8) })),
      ...d,
      config: config({ steps: 12, evalInterval: 4, probeStride: 4 }),
      // Fault injection around a real trainer: run b's third step asks tfjs for a tensor it cannot make.
      createTrainer: (id, spec, seed, c) => {
        const t = createJsMlpTrainer(id, spec as MlpSpec, seed, c);
        if (id !== 'b') return t;
        return {
          ...t,
          step: async (batch, step, probe) => {
            if (step === 2) tfjsTooLarge();
            return t.step(batch, step, probe);
          },
        };
      },
    });
    const steps: SessionStep[] = [];
    for (let i = 0; i < 12; i++) steps.push(await s.step());
    expect(steps[2]!.stopped).toEqual([
      {
        run: 'b',
        status: 'failed',
        reason:
          'ran out of memory at step 3: Invalid typed array length: 17179869184; try a smaller batch or a narrower net',
      },
    ]);
    expect(steps[1]!.results.map((r) => r.record.run)).toEqual(['a', 'b', 'c']);
    expect(steps[2]!.results.map((r) => r.record.run)).toEqual(['a', 'c']);
    expect(steps[11]!.results.map((r) => [r.record.run, r.record.step])).toEqual([
      ['a', 12],
      ['c', 12],
    ]);
    expect(steps[11]!.evals.map((e) => e.run)).toEqual(['a', 'c']);
    expect(s.runs.map((r) => [r.status, r.reason?.slice(0, 29)])).toEqual([
      ['done', undefined],
      ['failed', 'ran out of memory at step 3: '],
      ['done', undefined],
    ]);
    expect(steps.flatMap((x) => x.stopped)).toHaveLength(1);
    s.dispose();
  });
});
