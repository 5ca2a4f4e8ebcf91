import { readFileSync } from 'node:fs';
import { describe, expect, it, vi } from 'vitest';
import '@tensorflow/tfjs-backend-cpu';
import { mlp } from '../../src/core/catalog';
import { createEngineClient } from '../../src/worker/client';
import type { WorkerPort } from '../../src/worker/client';
import { createEngineHost } from '../../src/worker/engineHost';
import { PROTOCOL_VERSION } from '../../src/worker/protocol';
import type { Command, EngineEvent, MetricsEvent } from '../../src/worker/protocol';
import { SPIRALS, pointsOf, range } from './helpers';

/** A worker stand-in: the real host in-process, every message structured-cloned as postMessage does. */
function inProcessWorker() {
  const sentByHost: { event: EngineEvent; transfer: ArrayBuffer[] }[] = [];
  const port: WorkerPort = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage: vi.fn((msg: Command) => {
      const copy = structuredClone(msg);
      queueMicrotask(() => void host.handle(copy));
    }),
    terminate: vi.fn(),
  };
  const host = createEngineHost(
    (event, transfer) => {
      sentByHost.push({ event, transfer });
      const data = structuredClone(event, { transfer });
      queueMicrotask(() => port.onmessage?.({ data } as MessageEvent<EngineEvent>));
    },
    { fetchBytes: async () => new Uint8Array() },
  );
  return { port, sentByHost };
}

function recorder(client: ReturnType<typeof createEngineClient>) {
  const events: EngineEvent[] = [];
  const waiters: [(e: EngineEvent) => boolean, () => void][] = [];
  client.subscribe((e) => {
    events.push(e);
    for (const w of [...waiters])
      if (w[0](e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w[1]();
      }
  });
  const until = (pred: (e: EngineEvent) => boolean) =>
    events.some(pred) ? Promise.resolve() : new Promise<void>((resolve) => waiters.push([pred, resolve]));
  return { events, until };
}

const request = {
  runs: [{ id: 'a', spec: mlp(4, 8) }],
  data: SPIRALS,
  config: { steps: 20, evalInterval: 0, probeStride: 5 },
};

describe('the engine client', () => {
  it('drives a session through a worker boundary: versioned commands, transferred points arriving whole', async () => {
    const w = inProcessWorker();
    const client = createEngineClient(() => w.port);
    const r = recorder(client);
    const id = client.create({ ...request, baseUrl: 'https://example.org/lab/' });
    expect(client.sessionId).toBe(id);
    expect(w.port.postMessage).toHaveBeenLastCalledWith(
      expect.objectContaining({
        type: 'create',
        version: PROTOCOL_VERSION,
        sessionId: id,
        backend: 'auto',
        baseUrl: 'https://example.org/lab/',
      }),
    );
    await r.until((e) => e.type === 'ready');
    client.start();
    expect(w.port.postMessage).toHaveBeenLastCalledWith({
      type: 'start',
      version: PROTOCOL_VERSION,
      sessionId: id,
    });
    await r.until((e) => e.type === 'progress' && e.state === 'done');
    expect(r.events.every((e) => e.type !== 'error')).toBe(true);
    expect(pointsOf(r.events, 'a').steps).toEqual(range(1, 20));
    const metrics = r.events.filter((e): e is MetricsEvent => e.type === 'metrics');
    expect(metrics.flatMap((m) => m.probes.map((p) => p.step))).toEqual([1, 6, 11, 16]);
    expect(metrics[0]!.runs[0]!.loss).toBeInstanceOf(Float32Array);
    // What the worker sent was moved, not copied: its arrays are detached.
    const sent = w.sentByHost.find((s) => s.event.type === 'metrics')!.event as MetricsEvent;
    expect(sent.runs[0]!.steps.byteLength).toBe(0);
    client.dispose();
    expect(client.sessionId).toBeNull();
  });

  it('hears only the current session: events of a replaced one are dropped', async () => {
    const w = inProcessWorker();
    const client = createEngineClient(() => w.port);
    const r = recorder(client);
    client.create(request);
    const second = client.create(request);
    await r.until((e) => e.type === 'ready');
    client.step();
    await r.until((e) => e.type === 'progress');
    // Every event heard is the second session's (boundary maps of the toy data included).
    expect(new Set(r.events.map((e) => ('sessionId' in e ? e.sessionId : undefined)))).toEqual(
      new Set([second]),
    );
    expect(r.events.filter((e) => e.type !== 'boundary').map((e) => e.type)).toEqual([
      'ready',
      'metrics',
      'progress',
    ]);
    client.dispose();
  });

  it('says so, without posting, when a command comes before any session', () => {
    const w = inProcessWorker();
    const client = createEngineClient(() => w.port);
    const r = recorder(client);
    client.start();
    expect(w.port.postMessage).not.toHaveBeenCalled();
    expect(r.events).toEqual([
      { type: 'error', kind: 'state', command: 'start', message: 'start: no session; call create first' },
    ]);
  });

  it('reports a failing worker as a worker error', () => {
    const w = inProcessWorker();
    const client = createEngineClient(() => w.port);
    const r = recorder(client);
    w.port.onerror!({ message: 'SyntaxError in engine.worker.js', preventDefault() {} } as ErrorEvent);
    expect(r.events[0]).toMatchObject({
      type: 'error',
      kind: 'worker',
      message: expect.stringMatching(/SyntaxError/),
    });
    client.terminate();
    expect(w.port.terminate).toHaveBeenCalled();
  });
});

describe('the watchdog', () => {
  it('replaces a worker silent past the limit, and not one whose silence the page slept through', () => {
    vi.useFakeTimers();
    try {
      let t = 0;
      const ports: WorkerPort[] = [];
      const silent = (): WorkerPort => {
        const p: WorkerPort = {
          onmessage: null,
          onerror: null,
          onmessageerror: null,
          postMessage: vi.fn(),
          terminate: vi.fn(),
        };
        ports.push(p);
        return p;
      };
      const client = createEngineClient(silent, { pingMs: 100, deadAfterMs: 1000, now: () => t });
      const events: EngineEvent[] = [];
      client.subscribe((e) => events.push(e));
      const tick = (late = 0) => {
        t += 100 + late;
        vi.advanceTimersByTime(100);
      };
      // Without a session nothing is watched.
      for (let i = 0; i < 30; i++) tick();
      expect(ports[0]!.postMessage).not.toHaveBeenCalled();
      const id = client.create({ runs: [{ id: 'a', spec: mlp(4, 8) }], data: SPIRALS, config: {} });
      for (let i = 0; i < 9; i++) tick();
      const pings = vi.mocked(ports[0]!.postMessage).mock.calls.filter(([m]) => m.type === 'ping');
      expect(pings).toHaveLength(9);
      expect(pings[0]![0]).toEqual({ type: 'ping', version: PROTOCOL_VERSION, sessionId: id });
      // The page slept 5 s (a laptop lid, a frozen tab): its silence counts from the wake.
      tick(5000);
      for (let i = 0; i < 9; i++) tick();
      expect(ports).toHaveLength(1);
      tick();
      tick();
      expect(ports).toHaveLength(2);
      expect(ports[0]!.terminate).toHaveBeenCalled();
      expect(events).toEqual([
        {
          type: 'workerRestarted',
          sessionId: id,
          reason: 'the training worker stopped answering for 1.1 s (it crashed or was ended)',
        },
      ]);
      // The session died with its worker: the new one is not pinged until the next create.
      for (let i = 0; i < 30; i++) tick();
      expect(ports[1]!.postMessage).not.toHaveBeenCalled();
      expect(client.sessionId).toBeNull();
      client.terminate();
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('import boundaries the linter cannot see', () => {
  const imports = (file: string) =>
    readFileSync(new URL(`../../src/worker/${file}`, import.meta.url), 'utf8')
      .split('\n')
      .filter((l) => /^import\b/.test(l));

  it('protocol.ts imports types only', () => {
    for (const line of imports('protocol.ts')) expect(line).toMatch(/^import type /);
  });

  it('client.ts imports no engine code at runtime, so the main bundle carries no tfjs', () => {
    for (const line of imports('client.ts')) {
      if (/engine|@tensorflow|engineHost|validateCommand/.test(line)) expect(line).toMatch(/^import type /);
    }
  });
});
