/**
 * The Lab's controls in a URL query, so a link opens the exact experiment:
 *   data=spirals&noise=0.1&r1=8,16,basic,off,A,post,bn&…&r4=…&opt=adam&lr=0.01&sched=constant&bs=64&steps=360&seed=1&backend=auto
 * A run is "depth,width,block,shortcuts(on|off),option(A|B|C),activation(post|pre),bn|nobn".
 * Decoding never throws: a malformed, out-of-range or unknown value falls back to that
 * field's default and adds a notice naming it; a key given twice keeps its first value,
 * with a notice. Values are quoted, truncated, in notices; nothing from the URL is ever used
 * as markup.
 */
import type { BackendSetting, LabDataKind, LabState, RunControl, ScheduleKind } from './labState';
import { DEFAULT_LAB_STATE, MAX_LAB_RUNS, nearestDepth, validDepths } from './labState';
import type { OptimizerName } from './trainConfig';

const DATA: readonly LabDataKind[] = ['spirals', 'circles', 'xor', 'blobs', 'checkerboard', 'fashion'];
const OPT: readonly OptimizerName[] = ['sgd', 'adam'];
const SCHED: readonly ScheduleKind[] = ['constant', 'step', 'cosine'];
const BACKEND: readonly BackendSetting[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];
const RUN_KEYS = Array.from({ length: MAX_LAB_RUNS }, (_, i) => `r${i + 1}`);
const KNOWN = new Set(['data', 'noise', 'opt', 'lr', 'sched', 'bs', 'steps', 'seed', 'backend', ...RUN_KEYS]);

/** The batch sizes the Lab's menu offers; a link may hold no other (the menu could not show it). */
export const BATCH_SIZES: readonly number[] = [8, 16, 32, 64, 128, 256];

export const URL_LIMITS = {
  noise: { min: 0, max: 1 },
  width: { min: 2, max: 64 },
  learningRate: { min: 1e-5, max: 10 },
  steps: { min: 1, max: 100_000 },
  seed: { min: 0, max: 2 ** 31 - 1 },
} as const;

export function encodeRun(r: RunControl): string {
  return [
    r.depth,
    r.width,
    r.block,
    r.shortcuts ? 'on' : 'off',
    r.option,
    r.preact ? 'pre' : 'post',
    r.batchNorm ? 'bn' : 'nobn',
  ].join(',');
}

export function encodeLabState(s: LabState): string {
  const q = new URLSearchParams();
  q.set('data', s.data);
  q.set('noise', String(s.noise));
  s.runs.forEach((r, i) => q.set(RUN_KEYS[i]!, encodeRun(r)));
  q.set('opt', s.optimizer);
  q.set('lr', String(s.learningRate));
  q.set('sched', s.schedule);
  q.set('bs', String(s.batchSize));
  q.set('steps', String(s.steps));
  q.set('seed', String(s.seed));
  q.set('backend', s.backend);
  return q.toString();
}

export interface Decoded {
  state: LabState;
  /** One line per value that was refused and replaced by its default. */
  notices: string[];
}

const quote = (v: string) => JSON.stringify(v.length > 24 ? `${v.slice(0, 24)}…` : v);

export function decodeLabState(query: string): Decoded {
  const notices: string[] = [];
  const q = new URLSearchParams(query.length > 4000 ? '' : query);
  if (query.length > 4000) notices.push('the link is too long to be a ResLab experiment; using the defaults');
  const d = DEFAULT_LAB_STATE;
  for (const key of new Set(q.keys())) {
    if (!KNOWN.has(key)) notices.push(`ignored unknown setting ${quote(key)}`);
    const all = q.getAll(key);
    if (KNOWN.has(key) && all.length > 1)
      notices.push(
        `setting ${quote(key)} appears ${all.length} times (${all.slice(0, 3).map(quote).join(', ')}${all.length > 3 ? ', …' : ''}); using the first`,
      );
  }

  function pick<T extends string>(key: string, allowed: readonly T[], fallback: T, what: string): T {
    const v = q.get(key);
    if (v === null) return fallback;
    if ((allowed as readonly string[]).includes(v)) return v as T;
    notices.push(`${what} ${quote(v)} is not one of ${allowed.join(', ')}; using ${fallback}`);
    return fallback;
  }
  function number(
    key: string,
    range: { min: number; max: number },
    fallback: number,
    what: string,
    integer: boolean,
  ): number {
    const v = q.get(key);
    if (v === null) return fallback;
    const n = /^-?\d+(\.\d+)?(e-?\d+)?$/i.test(v.trim()) ? Number(v) : NaN;
    // `+ 0` turns -0 into 0, which is what the link will say when it is written back.
    if (Number.isFinite(n) && n >= range.min && n <= range.max && (!integer || Number.isInteger(n)))
      return n + 0;
    notices.push(
      `${what} ${quote(v)} is not ${integer ? 'an integer' : 'a number'} in ${range.min}..${range.max}; using ${fallback}`,
    );
    return fallback;
  }

  function batchSize(): number {
    const v = q.get('bs');
    if (v === null) return d.batchSize;
    if (/^\d{1,3}$/.test(v) && BATCH_SIZES.includes(Number(v))) return Number(v);
    notices.push(`batch size ${quote(v)} is not one of ${BATCH_SIZES.join(', ')}; using ${d.batchSize}`);
    return d.batchSize;
  }

  const data = pick('data', DATA, d.data, 'dataset');
  const runs: RunControl[] = [];
  RUN_KEYS.forEach((key, i) => {
    const v = q.get(key);
    if (v === null) return;
    const run = decodeRun(v, data, `run ${i + 1}`, notices);
    if (run) runs.push(run);
  });
  const anyRunKey = RUN_KEYS.some((k) => q.has(k));
  if (anyRunKey && !runs.length) notices.push('no run could be read from the link; using the default runs');
  return {
    state: {
      data,
      noise: number('noise', URL_LIMITS.noise, d.noise, 'noise', false),
      runs: runs.length ? runs : d.runs.map((r) => ({ ...r, depth: nearestDepth(data, r.block, r.depth) })),
      optimizer: pick('opt', OPT, d.optimizer, 'optimizer'),
      learningRate: number('lr', URL_LIMITS.learningRate, d.learningRate, 'learning rate', false),
      schedule: pick('sched', SCHED, d.schedule, 'schedule'),
      batchSize: batchSize(),
      steps: number('steps', URL_LIMITS.steps, d.steps, 'steps', true),
      seed: number('seed', URL_LIMITS.seed, d.seed, 'seed', true),
      backend: pick('backend', BACKEND, d.backend, 'backend'),
    },
    notices,
  };
}

function decodeRun(v: string, data: LabDataKind, what: string, notices: string[]): RunControl | null {
  const t = v.split(',');
  if (t.length !== 7) {
    notices.push(
      `${what} ${quote(v)} is not depth,width,block,on|off,A|B|C,post|pre,bn|nobn; it was dropped`,
    );
    return null;
  }
  const [depthS, widthS, block, sc, option, act, bn] = t as [
    string,
    string,
    string,
    string,
    string,
    string,
    string,
  ];
  const fallback = DEFAULT_LAB_STATE.runs[0]!;
  const blockOk = block === 'basic' || block === 'bottleneck';
  const r: RunControl = {
    block: blockOk ? block : fallback.block,
    depth: 0,
    width: fallback.width,
    shortcuts: sc === 'on' ? true : sc === 'off' ? false : fallback.shortcuts,
    option: option === 'A' || option === 'B' || option === 'C' ? option : fallback.option,
    preact: act === 'pre' ? true : act === 'post' ? false : fallback.preact,
    batchNorm: bn === 'bn' ? true : bn === 'nobn' ? false : fallback.batchNorm,
  };
  if (!blockOk) notices.push(`${what}: block ${quote(block)} is not basic or bottleneck; using basic`);
  if (!['on', 'off'].includes(sc))
    notices.push(`${what}: shortcuts ${quote(sc)} is not on or off; using off`);
  if (!['A', 'B', 'C'].includes(option))
    notices.push(`${what}: option ${quote(option)} is not A, B or C; using A`);
  if (!['pre', 'post'].includes(act))
    notices.push(`${what}: activation ${quote(act)} is not post or pre; using post`);
  if (!['bn', 'nobn'].includes(bn))
    notices.push(`${what}: batch norm ${quote(bn)} is not bn or nobn; using bn`);
  const width = /^\d{1,3}$/.test(widthS) ? Number(widthS) : NaN;
  const widthStep = r.block === 'bottleneck' ? 4 : 1;
  if (width >= URL_LIMITS.width.min && width <= URL_LIMITS.width.max && width % widthStep === 0)
    r.width = width;
  else {
    r.width = r.block === 'bottleneck' ? 16 : fallback.width;
    notices.push(
      `${what}: width ${quote(widthS)} is not ${widthStep === 4 ? 'a multiple of 4' : 'an integer'} in ${URL_LIMITS.width.min}..${URL_LIMITS.width.max}; using ${r.width}`,
    );
  }
  const depths = validDepths(data, r.block);
  const depth = /^\d{1,9}$/.test(depthS) ? Number(depthS) : NaN;
  if (depths.includes(depth)) r.depth = depth;
  else {
    r.depth = Number.isFinite(depth) ? nearestDepth(data, r.block, depth) : depths[0]!;
    notices.push(
      `${what}: depth ${quote(depthS)} is not offered for this dataset and block (${depths[0]}, ${depths[1]}, … ${depths.at(-1)}); using ${r.depth}`,
    );
  }
  return r;
}
