/**
 * The experiment the Lab's "Export to PyTorch" writes a program for (src/torch): the session
 * on screen, its runs and the controls it was built from, or, before a session, the runs
 * the live controls would build. The learner's own files stay in the browser: the program
 * reads files of the same kind from its --data folder, so the source names the kind only.
 */
import { validateTrainConfig } from '../core/trainConfig';
import { LAB_EVAL_SAMPLE } from '../core/trainingTime';
import type { DataSource } from '../core/dataSource';
import type { TorchExperiment } from '../torch/torchExperiment';
import { dataSourceOf, trainConfigOf } from './labCommand';
import type { UserData } from './labCommand';
import { newSession } from './labSession';
import type { LabSession } from './labSession';
import type { LabSnapshot } from './labSnapshot';

export type TorchExport = { ok: true; value: TorchExperiment } | { ok: false; message: string };

/**
 * The kind of files a session trained on, or null for the Lab's own data. A session keeps
 * only their label, so the kind is read from its nets, as the experiment file does: a
 * three-channel input is CIFAR-10's, anything else IDX images.
 */
function userKind(session: LabSession): 'idx' | 'cifar10' | null {
  if (session.userDataLabel === null) return null;
  const spec = session.runs[0]?.spec;
  return spec && spec.kind !== 'mlp' && spec.input.channels === 3 ? 'cifar10' : 'idx';
}

function dataName(session: LabSession): string {
  const c = session.controls;
  return session.userDataLabel ?? (c.data === 'fashion' ? 'Fashion-MNIST' : c.data);
}

export function torchExperimentOf(
  snap: Pick<LabSnapshot, 'session' | 'controls'>,
  user: UserData,
): TorchExport {
  let session: LabSession;
  try {
    // Before a session, the runs the live controls (and the files brought now) would build.
    session = snap.session ?? newSession(0, snap.controls, user);
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const kind = userKind(session);
  const data: DataSource = kind ? { kind, files: [] } : dataSourceOf(session.controls, null);
  let config;
  try {
    config = validateTrainConfig(trainConfigOf(session.controls, kind !== null));
  } catch (e) {
    return { ok: false, message: (e as Error).message };
  }
  const labels = session.runs.map((r) => r.label);
  return {
    ok: true,
    value: {
      name: 'lab',
      title: `ResLab Lab: ${labels.join(', ')} on ${dataName(session)}`,
      data,
      runs: session.runs.map((r) => ({ id: r.id, label: r.label, spec: r.spec })),
      config,
      evalSample: LAB_EVAL_SAMPLE,
    },
  };
}
