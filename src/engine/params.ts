/**
 * The trainable tfjs variables and batch-norm running statistics of a model, made from
 * the seeded initial values of init.ts.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GraphNode } from '../core/graph';
import { initialState } from './init';
import type { InitialParam } from './init';

export interface Param extends Omit<InitialParam, 'values'> {
  variable: tf.Variable;
}

export interface BnStats {
  mean: tf.Variable;
  variance: tf.Variable;
}

export interface ParamStore {
  /** Trainable parameters in graph order. */
  list: Param[];
  byName: Map<string, tf.Variable>;
  /** Running statistics of each batch-norm op, by op name (not trainable). */
  bn: Map<string, BnStats>;
}

/** tfjs variable names are global; each store gets its own prefix. */
let storeCount = 0;

export function createParams(nodes: GraphNode[], seed: number): ParamStore {
  const prefix = `model${++storeCount}/`;
  const init = initialState(nodes, seed);
  const list: Param[] = init.params.map(({ values, ...p }) => {
    const t = tf.tensor(values, p.shape);
    const variable = tf.variable(t, true, `${prefix}${p.name}`);
    t.dispose();
    return { ...p, variable };
  });
  const bn = new Map<string, BnStats>(
    init.batchNorms.map((b) => [
      b.name,
      {
        mean: tf.tidy(() => tf.variable(tf.zeros([b.channels]), false, `${prefix}${b.name}.runningMean`)),
        variance: tf.tidy(() => tf.variable(tf.ones([b.channels]), false, `${prefix}${b.name}.runningVar`)),
      },
    ]),
  );
  return { list, byName: new Map(list.map((p) => [p.name, p.variable])), bn };
}

export function disposeParams(store: ParamStore): void {
  for (const p of store.list) p.variable.dispose();
  for (const s of store.bn.values()) {
    s.mean.dispose();
    s.variance.dispose();
  }
}
