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

/** What a probing training step measures: the gradients and weights of that step. */
export interface StepProbe {
  run: string;
  step: number;
  /** L2 norm of the gradient of every trainable tensor, in `RunLayout.params` order. */
  gradNorms: Float32Array;
  /** √(Σ‖g‖²) over each block's tensors, in `RunLayout.blocks` order. */
  blockGradNorms: Float32Array;
  /** L2 norm of each weight tensor (conv and fc kernels), in `RunLayout.weights` order. */
  weightNorms: Float32Array;
}

/**
 * The layer responses (He et al. Fig. 7), measured in inference mode (running batch-norm
 * statistics) on the session's fixed held-out batch, after the probing step's update. Every
 * std is the population std over all elements of that output on that batch.
 */
export interface LayerResponses {
  /**
   * Std of each weight layer's output after its batch norm, before the ReLU and the
   * addition (the weight layer's own output when batch norm is off), in
   * `RunLayout.responseLayers` order.
   */
  layerStd: Float32Array;
  /** Std of each block's residual branch F(x) just before the addition, in `RunLayout.blocks` order. */
  blockStd: Float32Array;
  /** ‖F(x)‖ / ‖x‖ per block, x what the shortcut adds (the block input in a plain block). */
  blockRatio: Float32Array;
}

/** Sampled every `probeStride` steps: the data of the gradient-flow and Figure-7 charts. */
export interface ProbeRecord extends StepProbe, LayerResponses {}

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
  /** The weight layers whose responses `layerStd` holds, e.g. "stage1.block1.conv1". */
  responseLayers: string[];
  /** The held-out batch the responses are measured on (set by the session). */
  responseBatch?: { n: number; unit: 'images' | 'points' };
}

export type RunStatus = 'ready' | 'training' | 'paused' | 'done' | 'diverged' | 'stopped' | 'failed';
