/**
 * Where a session goes when its GPU device is lost (issue 11 §2): the next backend to
 * rebuild it on, and that backend started. The lost one is marked out of use for the rest of
 * the worker's life, since tfjs keeps handing back its dead instance.
 */
import { markLost, startBackend } from '../engine/backend';
import type { BackendChoice, BackendName, StartResult } from '../engine/backend';

/** The order after `webgpu`'s first choice, when nothing was measured. */
const AFTER_LOSS: readonly BackendName[] = ['webgl', 'wasm', 'cpu'];

/**
 * The backends to try, best first: those the session's measurement timed, fastest first;
 * then the usual order, leaving out any the measurement passed over (a software GPU, one too
 * slow at once); cpu always last, since it always starts.
 */
export function recoveryOrder(lost: BackendName, choice: BackendChoice): BackendName[] {
  const timed = (choice.measured ?? [])
    .filter((e) => e.msPerStep !== undefined && e.passedOver === undefined)
    .sort((a, b) => a.msPerStep! - b.msPerStep!)
    .map((e) => e.backend);
  const passedOver = new Set((choice.measured ?? []).filter((e) => e.passedOver).map((e) => e.backend));
  const rest = AFTER_LOSS.filter((b) => !passedOver.has(b));
  const order = [...new Set([...timed, ...rest, 'cpu' as const])];
  return order.filter((b) => b !== lost);
}

/**
 * Starts the first backend of recoveryOrder that will, after marking `lost` out of use. The
 * choice's fallbacks say why each backend before it was passed over, the lost one first.
 */
export async function startAfterLoss(
  lost: BackendName,
  reason: string,
  choice: BackendChoice,
  start: (name: BackendName) => Promise<StartResult> = startBackend,
): Promise<BackendChoice> {
  // The cpu has no device to lose (a test may stand it in for a GPU): it stays usable.
  if (lost !== 'cpu') markLost(lost, reason);
  const fallbacks: BackendChoice['fallbacks'] = [{ backend: lost, reason }];
  for (const name of recoveryOrder(lost, choice)) {
    const s = await start(name);
    if (s.ok) return { backend: name, fallbacks, ...(s.software ? { software: s.software } : {}) };
    fallbacks.push({ backend: name, reason: s.reason });
  }
  throw new Error(`no backend could take over: ${fallbacks.map((f) => f.reason).join('; ')}`);
}
