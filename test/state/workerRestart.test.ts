/**
 * A worker that dies mid-run (issue 11 §2): the client's watchdog hears nothing, makes a new
 * worker, and the Lab store goes on from the session's last checkpoint, replaying quietly back
 * to the last point on screen. The curves end equal to an uninterrupted session's, every
 * step once, with one notice that says what happened.
 */
import '@tensorflow/tfjs-backend-cpu';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_LAB_STATE } from '../../src/core/labState';
import type { LabState } from '../../src/core/labState';
import { createLabStore } from '../../src/state/labStore';
import type { LabSnapshot, LabStore } from '../../src/state/labStore';
import { createEngineClient } from '../../src/worker/client';
import type { WorkerPort } from '../../src/worker/client';
import { createEngineHost } from '../../src/worker/engineHost';
import type { Command, EngineEvent } from '../../src/worker/protocol';
import { PROTOCOL_VERSION } from '../../src/worker/protocol';
import { runControl } from './runControls';
import { untilSnapshot } from './untilSnapshot';

const CONTROLS: LabState = {
  ...DEFAULT_LAB_STATE,
  runs: [runControl(4, false), runControl(6, true)],
  steps: 80,
  batchSize: 32,
};
const WATCHDOG = { pingMs: 10, deadAfterMs: 150 };

/**
 * The real engine host behind a port that can die: from `kill()` on, nothing reaches the host
 * and nothing comes back, as with a terminated worker (its session is disposed so that it
 * stops computing beside the next one).
 */
function mortalPort(): WorkerPort & { kill(): void } {
  let dead = false;
  let session = '';
  const port = {
    onmessage: null as WorkerPort['onmessage'],
    onerror: null,
    onmessageerror: null,
    postMessage(msg: Command) {
      if (dead) return;
      session = msg.sessionId;
      const copy = structuredClone(msg);
      queueMicrotask(() => void host.handle(copy));
    },
    terminate() {
      port.kill();
    },
    kill() {
      if (dead) return;
      dead = true;
      void host.handle({ type: 'dispose', version: PROTOCOL_VERSION, sessionId: session });
    },
  };
  const host = createEngineHost(
    (event, transfer) => {
      if (dead) return;
      const data = structuredClone(event, { transfer });
      // Events still in flight die with it too.
      queueMicrotask(() => {
        if (!dead) port.onmessage?.({ data } as MessageEvent<EngineEvent>);
      });
    },
    // A step of ~2 ms: points arrive between checkpoints as well as with them.
    {
      fetchBytes: async () => new Uint8Array(),
      yieldToEventLoop: () => new Promise((r) => setTimeout(r, 2)),
    },
  );
  return port;
}

const stores: LabStore[] = [];
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

function lab(ports: ReturnType<typeof mortalPort>[], every = 10) {
  const store = createLabStore(
    () =>
      createEngineClient(() => {
        const p = mortalPort();
        ports.push(p);
        return p;
      }, WATCHDOG),
    { controls: CONTROLS, checkpointEvery: { steps: every, seconds: 3600 } },
  );
  stores.push(store);
  const until = (pred: (s: LabSnapshot) => boolean) => untilSnapshot(store, pred);
  return { store, until };
}

const curves = (s: LabSnapshot) => s.runs.map((r) => ({ x: Array.from(r.loss.x), y: Array.from(r.loss.y) }));
const points = (s: LabSnapshot) => s.runs[0]?.loss.length ?? 0;
const lastStep = (s: LabSnapshot) => s.runs[0]?.loss.x.at(-1) ?? 0;

describe('a worker that dies mid-run', () => {
  it('is replaced, and the session goes on from its checkpoint to the uninterrupted numbers, every point once', async () => {
    const ports: ReturnType<typeof mortalPort>[] = [];
    const { store, until } = lab(ports, 25);
    store.toggle();
    // Killed while it holds points after its last checkpoint (every 25 steps; points come
    // every 33 ms, a dozen steps or so, and with each checkpoint).
    const before = await until(
      (s) => s.phase === 'done' || (s.phase === 'training' && points(s) >= 30 && lastStep(s) % 25 !== 0),
    );
    expect(before.phase, 'points only ever arrived with checkpoints').toBe('training');
    ports[0]!.kill();
    const noticed = await until((s) => s.recovery !== null);
    expect(ports).toHaveLength(2);
    const m = new RegExp(
      '^The training worker stopped answering for [\\d.]+ s \\(it crashed or was ended\\) at step (\\d+)\\. ' +
        'A new worker went on from its checkpoint at step (\\d+) and trained steps (\\d+)–(\\d+) again in [\\d.]+ s; every point is kept\\.$',
    ).exec(noticed.recovery!);
    expect(m, noticed.recovery!).not.toBeNull();
    const [through, from, first, last] = m!.slice(1).map(Number) as [number, number, number, number];
    // Back to the last point on screen when it died, from the checkpoint before it.
    expect(through).toBeGreaterThanOrEqual(25);
    expect(from).toBe(Math.floor(through / 25) * 25);
    expect([first, last]).toEqual([from + 1, through]);
    const done = await until((s) => s.phase === 'done');
    expect(done.error).toBeNull();

    const reference = lab([], 25);
    reference.store.toggle();
    const ref = await reference.until((s) => s.phase === 'done');
    const steps = Array.from({ length: 80 }, (_, i) => i + 1);
    for (const c of curves(done)) expect(c.x).toEqual(steps);
    expect(curves(done)).toEqual(curves(ref));
  });

  it('while paused: the new worker holds the session at its step, paused, and Train goes on', async () => {
    const ports: ReturnType<typeof mortalPort>[] = [];
    const { store, until } = lab(ports);
    store.toggle();
    await until((s) => s.phase === 'training' && points(s) >= 15);
    store.toggle();
    const paused = await until((s) => s.phase === 'paused');
    ports[0]!.kill();
    const back = await until((s) => s.recovery !== null && s.phase === 'ready');
    expect(back.step).toBe(paused.step);
    store.toggle();
    const done = await until((s) => s.phase === 'done');
    for (const c of curves(done)) expect(c.x).toEqual(Array.from({ length: 80 }, (_, i) => i + 1));
  });

  it('a worker that dies every time is given up after two restarts, with the records kept and a reason', async () => {
    const ports: ReturnType<typeof mortalPort>[] = [];
    const { store, until } = lab(ports);
    store.toggle();
    await until((s) => s.phase === 'training' && points(s) >= 15);
    const kept = points(store.getSnapshot());
    // Each new worker dies as soon as it is made to train.
    const off = store.subscribe(() => ports.at(-1)!.kill());
    ports[0]!.kill();
    const stopped = await until((s) => s.phase === 'stopped');
    off();
    // The original and one per death; the third death is not gone on from.
    expect(ports).toHaveLength(4);
    expect(stopped.error).toMatch(/stopped answering .*, 3 times in this session; it is stopped\./);
    expect(points(stopped)).toBeGreaterThanOrEqual(kept);
  });
});
