import { useSyncExternalStore } from 'react';
import type { LabSnapshot, LabStore } from '../../state/labStore';

export function useLabSnapshot(store: LabStore): LabSnapshot {
  return useSyncExternalStore(store.subscribe, store.getSnapshot, store.getSnapshot);
}
