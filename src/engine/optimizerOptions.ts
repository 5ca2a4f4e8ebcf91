/** What configures an optimiser, for both trainers (../optimizer.ts on tensors, jsMlp/optimizer.ts on arrays). */
import type { OptimizerName } from '../core/trainConfig';

export interface OptimizerOptions {
  kind: OptimizerName;
  momentum: number;
  weightDecay: number;
}
