/**
 * The fused JavaScript trainer for MLPs (spec.kind 'mlp'): the same math as the tfjs
 * trainer (../tfjsTrainer.ts with ../model.ts and ../optimizer.ts): same graph, same
 * seeded initial values, same loss, optimisers, schedule, probes and records, but with
 * hand-written forward and backward passes over preallocated Float32Arrays, so a step of a
 * 52-layer toy MLP costs a few milliseconds instead of hundreds of tiny tfjs ops.
 *
 * A step, in order: forward (training mode), loss and its gradient, backward; on a
 * probing step the gradient norms (before weight decay) and the weight norms (before the
 * update); then the update, the running statistics, and last the divergence check, exactly
 * as the tfjs trainer orders them. `responses` is an inference-mode forward pass that probes.
 *
 * Nothing here imports tfjs, not even its types (eslint.config.js enforces it): this trainer
 * must load where tfjs is not.
 */
import { buildGraph } from '../../core/graph';
import type { RunLayout, StepRecord } from '../../core/metrics';
import type { MlpSpec } from '../../core/netSpec';
import type { TrainConfig } from '../../core/trainConfig';
import { learningRateAt } from '../../core/trainConfig';
import { initialState } from '../init';
import { DivergedError } from '../errors';
import { layerResponses, probeRecord, runLayout } from '../probes';
import type { HostBatch, HostInput, RunTrainer, StepResult, TrainerState } from '../trainerTypes';
import { slotsOf, weightOf } from '../trainerState';
import { backward } from './backward';
import { updateRunning } from './batchNorm';
import { forward } from './forward';
import { createJsOptimizer } from './optimizer';
import { compilePlan } from './plan';
import { meanSquaredError, relativeSquaredError } from './identityLoss';
import { countMisclassified, softmaxCrossEntropy, softmaxRows } from './softmaxLoss';
import { createState } from './trainState';
import { l2Norm } from './stats';
import { withTrainingBuffers, workspaceCache } from './workspace';

export function createJsMlpTrainer(
  id: string,
  spec: MlpSpec,
  seed: number,
  config: TrainConfig,
): RunTrainer<HostInput> {
  if (spec.kind !== 'mlp')
    throw new Error(`the fused JavaScript trainer runs MLPs only (got ${String(spec.kind)})`);
  const graph = buildGraph(spec);
  const init = initialState(graph.nodes, seed);
  const plan = compilePlan(graph, spec.inputSize, init.params, init.batchNorms);
  const state = createState(plan, init);
  const params = init.params.map((p) => ({
    name: p.name,
    layer: p.layer,
    role: p.role,
    shape: p.shape,
    ...(p.block ? { block: p.block } : {}),
  }));
  const layout: RunLayout = runLayout(id, params, plan.blocks, plan.layers);
  const weightIdx = params.flatMap((p, i) => (p.role === 'weight' ? [i] : []));
  const optimizer = createJsOptimizer(
    state.params.map((p) => p.length),
    { kind: config.optimizer, momentum: config.momentum, weightDecay: config.weightDecay },
  );
  const workspace = workspaceCache(plan);
  const responseValues = new Float64Array(plan.layers.length + 2 * plan.blocks.length);
  const probeValues = new Float32Array(params.length + weightIdx.length);
  const warm = { reached: false };

  const identity = config.task === 'identity';
  if (identity && spec.classes !== spec.inputSize)
    throw new RangeError(
      `${id}: the identity task needs ${spec.inputSize} outputs, one per input feature (got ${spec.classes})`,
    );

  function check(b: HostBatch): void {
    if (b.shape.length !== 1 || b.shape[0] !== spec.inputSize || b.x.length !== b.n * spec.inputSize)
      throw new RangeError(
        `${id}: expected ${b.n} samples of ${spec.inputSize} features, got shape [${b.shape.join(', ')}]`,
      );
    if (identity) return;
    if (b.numClasses !== spec.classes || b.y.length !== b.n)
      throw new RangeError(
        `${id}: expected ${b.n} labels of ${spec.classes} classes, got ${b.y.length} of ${b.numClasses}`,
      );
    for (let i = 0; i < b.n; i++)
      if (!(b.y[i]! >= 0 && b.y[i]! < spec.classes))
        throw new RangeError(`${id}: label ${b.y[i]} at ${i} is outside 0..${spec.classes - 1}`);
  }

  /** The task's loss, with ∂L/∂output written to `dOut`. */
  const lossOf = (out: Float32Array, b: HostBatch, dOut: Float32Array): number =>
    identity
      ? meanSquaredError(out, b.x, dOut, b.n * plan.classes)
      : softmaxCrossEntropy(out, b.y, dOut, b.n, plan.classes);
  /** Misclassified examples, or for the identity task n · Σ‖y − x‖² / Σ‖x‖² (as the tfjs trainer). */
  const wrongOf = (out: Float32Array, b: HostBatch): number =>
    identity
      ? b.n * relativeSquaredError(out, b.x, b.n * plan.classes)
      : countMisclassified(out, b.y, b.n, plan.classes);

  /** Gradient norms, then weight norms (probes.ts's layout). */
  function fillProbeValues(): Float32Array {
    let o = 0;
    for (const g of state.grads) probeValues[o++] = l2Norm(g);
    for (const i of weightIdx) probeValues[o++] = l2Norm(state.params[i]!);
    return probeValues;
  }

  async function step(input: HostInput, stepIndex: number, probe: boolean): Promise<StepResult> {
    const host = input.host;
    check(host);
    const n = host.n;
    const ws = withTrainingBuffers(plan, workspace(n));
    const learningRate = learningRateAt(config, stepIndex, warm);
    const out = forward(state, ws, host.x, true, null);
    const loss = lossOf(out, host, ws.grads[plan.output]!);
    // The tfjs trainer reads its loss and error count back as float32s.
    const lossValue = Math.fround(loss);
    const trainErr = Math.fround(wrongOf(out, host)) / n;
    backward(state, ws);
    const values = probe ? fillProbeValues() : null;
    optimizer.apply(state.params, state.grads, learningRate);
    for (let i = 0; i < plan.norms.length; i++)
      updateRunning(state.running[i]!.mean, state.running[i]!.variance, state.moments[i]!, n);
    if (!Number.isFinite(lossValue))
      throw new DivergedError(
        `diverged at step ${stepIndex + 1}: the loss is ${lossValue}; the learning rate may be too high`,
      );
    if (config.schedule.kind === 'warmup' && trainErr < config.schedule.untilError) warm.reached = true;
    const record: StepRecord = { run: id, step: stepIndex + 1, loss: lossValue, trainErr, learningRate };
    if (!values) return { record };
    return { record, probe: probeRecord(layout, stepIndex + 1, values, params) };
  }

  async function responses(input: HostInput) {
    const host = input.host;
    check(host);
    forward(state, workspace(host.n), host.x, false, responseValues);
    return layerResponses(layout, responseValues);
  }

  async function countWrong(batches: Iterable<HostInput>): Promise<number> {
    let total = 0;
    for (const input of batches) {
      const host = input.host;
      check(host);
      total += wrongOf(forward(state, workspace(host.n), host.x, false, null), host);
    }
    return total;
  }

  /** Softmax of the inference-mode outputs, row by row (n × classes), as tf.softmax. */
  async function predict(host: HostBatch): Promise<Float32Array> {
    check(host);
    const out = forward(state, workspace(host.n), host.x, false, null);
    return softmaxRows(out, new Float32Array(host.n * plan.classes), host.n, plan.classes);
  }

  /** Parameters, then each batch norm's running mean and variance, as exportWeights names them. */
  const stateArrays = (): [string, Float32Array][] => [
    ...params.map((p, i): [string, Float32Array] => [p.name, state.params[i]!]),
    ...plan.norms.flatMap((b, i): [string, Float32Array][] => [
      [`${b.name}.runningMean`, state.running[i]!.mean],
      [`${b.name}.runningVar`, state.running[i]!.variance],
    ]),
  ];

  async function saveState(): Promise<TrainerState> {
    return {
      weights: Object.fromEntries(stateArrays().map(([name, a]) => [name, a.slice()])),
      slots: optimizer.slots.map((s) => s.map((a) => a.slice())),
      updates: optimizer.updates,
      warmReached: warm.reached,
    };
  }

  function loadState(s: TrainerState): void {
    const arrays = stateArrays();
    const from = arrays.map(([name, a]) => weightOf(s, name, a.length));
    const slots = slotsOf(
      s,
      params.map((p, i) => ({ name: p.name, length: state.params[i]!.length })),
      optimizer.slots[0]?.length ?? 0,
    );
    arrays.forEach(([, a], i) => a.set(from[i]!));
    optimizer.slots.forEach((list, i) => list.forEach((a, j) => a.set(slots[i]![j]!)));
    optimizer.updates = s.updates;
    warm.reached = s.warmReached;
  }

  return {
    id,
    layout,
    engine: 'js',
    saveState,
    loadState,
    step,
    responses,
    predict,
    countWrong,
    async exportWeights() {
      const out: Record<string, Float32Array> = {};
      params.forEach((p, i) => (out[p.name] = state.params[i]!.slice()));
      plan.norms.forEach((b, i) => {
        out[`${b.name}.runningMean`] = state.running[i]!.mean.slice();
        out[`${b.name}.runningVar`] = state.running[i]!.variance.slice();
      });
      return out;
    },
    dispose() {
      // Nothing to free: every buffer is an ordinary garbage-collected array.
    },
  };
}
