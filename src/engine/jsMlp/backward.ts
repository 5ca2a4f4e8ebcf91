/**
 * The backward pass: the plan's steps in reverse, from ∂L/∂logits (already in the output
 * slot's gradient) to the gradient of every parameter, reusing the training forward pass's
 * activations and batch moments. Each step's formulas are in its kernel's file
 * (dense.ts, batchNorm.ts, elementwise.ts); a slot read by several steps sums their
 * gradients (see plan.ts).
 */
import { batchNormBackward } from './batchNorm';
import { denseInputGrad, denseParamGrads } from './dense';
import { copyGrad, reluBackward, shortcutGrad } from './elementwise';
import type { MlpState } from './trainState';
import type { Workspace } from './workspace';

export function backward(s: MlpState, ws: Workspace): void {
  const { plan, params, grads } = s;
  const { n, values } = ws;
  const d = ws.grads;
  const steps = plan.steps;
  for (let i = steps.length - 1; i >= 0; i--) {
    const step = steps[i]!;
    switch (step.kind) {
      case 'fc': {
        const dy = d[step.dst]!;
        denseParamGrads(
          values[step.src]!,
          dy,
          grads[step.weight]!,
          step.bias >= 0 ? grads[step.bias]! : null,
          n,
          step.inF,
          step.outF,
        );
        if (step.grad !== 'skip')
          denseInputGrad(dy, params[step.weight]!, d[step.src]!, step.grad === 'add', n, step.inF, step.outF);
        break;
      }
      case 'bn':
        batchNormBackward(
          d[step.dst]!,
          values[step.src]!,
          params[step.gamma]!,
          s.moments[step.norm]!,
          grads[step.gamma]!,
          grads[step.beta]!,
          step.grad === 'skip' ? null : d[step.src]!,
          step.grad === 'add',
          n,
          step.channels,
        );
        break;
      case 'relu':
        if (step.grad !== 'skip')
          reluBackward(
            values[step.dst]!,
            d[step.dst]!,
            d[step.src]!,
            step.grad === 'add',
            n * plan.widths[step.src]!,
          );
        break;
      case 'add':
        // The branch usually owns the sum's gradient buffer already (buffers.ts).
        if (step.branchGrad !== 'skip' && d[step.branch] !== d[step.dst])
          copyGrad(d[step.dst]!, d[step.branch]!, step.branchGrad === 'add');
        if (step.shortcutGrad !== 'skip')
          shortcutGrad(
            d[step.dst]!,
            d[step.shortcut]!,
            step.shortcutGrad === 'add',
            n,
            plan.widths[step.dst]!,
            plan.widths[step.shortcut]!,
          );
        break;
      case 'probe':
        break;
    }
  }
}
