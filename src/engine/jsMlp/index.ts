/** The fused JavaScript MLP trainer: see trainer.ts. */
export { createJsMlpTrainer } from './trainer';
