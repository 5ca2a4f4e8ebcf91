/**
 * Figures shared by the Node and the Chromium soak (nodeSoak.ts, browserSoak.ts): what a
 * series of samples says about growth, and where the results go. Pure functions, so both
 * soaks judge their samples the same way.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
export const MB = 1024 * 1024;

export const median = (a: number[]): number => {
  if (!a.length) return NaN;
  const s = [...a].sort((x, y) => x - y);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export interface Spread {
  min: number;
  median: number;
  max: number;
  /** Median of the last quarter of the samples minus the median of the first quarter. */
  growth: number;
}

/**
 * Medians of quarters rather than first-vs-last sample: a heap between two collections
 * is a sawtooth, and one sample taken just before a collection would read as growth.
 */
export function spread(values: number[]): Spread {
  const q = Math.max(1, Math.floor(values.length / 4));
  return {
    min: Math.min(...values),
    median: median(values),
    max: Math.max(...values),
    growth: median(values.slice(-q)) - median(values.slice(0, q)),
  };
}

/** A distinct count (tensors): its value at warm-up and the range seen after it. */
export function countRange(values: number[]): { atWarmUp: number; min: number; max: number } {
  return { atWarmUp: values[0] ?? NaN, min: Math.min(...values), max: Math.max(...values) };
}

export const mb = (bytes: number) => `${(bytes / MB).toFixed(1)} MB`;

/** Prints `rows` as aligned columns under `head`. */
export function printTable(head: string[], rows: (string | number)[][]): void {
  const cells = [head, ...rows.map((r) => r.map(String))];
  const widths = head.map((_, i) => Math.max(...cells.map((r) => r[i]?.length ?? 0)));
  for (const r of cells) console.log('  ' + r.map((c, i) => c.padStart(widths[i]!)).join('  '));
}

/** Writes the results under test-results/ (gitignored), where CI artifacts also go. */
export async function writeResults(name: string, results: unknown): Promise<string> {
  const file = resolve(ROOT, 'test-results', name);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(results, null, 2) + '\n');
  return file;
}

/** One pass/fail check with its figures in words: the soaks exit 1 when any check fails. */
export type Check = { name: string; ok: boolean; detail: string };

export function report(checks: Check[]): boolean {
  for (const c of checks) console.log(`  ${c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  return checks.every((c) => c.ok);
}
