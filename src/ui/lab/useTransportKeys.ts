import { useEffect, useRef } from 'react';

/** Keys that drive training, unless the learner is typing in a field. */
export function useTransportKeys(actions: { toggle(): void; step(): void; reset(): void }) {
  const ref = useRef(actions);
  ref.current = actions;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const t = e.target as HTMLElement | null;
      if (
        t &&
        (t.closest('input, select, textarea, button, [contenteditable="true"]') ||
          e.metaKey ||
          e.ctrlKey ||
          e.altKey)
      )
        return;
      if (e.key === ' ') ref.current.toggle();
      else if (e.key === 'ArrowRight') ref.current.step();
      else if (e.key === 'r') ref.current.reset();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
