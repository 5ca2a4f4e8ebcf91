import { useEffect } from 'react';

/** Sets the browser tab title to "<title> · ResLab" (just "ResLab" for an empty title). */
export function usePageTitle(title: string): void {
  useEffect(() => {
    document.title = title ? `${title} · ResLab` : 'ResLab';
  }, [title]);
}
