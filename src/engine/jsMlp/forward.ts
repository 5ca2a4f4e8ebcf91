/**
 * The forward pass: the plan's steps in order. Training mode normalises with the batch's
 * moments (kept in the state for the backward pass and the running averages); inference
 * mode with the running statistics. On a probing pass each response layer reports the
 * population std of its output (after its batch norm, before the ReLU), and each block,
 * before its addition, std(F) and ‖F‖ / ‖s‖ (s the shortcut's output, or the block input in
 * a plain block), as ../model.ts does.
 */
import { batchNormInfer, batchNormTrain } from './batchNorm';
import { denseForward } from './dense';
import { reluForward, residualAdd } from './elementwise';
import type { MlpState } from './trainState';
import { populationStd, responseRatio } from './stats';
import type { Workspace } from './workspace';

/**
 * Runs the network on the [n, inputSize] features `x` and returns the logits (a view owned
 * by the workspace). With `probes` (layers + 2 × blocks doubles), writes each response
 * layer's std to probes[l], then each block's std(F) to probes[layers + b] and its ratio to
 * probes[layers + blocks + b] (../probes.ts's responses layout).
 */
export function forward(
  s: MlpState,
  ws: Workspace,
  x: Float32Array,
  training: boolean,
  probes: Float64Array | null,
): Float32Array {
  const { plan, params } = s;
  const { n, values } = ws;
  const layers = plan.layers.length;
  const blocks = plan.blocks.length;
  values[0] = x;
  for (const step of plan.steps) {
    switch (step.kind) {
      case 'fc':
        denseForward(
          values[step.src]!,
          params[step.weight]!,
          step.bias >= 0 ? params[step.bias]! : null,
          values[step.dst]!,
          n,
          step.inF,
          step.outF,
        );
        break;
      case 'bn': {
        const gamma = params[step.gamma]!;
        const beta = params[step.beta]!;
        if (training)
          batchNormTrain(
            values[step.src]!,
            values[step.dst]!,
            gamma,
            beta,
            s.moments[step.norm]!,
            n,
            step.channels,
          );
        else {
          const r = s.running[step.norm]!;
          batchNormInfer(
            values[step.src]!,
            values[step.dst]!,
            gamma,
            beta,
            r.mean,
            r.variance,
            n,
            step.channels,
          );
        }
        break;
      }
      case 'relu':
        reluForward(values[step.src]!, values[step.dst]!, n * plan.widths[step.src]!);
        break;
      case 'add':
        residualAdd(
          values[step.branch]!,
          values[step.shortcut]!,
          values[step.dst]!,
          n,
          plan.widths[step.branch]!,
          plan.widths[step.shortcut]!,
        );
        break;
      case 'probe':
        if (!probes) break;
        if (step.of === 'layer') probes[step.layer] = populationStd(values[step.slot]!);
        else {
          probes[layers + step.block] = populationStd(values[step.branch]!);
          probes[layers + blocks + step.block] = responseRatio(values[step.branch]!, values[step.reference]!);
        }
        break;
    }
  }
  return values[plan.output]!;
}
