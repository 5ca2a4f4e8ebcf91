/**
 * The main thread's side of the training worker: typed methods that post commands, and a
 * subscription to the worker's events. It imports no engine code (types only), so the main
 * bundle carries no tfjs; the worker bundle does.
 *
 * The client holds one session at a time. `create` opens a new one and returns its id;
 * the other methods address the current one. Events of an earlier session still in flight
 * are dropped, so a listener only ever hears about the session it asked for.
 *
 * While a session is open a watchdog pings the worker. A worker that stays silent past the
 * limit (it crashed, was terminated, or closed itself) is replaced by a new one and the
 * listeners hear `workerRestarted`: the store goes on from the session's last checkpoint.
 * The limit grows with the session's step time, since a worker answers between steps only.
 */
import type { BackendPreference } from '../engine/backend';
import { PROTOCOL_VERSION } from './protocol';
import type {
  Command,
  ControlType,
  CreateCommand,
  EngineErrorEvent,
  EngineEvent,
  SessionId,
} from './protocol';

/** What the client needs of a Worker; a test passes an in-process stand-in. */
export interface WorkerPort {
  postMessage(message: Command): void;
  onmessage: ((ev: MessageEvent<EngineEvent>) => void) | null;
  onerror: ((ev: ErrorEvent) => void) | null;
  onmessageerror: ((ev: MessageEvent) => void) | null;
  terminate(): void;
}

export type EngineListener = (event: EngineEvent) => void;

/** A create command without the addressing the client fills in. */
export type CreateRequest = Omit<CreateCommand, 'type' | 'version' | 'sessionId' | 'backend' | 'baseUrl'> & {
  backend?: BackendPreference;
  /** Site root for shipped data files; by default the folder of the page. */
  baseUrl?: string;
};

export interface EngineClient {
  /** The current session, or null before the first create and after dispose. */
  readonly sessionId: SessionId | null;
  /** Open a new session (the worker closes the previous one); answered by `ready` or `error`. */
  create(request: CreateRequest): SessionId;
  start(): void;
  pause(): void;
  resume(): void;
  /** The lesion study of the session's runs (protocol.ts, `lesion`). */
  lesion(): void;
  /** A slice of the session's runs' loss landscapes (protocol.ts, `landscape`). */
  landscape(n: number, dims: 1 | 2): void;
  cancelStudy(): void;
  step(): void;
  stop(): void;
  reset(): void;
  dispose(): void;
  /** Hear every event of the current session; returns the unsubscribe function. */
  subscribe(listener: EngineListener): () => void;
  /** End the worker itself. */
  terminate(): void;
}

export function defaultWorkerFactory(): WorkerPort {
  return new Worker(new URL('./engine.worker.ts', import.meta.url), {
    type: 'module',
    name: 'reslab-engine',
  });
}

/**
 * The site root as an absolute URL. BASE_URL is '/' under `vite` (dev) and './' in a build
 * with base './', which resolves against the page to the folder the site is served from.
 */
export function siteBaseUrl(): string | undefined {
  if (typeof document === 'undefined') return undefined;
  return new URL(import.meta.env.BASE_URL, document.baseURI).href;
}

/** How often to ping, and the least silence taken for a dead worker. */
export interface Watchdog {
  pingMs: number;
  deadAfterMs: number;
  /** The clock (performance.now by default). */
  now?: () => number;
}

export const DEFAULT_WATCHDOG: Watchdog = { pingMs: 2000, deadAfterMs: 15_000 };

/** Silence allowed, in steps of the slowest step seen: a step is never interrupted. */
const DEAD_AFTER_STEPS = 4;
/** A tick this many intervals late means the page itself was not running. */
const ASLEEP_AFTER_TICKS = 3;

let sessions = 0;
const newSessionId = (): SessionId => `s${++sessions}-${Date.now().toString(36)}`;

export function createEngineClient(
  workerFactory: () => WorkerPort = defaultWorkerFactory,
  watchdog: Watchdog | null = DEFAULT_WATCHDOG,
): EngineClient {
  const listeners = new Set<EngineListener>();
  let current: SessionId | null = null;
  let worker = workerFactory();
  const now = watchdog?.now ?? (() => performance.now());
  let heardAt = now();
  /** When the watchdog last looked: a long gap means this page itself was asleep. */
  let lookedAt = now();
  /** The slowest step the session has reported (ready's measured step, progress rates), ms. */
  let stepMs = 0;

  const emit = (event: EngineEvent) => {
    for (const l of [...listeners]) l(event);
  };
  const workerError = (message: string): EngineErrorEvent => ({
    type: 'error',
    kind: 'worker',
    message,
    ...(current ? { sessionId: current } : {}),
  });

  function onEvent(event: EngineEvent): void {
    heardAt = now();
    if (event.type === 'pong' || event.type === 'workerRestarted') return;
    // Events without a session (a refused, unaddressed command) are for whoever listens now.
    if (event.type === 'error' && event.sessionId === undefined) return emit(event);
    if (event.sessionId !== current) return;
    if (event.type === 'ready' && event.msPerStep !== null) stepMs = Math.max(stepMs, event.msPerStep);
    if (event.type === 'progress' && event.stepsPerSecond > 0)
      stepMs = Math.max(stepMs, 1000 / event.stepsPerSecond);
    emit(event);
  }

  function wire(w: WorkerPort): void {
    w.onmessage = (ev) => onEvent(ev.data);
    w.onerror = (ev) => {
      ev.preventDefault?.();
      emit(workerError(`the training worker failed: ${ev.message || 'it could not start or crashed'}`));
    };
    w.onmessageerror = () => emit(workerError('a message from the training worker could not be read'));
  }
  wire(worker);

  /** The silent worker is ended and a fresh one takes its place; its session is gone with it. */
  function restart(silentMs: number): void {
    const sessionId = current!;
    worker.onmessage = worker.onerror = worker.onmessageerror = null;
    worker.terminate();
    worker = workerFactory();
    wire(worker);
    heardAt = now();
    current = null;
    stepMs = 0;
    emit({
      type: 'workerRestarted',
      sessionId,
      reason: `the training worker stopped answering for ${(silentMs / 1000).toFixed(silentMs < 10_000 ? 1 : 0)} s (it crashed or was ended)`,
    });
  }

  const timer =
    watchdog &&
    setInterval(() => {
      const t = now();
      const gap = t - lookedAt;
      lookedAt = t;
      if (current === null) return;
      // A laptop that slept, a frozen or throttled background tab: the page was not listening,
      // so the worker's silence proves nothing. It counts again from now.
      if (gap > ASLEEP_AFTER_TICKS * watchdog.pingMs) heardAt = t;
      const silent = t - heardAt;
      if (silent > Math.max(watchdog.deadAfterMs, DEAD_AFTER_STEPS * stepMs)) return restart(silent);
      worker.postMessage({ type: 'ping', version: PROTOCOL_VERSION, sessionId: current });
    }, watchdog.pingMs);

  function send(type: ControlType): void {
    if (current === null) {
      emit({
        type: 'error',
        kind: 'state',
        command: type,
        message: `${type}: no session; call create first`,
      });
      return;
    }
    worker.postMessage({ type, version: PROTOCOL_VERSION, sessionId: current });
  }

  return {
    get sessionId() {
      return current;
    },
    create(request) {
      const sessionId = newSessionId();
      const baseUrl = request.baseUrl ?? siteBaseUrl();
      const command: CreateCommand = {
        ...request,
        type: 'create',
        version: PROTOCOL_VERSION,
        sessionId,
        backend: request.backend ?? 'auto',
        ...(baseUrl !== undefined ? { baseUrl } : {}),
      };
      current = sessionId;
      heardAt = now();
      stepMs = 0;
      worker.postMessage(command);
      return sessionId;
    },
    start: () => send('start'),
    pause: () => send('pause'),
    lesion: () => send('lesion'),
    landscape(n, dims) {
      if (current === null)
        return emit({
          type: 'error',
          kind: 'state',
          command: 'landscape',
          message: 'landscape: no session; call create first',
        });
      worker.postMessage({ type: 'landscape', version: PROTOCOL_VERSION, sessionId: current, n, dims });
    },
    cancelStudy: () => send('cancelStudy'),
    resume: () => send('resume'),
    step: () => send('step'),
    stop: () => send('stop'),
    reset: () => send('reset'),
    dispose() {
      send('dispose');
      current = null;
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    terminate() {
      if (timer) clearInterval(timer);
      worker.terminate();
      listeners.clear();
      current = null;
    },
  };
}
