import { describe, expect, it } from 'vitest';
import { BUDGET_MS, createPaintScheduler, REST, TRAINING_GAP_MS } from '../../src/ui/paintScheduler';

/** A scheduler on a hand-driven clock: `frame()` runs the requested animation frame. */
function harness() {
  let now = 0;
  let pending: (() => void) | null = null;
  const s = createPaintScheduler({
    now: () => now,
    requestFrame: (f) => {
      if (pending) throw new Error('a second frame was requested before the first ran');
      pending = f;
    },
  });
  const drawn: string[] = [];
  /** A draw that records `name` and costs `ms` of the clock. */
  const draw =
    (name: string, ms = 1) =>
    () => {
      drawn.push(name);
      now += ms;
    };
  const frame = (at?: number) => {
    if (at !== undefined) now = Math.max(now, at);
    const f = pending;
    pending = null;
    f?.();
  };
  return { s, draw, drawn, frame, hasFrame: () => pending !== null, advance: (ms: number) => (now += ms) };
}

describe('paintScheduler', () => {
  it('draws in the order asked, within a frame budget, the rest on the next frames', () => {
    const h = harness();
    const keys = [{}, {}, {}, {}];
    keys.forEach((k, i) => h.s.schedule(k, h.draw(`c${i}`, 5)));
    h.frame(0);
    // 5 ms, then a second starting at 5 < BUDGET_MS, then the budget is spent.
    expect(BUDGET_MS).toBe(8);
    expect(h.drawn).toEqual(['c0', 'c1']);
    h.frame(100);
    expect(h.drawn).toEqual(['c0', 'c1', 'c2', 'c3']);
    expect(h.hasFrame()).toBe(false);
  });

  it('always draws at least one chart a frame, however costly', () => {
    const h = harness();
    h.s.schedule({}, h.draw('slow', 40));
    h.s.schedule({}, h.draw('next', 1));
    h.frame(0);
    expect(h.drawn).toEqual(['slow']);
    h.frame(50);
    expect(h.drawn).toEqual(['slow', 'next']);
  });

  it('draws a chart asked twice once, with the latest draw, keeping its place', () => {
    const h = harness();
    const a = {};
    h.s.schedule(a, h.draw('a-old'));
    h.s.schedule({}, h.draw('b'));
    h.s.schedule(a, h.draw('a-new'));
    h.frame(0);
    expect(h.drawn).toEqual(['a-new', 'b']);
  });

  it('rests a costly chart REST × its draw time before drawing it again', () => {
    const h = harness();
    const a = {};
    h.s.schedule(a, h.draw('a1', 20));
    h.frame(0); // ends at 20: next allowed at 20 + 3 × 20 = 80
    h.s.schedule(a, h.draw('a2', 20));
    h.frame(79);
    expect(h.drawn).toEqual(['a1']);
    expect(h.hasFrame()).toBe(true);
    h.frame(20 + REST * 20);
    expect(h.drawn).toEqual(['a1', 'a2']);
  });

  it('while training, a cheap chart draws at most every TRAINING_GAP_MS; released, on the next frame', () => {
    const h = harness();
    const a = {};
    const release = h.s.training();
    let t = 0;
    for (let i = 0; i < 60; i++, t += 16) {
      h.s.schedule(a, h.draw(`a@${t}`));
      h.frame(t);
    }
    // 60 frames of 16 ms ≈ 960 ms: draws at 0, 256, 512, 768.
    expect(h.drawn).toHaveLength(Math.ceil((60 * 16) / TRAINING_GAP_MS));
    release();
    release(); // a second release changes nothing
    h.s.schedule(a, h.draw('after'));
    h.frame(t);
    expect(h.drawn.at(-1)).toBe('after');
  });

  it('settles once the queue is empty, cancels, and keeps drawing past a chart that throws', async () => {
    const h = harness();
    let settled = false;
    const b = {};
    h.s.schedule({}, () => {
      throw new Error('broken chart');
    });
    h.s.schedule(b, h.draw('b'));
    h.s.schedule({}, h.draw('c'));
    void h.s.settled().then(() => (settled = true));
    const uncaught = new Promise<unknown>((resolve) => {
      const onError = (e: unknown) => {
        process.off('uncaughtException', onError);
        resolve(e);
      };
      process.on('uncaughtException', onError);
    });
    h.frame(0);
    expect(h.drawn).toEqual(['b', 'c']);
    expect(((await uncaught) as Error).message).toBe('broken chart');
    await Promise.resolve();
    expect(settled).toBe(true);
    const d = {};
    h.s.schedule(d, h.draw('d'));
    h.s.cancel(d);
    await h.s.settled();
    h.frame(10);
    expect(h.drawn).toEqual(['b', 'c']);
  });
});
