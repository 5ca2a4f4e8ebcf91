/**
 * A trainable tfjs network built from a NetSpec's layer graph. `forward` runs the graph in
 * training mode (batch statistics, returned so the caller can update the running averages
 * after the step) or inference mode (running statistics), and optionally probes the
 * responses (the paper's Figure 7): the std of every weight layer's output after its batch
 * norm (responseLayers.ts says which layers and where), and per block the std of its
 * residual branch F(x) before the addition and the ratio ‖F(x)‖ / ‖x‖.
 *
 * Batch norm follows PyTorch's convention (momentum 0.1 in its notation, i.e. running =
 * 0.9·running + 0.1·batch; epsilon 1e-5; running variance unbiased), not tfjs-layers' Keras
 * defaults (0.99, 1e-3).
 */
import * as tf from '@tensorflow/tfjs-core';
import type { BlockNode, NetGraph, Op } from '../core/graph';
import { buildGraph, isBlock } from '../core/graph';
import type { NetSpec } from '../core/netSpec';
import { createParams, disposeParams } from './params';
import type { ParamStore } from './params';
import { conv2dFastGrad } from './cpuConv';
import { fusedBatchNormAvailable, fusedBatchNormTrain } from './fusedBatchNorm';
import { optionAShortcut } from './shortcutA';
import { BN_EPSILON, BN_MOMENTUM } from './bnConstants';
import { responseLayers, tapIndex } from './responseLayers';
import type { ResponseLayer } from './responseLayers';

export { BN_EPSILON, BN_MOMENTUM };

export interface BatchStat {
  name: string;
  mean: tf.Tensor;
  variance: tf.Tensor;
  count: number;
}

export interface BlockProbe {
  block: string;
  /** Population std of F(x) over all its elements, before the addition. */
  std: tf.Scalar;
  /** ‖F(x)‖ / ‖x‖, where x is what the shortcut adds (or the block input for a plain net). */
  ratio: tf.Scalar;
}

export interface ResponseProbes {
  /** Population std of each response layer's output, in `Model.responseLayers` order. */
  layers: tf.Scalar[];
  blocks: BlockProbe[];
}

export interface ForwardResult {
  logits: tf.Tensor2D;
  batchStats: BatchStat[];
  /** Empty unless the forward pass probed. */
  probes: ResponseProbes;
}

export interface Model {
  readonly spec: NetSpec;
  readonly graph: NetGraph;
  readonly params: ParamStore;
  readonly blocks: BlockNode[];
  /** The weight layers whose responses a probing pass measures, in network order. */
  readonly responseLayers: ResponseLayer[];
  forward(x: tf.Tensor, mode: { training: boolean; probe?: boolean }): ForwardResult;
  /** Fold a training step's batch statistics into the running averages. */
  updateRunningStats(stats: BatchStat[]): void;
  dispose(): void;
}

export function buildModel(spec: NetSpec, seed: number): Model {
  const graph = buildGraph(spec);
  const params = createParams(graph.nodes, seed);
  const w = (name: string) => {
    const v = params.byName.get(name);
    if (!v) throw new Error(`missing parameter ${name}`);
    return v;
  };

  const cpu = tf.getBackend() === 'cpu';
  const layers = responseLayers(graph);
  const taps = tapIndex(layers);
  const populationStd = (t: tf.Tensor) => tf.sqrt(tf.moments(t).variance) as tf.Scalar;

  function applyOp(op: Op, x: tf.Tensor, training: boolean, stats: BatchStat[], withRelu = false): tf.Tensor {
    switch (op.type) {
      case 'conv': {
        // On the cpu backend the filter gradient goes through matrix products (cpuConv.ts).
        const conv = cpu ? conv2dFastGrad : tf.conv2d;
        const y = conv(x as tf.Tensor4D, w(`${op.name}.weight`) as tf.Tensor4D, op.stride, op.pad);
        return op.bias ? tf.add(y, w(`${op.name}.bias`)) : y;
      }
      case 'fc': {
        const y = tf.matMul(x as tf.Tensor2D, w(`${op.name}.weight`) as tf.Tensor2D);
        return op.bias ? tf.add(y, w(`${op.name}.bias`)) : y;
      }
      case 'bn': {
        const gamma = w(`${op.name}.gamma`);
        const beta = w(`${op.name}.beta`);
        if (!training) {
          const s = params.bn.get(op.name)!;
          return tf.batchNorm(x, s.mean, s.variance, beta, gamma, BN_EPSILON);
        }
        const count = x.size / x.shape[x.rank - 1]!;
        if (fusedBatchNormAvailable()) {
          // cpu and wasm: one kernel each way, 5-8× faster than the ops below (fusedBatchNorm.ts),
          // with the ReLU that follows folded in when applyOps says so.
          const { y, mean, variance } = fusedBatchNormTrain(x, gamma, beta, { relu: withRelu });
          stats.push({ name: op.name, mean, variance, count });
          return y;
        }
        const axes = x.rank === 4 ? [0, 1, 2] : [0];
        const { mean, variance } = tf.moments(x, axes);
        stats.push({ name: op.name, mean, variance, count });
        return tf.batchNorm(x, mean, variance, beta, gamma, BN_EPSILON);
      }
      case 'relu':
        return tf.relu(x);
      case 'maxpool':
        return tf.maxPool(x as tf.Tensor4D, op.kernel, op.stride, op.pad);
      case 'gap':
        return tf.mean(x, [1, 2]);
      case 'flatten':
        return tf.reshape(x, [x.shape[0]!, -1]);
    }
  }

  function applyOps(
    ops: Op[],
    x: tf.Tensor,
    training: boolean,
    stats: BatchStat[],
    probes?: ResponseProbes,
  ): tf.Tensor {
    let t = x;
    for (let i = 0; i < ops.length; i++) {
      const op = ops[i]!;
      // A training batch norm followed by a ReLU runs as one fused kernel when nothing
      // probes the batch norm's own output (probing passes are inference-mode anyway).
      const fuse =
        training && !probes && op.type === 'bn' && ops[i + 1]?.type === 'relu' && fusedBatchNormAvailable();
      t = applyOp(op, t, training, stats, fuse);
      if (fuse) i++;
      const layer = probes ? taps.get(op.name) : undefined;
      if (layer !== undefined) probes!.layers[layer] = populationStd(t);
    }
    return t;
  }

  function block(
    node: BlockNode,
    x: tf.Tensor,
    training: boolean,
    stats: BatchStat[],
    probes?: ResponseProbes,
  ) {
    const xPre = applyOps(node.pre, x, training, stats, probes);
    const f = applyOps(node.branch, xPre, training, stats, probes);
    const sc = node.shortcut;
    let s: tf.Tensor | null = null;
    if (sc.type === 'identity') s = x;
    else if (sc.type === 'padded') s = optionAShortcut(x, sc.stride, sc.extraChannels);
    else if (sc.type === 'projection') s = applyOps(sc.ops, xPre, training, stats);
    if (probes) {
      // A tiny floor keeps the ratio finite for an all-zero input.
      const ratio = tf.div(tf.norm(f), tf.maximum(tf.norm(s ?? x), 1e-12));
      probes.blocks.push({ block: node.name, std: populationStd(f), ratio: ratio as tf.Scalar });
    }
    const y = s ? tf.add(f, s) : f;
    return applyOps(node.post, y, training, stats);
  }

  const blocks = graph.nodes.filter(isBlock);
  return {
    spec,
    graph,
    params,
    blocks,
    responseLayers: layers,
    forward(x, mode) {
      const stats: BatchStat[] = [];
      const probes: ResponseProbes | undefined = mode.probe ? { layers: [], blocks: [] } : undefined;
      let t = x;
      // Runs of plain ops go to applyOps together, so a stem's bn → relu can fuse.
      let run: Op[] = [];
      const flush = () => {
        if (run.length) t = applyOps(run, t, mode.training, stats, probes);
        run = [];
      };
      for (const node of graph.nodes) {
        if (!isBlock(node)) {
          run.push(node);
          continue;
        }
        flush();
        t = block(node, t, mode.training, stats, probes);
      }
      flush();
      return { logits: t as tf.Tensor2D, batchStats: stats, probes: probes ?? { layers: [], blocks: [] } };
    },
    updateRunningStats(stats) {
      tf.tidy(() => {
        for (const s of stats) {
          const run = params.bn.get(s.name)!;
          // PyTorch keeps the unbiased variance: var · n / (n − 1).
          const unbiased = s.count > 1 ? tf.mul(s.variance, s.count / (s.count - 1)) : s.variance;
          run.mean.assign(tf.add(tf.mul(run.mean, BN_MOMENTUM), tf.mul(s.mean, 1 - BN_MOMENTUM)));
          run.variance.assign(tf.add(tf.mul(run.variance, BN_MOMENTUM), tf.mul(unbiased, 1 - BN_MOMENTUM)));
        }
      });
    },
    dispose() {
      disposeParams(params);
    },
  };
}
