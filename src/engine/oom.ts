/**
 * Running out of memory, told apart from other failures so that the run it stops says so in
 * words a learner can act on. Each engine runs out in its own words:
 * - V8 (tfjs-cpu and the fused MLP keep each tensor in one typed array): RangeError "Array
 *   buffer allocation failed" when it cannot get the memory, and "Invalid typed array length:
 *   N" when N is past the largest typed array it makes (2^32 elements in Node 20).
 * - Firefox: "out of memory", "allocation size overflow"; Safari: "Out of memory".
 * - WebGPU: a GPUOutOfMemoryError, where an error scope or uncapturederror hands one over.
 * - WebGL: gl.getError() OUT_OF_MEMORY, which tfjs throws as "WebGL Error: OUT_OF_MEMORY".
 * (The wasm backend does not say: tfjs ignores a failed malloc. backendLimits.ts refuses the
 * one case that is sure to fail, a tensor larger than the whole heap.)
 */

const WORDS =
  /array buffer allocation failed|out[ _]of[ _]memory|allocation size overflow|failed to allocate/i;
/** A negative length is a bug, not a lack of memory; only a length past 2^31 counts. */
const LENGTH = /invalid typed array length: (\d+)/i;

const text = (e: unknown) => String((e as Error | undefined)?.message ?? e);

export function isOutOfMemory(e: unknown): boolean {
  if ((e as object | null)?.constructor?.name === 'GPUOutOfMemoryError') return true;
  const m = text(e);
  const length = LENGTH.exec(m);
  return WORDS.test(m) || (length !== null && Number(length[1]) >= 2 ** 31);
}

/** "ran out of memory at step N: …; try a smaller batch or a narrower net", or null for any other error. */
export function outOfMemoryReason(e: unknown, step: number): string | null {
  return isOutOfMemory(e)
    ? `ran out of memory at step ${step}: ${text(e)}; try a smaller batch or a narrower net`
    : null;
}
