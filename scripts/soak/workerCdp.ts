/**
 * What the browser soak reads through DevTools, and how it reaches the page's training
 * worker. Playwright opens CDP sessions on pages
 * and frames only, and `performance.memory` does not exist in a worker, so the worker's
 * heap is read over the page's session: auto-attach (not flattened) hands us the worker's
 * target, and Target.sendMessageToTarget carries commands to it. Playwright's own attachment
 * is a separate session and is not disturbed.
 */
import type { CDPSession, Page } from 'playwright-core';

export interface WorkerCdp {
  send<T>(method: string, params?: Record<string, unknown>): Promise<T>;
}

export interface HeapUsage {
  usedSize: number;
  totalSize: number;
  /** ArrayBuffers' bytes, which the JS heap does not count: a Float32Array leak shows here. */
  backingStorageSize?: number;
}

type Reply = { id: number; result?: unknown; error?: { message: string } };

/**
 * A CDP session on `page`, and the page's first worker (one already running or the next to
 * start) once it exists.
 */
export async function attachWorker(
  page: Page,
  timeoutMs = 60_000,
): Promise<{ cdp: CDPSession; worker: Promise<WorkerCdp> }> {
  const cdp = await page.context().newCDPSession(page);
  const pending = new Map<number, (r: Reply) => void>();
  let nextId = 0;
  cdp.on('Target.receivedMessageFromTarget', (e) => {
    const reply = JSON.parse(e.message) as Reply;
    pending.get(reply.id)?.(reply);
    pending.delete(reply.id);
  });
  const attached = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no worker started')), timeoutMs);
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type !== 'worker') return;
      clearTimeout(timer);
      resolve(e.sessionId);
    });
  });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
  const worker = attached.then((sessionId): WorkerCdp => ({
    send<T>(method: string, params: Record<string, unknown> = {}) {
      const id = ++nextId;
      return new Promise<T>((resolve, reject) => {
        pending.set(id, (r) =>
          r.error ? reject(new Error(`${method}: ${r.error.message}`)) : resolve(r.result as T),
        );
        cdp
          .send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params }) })
          .catch(reject);
      });
    },
  }));
  return { cdp, worker };
}

export interface Memory {
  /** tfjs's live tensors in the worker. */
  workerTensors: number;
  /** The worker's JS heap, after a collection. */
  workerHeap: number;
  /** The worker's ArrayBuffer bytes (HeapUsage.backingStorageSize). */
  workerBuffers: number;
  /** The page's JS heap, after a collection. */
  pageHeap: number;
  domElements: number;
}

/**
 * Collects garbage in the worker and the page, then reads both heaps, the worker's tensor
 * count and the page's elements. tfjs keeps its engine on the worker's global as
 * `_tfengine` (tfjs-core's own global, not a hook of ours), so the count needs no change to
 * the app.
 */
export async function memoryNow(page: Page, cdp: CDPSession, worker: WorkerCdp): Promise<Memory> {
  await worker.send('HeapProfiler.collectGarbage');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = await worker.send<HeapUsage>('Runtime.getHeapUsage');
  const metrics = (await cdp.send('Performance.getMetrics')).metrics;
  type Tf = { _tfengine: { memory(): { numTensors: number } } };
  const tfWorker = page.workers()[0];
  if (!tfWorker) throw new Error('the training worker is gone');
  return {
    workerTensors: await tfWorker.evaluate(() => (self as unknown as Tf)._tfengine.memory().numTensors),
    workerHeap: heap.usedSize,
    workerBuffers: heap.backingStorageSize ?? NaN,
    pageHeap: metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? NaN,
    domElements: (await page.evaluate(`document.getElementsByTagName('*').length`)) as number,
  };
}
