/**
 * Batch norm in PyTorch's convention, shared by both trainers (../model.ts and
 * jsMlp/batchNorm.ts): running = 0.9·running + 0.1·batch (momentum 0.1 in PyTorch's
 * notation), ε = 1e-5; not tfjs-layers' Keras defaults (0.99, 1e-3).
 */
export const BN_EPSILON = 1e-5;
export const BN_MOMENTUM = 0.9;
