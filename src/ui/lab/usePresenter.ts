import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * Presenter mode on and off. It asks for full screen where the browser allows it and works
 * the same where it refuses (headless, iframes); leaving full screen by the browser's own
 * Esc (which the page never sees) leaves presenter mode too.
 */
export function usePresenter() {
  const [on, setOn] = useState(false);
  const wentFull = useRef(false);
  const enter = useCallback(() => {
    setOn(true);
    const root = document.documentElement;
    if (!document.fullscreenElement && typeof root.requestFullscreen === 'function')
      root
        .requestFullscreen()
        .then(() => (wentFull.current = true))
        .catch(() => (wentFull.current = false));
  }, []);
  const leave = useCallback(() => {
    setOn(false);
    if (wentFull.current && document.fullscreenElement) void document.exitFullscreen().catch(() => {});
    wentFull.current = false;
  }, []);
  // The page under the fixed presenter must not scroll (a wheel would move nothing visible).
  useEffect(() => {
    document.documentElement.classList.toggle('presenting', on);
    return () => document.documentElement.classList.remove('presenting');
  }, [on]);
  useEffect(() => {
    const onChange = () => {
      if (wentFull.current && !document.fullscreenElement) {
        wentFull.current = false;
        setOn(false);
      }
    };
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  return { on, enter, leave };
}
