/** The `ready` event of a session built from a create command (or a reset), from its Live. */
import type { ReadyEvent } from './protocol';
import type { Live } from './live';
import { toyPoints } from './toyView';

export function readyEvent(l: Live): ReadyEvent {
  const { create: cmd, data, session } = l;
  return {
    type: 'ready',
    sessionId: cmd.sessionId,
    step: session.stepCount,
    // A copy: the picker keeps the original, remembered for this network shape.
    backend: structuredClone(l.backend),
    msPerStep: l.picked.msPerStep,
    layouts: session.runs.map((r) => r.layout),
    engines: Object.fromEntries(session.runs.map((r) => [r.id, r.engine])),
    config: cmd.config,
    dataLabel: data.label,
    trainSize: data.train.n,
    testSize: data.test.n,
    inputShape: [...data.train.shape],
    numClasses: data.train.numClasses,
    ...toyPoints(data),
  };
}
