/** The store's first snapshot (now or to come) that satisfies `pred`: tests wait on state, not time. */
import type { LabSnapshot, LabStore } from '../../src/state/labStore';

export function untilSnapshot(store: LabStore, pred: (s: LabSnapshot) => boolean): Promise<LabSnapshot> {
  return new Promise<LabSnapshot>((resolve) => {
    if (pred(store.getSnapshot())) return resolve(store.getSnapshot());
    const off = store.subscribe(() => {
      const s = store.getSnapshot();
      if (pred(s)) {
        off();
        resolve(s);
      }
    });
  });
}
