/** A net whose single tensor exceeds the backend's limits is found before training, by layer. */
import { describe, expect, it } from 'vitest';
import { cifarNet, imagenetResNet, vgg } from '../../src/core/catalog';
import { firstTooLarge, layerTensors } from '../../src/core/tensorLimits';
import type { BackendLimits } from '../../src/core/tensorLimits';

/** WebGPU's default limits (the spec's): 256 MiB buffers, 128 MiB storage bindings. */
const WEBGPU_DEFAULT: BackendLimits = {
  kind: 'webgpu',
  maxBufferBytes: 268_435_456,
  maxStorageBindingBytes: 134_217_728,
};
const resnet18 = imagenetResNet(18);

describe('layerTensors', () => {
  it("lists each layer's output, its weights, and on WebGL a conv's im2col matrix", () => {
    const t = layerTensors(resnet18, 8, 'webgl').filter((x) => x.layer === 'stage1.block1.conv1');
    expect(t.map((x) => [x.role, x.shape, x.bytes])).toEqual([
      ['output', [8, 56, 56, 64], 8 * 56 * 56 * 64 * 4],
      ['weights', [3, 3, 64, 64], 36_864 * 4],
      // k·k·Cin = 576 rows, outH·outW = 3136 columns per example.
      ['im2col', [8, 576, 3136], 8 * 576 * 3136 * 4],
    ]);
    expect(layerTensors(resnet18, 8, 'webgpu').some((x) => x.role === 'im2col')).toBe(false);
  });

  it('a 1×1 stride-1 conv is a matrix product on WebGL (no im2col); a strided 1×1 projection is not', () => {
    const net = imagenetResNet(50);
    const roles = (layer: string) =>
      layerTensors(net, 2, 'webgl')
        .filter((x) => x.layer === layer)
        .map((x) => x.role);
    expect(roles('stage1.block1.conv1')).toEqual(['output', 'weights']);
    expect(roles('stage2.block1.shortcut.conv')).toEqual(['output', 'weights', 'im2col']);
  });

  it('starts with the input batch', () => {
    expect(layerTensors(resnet18, 4, 'cpu')[0]).toEqual({
      layer: 'input',
      row: null,
      role: 'output',
      shape: [4, 224, 224, 3],
      bytes: 4 * 150_528 * 4,
    });
  });
});

describe('firstTooLarge on WebGPU', () => {
  // stem.conv's output is 112·112·64 = 802,816 floats, 3,211,264 bytes an example:
  // 41 of them are 131.7 MB, 42 are 134.9 MB, past the 134.2 MB binding limit.
  it('ResNet-18 at 224 fits the default limits at batch 41 and not at 42, at stem.conv', () => {
    expect(firstTooLarge(resnet18, 41, WEBGPU_DEFAULT)).toBeNull();
    const r = firstTooLarge(resnet18, 42, WEBGPU_DEFAULT)!;
    expect(r.tensor).toMatchObject({ layer: 'stem.conv', row: 0, role: 'output', bytes: 134_873_088 });
    expect(r.message).toBe(
      'stem.conv: its output at batch 42 (42×112×112×64) is 134.9 MB, more than the largest storage buffer this GPU binds (134.2 MB, maxStorageBufferBindingSize)',
    );
    expect(r.hint).toBe('try a smaller batch or a narrower net');
  });

  it('names maxBufferSize when it is the smaller bound', () => {
    const r = firstTooLarge(resnet18, 256, {
      kind: 'webgpu',
      maxBufferBytes: 2 ** 29,
      maxStorageBindingBytes: 2 ** 31,
    })!;
    expect(r.message).toBe(
      "stem.conv: its output at batch 256 (256×112×112×64) is 822.1 MB, more than this GPU's largest buffer (536.9 MB, maxBufferSize)",
    );
  });

  it("refuses VGG-16 at any batch: fc1's weights are 411 MB", () => {
    const r = firstTooLarge(vgg(16), 1, WEBGPU_DEFAULT)!;
    expect(r.tensor).toMatchObject({ layer: 'head.fc1', role: 'weights', shape: [25_088, 4096] });
    expect(r.message).toBe(
      'head.fc1: its weights (25088×4096) are 411.0 MB, more than the largest storage buffer this GPU binds (134.2 MB, maxStorageBufferBindingSize)',
    );
    expect(r.hint).toBe('try a narrower net');
  });

  it('says which batch when told', () => {
    const r = firstTooLarge(resnet18, 256, WEBGPU_DEFAULT, 'at the evaluation batch of 256')!;
    expect(r.message).toMatch(/^the input at the evaluation batch of 256 \(256×224×224×3\) is 154\.1 MB/);
  });
});

describe('firstTooLarge on WebGL', () => {
  // Unpacked, stem.conv's output needs one texel per value: 4096² = 16,777,216 of them hold
  // 20 examples of 802,816 (16,056,320), not 21 (16,859,136).
  it('ResNet-18 fits a 4096 texture at batch 20 and not at 21, at stem.conv', () => {
    const limits: BackendLimits = { kind: 'webgl', maxTextureSize: 4096 };
    expect(firstTooLarge(resnet18, 20, limits)).toBeNull();
    expect(firstTooLarge(resnet18, 21, limits)!.message).toBe(
      "stem.conv: its output at batch 21 (21×112×112×64) needs a 4106×4106 texture, more than this GPU's largest (4096×4096, MAX_TEXTURE_SIZE)",
    );
  });

  it('at 8192 and batch 256, the largest misfit of stem.conv is its im2col matrix (1.9 GB)', () => {
    const r = firstTooLarge(resnet18, 256, { kind: 'webgl', maxTextureSize: 8192 })!;
    expect(r.tensor).toMatchObject({ layer: 'stem.conv', role: 'im2col', shape: [256, 147, 12_544] });
    expect(r.message).toContain('the im2col matrix WebGL builds for it at batch 256');
  });

  it('the Lab-sized CIFAR net fits any real GPU: a 4096 texture at batch 256', () => {
    const net = cifarNet(56, { input: 28, channels: 1, width: 16 });
    expect(firstTooLarge(net, 256, { kind: 'webgl', maxTextureSize: 4096 })).toBeNull();
  });
});

describe('firstTooLarge on wasm and cpu', () => {
  it("wasm: a tensor past the heap's 4,294,901,760 bytes never fits (ResNet-18 stem.conv past batch 1337)", () => {
    const limits: BackendLimits = { kind: 'wasm', maxBufferBytes: 4_294_901_760 };
    expect(firstTooLarge(resnet18, 1337, limits)).toBeNull();
    expect(firstTooLarge(resnet18, 1338, limits)!.message).toBe(
      'stem.conv: its output at batch 1338 (1338×112×112×64) is 4.30 GB, more than the wasm heap can ever hold (4.29 GB)',
    );
  });

  it('cpu: no limit on a single tensor', () => {
    expect(firstTooLarge(resnet18, 100_000, { kind: 'cpu' })).toBeNull();
  });

  it('a GPU whose limits were not read refuses nothing', () => {
    expect(firstTooLarge(vgg(16), 256, { kind: 'webgpu' })).toBeNull();
    expect(firstTooLarge(vgg(16), 256, { kind: 'webgl' })).toBeNull();
  });
});
