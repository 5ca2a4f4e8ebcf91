/**
 * The real engine host in-process behind the real engine client, every message
 * structured-cloned (transfers included) as postMessage does, on the cpu backend.
 */
import '@tensorflow/tfjs-backend-cpu';
import { createEngineClient } from '../../src/worker/client';
import type { EngineClient, WorkerPort } from '../../src/worker/client';
import { createEngineHost } from '../../src/worker/engineHost';
import type { EngineHostDeps } from '../../src/worker/engineHost';
import type { Command, EngineEvent } from '../../src/worker/protocol';

export function inProcessPort(deps: Partial<EngineHostDeps> = {}): WorkerPort {
  const port: WorkerPort = {
    onmessage: null,
    onerror: null,
    onmessageerror: null,
    postMessage(msg: Command) {
      const copy = structuredClone(msg);
      queueMicrotask(() => void host.handle(copy));
    },
    terminate() {},
  };
  const host = createEngineHost(
    (event, transfer) => {
      const data = structuredClone(event, { transfer });
      queueMicrotask(() => port.onmessage?.({ data } as MessageEvent<EngineEvent>));
    },
    { fetchBytes: async () => new Uint8Array(), ...deps },
  );
  return port;
}

export function inProcessClient(deps: Partial<EngineHostDeps> = {}): EngineClient {
  return createEngineClient(() => inProcessPort(deps));
}
