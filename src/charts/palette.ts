/**
 * Colours and type for every chart, chosen for a classroom projector: 14px+ type, ink and
 * paper that follow the light or dark theme, and run colours from the Okabe–Ito set, which
 * stays distinct under the three common colour-vision deficiencies. Run i has the same colour
 * in every chart and in both themes.
 */

/**
 * Okabe–Ito vermillion, blue, bluish green and reddish purple: the four of the eight with at
 * least 3:1 contrast on white (yellow, orange and sky blue wash out on a projector) and on
 * the dark theme's chart paper (black would vanish there).
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

/**
 * The light theme's chart colours as literals: for marks on data colours (viridis cells, the
 * decision boundary's tinted canvas), which look the same in both themes. styles.css defines
 * the same values as --chart-* (test/charts/contrast.test.ts keeps the two in step).
 */
export const LIGHT = {
  ink: '#15191f',
  inkSoft: '#3d4550',
  grid: '#dde1e7',
  paper: '#ffffff',
  conv: '#e6ecf7',
  relu: '#fff1d6',
  block: '#eef2f7',
  ops: '#f7f7f4',
  selected: '#c4145a',
} as const;

/**
 * A theme colour for an SVG attribute: the page's --chart-* property, with the light value as
 * the fallback, so an exported SVG or PNG (which carries no page CSS) is drawn light.
 */
const themed = (name: string, light: string) => `var(--chart-${name}, ${light})`;

export const INK = themed('ink', LIGHT.ink);
export const INK_SOFT = themed('ink-soft', LIGHT.inkSoft);
export const GRID = themed('grid', LIGHT.grid);
export const PAPER = themed('paper', LIGHT.paper);
/** Fills of the block anatomy's steps and the network diagram's boxes before any gradient. */
export const CONV_FILL = themed('conv', LIGHT.conv);
export const RELU_FILL = themed('relu', LIGHT.relu);
export const BLOCK_FILL = themed('block', LIGHT.block);
export const OPS_FILL = themed('ops', LIGHT.ops);
/** The outline of the block the learner selected. */
export const SELECTED = themed('selected', LIGHT.selected);

export const FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif";
/** Tick labels. */
export const FONT_TICK = 15;
/** Axis titles and legends. */
export const FONT_LABEL = 16;
