import type { ReactNode } from 'react';

/**
 * A wide table that scrolls inside itself on a narrow screen, so the page never scrolls
 * sideways; focusable and named, so a keyboard can scroll it and a screen reader names it.
 */
export function TableScroll({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="table-scroll" tabIndex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}
