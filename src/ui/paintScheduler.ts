/**
 * One queue for every chart's draws, so that a page of charts updating while four runs
 * train keeps its frame rate. Each animation frame runs queued draws until BUDGET_MS of
 * main thread is spent (always at least one), the rest waiting for the next frame in the
 * order they were asked for; and a chart whose last draw took d ms rests REST × d before it
 * draws again (at most 1/(1 + REST) of the main thread), so a costly chart draws less often
 * instead of stalling the page.
 *
 * While something trains (`training()` held), no chart draws more often than every
 * TRAINING_GAP_MS either: a redraw also costs the browser's raster, which the main thread's
 * clock does not see and which bounds the frame rate while a run trains (docs/PERFORMANCE.md:
 * a 100 ms gap gave 25 fps, 250 ms 43 fps); a training curve read at four updates a second
 * loses nothing. On an idle page (a slider dragged) a chart draws on the next frame.
 *
 * A chart asked to draw twice before it could keeps its place and draws once, with the
 * latest data.
 */
export interface PaintScheduler {
  /** Queues (or replaces) the draw of `key`. */
  schedule(key: object, draw: () => void): void;
  cancel(key: object): void;
  /** Marks the page as training until the returned release is called (held by count). */
  training(): () => void;
  /** Resolves once nothing is queued (tests wait on it instead of counting frames). */
  settled(): Promise<void>;
}

export const BUDGET_MS = 8;
export const REST = 3;
export const TRAINING_GAP_MS = 250;

interface Clock {
  now(): number;
  requestFrame(f: () => void): void;
}

export function createPaintScheduler(clock: Clock): PaintScheduler {
  const queue = new Map<object, () => void>();
  const last = new WeakMap<object, { start: number; cost: number; end: number }>();
  let requested = false;
  let trainers = 0;
  let waiting: (() => void)[] = [];

  const settle = () => {
    const w = waiting;
    waiting = [];
    w.forEach((f) => f());
  };
  const request = () => {
    if (requested) return;
    requested = true;
    clock.requestFrame(run);
  };
  function run() {
    requested = false;
    const start = clock.now();
    let ran = 0;
    for (const [key, draw] of [...queue]) {
      const t0 = clock.now();
      if (ran > 0 && t0 - start >= BUDGET_MS) break;
      const prev = last.get(key);
      const gap = trainers > 0 ? TRAINING_GAP_MS : 0;
      if (prev && t0 < Math.max(prev.end + REST * prev.cost, prev.start + gap)) continue;
      queue.delete(key);
      try {
        draw();
      } catch (e) {
        // One chart's failure is reported as before, and the others still draw.
        queueMicrotask(() => {
          throw e;
        });
      }
      const t1 = clock.now();
      last.set(key, { start: t0, cost: t1 - t0, end: t1 });
      ran += 1;
    }
    if (queue.size) request();
    else settle();
  }

  return {
    schedule(key, draw) {
      queue.set(key, draw);
      request();
    },
    cancel(key) {
      queue.delete(key);
      if (!queue.size) settle();
    },
    training() {
      trainers += 1;
      let held = true;
      return () => {
        if (held) trainers -= 1;
        held = false;
      };
    },
    settled: () => (queue.size ? new Promise<void>((r) => waiting.push(r)) : Promise.resolve()),
  };
}

/** The page's scheduler: animation frames and the high-resolution clock. */
export const paintScheduler = createPaintScheduler({
  now: () => performance.now(),
  requestFrame: (f) => requestAnimationFrame(() => f()),
});
