/**
 * The tfjs trainer: any NetSpec on the active backend. A step computes the loss and the
 * gradients, applies the update, folds in the batch-norm statistics, and reads back every
 * scalar it reports in ONE asynchronous readback of one stacked tensor (no dataSync); so
 * does a responses probe (an inference-mode forward pass). All they make is disposed, so
 * tf.memory().numTensors is flat from step to step.
 */
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients; training needs them all.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { NetSpec } from '../core/netSpec';
import type { RunLayout, StepRecord } from '../core/metrics';
import type { TrainConfig } from '../core/trainConfig';
import { learningRateAt } from '../core/trainConfig';
import { buildModel } from './model';
import type { BatchStat } from './model';
import { createOptimizer } from './optimizer';
import { DivergedError } from './errors';
import { layerResponses, probeRecord, runLayout } from './probes';
import type { BatchInput, HostBatch, StepResult, TensorBatch, Trainer } from './trainer';
import type { TrainerState } from './trainerTypes';
import { slotsOf, weightOf } from './trainerState';

export function createTfjsTrainer(id: string, spec: NetSpec, seed: number, config: TrainConfig): Trainer {
  const model = buildModel(spec, seed);
  const params = model.params.list;
  const variables = params.map((p) => p.variable);
  const optimizer = createOptimizer(variables, {
    kind: config.optimizer,
    momentum: config.momentum,
    weightDecay: config.weightDecay,
  });
  const layout: RunLayout = runLayout(
    id,
    params,
    model.blocks.map((b) => b.name),
    model.responseLayers.map((l) => l.name),
  );
  const weightIdx = params.flatMap((p, i) => (p.role === 'weight' ? [i] : []));
  const warm = { reached: false };
  const identity = config.task === 'identity';
  const lossOf = (logits: tf.Tensor2D, b: TensorBatch): tf.Scalar =>
    identity
      ? (tf.losses.meanSquaredError(b.x, logits) as tf.Scalar)
      : (tf.losses.softmaxCrossEntropy(b.oneHot, logits) as tf.Scalar);
  /** Misclassified examples, or for the identity task n · Σ‖y − x‖² / Σ‖x‖². */
  const wrongOf = (logits: tf.Tensor2D, b: TensorBatch): tf.Scalar =>
    identity
      ? tf.mul(
          tf.div(tf.sum(tf.squaredDifference(logits, b.x)), tf.maximum(tf.sum(tf.square(b.x)), 1e-12)),
          b.n,
        )
      : tf.sub(b.n, tf.sum(tf.cast(tf.equal(tf.argMax(logits, 1), b.labels), 'float32')));

  async function step(input: BatchInput, stepIndex: number, probe: boolean): Promise<StepResult> {
    const batch = input.tensors();
    const learningRate = learningRateAt(config, stepIndex, warm);
    const kept: tf.Tensor[] = [];
    const keep = <T extends tf.Tensor>(t: T): T => {
      kept.push(tf.keep(t));
      return t;
    };
    let batchStats: BatchStat[] = [];
    let logits: tf.Tensor2D | null = null;
    const { value: loss, grads } = tf.variableGrads(() => {
      const out = model.forward(batch.x, { training: true });
      logits = keep(out.logits);
      batchStats = out.batchStats;
      for (const s of batchStats) [s.mean, s.variance].forEach(keep);
      return lossOf(out.logits, batch);
    }, variables);
    const gradList = variables.map((v) => grads[v.name]!);
    const stacked = tf.tidy(() => {
      const scalars: tf.Tensor[] = [loss, wrongOf(logits!, batch)];
      if (probe) {
        scalars.push(...gradList.map((g) => tf.norm(g)));
        scalars.push(...weightIdx.map((i) => tf.norm(variables[i]!)));
      }
      return tf.stack(scalars.map((s) => tf.reshape(s, [])));
    });
    optimizer.apply(gradList, learningRate);
    model.updateRunningStats(batchStats);
    for (const t of [...gradList, loss, ...kept]) t.dispose();
    let values: Float32Array;
    try {
      // The WebGPU backend writes into the tensor after the await: dispose only once it resolves.
      values = (await stacked.data()) as Float32Array;
    } finally {
      stacked.dispose();
    }
    const lossValue = values[0]!;
    const trainErr = values[1]! / batch.n;
    if (!Number.isFinite(lossValue))
      throw new DivergedError(
        `diverged at step ${stepIndex + 1}: the loss is ${lossValue}; the learning rate may be too high`,
      );
    if (config.schedule.kind === 'warmup' && trainErr < config.schedule.untilError) warm.reached = true;
    const record: StepRecord = { run: id, step: stepIndex + 1, loss: lossValue, trainErr, learningRate };
    if (!probe) return { record };
    return { record, probe: probeRecord(layout, stepIndex + 1, values.subarray(2), params) };
  }

  async function responses(input: BatchInput) {
    if (!layout.responseLayers.length && !layout.blocks.length) return layerResponses(layout, []);
    const b = input.tensors();
    const stacked = tf.tidy(() => {
      const { probes } = model.forward(b.x, { training: false, probe: true });
      const { layers, blocks } = probes;
      return tf.stack([...layers, ...blocks.map((p) => p.std), ...blocks.map((p) => p.ratio)]);
    });
    try {
      return layerResponses(layout, await stacked.data());
    } finally {
      stacked.dispose();
    }
  }

  async function countWrong(batches: Iterable<BatchInput>): Promise<number> {
    let total: tf.Tensor = tf.scalar(0);
    for (const input of batches) {
      const b = input.tensors();
      const next = tf.tidy(() => {
        const { logits } = model.forward(b.x, { training: false });
        return tf.add(total, wrongOf(logits as tf.Tensor2D, b));
      });
      total.dispose();
      total = next;
    }
    try {
      return (await total.data())[0]!;
    } finally {
      total.dispose();
    }
  }

  async function predict(host: HostBatch): Promise<Float32Array> {
    const probs = tf.tidy(() => {
      const x = tf.tensor(host.x, [host.n, ...host.shape]);
      return tf.softmax(model.forward(x, { training: false }).logits);
    });
    try {
      return (await probs.data()) as Float32Array;
    } finally {
      probs.dispose();
    }
  }

  /** Parameters, then each batch norm's running mean and variance, as exportWeights names them. */
  const stateTensors = (): [string, tf.Variable][] => [
    ...params.map((p): [string, tf.Variable] => [p.name, p.variable]),
    ...[...model.params.bn].flatMap(([name, s]): [string, tf.Variable][] => [
      [`${name}.runningMean`, s.mean],
      [`${name}.runningVar`, s.variance],
    ]),
  ];

  async function exportWeights(): Promise<Record<string, Float32Array>> {
    const out: Record<string, Float32Array> = {};
    // A copy: tfjs-cpu's data() is the tensor's own storage, which a transfer would detach.
    for (const [name, v] of stateTensors()) out[name] = ((await v.data()) as Float32Array).slice();
    return out;
  }

  async function saveState(): Promise<TrainerState> {
    const slots: Float32Array[][] = [];
    for (const list of optimizer.slots) {
      const copies: Float32Array[] = [];
      for (const v of list) copies.push(((await v.data()) as Float32Array).slice());
      slots.push(copies);
    }
    return { weights: await exportWeights(), slots, updates: optimizer.updates, warmReached: warm.reached };
  }

  function loadState(s: TrainerState): void {
    const tensors = stateTensors();
    const from = tensors.map(([name, v]) => weightOf(s, name, v.size));
    const slots = slotsOf(
      s,
      params.map((p) => ({ name: p.name, length: p.variable.size })),
      optimizer.slots[0]?.length ?? 0,
    );
    tf.tidy(() => {
      tensors.forEach(([, v], i) => v.assign(tf.tensor(from[i]!, v.shape)));
      optimizer.slots.forEach((list, i) =>
        list.forEach((v, j) => v.assign(tf.tensor(slots[i]![j]!, v.shape))),
      );
    });
    optimizer.updates = s.updates;
    warm.reached = s.warmReached;
  }

  return {
    id,
    layout,
    engine: 'tfjs',
    step,
    responses,
    countWrong,
    predict,
    exportWeights,
    saveState,
    loadState,
    dispose() {
      optimizer.dispose();
      model.dispose();
    },
  };
}
