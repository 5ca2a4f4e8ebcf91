/**
 * A `reslab-log/1` log (docs/PYTORCH.md) read into plain arrays: the header that says where
 * it ran, and each run's steps, evaluations and stop, so the Lab can overlay the curves of
 * an exported program on its own.
 *
 * parseTorchLog never throws: a log is either read whole or refused with a message that
 * names the line and the problem ("line 7: step: expected at least 1, got the integer 0").
 * A log without its `end` line (a killed job) still reads, with `end: null`; a last line
 * cut off mid-write (no newline after it, not JSON) is left out and said so.
 */
import type { z } from 'zod';
import { validateTrainConfig } from '../core/trainConfig';
import type { TrainConfig } from '../core/trainConfig';
import { describeIssue } from './schemaIssue';

import { headerLine, LINES, MAX_LOG_BYTES, MAX_LOG_LINES, TORCH_LOG_FORMAT } from './torchLogSchema';
import type { HeaderLine, LineType, where } from './torchLogSchema';

export { MAX_LOG_BYTES, MAX_LOG_LINES, TORCH_LOG_FORMAT } from './torchLogSchema';

export interface TorchLogHeader {
  program: string;
  experiment: string;
  title: string;
  /** As written, e.g. "2026-12-03T16:00:00+00:00". */
  started: string;
  where: z.infer<typeof where>;
  /** The data in words, e.g. "spirals (400 train, 100 test points)". */
  data: string;
  config: TrainConfig;
  runs: { id: string; label: string; params: number; paramNames: string[] }[];
}

export interface TorchLogStop {
  step: number;
  status: string;
  reason: string;
}

export interface TorchLogRun {
  id: string;
  label: string;
  params: number;
  /** Every step recorded, in order; a non-finite value is NaN. */
  steps: { step: Float64Array; loss: Float32Array; trainErr: Float32Array; learningRate: Float32Array };
  /** Every evaluation; `full` marks the final one, over both splits whole. */
  evals: { step: Float64Array; testErr: Float32Array; trainErr: Float32Array; full: boolean[] };
  /** How many gradient probes the log holds for the run (checked, not kept). */
  probes: number;
  /** Set when the run stopped before the end (diverged). */
  stop: TorchLogStop | null;
}

export interface TorchLogEnd {
  steps: number;
  seconds: number;
  msPerStep: number;
}

export interface TorchLog {
  header: TorchLogHeader;
  /** In the header's order. */
  runs: TorchLogRun[];
  /** null: the log stops before its `end` line. */
  end: TorchLogEnd | null;
  /** The last line was cut off mid-write and left out. */
  cutOff: boolean;
}

export type ParsedTorchLog = { ok: true; value: TorchLog } | { ok: false; message: string };

const plural = (n: number, one: string) => `${n.toLocaleString('en-US')} ${one}${n === 1 ? '' : 's'}`;

/** The refusal for a file too large to read, before reading it. */
export function tooLargeMessage(bytes: number): string {
  const mb = (b: number) => `${Math.ceil(b / (1024 * 1024))} MB`;
  return `the file is ${mb(bytes)}; ResLab reads logs of up to ${mb(MAX_LOG_BYTES)}`;
}

/**
 * Python's json.dumps writes NaN, Infinity and -Infinity bare, which JSON.parse refuses: as
 * a value (after `:`, `,` or `[`) they read as null, the non-finite metric.
 */
const pythonNonFinite = (line: string) =>
  line.replace(/([:,[])\s*(?:NaN|-?Infinity)(?=\s*[,\]}])/g, '$1null');

function parseJson(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    if (!/NaN|Infinity/.test(line)) return { ok: false };
    try {
      return { ok: true, value: JSON.parse(pythonNonFinite(line)) };
    } catch {
      return { ok: false };
    }
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const shown = (s: string) => JSON.stringify(s.length > 24 ? `${s.slice(0, 24)}…` : s);

/** A run's records as they are read, before they become typed arrays. */
interface Growing {
  info: HeaderLine['runs'][number];
  step: number[];
  loss: number[];
  trainErr: number[];
  learningRate: number[];
  evalStep: number[];
  testErr: number[];
  evalTrainErr: number[];
  full: boolean[];
  probes: number;
  lastProbe: number;
  stop: TorchLogStop | null;
}

const grow = (info: Growing['info']): Growing => ({
  info,
  step: [],
  loss: [],
  trainErr: [],
  learningRate: [],
  evalStep: [],
  testErr: [],
  evalTrainErr: [],
  full: [],
  probes: 0,
  lastProbe: 0,
  stop: null,
});

const nan = (v: number | null) => v ?? NaN;

function finish(g: Growing): TorchLogRun {
  return {
    id: g.info.id,
    label: g.info.label,
    params: g.info.params,
    steps: {
      step: Float64Array.from(g.step),
      loss: Float32Array.from(g.loss),
      trainErr: Float32Array.from(g.trainErr),
      learningRate: Float32Array.from(g.learningRate),
    },
    evals: {
      step: Float64Array.from(g.evalStep),
      testErr: Float32Array.from(g.testErr),
      trainErr: Float32Array.from(g.evalTrainErr),
      full: g.full,
    },
    probes: g.probes,
    stop: g.stop,
  };
}

function readHeader(raw: unknown): { ok: true; value: TorchLogHeader } | { ok: false; message: string } {
  if (!isObject(raw) || raw.type !== 'header')
    return {
      ok: false,
      message: `the first line must be the log's header ({"type":"header",…}), not ${
        isObject(raw) && typeof raw.type === 'string' ? `a "${raw.type.slice(0, 24)}" line` : 'this'
      }; is this a ${TORCH_LOG_FORMAT} log?`,
    };
  if (raw.format !== TORCH_LOG_FORMAT)
    return {
      ok: false,
      message:
        typeof raw.format === 'string' && raw.format.startsWith('reslab-log/')
          ? `format ${shown(raw.format)} is not one this ResLab reads (${TORCH_LOG_FORMAT})`
          : `unknown format ${typeof raw.format === 'string' ? shown(raw.format) : 'missing'}; expected "${TORCH_LOG_FORMAT}"`,
    };
  const parsed = headerLine.safeParse(raw);
  if (!parsed.success) return { ok: false, message: describeIssue(parsed.error.issues[0]!, raw) };
  const h = parsed.data;
  const ids = new Set<string>();
  for (const [i, r] of h.runs.entries()) {
    if (ids.has(r.id)) return { ok: false, message: `runs[${i}].id: run ${shown(r.id)} is listed twice` };
    ids.add(r.id);
  }
  let config: TrainConfig;
  try {
    config = validateTrainConfig(h.config);
  } catch (e) {
    return { ok: false, message: `config.${(e as Error).message}` };
  }
  return {
    ok: true,
    value: {
      program: h.program,
      experiment: h.experiment,
      title: h.title,
      started: h.started,
      where: h.where,
      data: h.data,
      config,
      runs: h.runs,
    },
  };
}

export function parseTorchLog(input: string): ParsedTorchLog {
  if (input.length > MAX_LOG_BYTES) return { ok: false, message: tooLargeMessage(input.length) };
  const lines = input.split('\n');
  if (lines.length > MAX_LOG_LINES + 1)
    return {
      ok: false,
      message: `the file has ${plural(lines.length - 1, 'line')}; ResLab reads logs of up to ${plural(MAX_LOG_LINES, 'line')}`,
    };
  const refuse = (n: number, message: string): ParsedTorchLog => ({
    ok: false,
    message: `line ${n}: ${message}`,
  });
  let header: TorchLogHeader | null = null;
  let runs = new Map<string, Growing>();
  let end: TorchLogEnd | null = null;
  let cutOff = false;
  for (let i = 0; i < lines.length; i++) {
    const n = i + 1;
    const line = lines[i]!.endsWith('\r') ? lines[i]!.slice(0, -1) : lines[i]!;
    if (line.trim() === '') continue;
    const json = parseJson(line);
    if (!json.ok) {
      // The writer flushes whole lines: a last line with no newline after it was cut off.
      if (i === lines.length - 1 && header) {
        cutOff = true;
        break;
      }
      return refuse(n, 'not JSON');
    }
    const raw = json.value;
    if (!header) {
      const h = readHeader(raw);
      if (!h.ok) return refuse(n, h.message);
      header = h.value;
      runs = new Map(h.value.runs.map((r) => [r.id, grow(r)]));
      continue;
    }
    if (!isObject(raw)) return refuse(n, 'expected an object with a "type"');
    const type = raw.type;
    if (type === 'header') return refuse(n, 'a second header; a log holds one, on its first line');
    if (typeof type !== 'string' || !(type in LINES))
      return refuse(
        n,
        typeof type === 'string'
          ? `unknown line type ${shown(type)} (a ${TORCH_LOG_FORMAT} log holds ${Object.keys(LINES).join(', ')})`
          : 'type: missing; expected a string',
      );
    if (end) return refuse(n, `a "${type}" line after the log's end line`);
    const parsed = LINES[type as LineType].safeParse(raw);
    if (!parsed.success) return refuse(n, describeIssue(parsed.error.issues[0]!, raw));
    const rec = parsed.data;
    if (rec.type === 'end') {
      end = { steps: rec.steps, seconds: rec.seconds, msPerStep: rec.msPerStep };
      continue;
    }
    const g = runs.get(rec.run);
    if (!g) return refuse(n, `run ${shown(rec.run)} is not in the header (${[...runs.keys()].join(', ')})`);
    const id = g.info.id;
    if (rec.step > header.config.steps)
      return refuse(
        n,
        `step ${rec.step} of ${id} is past the ${header.config.steps} steps the header's config trains`,
      );
    if (g.stop)
      return refuse(n, `${id} stopped at step ${g.stop.step}; it has no "${rec.type}" line after that`);
    switch (rec.type) {
      case 'step': {
        const before = g.step.at(-1) ?? 0;
        if (rec.step <= before) return refuse(n, `step ${rec.step} of ${id} comes after its step ${before}`);
        g.step.push(rec.step);
        g.loss.push(nan(rec.loss));
        g.trainErr.push(nan(rec.trainErr));
        g.learningRate.push(rec.learningRate);
        break;
      }
      case 'eval': {
        const before = g.evalStep.at(-1) ?? 0;
        if (rec.step <= before)
          return refuse(
            n,
            `the evaluation at step ${rec.step} of ${id} comes after its one at step ${before}`,
          );
        g.evalStep.push(rec.step);
        g.testErr.push(nan(rec.testErr));
        g.evalTrainErr.push(nan(rec.trainErr));
        g.full.push(rec.full);
        break;
      }
      case 'probe': {
        const names = g.info.paramNames.length;
        if (rec.gradNorms.length !== names)
          return refuse(
            n,
            `gradNorms: ${rec.gradNorms.length} norms for ${id}'s ${plural(names, 'parameter')}`,
          );
        if (rec.step <= g.lastProbe)
          return refuse(
            n,
            `the probe at step ${rec.step} of ${id} comes after its one at step ${g.lastProbe}`,
          );
        g.lastProbe = rec.step;
        g.probes += 1;
        break;
      }
      case 'stop':
        g.stop = { step: rec.step, status: rec.status, reason: rec.reason };
        break;
    }
  }
  if (!header) return { ok: false, message: 'the file is empty' };
  return { ok: true, value: { header, runs: [...runs.values()].map(finish), end, cutOff } };
}

/** The last step any run recorded (a step, an evaluation or its stop); 0 when none has. */
export function lastLoggedStep(log: TorchLog): number {
  let last = 0;
  for (const r of log.runs)
    last = Math.max(last, r.steps.step.at(-1) ?? 0, r.evals.step.at(-1) ?? 0, r.stop?.step ?? 0);
  return last;
}
