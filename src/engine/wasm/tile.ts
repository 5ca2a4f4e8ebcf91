/**
 * Tile for the wasm backend as block copies on the heap. tfjs 4.22's wasm Tile computes a
 * source index per output element (~21 ms to tile a [1, 1, 1, 8] up to 64×28×28×8, which
 * tfjs's batch-norm gradient does for every layer). Tiling axis a of an array whose axes
 * after a are already tiled repeats each slab of d_a · (tiled inner size) elements r_a times;
 * doing that from the last axis to the first builds the output with memcpy-speed `set`s.
 */
import * as tf from '@tensorflow/tfjs-core';
import { runWasmKernel } from './kernelCalls';
import type { KernelArgs, WasmBackend } from './kernelCalls';

type HeapArray = Float32Array | Int32Array | Uint8Array;

/** Repeats each of `outer` slabs of `slab` elements `reps` times, from src into dst. */
function repeatSlabs(src: HeapArray, dst: HeapArray, outer: number, slab: number, reps: number): void {
  for (let o = 0; o < outer; o++) {
    const from = src.subarray(o * slab, (o + 1) * slab);
    const base = o * slab * reps;
    if (slab >= 16) for (let r = 0; r < reps; r++) dst.set(from, base + r * slab);
    else for (let r = 0, t = base; r < reps; r++) for (let k = 0; k < slab; k++) dst[t++] = from[k]!;
  }
}

function tile(args: KernelArgs): tf.TensorInfo {
  const backend = args.backend as WasmBackend;
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { reps } = args.attrs as unknown as tf.TileAttrs;
  if (x.dtype === 'string' || x.dtype === 'complex64')
    return runWasmKernel(backend, tf.Tile, args.inputs, args.attrs!);
  const shape = x.shape;
  const outShape = shape.map((d, i) => d * reps[i]!);
  const out = backend.makeOutput(outShape, x.dtype);
  if (tf.util.sizeFromShape(outShape) === 0) return out;
  // Views only after the output exists: allocating can grow the heap and detach them.
  let cur: HeapArray = backend.typedArrayFromHeap(x);
  const dst = backend.typedArrayFromHeap(out);
  let inner = 1; // size of the (already tiled) axes after a
  // The outermost tiled axis is the last step; it writes straight into the output.
  const first = reps.findIndex((r) => r > 1);
  if (first < 0) {
    dst.set(cur);
    return out;
  }
  for (let a = shape.length - 1; a >= 0; a--) {
    const r = reps[a]!;
    const slab = shape[a]! * inner;
    if (r > 1) {
      const outer = tf.util.sizeFromShape(shape.slice(0, a));
      const next: HeapArray =
        a === first ? dst : new (cur.constructor as new (n: number) => HeapArray)(outer * slab * r);
      repeatSlabs(cur, next, outer, slab, r);
      cur = next;
    }
    inner = slab * r;
  }
  return out;
}

export const tileConfig: tf.KernelConfig = {
  kernelName: tf.Tile,
  backendName: 'wasm',
  kernelFunc: tile,
};
