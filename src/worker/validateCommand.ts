/**
 * The worker's boundary: any value posted to it is either returned as a well-typed,
 * checked Command or refused with a CommandError that says what is wrong and where.
 * Specs go through validateSpec and the config through validateTrainConfig, so the worker
 * accepts exactly what the rest of the app accepts.
 */
import type { DataSource, ToyKindName } from '../core/dataSource';
import type { NetSpec } from '../core/netSpec';
import { SpecError } from '../core/specError';
import { validateTrainConfig } from '../core/trainConfig';
import type { TrainConfig } from '../core/trainConfig';
import { validateSpec } from '../core/validate';
import type { BackendPreference } from '../engine/backend';
import { COMMAND_TYPES, LANDSCAPE_POINTS, MAX_SESSION_RUNS, PROTOCOL_VERSION } from './protocol';
import type { Command, CommandType, CreateCommand, ErrorKind, RunRequest } from './protocol';
import { validateCheckpoint } from './validateCheckpoint';

export class CommandError extends Error {
  override name = 'CommandError';
  constructor(
    readonly kind: ErrorKind,
    message: string,
    readonly field?: string,
    readonly run?: string,
  ) {
    super(message);
  }
}

/** A create command with its config completed: what the worker keeps to `reset` from. */
export interface CheckedCreate extends Omit<CreateCommand, 'config'> {
  config: TrainConfig;
}

export type CheckedCommand = CheckedCreate | Exclude<Command, CreateCommand>;

const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const TOYS: readonly ToyKindName[] = ['spirals', 'circles', 'xor', 'blobs', 'checkerboard'];
const MAX_FILES = 16;
const MAX_ID = 64;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

function text(v: unknown, field: string, max: number): string {
  if (typeof v !== 'string' || v.length < 1 || v.length > max)
    throw new CommandError('spec', `${field}: must be a string of 1..${max} characters`, field);
  return v;
}

function integer(v: unknown, field: string, min: number, max: number, kind: ErrorKind = 'spec'): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new CommandError(kind, `${field}: must be an integer in ${min}..${max} (got ${String(v)})`, field);
  return v;
}

function finite(v: unknown, field: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new CommandError('data', `${field}: must be a finite number (got ${String(v)})`, field);
  return v;
}

function onlyKeys(o: Obj, field: string, allowed: readonly string[], kind: ErrorKind): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      throw new CommandError(
        kind,
        `${field}.${k}: is not a known field (known: ${allowed.join(', ')})`,
        `${field}.${k}`,
      );
}

/** Type and version, if the value has them, for addressing an error about it. */
export function commandHeader(raw: unknown): { type?: string; sessionId?: string } {
  if (!isObj(raw)) return {};
  return {
    ...(typeof raw.type === 'string' ? { type: raw.type } : {}),
    ...(typeof raw.sessionId === 'string' ? { sessionId: raw.sessionId } : {}),
  };
}

export function validateCommand(raw: unknown): CheckedCommand {
  if (!isObj(raw)) throw new CommandError('protocol', 'a command must be an object with a "type"');
  if (typeof raw.type !== 'string' || !(COMMAND_TYPES as readonly string[]).includes(raw.type))
    throw new CommandError(
      'protocol',
      `unknown command type ${JSON.stringify(raw.type)} (known: ${COMMAND_TYPES.join(', ')})`,
      'type',
    );
  if (raw.version !== PROTOCOL_VERSION)
    throw new CommandError(
      'protocol',
      `protocol version ${String(raw.version)} is not spoken here (this worker speaks version ${PROTOCOL_VERSION}); reload the page`,
      'version',
    );
  const sessionId = text(raw.sessionId, 'sessionId', MAX_ID);
  const type = raw.type as CommandType;
  if (type === 'landscape') {
    onlyKeys(raw, 'command', ['type', 'version', 'sessionId', 'n', 'dims'], 'protocol');
    const n = integer(raw.n, 'n', LANDSCAPE_POINTS.min, LANDSCAPE_POINTS.max);
    if (n % 2 === 0)
      throw new CommandError(
        'spec',
        `n: must be odd, so that the trained weights are the centre (got ${n})`,
        'n',
      );
    if (raw.dims !== 1 && raw.dims !== 2)
      throw new CommandError('spec', `dims: must be 1 or 2 (got ${String(raw.dims).slice(0, 24)})`, 'dims');
    return { type, version: PROTOCOL_VERSION, sessionId, n, dims: raw.dims };
  }
  if (type !== 'create') {
    onlyKeys(raw, 'command', ['type', 'version', 'sessionId'], 'protocol');
    return { type, version: PROTOCOL_VERSION, sessionId } as CheckedCommand;
  }
  return validateCreate(raw, sessionId);
}

/** A well-formed ping, which the host answers at once, outside its queue (engineHost.ts). */
export function isPing(raw: unknown): boolean {
  if (!isObj(raw) || raw.type !== 'ping') return false;
  try {
    return validateCommand(raw).type === 'ping';
  } catch {
    return false;
  }
}

function validateCreate(o: Obj, sessionId: string): CheckedCreate {
  onlyKeys(
    o,
    'command',
    [
      'type',
      'version',
      'sessionId',
      'runs',
      'data',
      'config',
      'backend',
      'evalSample',
      'baseUrl',
      'resume',
      'checkpointEvery',
      'replayThrough',
    ],
    'protocol',
  );
  const runs = validateRuns(o.runs);
  const data = validateDataSource(o.data);
  let config: TrainConfig;
  try {
    config = validateTrainConfig(o.config);
  } catch (e) {
    if (!(e instanceof SpecError)) throw e;
    const field = e.field === 'config' ? 'config' : `config.${e.field}`;
    throw new CommandError('spec', `${field}: ${e.message.slice(e.field.length + 2)}`, field);
  }
  if (typeof o.backend !== 'string' || !(BACKENDS as readonly string[]).includes(o.backend))
    throw new CommandError(
      'spec',
      `backend: must be one of ${BACKENDS.join(', ')} (got ${String(o.backend)})`,
      'backend',
    );
  const out: CheckedCreate = {
    type: 'create',
    version: PROTOCOL_VERSION,
    sessionId,
    runs,
    data,
    config,
    backend: o.backend as BackendPreference,
  };
  if (o.evalSample !== undefined)
    out.evalSample = integer(o.evalSample, 'evalSample', 1, Number.MAX_SAFE_INTEGER);
  if (o.baseUrl !== undefined) {
    const base = text(o.baseUrl, 'baseUrl', 2048);
    try {
      new URL(base);
    } catch {
      throw new CommandError('spec', `baseUrl: must be an absolute URL (got ${base})`, 'baseUrl');
    }
    out.baseUrl = base;
  }
  if (o.resume !== undefined) out.resume = validateCheckpoint(o.resume);
  if (o.checkpointEvery !== undefined) {
    const every = o.checkpointEvery as Obj;
    if (typeof every !== 'object' || every === null || Array.isArray(every))
      throw new CommandError('spec', 'checkpointEvery: must be { steps, seconds }', 'checkpointEvery');
    onlyKeys(every, 'checkpointEvery', ['steps', 'seconds'], 'spec');
    out.checkpointEvery = {
      steps: integer(every.steps, 'checkpointEvery.steps', 1, Number.MAX_SAFE_INTEGER),
      seconds: integer(every.seconds, 'checkpointEvery.seconds', 1, 86_400),
    };
  }
  if (o.replayThrough !== undefined) {
    const from = out.resume?.step ?? 0;
    out.replayThrough = integer(o.replayThrough, 'replayThrough', from, config.steps);
  }
  return out;
}

function validateRuns(v: unknown): RunRequest[] {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_SESSION_RUNS)
    throw new CommandError('spec', `runs: must be a list of 1..${MAX_SESSION_RUNS} runs`, 'runs');
  const seen = new Set<string>();
  return v.map((r, i) => {
    const f = `runs[${i}]`;
    if (!isObj(r)) throw new CommandError('spec', `${f}: must be an object with an id and a spec`, f);
    onlyKeys(r, f, ['id', 'spec', 'seed'], 'spec');
    const id = text(r.id, `${f}.id`, MAX_ID);
    if (seen.has(id))
      throw new CommandError(
        'spec',
        `${f}.id: run ids must be unique ("${id}" is used twice)`,
        `${f}.id`,
        id,
      );
    seen.add(id);
    let spec: NetSpec;
    try {
      spec = validateSpec(r.spec);
    } catch (e) {
      if (!(e instanceof SpecError)) throw e;
      throw new CommandError('spec', `run ${id}: ${e.message}`, `${f}.spec.${e.field}`, id);
    }
    const run: RunRequest = { id, spec };
    if (r.seed !== undefined) run.seed = integer(r.seed, `${f}.seed`, 0, 2 ** 31 - 1);
    return run;
  });
}

function files(v: unknown): { name: string; bytes: Uint8Array }[] {
  if (!Array.isArray(v) || v.length < 1 || v.length > MAX_FILES)
    throw new CommandError('data', `data.files: must be a list of 1..${MAX_FILES} files`, 'data.files');
  return v.map((f, i) => {
    const field = `data.files[${i}]`;
    if (!isObj(f) || typeof f.name !== 'string' || !(f.bytes instanceof Uint8Array))
      throw new CommandError('data', `${field}: must be { name: string, bytes: Uint8Array }`, field);
    return { name: f.name, bytes: f.bytes };
  });
}

/** Structure only: ranges are the loaders' to check (makeToy, the IDX and CIFAR parsers). */
export function validateDataSource(v: unknown): DataSource {
  if (!isObj(v)) throw new CommandError('data', 'data: must be a data source object', 'data');
  switch (v.kind) {
    case 'toy': {
      onlyKeys(v, 'data', ['kind', 'toy', 'n', 'noise', 'testFraction', 'seed'], 'data');
      if (typeof v.toy !== 'string' || !(TOYS as readonly string[]).includes(v.toy))
        throw new CommandError(
          'data',
          `data.toy: must be one of ${TOYS.join(', ')} (got ${String(v.toy)})`,
          'data.toy',
        );
      return {
        kind: 'toy',
        toy: v.toy as ToyKindName,
        n: integer(v.n, 'data.n', 1, 1_000_000, 'data'),
        noise: finite(v.noise, 'data.noise'),
        testFraction: finite(v.testFraction, 'data.testFraction'),
        seed: integer(v.seed, 'data.seed', 0, Number.MAX_SAFE_INTEGER, 'data'),
      };
    }
    case 'fashion':
      onlyKeys(v, 'data', ['kind', 'limit'], 'data');
      return v.limit === undefined
        ? { kind: 'fashion' }
        : { kind: 'fashion', limit: integer(v.limit, 'data.limit', 1, 1_000_000, 'data') };
    case 'idx':
    case 'cifar10':
      onlyKeys(v, 'data', ['kind', 'files'], 'data');
      return { kind: v.kind, files: files(v.files) };
    default:
      throw new CommandError(
        'data',
        `data.kind: must be one of toy, fashion, idx, cifar10 (got ${String(v.kind)})`,
        'data.kind',
      );
  }
}
