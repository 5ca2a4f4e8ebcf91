/**
 * Colour scales shared by the gradient charts and the decision boundary, and the colour-bar
 * legend that explains the gradient scale.
 *
 * Gradient norms span many orders of magnitude (a plain 56-layer net's input layers can see
 * 10⁻⁶ of what its head sees), so every gradient colour encodes log10 of the norm.
 */
import { interpolateViridis, rgb, scaleLinear, scaleSequential } from 'd3';
import type { Selection } from 'd3';
import { FONT_FAMILY, FONT_TICK, INK, INK_SOFT } from './palette';

/** A domain in log10 units: [-4, 0] spans norms 10⁻⁴ … 1. */
export type Log10Domain = [number, number];

/** Viridis: dark purple for vanishing gradients, yellow for large ones; readable in grey. */
export const GRADIENT_INTERPOLATOR = interpolateViridis;

/** Entries in GRADIENT_LUT. */
export const LUT_SIZE = 256;

/** RGB triples of the gradient interpolator at LUT_SIZE even steps, for painting canvases. */
export const GRADIENT_LUT: Uint8ClampedArray = (() => {
  const lut = new Uint8ClampedArray(LUT_SIZE * 3);
  for (let i = 0; i < LUT_SIZE; i++) {
    const c = rgb(GRADIENT_INTERPOLATOR(i / (LUT_SIZE - 1)));
    lut[3 * i] = c.r;
    lut[3 * i + 1] = c.g;
    lut[3 * i + 2] = c.b;
  }
  return lut;
})();

/** Index into GRADIENT_LUT of a log10 value, clamped to the domain; -1 for NaN or ±∞. */
export function lutIndex(log10Value: number, domain: Log10Domain): number {
  if (!Number.isFinite(log10Value)) return -1;
  const [lo, hi] = domain;
  const t = hi > lo ? (log10Value - lo) / (hi - lo) : 0.5;
  return Math.round(Math.min(1, Math.max(0, t)) * (LUT_SIZE - 1));
}

/** CSS colour of a log10 gradient norm under a domain, clamped at both ends. */
export function gradientColor(domain: Log10Domain): (log10Value: number) => string {
  return scaleSequential(GRADIENT_INTERPOLATOR).domain(domain).clamp(true);
}

/**
 * The finite extent of some log10 values, or `fallback` when there is none. A degenerate
 * extent is widened by half a decade each way so the scale stays usable.
 */
export function fitDomain(values: Iterable<number>, fallback: Log10Domain = [-4, 0]): Log10Domain {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values) {
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (lo > hi) return [...fallback];
  if (lo === hi) return [lo - 0.5, hi + 0.5];
  return [lo, hi];
}

const SUPERSCRIPT: Record<string, string> = {
  '-': '⁻',
  '0': '⁰',
  '1': '¹',
  '2': '²',
  '3': '³',
  '4': '⁴',
  '5': '⁵',
  '6': '⁶',
  '7': '⁷',
  '8': '⁸',
  '9': '⁹',
};

/** 10 to a power as a label: 10⁻³ for integers, 3.2e-3 otherwise. */
export function formatPow10(exponent: number): string {
  if (Number.isInteger(exponent)) {
    if (exponent === 0) return '1';
    if (exponent === 1) return '10';
    return '10' + [...String(exponent)].map((ch) => SUPERSCRIPT[ch] ?? ch).join('');
  }
  return (10 ** exponent).toExponential(1).replace('e+', 'e');
}

/**
 * Class colours of the decision boundary: Okabe–Ito orange and blue first (the two classes of
 * every binary toy), then more of the set. Distinct under common colour-vision deficiencies.
 */
export const CLASS_COLORS: readonly string[] = [
  '#E69F00',
  '#0072B2',
  '#009E73',
  '#CC79A7',
  '#D55E00',
  '#56B4E9',
  '#F0E442',
  '#000000',
];

export interface LegendOptions {
  domain: Log10Domain;
  width: number;
  title: string;
  /** Id of the <linearGradient>, unique in the document. */
  gradientId: string;
}

const LEGEND_BAR = 12;
/** Vertical space a colour legend takes: title, bar and tick labels. */
export const LEGEND_HEIGHT = 20 + LEGEND_BAR + 22;

/**
 * Draws (or redraws in place) a horizontal colour bar of the gradient scale with ticks at
 * integer powers of ten, into `g`, whose origin is the legend's top-left corner.
 */
export function drawGradientLegend(
  g: Selection<SVGGElement, unknown, null, undefined>,
  o: LegendOptions,
): void {
  const stops = 11;
  let defs = g.select<SVGDefsElement>('defs');
  if (defs.empty()) {
    defs = g.append('defs');
    const grad = defs.append('linearGradient').attr('id', o.gradientId);
    for (let i = 0; i < stops; i++)
      grad
        .append('stop')
        .attr('offset', `${(100 * i) / (stops - 1)}%`)
        .attr('stop-color', GRADIENT_INTERPOLATOR(i / (stops - 1)));
  }
  g.selectAll('text.legend-title')
    .data([o.title])
    .join('text')
    .attr('class', 'legend-title')
    .attr('y', 14)
    .attr('fill', INK)
    .attr('font-family', FONT_FAMILY)
    .attr('font-size', FONT_TICK)
    .text((d) => d);
  g.selectAll('rect.legend-bar')
    .data([0])
    .join('rect')
    .attr('class', 'legend-bar')
    .attr('y', 20)
    .attr('width', o.width)
    .attr('height', LEGEND_BAR)
    .attr('fill', `url(#${o.gradientId})`);
  const x = scaleLinear().domain(o.domain).range([0, o.width]);
  const [lo, hi] = o.domain;
  let ticks: number[] = [];
  for (let k = Math.ceil(lo); k <= Math.floor(hi); k++) ticks.push(k);
  // Thin the decades to at most one label per 48px.
  const every = Math.max(1, Math.ceil((ticks.length * 48) / Math.max(1, o.width)));
  ticks = ticks.filter((k) => k % every === 0);
  if (ticks.length === 0) ticks = [lo, hi];
  const tick = g
    .selectAll<SVGGElement, number>('g.legend-tick')
    .data(ticks)
    .join((enter) => {
      const t = enter.append('g').attr('class', 'legend-tick');
      t.append('line').attr('stroke', INK_SOFT);
      t.append('text')
        .attr('fill', INK)
        .attr('font-family', FONT_FAMILY)
        .attr('font-size', FONT_TICK)
        .attr('text-anchor', 'middle');
      return t;
    })
    .attr('transform', (d) => `translate(${x(d).toFixed(1)},0)`);
  tick
    .select('line')
    .attr('y1', 20 + LEGEND_BAR)
    .attr('y2', 20 + LEGEND_BAR + 4);
  tick
    .select('text')
    .attr('y', 20 + LEGEND_BAR + 19)
    .text((d) => formatPow10(d));
}
