/**
 * What a Lab session was built from: the controls and data at the moment Train (or Step)
 * built it, with each run's label and NetSpec. Everything the Lab says about a session's
 * curves (legend, labels, diagrams, costs, verdict, chart titles) reads from here, never
 * from the live controls, which the learner may have edited since.
 */
import { runLabel, runSpec } from '../core/labState';
import type { LabState, RunControl } from '../core/labState';
import type { NetSpec } from '../core/netSpec';

/** The files a learner brought, as far as a session needs to know them. */
export interface UserDataInfo {
  kind: 'idx' | 'cifar10';
  label: string;
}

export interface SessionRun {
  id: string;
  label: string;
  control: RunControl;
  spec: NetSpec;
}

export interface LabSession {
  /** 1, 2, 3… per store: views keyed by it start afresh for a new session. */
  serial: number;
  controls: LabState;
  /** The brought files' label, or null for the shipped data and toys. */
  userDataLabel: string | null;
  runs: SessionRun[];
}

const CIFAR_IMAGE = { height: 32, width: 32, channels: 3, classes: 10 };

/** The image shape brought files give a conv net (CIFAR-10 batches), or undefined for the default. */
export function imageOf(user: UserDataInfo | null) {
  return user?.kind === 'cifar10' ? CIFAR_IMAGE : undefined;
}

/** Runs as they will be trained; throws a SpecError when one cannot be built. */
export function sessionRuns(controls: LabState, user: UserDataInfo | null): SessionRun[] {
  return controls.runs.map((control, i) => ({
    id: `run${i + 1}`,
    label: runLabel(control),
    control,
    spec: runSpec(control, user ? 'fashion' : controls.data, imageOf(user)),
  }));
}

/** Equal keys mean the same experiment: same controls, same data. */
export function experimentKey(controls: LabState, user: UserDataInfo | null): string {
  return JSON.stringify([controls, user?.label ?? null]);
}

export function newSession(serial: number, controls: LabState, user: UserDataInfo | null): LabSession {
  return { serial, controls, userDataLabel: user?.label ?? null, runs: sessionRuns(controls, user) };
}
