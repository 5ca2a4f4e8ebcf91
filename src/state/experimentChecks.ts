/**
 * What the schema cannot say about an experiment file: that its controls are ones the Lab
 * accepts (the URL codec's own validation, then the NetSpec each run builds), that every run
 * is the run those controls make (id, label and spec), and that its records hang together:
 * parallel arrays of equal length, steps in order and within the session, probe arrays as
 * long as the layout names, a boundary grid of n×n×classes.
 */
import type { LabState } from '../core/labState';
import { isToy, runSpec } from '../core/labState';
import { SpecError } from '../core/specError';
import { decodeLabState, encodeLabState } from '../core/urlCodec';
import type { Experiment, ParsedExperiment } from './experimentFile';
import type { ExperimentFile, ExperimentRun } from './experimentSchema';
import { imageOf, sessionRuns } from './labSession';

const refuse = (message: string): ParsedExperiment => ({ ok: false, message });

/** Plain-data equality (JSON values), ignoring key order. */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameData((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/** The controls through the URL codec: a value a link would refuse is refused here too. */
function checkControls(c: ExperimentFile['controls']): LabState | string {
  const decoded = decodeLabState(encodeLabState(c as LabState));
  if (decoded.notices.length) return `controls: ${decoded.notices[0]}`;
  if (!sameData(decoded.state, c)) return 'controls: these settings cannot be written as a Lab link';
  return decoded.state;
}

/** "step has 24 values but trainErr has 23", or null when every array is as long as the first. */
function sameLengths(at: string, arrays: Record<string, readonly unknown[]>): string | null {
  const [first, ...rest] = Object.entries(arrays);
  for (const [name, a] of rest)
    if (a.length !== first![1].length)
      return `${at}: ${first![0]} has ${first![1].length} values but ${name} has ${a.length}`;
  return null;
}

/** Steps strictly increasing (or, for probes, never decreasing) and no later than `last`. */
function stepsInOrder(at: string, steps: readonly number[], last: number, strict = true): string | null {
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i]!;
    if (s > last) return `${at}[${i}]: step ${s} is after the session's last step (${last})`;
    if (i > 0 && (strict ? s <= steps[i - 1]! : s < steps[i - 1]!))
      return `${at}[${i}]: step ${s} does not follow step ${steps[i - 1]}`;
  }
  return null;
}

function checkRun(r: ExperimentRun, at: string, last: number): string | null {
  if (r.layout.run !== r.id)
    return `${at}.layout.run: "${r.layout.run.slice(0, 24)}" is not this run's id (${r.id})`;
  if (r.status !== 'ok' && !r.reason) return `${at}.reason: a ${r.status} run needs the reason it stopped`;
  const problem =
    sameLengths(`${at}.points`, r.points) ??
    stepsInOrder(`${at}.points.step`, r.points.step, last) ??
    sameLengths(`${at}.evals`, r.evals) ??
    stepsInOrder(`${at}.evals.step`, r.evals.step, last) ??
    stepsInOrder(
      `${at}.probes`,
      r.probes.map((p) => p.step),
      last,
      false,
    );
  if (problem) return problem;
  const L = r.layout;
  const expected = {
    gradNorms: L.params.length,
    blockGradNorms: L.blocks.length,
    weightNorms: L.weights.length,
    layerStd: L.responseLayers.length,
    blockStd: L.blocks.length,
    blockRatio: L.blocks.length,
  } as const;
  for (let i = 0; i < r.probes.length; i++)
    for (const [name, n] of Object.entries(expected)) {
      const got = r.probes[i]![name as keyof typeof expected].length;
      if (got !== n)
        return `${at}.probes[${i}].${name}: expected ${n} values (one per layout entry), got ${got}`;
    }
  return null;
}

function checkToy(f: ExperimentFile): string | null {
  if (f.toyPoints) {
    const t = f.toyPoints;
    if (t.x.length !== 2 * t.y.length)
      return `toyPoints.x: expected ${2 * t.y.length} coordinates (two per label), got ${t.x.length}`;
    if (t.test.length !== t.y.length)
      return `toyPoints.test: expected ${t.y.length} flags (one per label), got ${t.test.length}`;
  }
  if (f.boundary) {
    const b = f.boundary;
    const ids = new Set(f.runs.map((r) => r.id));
    const seen = new Set<string>();
    for (let i = 0; i < b.runs.length; i++) {
      const r = b.runs[i]!;
      if (!ids.has(r.run) || seen.has(r.run))
        return `boundary.runs[${i}].run: "${r.run.slice(0, 24)}" is not one of the session's runs, or appears twice`;
      seen.add(r.run);
      if (r.probs.length !== b.n * b.n * b.classes)
        return `boundary.runs[${i}].probs: expected ${b.n * b.n * b.classes} values (${b.n}×${b.n} grid × ${b.classes} classes), got ${r.probs.length}`;
    }
  }
  return null;
}

/** Everything beyond the schema; the value returned carries the codec's checked controls. */
export function checkExperiment(f: ExperimentFile): ParsedExperiment {
  const controls = checkControls(f.controls);
  if (typeof controls === 'string') return refuse(controls);
  const user = f.userData;
  const data = user ? 'fashion' : controls.data;
  for (let i = 0; i < controls.runs.length; i++) {
    try {
      runSpec(controls.runs[i]!, data, imageOf(user));
    } catch (e) {
      if (e instanceof SpecError) return refuse(`controls.runs[${i}].${e.message}`);
      throw e;
    }
  }
  const built = sessionRuns(controls, user);
  if (f.runs.length !== built.length)
    return refuse(`runs: ${f.runs.length} runs recorded but the controls make ${built.length}`);
  const p = f.progress;
  if (p.step > p.totalSteps)
    return refuse(`progress.step: ${p.step} is past the session's ${p.totalSteps} steps`);
  if (p.totalSteps !== controls.steps)
    return refuse(`progress.totalSteps: ${p.totalSteps} is not the controls' ${controls.steps} steps`);
  for (let i = 0; i < built.length; i++) {
    const r = f.runs[i]!;
    const b = built[i]!;
    const at = `runs[${i}]`;
    if (r.id !== b.id) return refuse(`${at}.id: expected "${b.id}", got "${r.id.slice(0, 24)}"`);
    if (r.label !== b.label)
      return refuse(`${at}.label: "${r.label.slice(0, 40)}" is not what its controls make (${b.label})`);
    if (!sameData(r.spec, b.spec))
      return refuse(`${at}.spec: not the network its controls build (${b.label})`);
    const problem = checkRun(r, at, p.step);
    if (problem) return refuse(problem);
  }
  if ((f.toyPoints || f.boundary) && (user || !isToy(controls.data)))
    return refuse('toyPoints: only a 2-D toy experiment has toy points and a decision boundary');
  const toy = checkToy(f);
  if (toy) return refuse(toy);
  const value: Experiment = { ...f, controls };
  return { ok: true, value };
}
