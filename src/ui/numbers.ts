/** Number formats of the Blocks and Zoo tables: exact integers, and the paper's ×10^9. */
const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** 21797672 → "21,797,672". */
export const formatInt = (n: number): string => int.format(n);

/** 3857973248 → "3.86" (in units of 10^9, as the paper's Table 1). */
export const formatGiga = (n: number, digits = 2): string => (n / 1e9).toFixed(digits);

/** 21797672 → "21.8 M"; 73728 → "73.7 k". */
export function formatShort(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} k`;
  return String(n);
}

/** A ratio as "1.06×". */
export const formatRatio = (r: number): string => `${r.toFixed(2)}×`;

export { formatDuration, formatStepTime } from '../core/timeText';
