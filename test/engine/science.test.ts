/**
 * The science check: on the degradation-mlp preset (two spirals, 8 vs 52 layers, plain vs
 * residual) with its default steps, on several seeds, the deep plain net trains worse than
 * the shallow one (degradation), its residual twin does not, and the deep residual net
 * trains about as well as the better shallow net or better.
 */
import { beforeAll, expect, it } from 'vitest';
import { presetByName } from '../../src/core/presets';
import { loadSource } from '../../src/engine/datasets';
import { createSession } from '../../src/engine/session';
import { trainerFactory } from '../../src/engine/trainers';
import { useCpu } from './helpers';

beforeAll(useCpu);

/**
 * Measured here (final training error on the 400 training points, seeds 1–10): plain-8
 * 0.12–0.15, resnet-8 0.12–0.15, plain-52 0.43–0.50, resnet-52 0.13–0.15; resnet-52 was
 * at most 0.03 above the better shallow net. With the resnets' shortcuts removed (so
 * resnet-52 is plain-52) the last two bounds fail by ~0.3.
 */
const SEEDS = [1, 2, 3, 4, 5];

/** Final training error of each run, trained with the preset's config and `seed`. */
async function finalErrors(seed: number): Promise<Map<string, number>> {
  const preset = presetByName('degradation-mlp');
  const data = await loadSource(preset.data, () => Promise.reject(new Error('toy data needs no files')));
  const config = { ...preset.config, seed };
  const session = createSession({
    runs: preset.runs,
    train: data.train,
    test: data.test,
    config,
    createTrainer: trainerFactory(),
  });
  const final = new Map<string, number>();
  for (let i = 0; i < config.steps; i++) {
    const st = await session.step();
    expect(st.stopped).toEqual([]);
    for (const e of st.evals) final.set(e.run, e.trainErr);
  }
  session.dispose();
  return final;
}

it(`degradation-mlp, seeds ${SEEDS.join(', ')}: plain-52 ≥ plain-8 + 0.2, resnet-52 ≤ plain-52 − 0.2 and ≤ min(plain-8, resnet-8) + 0.05`, async () => {
  const bySeed: { seed: number; final: Map<string, number> }[] = [];
  for (const seed of SEEDS) bySeed.push({ seed, final: await finalErrors(seed) });
  for (const { seed, final } of bySeed) {
    // Logged for the issue notes: the numbers behind the verdict.
    console.log(
      `degradation-mlp seed ${seed} final training error ${JSON.stringify(Object.fromEntries(final))}`,
    );
    const err = (id: string) => final.get(id)!;
    const shallow = Math.min(err('plain-8'), err('resnet-8'));
    // Soft: every seed's every bound is reported, not just the first to fail.
    expect
      .soft(err('plain-52') - err('plain-8'), `seed ${seed}: plain-52 − plain-8`)
      .toBeGreaterThanOrEqual(0.2);
    expect
      .soft(err('plain-52') - err('resnet-52'), `seed ${seed}: plain-52 − resnet-52`)
      .toBeGreaterThanOrEqual(0.2);
    expect
      .soft(err('resnet-52') - shallow, `seed ${seed}: resnet-52 − the better shallow net`)
      .toBeLessThanOrEqual(0.05);
  }
}, 300_000);
