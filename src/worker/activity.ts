/** The words of ProgressEvent.activity: what the engine is busy with besides stepping. */
import type { EvalProgress } from '../engine/session';

const count = (n: number) => n.toLocaleString('en-US');

export const warmingUpText = (backend: string) =>
  `warming up: the first step builds and compiles the kernels on ${backend}`;

export const evaluationText = (p: EvalProgress) =>
  p.full
    ? `scoring the whole test and training sets: ${count(p.done)} of ${count(p.total)} examples`
    : `evaluating on fixed samples of the test and training sets: ${count(p.done)} of ${count(p.total)} examples`;

/** Steps `from`+1 … `to` trained again after a rebuild, their points already on screen. */
export const replayText = (from: number, to: number, backend: string) =>
  `recovering: training steps ${count(from + 1)}–${count(to)} again on ${backend} (their points are kept)`;
