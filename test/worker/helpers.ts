import '@tensorflow/tfjs-backend-cpu';
import { mlp } from '../../src/core/catalog';
import type { DataSource } from '../../src/core/dataSource';
import { createEngineHost } from '../../src/worker/engineHost';
import type { EngineHostDeps } from '../../src/worker/engineHost';
import { PROTOCOL_VERSION } from '../../src/worker/protocol';
import type {
  ControlType,
  CreateCommand,
  EngineEvent,
  MetricsEvent,
  ProgressEvent,
} from '../../src/worker/protocol';

export const SPIRALS: DataSource = {
  kind: 'toy',
  toy: 'spirals',
  n: 200,
  noise: 0.1,
  testFraction: 0.2,
  seed: 3,
};

export function createCmd(over: Partial<CreateCommand> = {}): CreateCommand {
  return {
    type: 'create',
    version: PROTOCOL_VERSION,
    sessionId: 's1',
    runs: [{ id: 'a', spec: mlp(4, 8) }],
    data: SPIRALS,
    config: { steps: 30, batchSize: 32, evalInterval: 0, probeStride: 10 },
    backend: 'auto',
    ...over,
  };
}

export const ctl = (type: ControlType, sessionId = 's1') => ({ type, version: PROTOCOL_VERSION, sessionId });

export interface Posted {
  event: EngineEvent;
  transfer: ArrayBuffer[];
  at: number;
}

/** An engine host in-process, recording every event it posts. */
export function harness(deps: Partial<EngineHostDeps> = {}) {
  const log: Posted[] = [];
  // Boundary maps arrive asynchronously beside the other events: sequences are checked
  // without them, and `boundaries()` reads them on their own.
  const maps: Posted[] = [];
  const waiters: { from: number; pred: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void }[] =
    [];
  const host = createEngineHost(
    (event, transfer) => {
      if (event.type === 'boundary') {
        maps.push({ event, transfer, at: performance.now() });
        return;
      }
      log.push({ event, transfer, at: performance.now() });
      for (const w of [...waiters])
        if (w.pred(event)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(event);
        }
    },
    {
      fetchBytes: async (path) => {
        throw new Error(`no network in tests (asked for ${path})`);
      },
      ...deps,
    },
  );
  const events = () => log.map((p) => p.event);
  const boundaries = () => maps;
  return {
    host,
    log,
    send: (cmd: unknown) => host.handle(cmd),
    events,
    boundaries,
    /** Position in the log, to wait for events posted after it. */
    mark: () => log.length,
    /** The first event from `from` on that satisfies `pred`. */
    until<E extends EngineEvent>(pred: (e: EngineEvent) => e is E, from = 0, timeoutMs = 30_000): Promise<E> {
      const seen = log.slice(from).find((p) => pred(p.event));
      if (seen) return Promise.resolve(seen.event as E);
      return new Promise<E>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
        waiters.push({ from, pred, resolve: (e) => (clearTimeout(timer), resolve(e as E)) });
      });
    },
    metrics: (from = 0) =>
      log.slice(from).filter((p) => p.event.type === 'metrics') as (Posted & { event: MetricsEvent })[],
  };
}

export const isType =
  <T extends EngineEvent['type']>(type: T) =>
  (e: EngineEvent): e is Extract<EngineEvent, { type: T }> =>
    e.type === type;

export const isState =
  (state: ProgressEvent['state']) =>
  (e: EngineEvent): e is ProgressEvent =>
    e.type === 'progress' && e.state === state;

/** Every point of one run across metrics events, in arrival order. */
export function pointsOf(events: EngineEvent[], run: string) {
  const steps: number[] = [];
  const loss: number[] = [];
  for (const e of events)
    if (e.type === 'metrics')
      for (const p of e.runs)
        if (p.run === run) {
          steps.push(...p.steps);
          loss.push(...p.loss);
        }
  return { steps, loss: Float32Array.from(loss) };
}

export const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);
