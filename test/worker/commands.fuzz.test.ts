/**
 * Worker messages under generated input (fast-check, 10,000 cases per property): whatever
 * is posted to the worker is either a checked command, with finite numbers throughout, or
 * a CommandError that names the problem; and the host itself never throws, answering a
 * refused message with one error event.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { COMMAND_TYPES, PROTOCOL_VERSION } from '../../src/worker/protocol';
import { CommandError, validateCommand } from '../../src/worker/validateCommand';
import { createCmd, ctl, harness, isState } from './helpers';

const RUNS = { numRuns: 10_000, seed: 20261202 };

type Outcome = { ok: true; value: unknown } | { ok: false; error: CommandError };

/** validateCommand's answer, or the test fails on any other exception. */
function check(raw: unknown): Outcome {
  try {
    return { ok: true, value: validateCommand(raw) };
  } catch (e) {
    if (!(e instanceof CommandError)) throw e;
    return { ok: false, error: e };
  }
}

/** Every number in a value, at any depth (NaN and infinities included). */
function numbersIn(v: unknown, out: number[] = []): number[] {
  if (typeof v === 'number') out.push(v);
  else if (Array.isArray(v)) v.forEach((x) => numbersIn(x, out));
  else if (v && typeof v === 'object') Object.values(v).forEach((x) => numbersIn(x, out));
  return out;
}

function expectSound(o: Outcome) {
  if (o.ok) expect(numbersIn(o.value).every(Number.isFinite)).toBe(true);
  else {
    expect(o.error.message.length).toBeGreaterThan(5);
    // A refusal in the checks' words, not a TypeError that slipped through.
    expect(o.error.message).not.toMatch(/Cannot read propert|is not a function|is not iterable/);
  }
}

/** Paths into a value: ['runs', 0, 'spec', 'stages', 1, 'blocks']… */
function paths(v: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []) {
  out.push(prefix);
  if (Array.isArray(v)) v.forEach((x, i) => paths(x, [...prefix, i], out));
  else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) paths(x, [...prefix, k], out);
  return out;
}

/** A copy of `v` with the value at `path` replaced (or deleted when `next` is the marker). */
const DELETE = Symbol('delete');
function edit(v: unknown, path: (string | number)[], next: unknown): unknown {
  if (path.length === 0) return next === DELETE ? undefined : next;
  const [head, ...rest] = path;
  const copy = (Array.isArray(v) ? [...v] : { ...(v as object) }) as Record<string | number, unknown>;
  if (rest.length === 0 && next === DELETE) delete copy[head!];
  else copy[head!] = edit(copy[head!], rest, next);
  return copy;
}

// The values a hostile or buggy page could post: JSON-ish, numbers at their edges, markup.
const nasty = fc.oneof(
  fc.anything(),
  fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, 2 ** 53, -1, 0, 1.5, 1e6),
  fc.constantFrom('', '<img src=x onerror=alert(1)>', 'NaN', '__proto__', 'constructor', 'x'.repeat(500)),
  fc.constant(DELETE),
);

describe('worker messages, fuzzed', () => {
  it('any value is a checked command or a CommandError naming the problem', () => {
    fc.assert(
      fc.property(
        fc.anything({ withNullPrototype: true, withBigInt: true, withMap: true, withSet: true }),
        (raw) => expectSound(check(raw)),
      ),
      RUNS,
    );
  });

  it('a command of a known type with arbitrary fields is checked or refused by name', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...COMMAND_TYPES),
        fc.dictionary(fc.string({ maxLength: 12 }), nasty),
        (type, fields) => expectSound(check({ ...fields, type, version: PROTOCOL_VERSION })),
      ),
      RUNS,
    );
  });

  it('one edit anywhere in a valid create command gives a checked command or a refusal naming a field', () => {
    const base = createCmd({
      runs: [
        { id: 'a', spec: createCmd().runs[0]!.spec },
        { id: 'b', spec: createCmd().runs[0]!.spec },
      ],
      // Arrays kept short, so edits fall on the checkpoint's structure as often as its values.
      resume: {
        step: 3,
        augment: { state: 12345, spare: 0.5 },
        runs: ['a', 'b'].map((id) => ({
          id,
          status: 'training' as const,
          state: {
            weights: { 'stem.fc.weight': new Float32Array([0.5, -1]), 'head.fc.bias': new Float32Array(2) },
            slots: [[new Float32Array(2)], [new Float32Array(2)]],
            updates: 3,
            warmReached: false,
          },
        })),
      },
      checkpointEvery: { steps: 100, seconds: 30 },
    });
    const all = paths(base).filter((p) => p.length > 0);
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), nasty, (i, next) => {
        const o = check(edit(base, all[i]!, next));
        expectSound(o);
        if (!o.ok) {
          refused += 1;
          // Where the problem is, when the checks know it, is a path into the command
          // (ending, for an unknown key, in that key as posted).
          if (o.error.field !== undefined)
            expect(o.error.field).toMatch(
              /^(type|version|sessionId|runs|data|config|backend|resume|checkpointEvery)\b/,
            );
        }
      }),
      RUNS,
    );
    // Most single edits break something; a fuzzer that never got refused tested nothing.
    expect(refused).toBeGreaterThan(RUNS.numRuns / 2);
  });

  it('the host never throws: each refused message gets one error event and the host keeps working', async () => {
    const h = harness();
    const samples = fc.sample(
      fc.oneof(
        fc.anything(),
        fc.record({
          type: fc.constantFrom(...COMMAND_TYPES),
          version: fc.constant(PROTOCOL_VERSION),
          x: nasty,
        }),
        fc.record({ type: fc.string(), version: fc.integer() }),
      ),
      { numRuns: RUNS.numRuns, seed: 11 },
    );
    for (const raw of samples) {
      // A message that happens to be valid would start work: the other properties cover those.
      if (check(raw).ok) continue;
      const before = h.events().length;
      await h.send(raw);
      const posted = h.events().slice(before);
      expect(posted).toHaveLength(1);
      expect(posted[0]!.type).toBe('error');
    }
    // After 10,000 refusals the host still creates and trains a session.
    const mark = h.mark();
    await h.send(createCmd({ config: { steps: 3, batchSize: 16, evalInterval: 0, probeStride: 10 } }));
    await h.send(ctl('start'));
    await h.until(isState('done'), mark);
  });
});
