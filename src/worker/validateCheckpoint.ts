/**
 * A create command's `resume` checkpoint, checked at the boundary like everything else the
 * worker is sent: a SessionCheckpoint of plain values and Float32Arrays, or a CommandError
 * naming the field. Whether it fits the session being built (run ids, step range, every
 * array's name and length) is checked by Session.restore, which knows the networks.
 */
import type { RunStatus } from '../core/metrics';
import type { RunCheckpoint, SessionCheckpoint } from '../engine/sessionCheckpoint';
import type { TrainerState } from '../engine/trainerTypes';
import { MAX_SESSION_RUNS } from './protocol';
import { CommandError } from './validateCommand';

const STATUSES: readonly RunStatus[] = [
  'ready',
  'training',
  'paused',
  'done',
  'diverged',
  'stopped',
  'failed',
];
/** More parameter tensors (or optimiser slots per tensor) than any net of the catalog has. */
const MAX_ARRAYS = 10_000;
const MAX_SLOTS = 4;

type Obj = Record<string, unknown>;

const fail = (field: string, problem: string): never => {
  throw new CommandError('spec', `${field}: ${problem}`, field);
};

function plain(v: unknown, field: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || ArrayBuffer.isView(v))
    fail(field, 'must be an object');
  return v as Obj;
}

/** An object with exactly `keys` (and any of `optional`). */
function record(v: unknown, field: string, keys: readonly string[], optional: readonly string[] = []): Obj {
  const o = plain(v, field);
  for (const k of Object.keys(o))
    if (!keys.includes(k) && !optional.includes(k))
      fail(field, `unknown field ${JSON.stringify(k.slice(0, 40))}`);
  for (const k of keys) if (!(k in o)) fail(field, `${k} is missing`);
  return o;
}

function count(v: unknown, field: string, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > max)
    fail(field, `must be an integer in 0..${max} (got ${String(v).slice(0, 40)})`);
  return v as number;
}

function floats(v: unknown, field: string): Float32Array {
  if (!(v instanceof Float32Array)) fail(field, 'must be a Float32Array');
  const a = v as Float32Array;
  // A diverged run has no state to resume: a non-finite value is a corrupt checkpoint.
  for (let i = 0; i < a.length; i++) if (!Number.isFinite(a[i]!)) fail(field, `holds ${a[i]} at ${i}`);
  return a;
}

function list(v: unknown, field: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(field, 'must be an array');
  const a = v as unknown[];
  if (a.length > max) fail(field, `has ${a.length} entries, at most ${max} allowed`);
  // A sparse array's holes would read as undefined further in.
  for (let i = 0; i < a.length; i++) if (!(i in a)) fail(`${field}[${i}]`, 'is missing');
  return a;
}

function trainerState(v: unknown, field: string): TrainerState {
  const o = record(v, field, ['weights', 'slots', 'updates', 'warmReached']);
  const w = plain(o.weights, `${field}.weights`);
  const names = Object.keys(w);
  if (names.length > MAX_ARRAYS)
    fail(`${field}.weights`, `has ${names.length} arrays, at most ${MAX_ARRAYS}`);
  const weights: Record<string, Float32Array> = {};
  for (const n of names) weights[n] = floats(w[n], `${field}.weights[${JSON.stringify(n.slice(0, 80))}]`);
  const slots = list(o.slots, `${field}.slots`, MAX_ARRAYS).map((s, i) =>
    list(s, `${field}.slots[${i}]`, MAX_SLOTS).map((a, j) => floats(a, `${field}.slots[${i}][${j}]`)),
  );
  if (typeof o.warmReached !== 'boolean') fail(`${field}.warmReached`, 'must be true or false');
  return {
    weights,
    slots,
    updates: count(o.updates, `${field}.updates`, Number.MAX_SAFE_INTEGER),
    warmReached: o.warmReached as boolean,
  };
}

function runCheckpoint(v: unknown, field: string): RunCheckpoint {
  const o = record(v, field, ['id', 'status', 'state'], ['reason']);
  if (typeof o.id !== 'string' || o.id.length > 64) fail(`${field}.id`, 'must be a run id');
  if (!(STATUSES as readonly unknown[]).includes(o.status))
    fail(`${field}.status`, `must be one of ${STATUSES.join(', ')}`);
  if (o.reason !== undefined && (typeof o.reason !== 'string' || o.reason.length > 2000))
    fail(`${field}.reason`, 'must be a short text');
  const out: RunCheckpoint = {
    id: o.id as string,
    status: o.status as RunStatus,
    state: o.state === null ? null : trainerState(o.state, `${field}.state`),
  };
  if (o.reason !== undefined) out.reason = o.reason as string;
  return out;
}

export function validateCheckpoint(v: unknown, field = 'resume'): SessionCheckpoint {
  const o = record(v, field, ['step', 'augment', 'runs']);
  const a = record(o.augment, `${field}.augment`, ['state', 'spare']);
  const spare = a.spare;
  if (spare !== null && (typeof spare !== 'number' || !Number.isFinite(spare)))
    fail(`${field}.augment.spare`, 'must be a finite number or null');
  return {
    step: count(o.step, `${field}.step`, Number.MAX_SAFE_INTEGER),
    augment: { state: count(a.state, `${field}.augment.state`, 0xffffffff), spare: spare as number | null },
    runs: list(o.runs, `${field}.runs`, MAX_SESSION_RUNS).map((r, i) =>
      runCheckpoint(r, `${field}.runs[${i}]`),
    ),
  };
}
