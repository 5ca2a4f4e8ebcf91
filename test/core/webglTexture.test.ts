/** The WebGL texture layout is tfjs-backend-webgl's own, checked against its function. */
import * as tf from '@tensorflow/tfjs-core';
import { webgl_util } from '@tensorflow/tfjs-backend-webgl';
import { afterAll, describe, expect, it } from 'vitest';
import { textureShape, textureSize } from '../../src/core/webglTexture';

const DIMS = [1, 2, 3, 7, 64, 127, 1000, 4097];

function* shapes(): Generator<number[]> {
  for (const a of DIMS) {
    yield [a];
    for (const b of DIMS) {
      yield [a, b];
      for (const c of DIMS) {
        yield [a, b, c];
        for (const d of DIMS) yield [a, b, c, d];
      }
    }
  }
}

afterAll(() => tf.env().reset());

describe('textureShape', () => {
  it("equals tfjs-webgl's getTextureShapeFromLogicalShape, packed and unpacked, for 4,680 shapes at three sizes", () => {
    let compared = 0;
    for (const max of [1024, 4096, 16384]) {
      tf.env().set('WEBGL_MAX_TEXTURE_SIZE', max);
      for (const shape of shapes())
        for (const packed of [false, true]) {
          expect(textureShape(shape, packed, max), `${shape} packed=${packed} max=${max}`).toEqual(
            webgl_util.getTextureShapeFromLogicalShape(shape, packed),
          );
          compared++;
        }
    }
    expect(compared).toBe(3 * 2 * (8 + 8 ** 2 + 8 ** 3 + 8 ** 4));
  });

  it('lays a CIFAR activation [64, 28, 28, 8] out as 50,176 rows of 8 channels, unpacked', () => {
    expect(textureShape([64, 28, 28, 8], false, 65536)).toEqual([50176, 8]);
    // Past the edge, the same values go into a near-square: ⌈√401,408⌉ = 634.
    expect(textureShape([64, 28, 28, 8], false, 4096)).toEqual([634, 634]);
  });
});

describe('textureSize', () => {
  it('an unpacked tensor fits exactly up to MAX_TEXTURE_SIZE² values, whatever its shape', () => {
    const max = 4096;
    const fits = (shape: number[]) => {
      const { width, height } = textureSize(shape, false, max);
      return width <= max && height <= max;
    };
    // 4096² = 16,777,216 = 2^24 values.
    expect(fits([2 ** 24])).toBe(true);
    expect(fits([256, 256, 256])).toBe(true);
    expect(fits([2 ** 24 + 1])).toBe(false);
    expect(fits([3, 5592406])).toBe(false);
    expect(textureSize([2 ** 24 + 1], false, max)).toEqual({ width: 4096, height: 4097 });
  });

  it('a packed texture is half as wide and half as tall as its shape in values', () => {
    // The im2col matrix of ResNet-18's first stage conv at batch 8: [8, 576, 3136].
    expect(textureShape([8, 576, 3136], true, 4096)).toEqual([4608, 3136]);
    expect(textureSize([8, 576, 3136], true, 4096)).toEqual({ width: 1568, height: 2304 });
  });
});
