/**
 * `npm run soak -- [--steps N] [--every K] [--engine tfjs]`: the Lab's default session (4 toy
 * runs: plain and residual, 8 and 52 layers, on two spirals) for N steps (default 5,000)
 * through the real engine host in-process on the cpu backend, as test/worker/*.test.ts drive
 * it. Every K steps (default 250) it samples the tfjs tensor count, the JS heap and steps
 * per second. `--engine tfjs` trains the same session on the tfjs trainer instead
 * (./tfjsSession.ts): the host puts toy MLPs on the JS kernel, which holds no tensors.
 *
 * Exits 1 when the tensor count moves after warm-up (the first sample) or the heap, after a
 * collection, rises above its bound (HEAP_SLACK_MB over the warm-up sample). A benchmark,
 * not a unit test: it takes minutes and is not in `npm test`.
 */
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import { LAB_EVAL_SAMPLE } from '../../src/core/trainingTime';
import { dataSourceOf, trainConfigOf } from '../../src/state/labCommand';
import { newSession } from '../../src/state/labSession';
import { trainOnTfjs } from './tfjsSession';
import { createEngineHost } from '../../src/worker/engineHost';
import { PROTOCOL_VERSION } from '../../src/worker/protocol';
import type { CreateCommand, EngineEvent } from '../../src/worker/protocol';
import { defaultYield } from '../../src/worker/yieldToEventLoop';
import { countRange, MB, mb, printTable, report, ROOT, spread, writeResults } from './stats';

/**
 * The heap bound, over the sample after warm-up. A leak of one metrics point per step per
 * run (4 runs × a few floats) would add well under 1 MB over 5,000 steps, so a bound this
 * loose only catches what matters here: something retained per step at the scale of a
 * batch, a probe or a boundary map (tens of kB each, so 5,000 of them are 50 MB and more).
 * Measured: 30.8–31.2 MB after collections over 5,000 steps, 0.4 MB apart (docs/RELIABILITY.md).
 */
const HEAP_SLACK_MB = 50;

/**
 * A full collection before each heap sample, so the figure is what is retained rather than
 * where the sawtooth between two collections happens to be. The raw heapUsed is kept too.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Sample {
  step: number;
  seconds: number;
  numTensors: number;
  heapUsed: number;
  heapAfterGc: number;
  stepsPerSecond: number;
}

/** The create command the Lab's store sends for these controls (labStore.ts `create`). */
function labCreate(steps: number): CreateCommand {
  const controls = { ...DEFAULT_LAB_STATE, steps };
  const session = newSession(1, controls, null);
  return {
    type: 'create',
    version: PROTOCOL_VERSION,
    sessionId: 'soak',
    runs: session.runs.map((r) => ({ id: r.id, spec: r.spec })),
    data: dataSourceOf(controls, null),
    config: trainConfigOf(controls, false),
    backend: controls.backend,
    evalSample: LAB_EVAL_SAMPLE,
  };
}

async function main() {
  const { values } = parseArgs({
    options: { steps: { type: 'string' }, every: { type: 'string' }, engine: { type: 'string' } },
  });
  const steps = Number(values.steps ?? 5000);
  const every = Number(values.every ?? 250);
  const onTfjs = values.engine === 'tfjs';
  if (values.engine !== undefined && !onTfjs) throw new Error('--engine takes only tfjs');
  if (!(steps >= 2 * every) || !(every >= 1)) throw new Error('--steps must be at least twice --every');
  await tf.setBackend('cpu');

  const samples: Sample[] = [];
  const t0 = performance.now();
  let done = 0;
  let last = { step: 0, at: t0 };
  const sample = (step: number) => {
    const at = performance.now();
    const heapUsed = process.memoryUsage().heapUsed;
    gc();
    samples.push({
      step,
      seconds: (at - t0) / 1000,
      numTensors: tf.memory().numTensors,
      heapUsed,
      heapAfterGc: process.memoryUsage().heapUsed,
      stepsPerSecond: ((step - last.step) * 1000) / (at - last.at),
    });
    last = { step, at: performance.now() };
  };

  // The host yields once after every step but the last: that is where a step has finished.
  const next = defaultYield();
  let finished: (e: EngineEvent) => void = () => {};
  const end = new Promise<EngineEvent>((r) => (finished = r));
  const engines: Record<string, string> = {};
  let backend = tf.getBackend();
  const host = createEngineHost(
    (event) => {
      if (event.type === 'ready') {
        Object.assign(engines, event.engines);
        backend = event.backend.backend;
      }
      if (event.type === 'error' || (event.type === 'progress' && event.state === 'done')) finished(event);
    },
    {
      // Shipped files as the worker would fetch them, from public/ (the toys need none).
      fetchBytes: async (path) => new Uint8Array(await readFile(resolve(ROOT, 'public', path))),
      yieldToEventLoop: async () => {
        if (++done % every === 0) sample(done);
        await next();
      },
    },
  );
  const tensorsBefore = tf.memory().numTensors;
  let wallSeconds: number;
  if (onTfjs) {
    const cmd = labCreate(steps);
    for (const r of cmd.runs) engines[r.id] = 'tfjs';
    await trainOnTfjs(cmd, (step) => {
      if (step % every === 0) sample(step);
    });
    wallSeconds = (performance.now() - t0) / 1000;
  } else {
    await host.handle(labCreate(steps));
    await host.handle({ type: 'start', version: PROTOCOL_VERSION, sessionId: 'soak' });
    const last$ = await end;
    if (last$.type === 'error') throw new Error(`the engine refused: ${last$.message}`);
    wallSeconds = (performance.now() - t0) / 1000;
    await host.handle({ type: 'dispose', version: PROTOCOL_VERSION, sessionId: 'soak' });
  }
  const tensorsAfterDispose = tf.memory().numTensors;

  // The first sample is the warm-up: kernels, data and every lazily built buffer exist by then.
  const after = samples.slice(1);
  const tensors = countRange(samples.map((s) => s.numTensors));
  const heap = spread(after.map((s) => s.heapAfterGc));
  const raw = spread(after.map((s) => s.heapUsed));
  const bound = samples[0]!.heapAfterGc + HEAP_SLACK_MB * MB;
  const rate = after.map((s) => s.stepsPerSecond);

  console.log(
    `Node soak${onTfjs ? ' (tfjs trainer)' : ''}: ${Object.keys(engines).length} runs × ${steps} steps on ${backend} (engines: ${Object.values(engines).join(', ')}), ${wallSeconds.toFixed(1)} s`,
  );
  printTable(
    ['step', 's', 'tensors', 'heap', 'heap after gc', 'steps/s'],
    samples.map((s) => [
      s.step,
      s.seconds.toFixed(1),
      s.numTensors,
      mb(s.heapUsed),
      mb(s.heapAfterGc),
      s.stepsPerSecond.toFixed(0),
    ]),
  );
  console.log(
    `  heap after gc (after warm-up): min ${mb(heap.min)}, median ${mb(heap.median)}, max ${mb(heap.max)}, first→last quarter ${mb(heap.growth)}; raw heapUsed min ${mb(raw.min)}, median ${mb(raw.median)}, max ${mb(raw.max)}`,
  );
  console.log(
    `  steps/s: first ${rate[0]?.toFixed(0)}, min ${Math.min(...rate).toFixed(0)}, max ${Math.max(...rate).toFixed(0)}, last ${rate.at(-1)?.toFixed(0)}`,
  );
  const ok = report([
    {
      name: 'tensor count constant after warm-up',
      ok: tensors.min === tensors.atWarmUp && tensors.max === tensors.atWarmUp,
      detail: `${tensors.atWarmUp} at step ${samples[0]!.step}, ${tensors.min}–${tensors.max} after (before create ${tensorsBefore}, after dispose ${tensorsAfterDispose})`,
    },
    {
      name: `heap after gc ≤ warm-up + ${HEAP_SLACK_MB} MB`,
      ok: heap.max <= bound,
      detail: `max ${mb(heap.max)} against ${mb(bound)}`,
    },
  ]);
  const file = await writeResults(onTfjs ? 'soak-node-tfjs.json' : 'soak-node.json', {
    engine: onTfjs ? 'tfjs trainer, engine session directly' : 'engine host',
    steps,
    every,
    backend,
    engines,
    wallSeconds,
    tensorsBefore,
    tensorsAfterDispose,
    tensors,
    heapAfterGc: heap,
    heapUsed: raw,
    heapBound: bound,
    heapSlackMb: HEAP_SLACK_MB,
    ok,
    samples,
  });
  console.log(`  results in ${file}`);
  process.exitCode = ok ? 0 : 1;
}

await main();
