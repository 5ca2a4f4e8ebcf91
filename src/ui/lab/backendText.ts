/**
 * The sentence that says how the session's backend was chosen, from the measurement the
 * engine reported with the session (BackendChoice.measured), never from the controls.
 */
import type { BackendChoice, TrialEntry } from '../../engine/backend';
import { formatStepTime } from '../numbers';

function entryText(e: TrialEntry): string {
  const name = e.software ? `${e.backend} (${e.software})` : e.backend;
  if (e.msPerStep !== undefined) return `${name} ${formatStepTime(e.msPerStep)} per step`;
  // "webgl is not available in this environment" names itself; other reasons need the name.
  return e.passedOver!.startsWith(e.backend) ? e.passedOver! : `${name}: ${e.passedOver}`;
}

/** "Chosen by timing these networks: wasm 212 ms per step (fastest); cpu: …; …", or null. */
export function measurementText(choice: BackendChoice | null): string | null {
  if (!choice?.measured) return null;
  const chosen = choice.measured.find((e) => e.backend === choice.backend);
  const rest = choice.measured.filter((e) => e !== chosen);
  return [
    `Chosen by timing warm training steps of these networks: ${chosen ? `${entryText(chosen)} (fastest)` : choice.backend}`,
    ...rest.map(entryText),
  ].join('; ');
}
