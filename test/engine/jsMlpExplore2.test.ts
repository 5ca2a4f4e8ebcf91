import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, it } from 'vitest';
import type { MlpSpec } from '../../src/core/netSpec';
import { validateSpec } from '../../src/core/validate';
import { DEFAULT_TRAIN_CONFIG } from '../../src/core/trainConfig';
import type { TrainConfig } from '../../src/core/trainConfig';
import { makeToy } from '../../src/data/toy/makeToy';
import { hostBatch } from '../../src/engine/hostBatch';
import { createTfjsTrainer } from '../../src/engine/tfjsTrainer';
import { createJsMlpTrainer } from '../../src/engine/jsMlp';
import { batchInput } from '../../src/engine/trainer';

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const data = makeToy({ kind: 'spirals', n: 600, noise: 0.05, testFraction: 0.2, seed: 3, classes: 3 }).train;
it('explore', async () => {
  for (const lr of [0.02]) {
    const spec = validateSpec({
      kind: 'mlp',
      inputSize: 2,
      stages: [
        { blocks: 2, width: 16, stride: 1 },
        { blocks: 2, width: 24, stride: 1 },
      ],
      block: 'bottleneck',
      expansion: 4,
      shortcut: 'A',
      batchNorm: true,
      activation: 'pre',
      classes: 3,
    }) as MlpSpec;
    const config: TrainConfig = {
      ...DEFAULT_TRAIN_CONFIG,
      optimizer: 'sgd',
      learningRate: lr,
      weightDecay: 1e-3,
    };
    const a = createTfjsTrainer('t', spec, 7, config);
    const b = createJsMlpTrainer('j', spec, 7, config);
    const c = createTfjsTrainer('j', spec, 7, config);
    for (let s = 0; s < 5; s++) {
      const idx = Int32Array.from({ length: 64 }, (_, k) => (s * 64 + k) % data.n);
      const input = batchInput(hostBatch(data, idx));
      const hb = hostBatch(data, idx);
      hb.x = hb.x.map((v) => v * (1 + 2e-7));
      const input2 = batchInput(hb);
      const ra = await a.step(input, s, true);
      const rb = await b.step(input, s, true);
      const rc = await c.step(input2, s, true);
      const worst = (r: typeof rb) =>
        Math.max(
          ...Array.from(
            ra.probe!.gradNorms,
            (g, i) => Math.abs(g - r.probe!.gradNorms[i]!) / Math.max(g, 1e-6),
          ),
        );
      if (s === 4)
        a.layout.params.forEach((p, i) => {
          const g = ra.probe!.gradNorms[i]!,
            h = rb.probe!.gradNorms[i]!;
          if (Math.abs(g - h) > 1e-4 * g) console.log(p.name, g, h, rc.probe!.gradNorms[i]);
        });
      console.log(
        `lr ${lr} step ${s} loss ${ra.record.loss} js ${rb.record.loss} tfPerturbed ${rc.record.loss}; worst grad rel js ${worst(rb).toExponential(1)} tfPerturbed ${worst(rc).toExponential(1)}`,
      );
    }
  }
});
