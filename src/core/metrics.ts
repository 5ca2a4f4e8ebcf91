/**
 * What a run records, as plain data: the engine produces these, the worker batches them,
 * the store keeps them, the charts draw them.
 */

/** Per-step numbers, every step. */
export interface StepRecord {
  run: string;
  step: number;
  loss: number;
  /** Minibatch training error in [0, 1]. */
  trainErr: number;
  learningRate: number;
}

/** Sampled every `probeStride` steps: the data of the gradient-flow and Figure-7 charts. */
export interface ProbeRecord {
  run: string;
  step: number;
  /** L2 norm of the gradient of every trainable tensor, in `RunLayout.params` order. */
  gradNorms: Float32Array;
  /** √(Σ‖g‖²) over each block's tensors, in `RunLayout.blocks` order. */
  blockGradNorms: Float32Array;
  /** Std of each block's residual branch F(x) before the addition (He et al. Fig. 7). */
  blockStd: Float32Array;
  /** ‖F(x)‖ / ‖x‖ per block. */
  blockRatio: Float32Array;
  /** L2 norm of each weight tensor (conv and fc kernels), in `RunLayout.weights` order. */
  weightNorms: Float32Array;
}

/** Error on the held-out split and on the whole training set, every `evalInterval` steps. */
export interface EvalRecord {
  run: string;
  step: number;
  testErr: number;
  trainErr: number;
}

/** Names that give the probe arrays their meaning, sent once per run. */
export interface RunLayout {
  run: string;
  params: { name: string; layer: string; block?: string; role: string; size: number }[];
  blocks: string[];
  weights: string[];
}

export type RunStatus = 'ready' | 'training' | 'paused' | 'done' | 'diverged' | 'stopped' | 'failed';
