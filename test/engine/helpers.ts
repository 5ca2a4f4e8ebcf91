import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { validateTrainConfig } from '../../src/core/trainConfig';
import type { TrainConfig } from '../../src/core/trainConfig';
import type { Dataset } from '../../src/data/dataset';
import { createRng } from '../../src/core/rng';

export async function useCpu(): Promise<void> {
  await tf.setBackend('cpu');
  await tf.ready();
}

export function config(overrides: Partial<TrainConfig>): TrainConfig {
  return validateTrainConfig({ evalInterval: 0, probeStride: 0, ...overrides });
}

/** A tiny seeded image dataset: class = which quadrant is brightest. */
export function quadrantImages(
  n: number,
  size: number,
  channels: number,
  seed: number,
): Dataset<Float32Array> {
  const rng = createRng(seed);
  const x = new Float32Array(n * size * size * channels);
  const y = new Int32Array(n);
  const half = size / 2;
  for (let i = 0; i < n; i++) {
    const label = rng.int(4);
    y[i] = label;
    for (let r = 0; r < size; r++)
      for (let c = 0; c < size; c++)
        for (let ch = 0; ch < channels; ch++) {
          const q = (r >= half ? 2 : 0) + (c >= half ? 1 : 0);
          x[((i * size + r) * size + c) * channels + ch] = rng.normal() * 0.3 + (q === label ? 1 : 0);
        }
  }
  return { x, y, n, shape: [size, size, channels], numClasses: 4 };
}
