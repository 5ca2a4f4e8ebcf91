/**
 * Steps per second as an exponential moving average of the time between steps:
 * τ ← τ + α(Δt − τ), rate = 1000 / τ. Averaging the interval rather than the rate keeps
 * one very fast step from swinging the figure.
 */
export const RATE_SMOOTHING = 0.2;

export interface RateMeter {
  /** Start timing afresh from `t` (ms), keeping the average: the wait before it is not a step. */
  restart(t: number): void;
  /** A step ended at `t` (ms). */
  tick(t: number): void;
  /** 0 until a step has been timed. */
  readonly perSecond: number;
}

export function createRateMeter(alpha = RATE_SMOOTHING): RateMeter {
  let last: number | null = null;
  let interval: number | null = null;
  return {
    restart(t) {
      last = t;
    },
    tick(t) {
      if (last !== null) {
        const dt = Math.max(t - last, 1e-3);
        interval = interval === null ? dt : interval + alpha * (dt - interval);
      }
      last = t;
    },
    get perSecond() {
      return interval === null ? 0 : 1000 / interval;
    },
  };
}
