import { useEffect, useRef } from 'react';

export interface TransportKeyActions {
  toggle(): void;
  step(): void;
  reset(): void;
  /** P: enter presenter mode. */
  present?(): void;
  /** Esc: leave it. */
  leave?(): void;
}

/** Keys that drive training, unless the learner is typing in a field. */
export function useTransportKeys(actions: TransportKeyActions) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.metaKey || e.ctrlKey || e.altKey) return;
      // Esc leaves presenter mode wherever the focus is (its own button included).
      if (e.key === 'Escape' && ref.current.leave) {
        ref.current.leave();
        return;
      }
      const t = e.target as HTMLElement | null;
      if (t && t.closest('input, select, textarea, button, [contenteditable="true"]')) return;
      if (e.key === ' ') ref.current.toggle();
      else if (e.key === 'ArrowRight') ref.current.step();
      else if (e.key === 'r') ref.current.reset();
      else if ((e.key === 'p' || e.key === 'P') && ref.current.present) ref.current.present();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
