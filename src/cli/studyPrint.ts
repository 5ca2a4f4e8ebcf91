/**
 * How `npm run lesion` and `npm run landscape` print their results: every figure is read
 * from the study's results, as the Lab's charts are. A lesion study is a table per run; a
 * 2-D landscape slice is a character picture of log10(loss) on one scale for every run
 * (the Lab's contour plots, in a terminal), a 1-D slice a table of losses along α.
 */
import type { LandscapeSlice } from '../engine/landscape';
import type { LesionResult } from '../engine/lesion';
import type { StudyRun } from './studySession';

const cell = (s: string, w = 6) => s.padStart(w);
const errPct = (e: number) => (100 * e).toFixed(1);
/** A table cell with a slot after the figure for its mark, so marked figures stay aligned. */
const mark = (figure: string, marked = false) => `${cell(figure)}${marked ? '*' : ' '}`;
const row = (cells: string[]) => `    ${cells.join('')}`.trimEnd();

/** Per run: its error as trained, with each block deleted, and with k random blocks deleted. */
export function lesionTable(results: readonly LesionResult[], runs: readonly StudyRun[]): string[] {
  const out: string[] = [];
  for (const r of results) {
    const run = runs.find((x) => x.id === r.run);
    const n = r.singles.length;
    out.push(
      `${run?.label ?? r.run}: ${errPct(r.baseline)}% test error as trained, ${n} block${n === 1 ? '' : 's'}`,
    );
    if (!n) continue;
    out.push(`  one block deleted (block 1 … ${n}):`);
    out.push(
      row(r.singles.map((b) => (b.error === null ? mark('–') : mark(errPct(b.error), b.downsampling)))),
    );
    if (r.random.length) {
      const draws = r.random[0]!.errors.length;
      const k = r.random.length;
      out.push(`  k random blocks deleted (mean of ${draws} draw${draws === 1 ? '' : 's'}, k = 1 … ${k}):`);
      const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
      out.push(row(r.random.map((x) => mark(errPct(mean(x.errors))))));
    }
    if (r.singles.some((b) => b.downsampling && b.error !== null))
      out.push('  * the block changes the shape (a downsampling block; the paper marks these)');
    const why = new Map<string, number[]>();
    r.singles.forEach((b, i) => b.why && why.set(b.why, [...(why.get(b.why) ?? []), i + 1]));
    for (const [reason, at] of why)
      out.push(`  – block${at.length === 1 ? '' : 's'} ${at.join(', ')} cannot be deleted: ${reason}`);
  }
  return out;
}

/** Low to high loss, one character per level. */
export const RAMP = ' .:-=+*#%@';

/** The shared log10 domain of several slices' losses (finite, positive values only). */
export function sliceDomain(slices: readonly LandscapeSlice[]): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of slices)
    for (const v of s.loss)
      if (v > 0 && Number.isFinite(v)) {
        lo = Math.min(lo, Math.log10(v));
        hi = Math.max(hi, Math.log10(v));
      }
  return lo > hi ? [0, 1] : [lo, hi];
}

/** The ramp's character for loss v on the log10 domain; "!" for a loss that is not finite. */
export function levelChar(v: number, [lo, hi]: readonly [number, number]): string {
  if (!(v > 0) || !Number.isFinite(v)) return '!';
  const f = hi > lo ? (Math.log10(v) - lo) / (hi - lo) : 0;
  return RAMP[Math.max(0, Math.min(RAMP.length - 1, Math.round(f * (RAMP.length - 1))))]!;
}

const extremes = (s: LandscapeSlice) => {
  const finite = [...s.loss].filter(Number.isFinite);
  return { lo: Math.min(...finite), hi: Math.max(...finite) };
};
const g4 = (v: number) => v.toPrecision(4);

/**
 * A 2-D slice as rows of characters, two per point: β = +span at the top, α = −span at the
 * left, "()" at the trained weights.
 */
export function slicePicture(s: LandscapeSlice, label: string, domain: readonly [number, number]): string[] {
  const n = s.axis.length;
  const { lo, hi } = extremes(s);
  const out = [`${label}: loss ${g4(s.centre)} at the trained weights, lowest ${g4(lo)}, highest ${g4(hi)}`];
  const mid = (n - 1) / 2;
  for (let j = n - 1; j >= 0; j--) {
    let row = '';
    for (let i = 0; i < n; i++)
      row += i === mid && j === mid ? '()' : levelChar(s.loss[j * n + i]!, domain).repeat(2);
    out.push(`  ${j === n - 1 ? 'β=+' : j === 0 ? 'β=−' : '   '}|${row}|`);
  }
  out.push(`     α = ${s.axis[0]} … ${s.axis.at(-1)} from left to right`);
  return out;
}

/** The scale every picture shares. */
export function scaleLine(domain: readonly [number, number]): string {
  const at = (f: number) => g4(10 ** (domain[0] + f * (domain[1] - domain[0])));
  return `scale (log10 loss, one for every run): "${RAMP[0]}" ${at(0)}  "${RAMP.slice(1, -1)}"  "${RAMP.at(-1)}" ${at(1)}; "()" the trained weights, "!" not finite`;
}

/** 1-D slices: one row per α, one column per run. */
export function curveTable(slices: readonly LandscapeSlice[], labels: readonly string[]): string[] {
  const w = Math.max(10, ...labels.map((l) => l.length + 2));
  const axis = slices[0]?.axis ?? [];
  const out = [`${cell('α', 7)}${labels.map((l) => cell(l, w)).join('')}`];
  axis.forEach((a, i) =>
    out.push(
      `${cell(a.toFixed(2), 7)}${slices.map((s) => cell(g4(s.loss[i]!), w)).join('')}${a === 0 ? '  ← trained' : ''}`,
    ),
  );
  return out;
}
