import { it } from 'vitest';
import type { MlpSpec } from '../../src/core/netSpec';
import { buildGraph } from '../../src/core/graph';
import { validateSpec } from '../../src/core/validate';
import { makeToy } from '../../src/data/toy/makeToy';
import { hostBatch } from '../../src/engine/hostBatch';
import { initialState } from '../../src/engine/init';
import { compilePlan } from '../../src/engine/jsMlp/plan';
import { createState } from '../../src/engine/jsMlp/trainState';
import { forward } from '../../src/engine/jsMlp/forward';
import { backward } from '../../src/engine/jsMlp/backward';
import { createJsOptimizer } from '../../src/engine/jsMlp/optimizer';
import { softmaxCrossEntropy } from '../../src/engine/jsMlp/softmaxLoss';
import { updateRunning } from '../../src/engine/jsMlp/batchNorm';
import { createWorkspace, withTrainingBuffers } from '../../src/engine/jsMlp/workspace';

const data = makeToy({ kind: 'spirals', n: 600, noise: 0.05, testFraction: 0.2, seed: 3, classes: 3 }).train;
it('explore', () => {
  const spec = validateSpec({
    kind: 'mlp',
    inputSize: 2,
    stages: [
      { blocks: 2, width: 16, stride: 1 },
      { blocks: 2, width: 24, stride: 1 },
    ],
    block: 'bottleneck',
    expansion: 4,
    shortcut: 'A',
    batchNorm: true,
    activation: 'pre',
    classes: 3,
  }) as MlpSpec;
  const graph = buildGraph(spec);
  const init = initialState(graph.nodes, 7);
  const plan = compilePlan(graph, 2, init.params, init.batchNorms);
  const st = createState(plan, init);
  const opt = createJsOptimizer(
    st.params.map((p) => p.length),
    { kind: 'sgd', momentum: 0.9, weightDecay: 1e-3 },
  );
  const ws = withTrainingBuffers(plan, createWorkspace(plan, 64));
  for (let s = 0; s < 5; s++) {
    const idx = Int32Array.from({ length: 64 }, (_, k) => (s * 64 + k) % data.n);
    const hb = hostBatch(data, idx);
    const logits = forward(st, ws, hb.x, true, null);
    softmaxCrossEntropy(logits, hb.y, ws.grads[plan.output]!, 64, 3);
    backward(st, ws);
    const near: string[] = [];
    plan.steps.forEach((step, k) => {
      if (step.kind !== 'relu') return;
      const v = ws.values[step.src]!;
      let scale = 0;
      for (const x of v) scale = Math.max(scale, Math.abs(x));
      v.forEach((x, t) => {
        if (Math.abs(x) < 1e-5 * scale)
          near.push(
            `step${k} slot${step.src} [${Math.floor(t / plan.widths[step.src]!)},${t % plan.widths[step.src]!}] ${x} (scale ${scale.toFixed(2)})`,
          );
      });
    });
    console.log(`step ${s}: near-zero relu inputs:\n${near.join('\n')}`);
    opt.apply(st.params, st.grads, 0.02);
    plan.norms.forEach((_, i) =>
      updateRunning(st.running[i]!.mean, st.running[i]!.variance, st.moments[i]!, 64),
    );
  }
});
