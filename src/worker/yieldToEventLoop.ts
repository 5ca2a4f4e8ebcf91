/**
 * A promise that resolves on a later macrotask, so that messages queued while a training
 * step ran are handled before the next one. Node has setImmediate; a browser worker uses a
 * MessageChannel, because nested setTimeout(0) is clamped to 4 ms, which would cap a fast
 * MLP at a few hundred steps per second.
 */
export function defaultYield(): () => Promise<void> {
  if (typeof setImmediate === 'function') return () => new Promise<void>((resolve) => setImmediate(resolve));
  if (typeof MessageChannel === 'function') {
    const channel = new MessageChannel();
    const waiting: (() => void)[] = [];
    channel.port1.onmessage = () => waiting.shift()?.();
    return () =>
      new Promise<void>((resolve) => {
        waiting.push(resolve);
        channel.port2.postMessage(null);
      });
  }
  return () => new Promise<void>((resolve) => setTimeout(resolve, 0));
}
