import * as tf from '@tensorflow/tfjs-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normals, switchTo } from './helpers';

describe('wasm Identity shares the data instead of copying it', () => {
  beforeAll(() => switchTo('wasm'));
  afterAll(() => switchTo('cpu'));

  it('a clone has the same values and the same backing data', () => {
    const xs = normals(24, 5);
    const x = tf.tensor(xs, [2, 3, 4]);
    const y = tf.clone(x);
    expect(Array.from(y.dataSync())).toEqual(Array.from(xs));
    // One allocation behind both: the clone made no new buffer.
    expect(tf.engine().backend.refCount(x.dataId)).toBe(2);
    tf.dispose([x, y]);
  });

  it('the clone outlives its source, and a variable assigned from it keeps its own values', () => {
    const xs = normals(12, 6);
    const x = tf.tensor(xs, [3, 4]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual(Array.from(xs));
    const v = tf.variable(tf.zeros([3, 4]));
    v.assign(y);
    v.assign(tf.add(v, 1));
    expect(Array.from(y.dataSync())).toEqual(Array.from(xs));
    tf.dispose([y, v]);
  });

  it('a cast to its own dtype shares the data too', () => {
    const x = tf.tensor(normals(6, 7), [2, 3]);
    const y = tf.cast(x, 'float32');
    expect(tf.engine().backend.refCount(x.dataId)).toBe(2);
    expect(Array.from(y.dataSync())).toEqual(Array.from(x.dataSync()));
    tf.dispose([x, y]);
  });

  it('a cast to another dtype still converts', () => {
    const x = tf.tensor([1.7, -2.2, 3], [3]);
    const y = tf.cast(x, 'int32');
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([x, y]);
  });

  it('an int32 cast of itself (a clone) is still correct', () => {
    const x = tf.tensor([1, -2, 3], [3], 'int32');
    const y = tf.cast(x, 'int32');
    expect(Array.from(y.dataSync())).toEqual([1, -2, 3]);
    tf.dispose([x, y]);
  });
});
