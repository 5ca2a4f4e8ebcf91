/**
 * The probe readbacks' layouts, shared by every trainer. After the loss and the error, a
 * probing step's values are, in order: the gradient norm of every parameter, then the norm
 * of every weight tensor. A responses readback is the std of every response layer, the std
 * of every block's branch, then every block's ‖F(x)‖/‖x‖.
 */
import type { LayerResponses, RunLayout, StepProbe } from '../core/metrics';
import { DivergedError } from './errors';
import type { ParamRole } from './init';

interface NamedParam {
  name: string;
  layer: string;
  block?: string;
  role: ParamRole;
  shape: number[];
}

export function runLayout(
  id: string,
  params: NamedParam[],
  blocks: string[],
  responseLayers: string[],
): RunLayout {
  return {
    run: id,
    params: params.map((p) => ({
      name: p.name,
      layer: p.layer,
      role: p.role,
      size: p.shape.reduce((a, b) => a * b, 1),
      ...(p.block ? { block: p.block } : {}),
    })),
    blocks,
    weights: params.filter((p) => p.role === 'weight').map((p) => p.name),
    responseLayers,
  };
}

/** Unpack a probing step's values (after loss and error); throws DivergedError on a non-finite gradient. */
export function probeRecord(
  layout: RunLayout,
  step: number,
  values: Float32Array,
  params: NamedParam[],
): StepProbe {
  let o = 0;
  const take = (n: number) => values.slice(o, (o += n));
  const gradNorms = take(layout.params.length);
  const weightNorms = take(layout.weights.length);
  const bad = gradNorms.findIndex((g) => !Number.isFinite(g));
  if (bad >= 0)
    throw new DivergedError(
      `diverged at step ${step}: the gradient of ${params[bad]!.name} is ${gradNorms[bad]}; the learning rate may be too high`,
    );
  // A block's gradient norm is that of all its tensors together: √(Σ‖g‖²).
  const blockGradNorms = Float32Array.from(layout.blocks, (b) =>
    Math.sqrt(layout.params.reduce((s, p, i) => (p.block === b ? s + gradNorms[i]! ** 2 : s), 0)),
  );
  return { run: layout.run, step, gradNorms, blockGradNorms, weightNorms };
}

/** Unpack a responses readback: layer stds, block stds, block ratios. */
export function layerResponses(layout: RunLayout, values: ArrayLike<number>): LayerResponses {
  const l = layout.responseLayers.length;
  const b = layout.blocks.length;
  const all = Float32Array.from(values);
  return {
    layerStd: all.slice(0, l),
    blockStd: all.slice(l, l + b),
    blockRatio: all.slice(l + b, l + 2 * b),
  };
}
