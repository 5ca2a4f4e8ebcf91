/**
 * The Lab's overlay: a PyTorch log (torchLog.ts) drawn over the browser's curves. It lives
 * beside the session, not in it, so a new session (or an imported experiment) keeps it;
 * only clearTorchLog or another log replaces it.
 */
import type { LabSnapshot } from './labSnapshot';
import { parseTorchLog } from './torchLog';
import type { ParsedTorchLog } from './torchLog';

/** The store's overlay methods (LabStore.loadTorchLog, clearTorchLog). */
export function overlayMethods(set: (patch: Partial<LabSnapshot>) => void) {
  return {
    /** Reads a log and overlays it; a refused log leaves the overlay (and all else) as it was. */
    loadTorchLog(text: string): ParsedTorchLog {
      const parsed = parseTorchLog(text);
      if (parsed.ok) set({ overlay: parsed.value });
      return parsed;
    },
    clearTorchLog() {
      set({ overlay: null });
    },
  };
}
