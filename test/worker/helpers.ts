import '@tensorflow/tfjs-backend-cpu';
import { mlp } from '../../src/core/catalog';
import type { DataSource } from '../../src/core/dataSource';
import { createEngineHost } from '../../src/worker/engineHost';
import { defaultYield } from '../../src/worker/yieldToEventLoop';
import type { EngineHostDeps } from '../../src/worker/engineHost';
import { PROTOCOL_VERSION } from '../../src/worker/protocol';
import type {
  ControlType,
  CreateCommand,
  EngineEvent,
  MetricsEvent,
  ProgressEvent,
} from '../../src/worker/protocol';

type BoundaryEvent = Extract<EngineEvent, { type: 'boundary' }>;

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
  /** When it was posted, on the host's clock. */
  at: number;
}

/**
 * A clock that only the training loop moves: `msPerStep` at each yield between two steps
 * (EngineHostDeps.yieldToEventLoop), so the host's metrics and progress intervals are
 * exact functions of the step count. `yields` counts the loop's turns: it stays put while
 * no loop runs.
 */
export function steppedClock(msPerStep: number) {
  let t = 0;
  let yields = 0;
  const next = defaultYield();
  return {
    now: () => t,
    yieldToEventLoop: async () => {
      yields++;
      t += msPerStep;
      await next();
    },
    yields: () => yields,
  };
}

/** One turn of the event loop (a macrotask), in which a live training loop takes a step. */
export const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * An engine host in-process, recording every event it posts with the time on the host's
 * own clock (`deps.now` when given).
 */
export function harness(deps: Partial<EngineHostDeps> = {}) {
  const clock = deps.now ?? (() => performance.now());
  const log: Posted[] = [];
  // Boundary maps arrive asynchronously beside the other events: sequences are checked
  // without them, and `boundaries()` / `untilBoundary` read them on their own.
  const maps: Posted[] = [];
  type Waiter = { pred: (e: EngineEvent) => boolean; resolve: (e: EngineEvent) => void };
  const waiters: Waiter[] = [];
  const mapWaiters: Waiter[] = [];
  const wake = (list: Waiter[], event: EngineEvent) => {
    for (const w of [...list])
      if (w.pred(event)) {
        list.splice(list.indexOf(w), 1);
        w.resolve(event);
      }
  };
  const wait = <E extends EngineEvent>(
    list: Waiter[],
    seen: Posted | undefined,
    pred: (e: EngineEvent) => e is E,
    timeoutMs: number,
  ): Promise<E> => {
    if (seen) return Promise.resolve(seen.event as E);
    return new Promise<E>((resolve, reject) => {
      // Only a guard against a hung test: nothing waits on this timer to pass.
      const timer = setTimeout(() => reject(new Error('timed out waiting for an event')), timeoutMs);
      list.push({ pred, resolve: (e) => (clearTimeout(timer), resolve(e as E)) });
    });
  };
  const host = createEngineHost(
    (event, transfer) => {
      const posted = { event, transfer, at: clock() };
      if (event.type === 'boundary') {
        maps.push(posted);
        wake(mapWaiters, event);
        return;
      }
      log.push(posted);
      wake(waiters, event);
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
      return wait(
        waiters,
        log.slice(from).find((p) => pred(p.event)),
        pred,
        timeoutMs,
      );
    },
    /** The first boundary map (already posted or still to come) that satisfies `pred`. */
    untilBoundary(pred: (e: BoundaryEvent) => boolean, timeoutMs = 30_000): Promise<BoundaryEvent> {
      const isMap = (e: EngineEvent): e is BoundaryEvent => e.type === 'boundary' && pred(e);
      return wait(
        mapWaiters,
        maps.find((p) => isMap(p.event)),
        isMap,
        timeoutMs,
      );
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

/** IDX files (big-endian magic and sizes, then bytes) of `n` size×size images with labels i mod 10. */
export function tinyIdx(n: number, size: number): { name: string; bytes: Uint8Array }[] {
  const file = (magic: number, dims: number[], body: Uint8Array) => {
    const bytes = new Uint8Array(4 * (dims.length + 1) + body.length);
    const view = new DataView(bytes.buffer);
    [magic, ...dims].forEach((v, i) => view.setUint32(4 * i, v));
    bytes.set(body, 4 * (dims.length + 1));
    return bytes;
  };
  const pixels = Uint8Array.from({ length: n * size * size }, (_, i) => (i * 37) % 256);
  const labels = Uint8Array.from({ length: n }, (_, i) => i % 10);
  return [
    { name: 'train-images-idx3-ubyte', bytes: file(0x803, [n, size, size], pixels) },
    { name: 'train-labels-idx1-ubyte', bytes: file(0x801, [n], labels) },
  ];
}
