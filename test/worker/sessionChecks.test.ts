/** A create whose network does not fit the chosen backend is refused, naming the run and the layer. */
import { beforeAll, describe, expect, it } from 'vitest';
import { cifarNet, imagenetResNet, mlp } from '../../src/core/catalog';
import type { NetSpec } from '../../src/core/netSpec';
import type { BackendLimits } from '../../src/core/tensorLimits';
import type { Dataset } from '../../src/data/dataset';
import type { TrainTest } from '../../src/engine/datasets';
import { checkLimits } from '../../src/worker/sessionChecks';
import { CommandError, validateCommand } from '../../src/worker/validateCommand';
import type { CheckedCreate } from '../../src/worker/validateCommand';
import { useCpu } from '../engine/helpers';
import { createCmd } from './helpers';

beforeAll(useCpu);

const WEBGPU_DEFAULT: BackendLimits = {
  kind: 'webgpu',
  maxBufferBytes: 268_435_456,
  maxStorageBindingBytes: 134_217_728,
};

function create(specs: NetSpec[], batchSize: number): CheckedCreate {
  const c = validateCommand(
    createCmd({
      runs: specs.map((spec, i) => ({ id: 'abcd'[i]!, spec })),
      config: { steps: 10, batchSize },
    }),
  );
  if (c.type !== 'create') throw new Error('not a create');
  return c;
}

/** checkLimits reads only how many examples each split holds, so the pixels are left out. */
function sized(train: number, test: number): TrainTest {
  const ds = (n: number): Dataset => ({
    x: new Float32Array(0),
    y: new Int32Array(0),
    n,
    shape: [224, 224, 3],
    numClasses: 1000,
  });
  return { train: ds(train), test: ds(test), label: 'ImageNet-sized' };
}

function refusal(f: () => void): CommandError {
  try {
    f();
  } catch (e) {
    if (e instanceof CommandError) return e;
    throw e;
  }
  throw new Error('accepted');
}

const small = cifarNet(20, { input: 224, classes: 1000, width: 8 });
const resnet18 = imagenetResNet(18);

describe('checkLimits', () => {
  it('refuses the run that does not fit, as a spec error on its field, at the training batch', () => {
    const e = refusal(() => checkLimits(create([small, resnet18], 42), sized(42, 10), WEBGPU_DEFAULT));
    expect(e.kind).toBe('spec');
    expect(e.field).toBe('runs[1].spec');
    expect(e.run).toBe('b');
    // stem.conv's output is 3.2 MB an example: 42 of them pass the 134.2 MB binding limit.
    expect(e.message).toBe(
      'run b is too large for webgpu at layer stem.conv: its output at batch 42 (42×112×112×64) is 134.9 MB, more than the largest storage buffer this GPU binds (134.2 MB, maxStorageBufferBindingSize); try a smaller batch or a narrower net',
    );
    expect(() => checkLimits(create([small, resnet18], 41), sized(41, 10), WEBGPU_DEFAULT)).not.toThrow();
  });

  it('checks the evaluation batch of 256 where it is larger than the training batch', () => {
    const e = refusal(() => checkLimits(create([resnet18], 32), sized(50_000, 10_000), WEBGPU_DEFAULT));
    expect(e.message).toBe(
      'run a is too large for webgpu: the input in an evaluation batch of 256 (256×224×224×3) is 154.1 MB, more than the largest storage buffer this GPU binds (134.2 MB, maxStorageBufferBindingSize); try a narrower net or a smaller input',
    );
    // With 40 examples every pass is at most 40 wide: stem.conv's 40 × 3.2 MB fit.
    expect(() => checkLimits(create([resnet18], 32), sized(40, 10), WEBGPU_DEFAULT)).not.toThrow();
  });

  it('names the layer on WebGL, and of its tensors that do not fit the largest', () => {
    const e = refusal(() =>
      checkLimits(create([resnet18], 64), sized(60, 10), { kind: 'webgl', maxTextureSize: 4096 }),
    );
    expect(e.message).toBe(
      "run a is too large for webgl at layer stem.conv: the im2col matrix WebGL builds for it at batch 60 (60×147×12544) needs a 5277×5278 texture, more than this GPU's largest (4096×4096, MAX_TEXTURE_SIZE); try a smaller batch or a narrower net",
    );
  });

  it('passes toy MLPs, which train on the fused JS kernel, whatever the limits', () => {
    const tiny: BackendLimits = { kind: 'webgpu', maxBufferBytes: 4, maxStorageBindingBytes: 4 };
    expect(() => checkLimits(create([mlp(4, 8)], 32), sized(200, 40), tiny)).not.toThrow();
    expect(refusal(() => checkLimits(create([mlp(4, 8), small], 32), sized(200, 40), tiny)).run).toBe('b');
  });

  it('reads the active backend by default: on cpu nothing is refused', () => {
    expect(() => checkLimits(create([resnet18], 256), sized(50_000, 10_000))).not.toThrow();
  });
});
