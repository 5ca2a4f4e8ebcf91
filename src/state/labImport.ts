/**
 * An experiment file back into the Lab's snapshot: the session it describes (rebuilt from
 * its checked controls, so labels, specs and diagrams are the Lab's own), every run's
 * records as if the worker had just sent them, the toy points and boundary grid. Nothing
 * trains: the session is finished ('done') or, if it was exported part way, 'stopped', and
 * Train builds a fresh session from the same controls.
 */
import type { Experiment } from './experimentFile';
import { newSession } from './labSession';
import type { LabSnapshot } from './labStore';
import { addEval, addPoints, addProbe, newRunData, stopRun } from './runData';
import type { RunData } from './runData';

/** Where the session on screen came from, when it was read from a file. */
export interface ImportedInfo {
  name: string;
  exportedAt: string;
  appVersion: string;
}

/** null (a non-finite value in the file) reads back as NaN, which the charts leave out. */
const f32 = (a: readonly (number | null)[]) => Float32Array.from(a, (v) => v ?? NaN);

function runData(r: Experiment['runs'][number]): RunData {
  const d = newRunData(structuredClone(r.layout), r.engine);
  const n = r.points.step.length;
  addPoints(d, {
    run: r.id,
    steps: Int32Array.from(r.points.step),
    trainErr: f32(r.points.trainErr),
    loss: f32(r.points.loss),
    // The Lab keeps no learning-rate curve, so the file holds none.
    learningRate: new Float32Array(n),
  });
  r.evals.step.forEach((step, i) =>
    addEval(d, { run: r.id, step, testErr: r.evals.testErr[i] ?? NaN, trainErr: r.evals.trainErr[i] ?? NaN }),
  );
  for (const p of r.probes)
    addProbe(d, {
      run: r.id,
      step: p.step,
      gradNorms: f32(p.gradNorms),
      blockGradNorms: f32(p.blockGradNorms),
      weightNorms: f32(p.weightNorms),
      layerStd: f32(p.layerStd),
      blockStd: f32(p.blockStd),
      blockRatio: f32(p.blockRatio),
    });
  if (r.status !== 'ok') stopRun(d, r.status, r.reason ?? '');
  return d;
}

/** The snapshot fields an imported experiment sets; every session field is replaced. */
export function importedSnapshot(
  exp: Experiment,
  serial: number,
): Omit<LabSnapshot, 'notices' | 'settingsChanged' | 'version' | 'checkpointEvery' | 'overlay'> {
  const b = exp.boundary;
  return {
    controls: exp.controls,
    session: newSession(serial, exp.controls, exp.userData),
    phase: exp.progress.finished ? 'done' : 'stopped',
    backend: exp.backend && structuredClone(exp.backend),
    dataLabel: exp.dataLabel,
    step: exp.progress.step,
    totalSteps: exp.progress.totalSteps,
    stepsPerSecond: 0,
    secondsLeft: null,
    activity: null,
    startedAt: null,
    pending: null,
    runs: exp.runs.map(runData),
    error: null,
    longRun: null,
    savingEvery: null,
    lesion: null,
    landscape: null,
    toyPoints: exp.toyPoints && {
      x: Float32Array.from(exp.toyPoints.x),
      y: Int32Array.from(exp.toyPoints.y),
      test: [...exp.toyPoints.test],
    },
    boundary: b && {
      n: b.n,
      extent: [...b.extent],
      classes: b.classes,
      probs: new Map(b.runs.map((r) => [r.run, f32(r.probs)])),
    },
    sessionDate: exp.trainedAt === null ? null : Date.parse(exp.trainedAt),
    imported: { name: exp.name, exportedAt: exp.exportedAt, appVersion: exp.app.version },
    restored: null,
    saved: null,
    storageError: null,
    recovery: null,
  };
}
