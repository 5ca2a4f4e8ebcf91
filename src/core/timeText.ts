/**
 * Times in words, shared by the engine's measurement sentences and the UI: one formatter
 * each, so a step time reads the same on the badge, in the warning and in the trial's text.
 */

/** A step time: "2.1 s", "480 ms", "5.0 ms" (one decimal below 10 ms, where rounding hides the value). */
export function formatStepTime(ms: number): string {
  if (ms >= 1000) return `${(ms / 1000).toFixed(1)} s`;
  return `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms`;
}

/** A time left, in the largest units that matter: "45 s", "3 min 20 s", "1 h 40 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  const minutes = Math.round(s / 60);
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
