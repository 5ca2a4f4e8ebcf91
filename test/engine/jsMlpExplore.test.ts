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
function rel(a: ArrayLike<number>, b: ArrayLike<number>) {
  let d = 0,
    m = 1e-6;
  for (let i = 0; i < a.length; i++) {
    d = Math.max(d, Math.abs(a[i]! - b[i]!));
    m = Math.max(m, Math.abs(b[i]!));
  }
  return d / m;
}
it('explore', async () => {
  const rows: string[] = [];
  for (const block of ['basic', 'bottleneck'] as const)
    for (const shortcut of ['none', 'A', 'B', 'C'] as const)
      for (const activation of ['post', 'pre'] as const)
        for (const batchNorm of [true, false])
          for (const optimizer of ['sgd', 'adam'] as const) {
            const spec = validateSpec({
              kind: 'mlp',
              inputSize: 2,
              stages:
                block === 'bottleneck'
                  ? [
                      { blocks: 2, width: 16, stride: 1 },
                      { blocks: 2, width: 24, stride: 1 },
                    ]
                  : [
                      { blocks: 2, width: 8, stride: 1 },
                      { blocks: 2, width: 12, stride: 1 },
                    ],
              block,
              expansion: block === 'bottleneck' ? 4 : 1,
              shortcut,
              batchNorm,
              activation,
              classes: 3,
            }) as MlpSpec;
            const config: TrainConfig = {
              ...DEFAULT_TRAIN_CONFIG,
              optimizer,
              learningRate: optimizer === 'sgd' ? 0.02 : 0.01,
              weightDecay: 1e-3,
            };
            const a = createTfjsTrainer('t', spec, 7, config);
            const b = createJsMlpTrainer('j', spec, 7, config);
            let worst = { loss: 0, grad: 0, std: 0, ratio: 0, wn: 0, w: 0, eval: 0 };
            for (let s = 0; s < 5; s++) {
              const idx = Int32Array.from({ length: 64 }, (_, k) => (s * 64 + k) % data.n);
              const input = batchInput(hostBatch(data, idx));
              const ra = await a.step(input, s, true);
              const rb = await b.step(input, s, true);
              input.release();
              worst.loss = Math.max(
                worst.loss,
                Math.abs(ra.record.loss - rb.record.loss) / Math.abs(ra.record.loss),
              );
              if (ra.record.trainErr !== rb.record.trainErr) worst.eval = 1;
              worst.grad = Math.max(
                worst.grad,
                ...Array.from(
                  ra.probe!.gradNorms,
                  (g, i) => Math.abs(g - rb.probe!.gradNorms[i]!) / Math.max(g, 1e-6),
                ),
              );
              worst.std = Math.max(worst.std, rel(rb.probe!.blockStd, ra.probe!.blockStd));
              worst.ratio = Math.max(worst.ratio, rel(rb.probe!.blockRatio, ra.probe!.blockRatio));
              worst.wn = Math.max(worst.wn, rel(rb.probe!.weightNorms, ra.probe!.weightNorms));
            }
            const wa = await a.exportWeights();
            const wb = await b.exportWeights();
            for (const k of Object.keys(wa)) worst.w = Math.max(worst.w, rel(wb[k]!, wa[k]!));
            if (Object.keys(wa).join() !== Object.keys(wb).join()) rows.push('KEYS DIFFER');
            rows.push(
              `${block} ${shortcut} ${activation} bn=${batchNorm} ${optimizer}: ${Object.entries(worst)
                .map(([k, v]) => `${k}=${v.toExponential(1)}`)
                .join(' ')}`,
            );
            a.dispose();
            b.dispose();
          }
  console.log(rows.join('\n'));
});
