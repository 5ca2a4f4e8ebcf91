/**
 * Colours and type for every chart, chosen for a classroom projector: dark ink on white,
 * 14px+ type, and run colours from the Okabe–Ito set, which stays distinct under the three
 * common colour-vision deficiencies. Run i has the same colour in every chart.
 */

/**
 * Okabe–Ito vermillion, blue, bluish green and reddish purple: the four of the eight with at
 * least 3:1 contrast on white (yellow, orange and sky blue wash out on a projector).
 * Vermillion and blue echo the app's --plain and --residual, since run 0 is usually plain.
 */
export const RUN_COLORS = ['#D55E00', '#0072B2', '#009E73', '#CC79A7'] as const;

/** The colour of run `index`; indices past 3 wrap around. */
export function runColor(index: number): string {
  const n = RUN_COLORS.length;
  return RUN_COLORS[((Math.trunc(index) % n) + n) % n]!;
}

/** The colour a run is drawn in: its own if the data gives one, else its index's. */
export function colorOf(run: { color?: string }, index: number): string {
  return run.color ?? runColor(index);
}

export const INK = '#15191f';
export const INK_SOFT = '#3d4550';
export const GRID = '#dde1e7';
export const PAPER = '#ffffff';

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
/** Tick labels. */
export const FONT_TICK = 15;
/** Axis titles and legends. */
export const FONT_LABEL = 16;
