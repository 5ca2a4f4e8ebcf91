/**
 * Points made since the last `metrics` event. `take` empties the buffer into one event whose
 * typed arrays are fresh, so their buffers can be transferred to the main thread without
 * the worker keeping a view on them.
 */
import type { EvalRecord, ProbeRecord, StepRecord } from '../core/metrics';
import type { MetricsEvent, RunId, RunPoints, SessionId } from './protocol';

interface Pending {
  steps: number[];
  loss: number[];
  trainErr: number[];
  learningRate: number[];
}

export interface MetricBuffer {
  addStep(r: StepRecord): void;
  addProbe(p: ProbeRecord): void;
  addEval(e: EvalRecord): void;
  /** True when nothing was added since the last `take`. */
  readonly empty: boolean;
  /** The pending points as one event and the buffers to transfer with it; null when empty. */
  take(): { event: MetricsEvent; transfer: ArrayBuffer[] } | null;
}

const PROBE_ARRAYS = [
  'gradNorms',
  'blockGradNorms',
  'layerStd',
  'blockStd',
  'blockRatio',
  'weightNorms',
] as const;

export function createMetricBuffer(sessionId: SessionId, runIds: RunId[]): MetricBuffer {
  const fresh = (): Pending => ({ steps: [], loss: [], trainErr: [], learningRate: [] });
  const runs = new Map<RunId, Pending>(runIds.map((id) => [id, fresh()]));
  let probes: ProbeRecord[] = [];
  let evals: EvalRecord[] = [];
  let count = 0;

  return {
    addStep(r) {
      const p = runs.get(r.run);
      if (!p) throw new RangeError(`no run ${r.run} in this session`);
      p.steps.push(r.step);
      p.loss.push(r.loss);
      p.trainErr.push(r.trainErr);
      p.learningRate.push(r.learningRate);
      count++;
    },
    addProbe(p) {
      probes.push(p);
      count++;
    },
    addEval(e) {
      evals.push(e);
      count++;
    },
    get empty() {
      return count === 0;
    },
    take() {
      if (count === 0) return null;
      const transfer = new Set<ArrayBuffer>();
      const own = <T extends Int32Array | Float32Array>(a: T): T => {
        transfer.add(a.buffer as ArrayBuffer);
        return a;
      };
      const points: RunPoints[] = [];
      for (const [run, p] of runs) {
        if (!p.steps.length) continue;
        points.push({
          run,
          steps: own(Int32Array.from(p.steps)),
          loss: own(Float32Array.from(p.loss)),
          trainErr: own(Float32Array.from(p.trainErr)),
          learningRate: own(Float32Array.from(p.learningRate)),
        });
        runs.set(run, fresh());
      }
      // Probe arrays are copied: a view on a buffer the engine still uses would be detached under it.
      const sentProbes = probes.map((p) => {
        const copy = { ...p };
        for (const k of PROBE_ARRAYS) copy[k] = own(p[k].slice());
        return copy;
      });
      const event: MetricsEvent = { type: 'metrics', sessionId, runs: points, probes: sentProbes, evals };
      probes = [];
      evals = [];
      count = 0;
      return { event, transfer: [...transfer] };
    },
  };
}
