/**
 * WCAG 2 contrast of the app's colours, computed from the values in src/styles.css and
 * src/charts/palette.ts as they are now, so a changed colour that no longer reads fails here.
 * Text needs 4.5:1 against its background; focus rings, run colours and other marks 3:1.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CLASS_COLORS } from '../../src/charts/colorScales';
import { LIGHT, RUN_COLORS } from '../../src/charts/palette';

const css = readFileSync(new URL('../../src/styles.css', import.meta.url), 'utf8');

/** The custom properties declared directly in the first block that opens with `selector {`. */
function properties(selector: string): Map<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`styles.css has no block ${selector}`);
  const body = css.slice(start, css.indexOf('}', start));
  const out = new Map<string, string>();
  for (const m of body.matchAll(/--([a-z-]+):\s*([^;]+);/g)) out.set(m[1]!, m[2]!.trim());
  return out;
}

const LIGHT_VARS = properties(':root');
const DARK_VARS = new Map([...LIGHT_VARS, ...properties(":root[data-theme='dark']")]);
const THEMES = { light: LIGHT_VARS, dark: DARK_VARS } as const;

function hex(value: string): [number, number, number] {
  const m = /^#([0-9a-f]{6})$/i.exec(value);
  if (!m) throw new Error(`not a #rrggbb colour: ${value}`);
  const n = parseInt(m[1]!, 16);
  return [(n >> 16) & 255, (n >> 8) & 255, n & 255];
}

/** WCAG 2 relative luminance of an sRGB colour. */
export function luminance(value: string): number {
  const [r, g, b] = hex(value).map((c) => {
    const s = c / 255;
    return s <= 0.04045 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** [foreground, background] pairs of custom properties where the foreground is text. */
const TEXT_PAIRS: [string, string][] = [
  ['ink', 'paper'],
  ['ink', 'panel'],
  ['ink-soft', 'paper'],
  ['ink-soft', 'panel'],
  ['accent', 'paper'],
  ['accent', 'panel'],
  ['accent-hover', 'paper'],
  ['accent', 'tint'],
  ['on-accent', 'accent'],
  ['on-accent', 'accent-hover'],
  ['on-ink', 'ink'],
  ['topbar-ink', 'topbar'],
  ['topbar-ink-strong', 'topbar'],
  ['danger', 'paper'],
  ['danger', 'panel'],
  ['ink', 'tint'],
  ['ink', 'tint-warm'],
  ['ink', 'notice-bg'],
  ['ink', 'code-bg'],
  ['ink', 'footer-bg'],
  ['ink-soft', 'footer-bg'],
  ['ink', 'sketch-layer'],
  ['residual', 'panel'],
  ['chart-ink', 'chart-paper'],
  ['chart-ink-soft', 'chart-paper'],
  ['chart-ink', 'chart-conv'],
  ['chart-ink', 'chart-relu'],
  ['chart-ink', 'chart-block'],
  ['chart-ink', 'chart-ops'],
];

/** Marks that are not text: 3:1 (WCAG 1.4.11). */
const MARK_PAIRS: [string, string][] = [
  ['focus', 'paper'],
  ['focus', 'panel'],
  ['focus', 'tint'],
  ['topbar-focus', 'topbar'],
  ['plain', 'panel'],
  ['residual', 'panel'],
  ['chart-selected', 'chart-paper'],
  ['chart-selected', 'chart-block'],
];

describe.each(Object.entries(THEMES))('the %s theme', (_, vars) => {
  const get = (name: string) => {
    const v = vars.get(name);
    if (!v) throw new Error(`--${name} is not defined`);
    return v;
  };

  it.each(TEXT_PAIRS)('text --%s on --%s reads at 4.5:1 or more', (fg, bg) => {
    expect(contrast(get(fg), get(bg))).toBeGreaterThanOrEqual(4.5);
  });

  it.each(MARK_PAIRS)('--%s stands out from --%s at 3:1 or more', (fg, bg) => {
    expect(contrast(get(fg), get(bg))).toBeGreaterThanOrEqual(3);
  });

  it.each([...RUN_COLORS])('run colour %s stands out from the chart paper at 3:1 or more', (color) => {
    expect(contrast(color, get('chart-paper'))).toBeGreaterThanOrEqual(3);
  });
});

describe('the theme variables', () => {
  it('define the same properties in both themes (a light-only colour would show on dark)', () => {
    const dark = properties(":root[data-theme='dark']");
    const colours = [...LIGHT_VARS].filter(([, v]) => /^#|^rgb/.test(v)).map(([k]) => k);
    expect(colours.filter((k) => !dark.has(k))).toEqual([]);
  });

  it("match palette.ts's light fallbacks, which exported charts are drawn in", () => {
    const names: Record<keyof typeof LIGHT, string> = {
      ink: 'chart-ink',
      inkSoft: 'chart-ink-soft',
      grid: 'chart-grid',
      paper: 'chart-paper',
      conv: 'chart-conv',
      relu: 'chart-relu',
      block: 'chart-block',
      ops: 'chart-ops',
      selected: 'chart-selected',
    };
    for (const [key, name] of Object.entries(names))
      expect(LIGHT_VARS.get(name)?.toLowerCase(), name).toBe(LIGHT[key as keyof typeof LIGHT].toLowerCase());
  });
});

describe('the chart palettes', () => {
  it('keep the run colours apart from each other (no two alike)', () => {
    for (let i = 0; i < RUN_COLORS.length; i++)
      for (let j = i + 1; j < RUN_COLORS.length; j++)
        expect(RUN_COLORS[i]!.toLowerCase()).not.toBe(RUN_COLORS[j]!.toLowerCase());
  });

  it('draw runs and classes from the Okabe–Ito set, which stays distinct for colour-blind readers', () => {
    const okabeIto = ['#e69f00', '#56b4e9', '#009e73', '#f0e442', '#0072b2', '#d55e00', '#cc79a7', '#000000'];
    for (const c of [...RUN_COLORS, ...CLASS_COLORS]) expect(okabeIto).toContain(c.toLowerCase());
  });

  it('compute contrast as WCAG does (black on white is 21:1, #767676 on white 4.54:1)', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#767676', '#ffffff')).toBeCloseTo(4.54, 2);
  });
});
