/**
 * A whole Lab experiment as one JSON file: the controls it was built from, the session's
 * runs, and every metric they recorded, so it can be reopened and redrawn without training.
 * Both directions are pure functions of plain data, independent of the UI, so the same
 * record can be stored elsewhere (IndexedDB) as well as downloaded.
 *
 * parseExperimentFile never throws: a file is either a checked experiment or a refusal whose
 * message names the field and the problem.
 */
import type { LabState } from '../core/labState';
import { version as APP_VERSION_FROM_PACKAGE } from '../../package.json';
import { checkExperiment } from './experimentChecks';
import { EXPERIMENT_FORMAT, EXPERIMENT_VERSION, experimentSchema } from './experimentSchema';
import type { ExperimentFile, ExperimentRun } from './experimentSchema';
import type { LabSnapshot } from './labStore';
import type { RunData } from './runData';
import { describeIssue } from './schemaIssue';

export { EXPERIMENT_FORMAT, EXPERIMENT_VERSION } from './experimentSchema';
export type { ExperimentFile, ExperimentRun } from './experimentSchema';

export const APP_VERSION: string = APP_VERSION_FROM_PACKAGE;

/** A checked file: its controls have passed the URL codec's validation. */
export type Experiment = Omit<ExperimentFile, 'controls'> & { controls: LabState };

export type ParsedExperiment = { ok: true; value: Experiment } | { ok: false; message: string };

/** Larger than any real session's record (four runs × 100,000 steps is ~30 MB). */
const MAX_FILE_CHARS = 200_000_000;

/**
 * A float32 array as JSON numbers. Nine significant digits name every float32 exactly (it
 * reads back bit for bit), and print half as long as the float's full double expansion.
 * JSON has no NaN or Infinity: a non-finite value is written as null (and read back as NaN).
 */
const numbers = (a: ArrayLike<number>): (number | null)[] =>
  Array.from(a, (v) => (Number.isFinite(v) ? Number(v.toPrecision(9)) : null));

/** How many of each kind of record a run holds: where a stored part of a session ends. */
export interface RecordCounts {
  points: number;
  evals: number;
  probes: number;
}

export const recordCounts = (snap: Pick<LabSnapshot, 'runs'>): RecordCounts[] =>
  snap.runs.map((d) => ({ points: d.trainErr.length, evals: d.testErr.length, probes: d.probes.length }));

const NONE: RecordCounts = { points: 0, evals: 0, probes: 0 };

/**
 * Which records a file holds: each run's [from, until) of points, evals and probes. A part of
 * a stored session (sessionParts.ts) holds those since the last part; `from: null` is all.
 * A part after the first leaves out the toy points (they never change) and a boundary map
 * identical to `boundary`, the one stored before.
 */
export interface RecordRange {
  from: RecordCounts[] | null;
  until: RecordCounts[];
  boundary?: LabSnapshot['boundary'];
}

function runRecord(
  d: RunData,
  label: string,
  spec: unknown,
  from: RecordCounts,
  until: RecordCounts,
): ExperimentRun {
  const x = (s: RunData['loss'], a: number, b: number) => Array.from(s.x.subarray(a, b));
  const y = (s: RunData['loss'], a: number, b: number) => numbers(s.y.subarray(a, b));
  const [p0, p1, e0, e1] = [from.points, until.points, from.evals, until.evals];
  return {
    id: d.id,
    label,
    spec: structuredClone(spec) as Record<string, unknown>,
    engine: d.engine,
    status: d.status,
    ...(d.reason !== undefined ? { reason: d.reason } : {}),
    layout: structuredClone(d.layout),
    points: { step: x(d.trainErr, p0, p1), trainErr: y(d.trainErr, p0, p1), loss: y(d.loss, p0, p1) },
    evals: { step: x(d.testErr, e0, e1), testErr: y(d.testErr, e0, e1), trainErr: y(d.fullTrainErr, e0, e1) },
    probes: d.probes.slice(from.probes, until.probes).map((p) => ({
      step: p.step,
      gradNorms: numbers(p.gradNorms),
      blockGradNorms: numbers(p.blockGradNorms),
      weightNorms: numbers(p.weightNorms),
      layerStd: numbers(p.layerStd),
      blockStd: numbers(p.blockStd),
      blockRatio: numbers(p.blockRatio),
    })),
  };
}

/** The last step any of a run's records is from. */
function lastRecorded(d: RunData): number {
  return Math.max(d.trainErr.x.at(-1) ?? 0, d.testErr.x.at(-1) ?? 0, d.probes.at(-1)?.step ?? 0);
}

/** "two spirals: plain-8, plain-52, ResNet A-8": the data and the runs, as the Lab names them. */
export function experimentName(dataLabel: string, runLabels: string[]): string {
  return `${dataLabel || 'experiment'}: ${runLabels.join(', ')}`.slice(0, 200);
}

/** The file's name: reslab-<name's slug>-<YYYY-MM-DD>.json. */
export function experimentFileName(file: Pick<ExperimentFile, 'name' | 'exportedAt'>): string {
  const slug = file.name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
  return `reslab-${slug || 'experiment'}-${file.exportedAt.slice(0, 10)}.json`;
}

/** A session that has become ready (every run has its record) can be exported. */
export function canExport(snap: LabSnapshot): boolean {
  return snap.session !== null && snap.phase !== 'building' && snap.runs.length === snap.session.runs.length;
}

/**
 * The experiment of a snapshot's session, or null when there is none or it has recorded
 * nothing yet (a session still building). `exportedAt` is passed in so the result is a
 * function of its arguments. With `range`, only those records (a stored part).
 */
export function toExperimentFile(
  snap: LabSnapshot,
  exportedAt: Date,
  range?: RecordRange,
): ExperimentFile | null {
  const session = snap.session;
  if (!session || !canExport(snap)) return null;
  const until = range?.until ?? recordCounts(snap);
  const from = range?.from ?? null;
  const toy = from === null ? snap.toyPoints : null;
  const boundary = from === null || snap.boundary !== range?.boundary ? snap.boundary : null;
  const spec0 = session.runs[0]!.spec;
  const kind = spec0.kind !== 'mlp' && spec0.input.channels === 3 ? 'cifar10' : 'idx';
  return {
    format: EXPERIMENT_FORMAT,
    version: EXPERIMENT_VERSION,
    exportedAt: exportedAt.toISOString(),
    app: { name: 'ResLab', version: APP_VERSION },
    name:
      snap.imported?.name ??
      experimentName(
        snap.dataLabel,
        session.runs.map((r) => r.label),
      ),
    trainedAt: snap.sessionDate === null ? null : new Date(snap.sessionDate).toISOString(),
    controls: structuredClone(session.controls),
    userData: session.userDataLabel === null ? null : { kind, label: session.userDataLabel },
    progress: {
      // Points arrive more often than progress reports: mid-training the records may be ahead of `step`.
      step: Math.max(snap.step, ...snap.runs.map(lastRecorded)),
      totalSteps: snap.totalSteps,
      finished: snap.phase === 'done',
    },
    backend: snap.backend && structuredClone(snap.backend),
    dataLabel: snap.dataLabel,
    runs: snap.runs.map((d, i) =>
      runRecord(d, session.runs[i]!.label, session.runs[i]!.spec, from?.[i] ?? NONE, until[i] ?? NONE),
    ),
    toyPoints: toy && {
      x: Array.from(toy.x, (v) => Number(v.toPrecision(9))),
      y: Array.from(toy.y),
      test: [...toy.test],
    },
    boundary: boundary && {
      n: boundary.n,
      extent: [...boundary.extent],
      classes: boundary.classes,
      runs: [...boundary.probs].map(([run, probs]) => ({ run, probs: numbers(probs) })),
    },
  };
}

export function experimentJson(file: ExperimentFile): string {
  return JSON.stringify(file);
}

/** Reads a file's text: a checked experiment, or a refusal naming the field and the problem. */
export function parseExperimentFile(text: string): ParsedExperiment {
  if (text.length > MAX_FILE_CHARS)
    return { ok: false, message: 'the file is too large to be a ResLab experiment' };
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `not JSON: ${(e as Error).message}` };
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw) || !('format' in raw))
    return { ok: false, message: 'format: not a ResLab experiment file' };
  const head = raw as { format: unknown; version?: unknown };
  if (head.format !== EXPERIMENT_FORMAT)
    return { ok: false, message: 'format: not a ResLab experiment file' };
  if (typeof head.version === 'number' && head.version > EXPERIMENT_VERSION)
    return {
      ok: false,
      message: `version ${head.version} is newer than this ResLab (${EXPERIMENT_VERSION})`,
    };
  const parsed = experimentSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error.issues[0]!, raw) };
  try {
    return checkExperiment(parsed.data);
  } catch (e) {
    // The checks are written not to throw; this keeps a missed case from reaching the learner raw.
    return { ok: false, message: `the file could not be read: ${(e as Error).message}` };
  }
}
