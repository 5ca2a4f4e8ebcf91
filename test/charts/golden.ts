/**
 * Golden-SVG assertions in the manner of Observable Plot's tests: a chart's svg is
 * serialised one element per line with every number rounded to 2 decimals, and compared
 * with test/charts/golden/<name>.svg.
 *
 * An ordinary test run only reads goldens: a missing or different one fails. Regenerating
 * them is a deliberate command,
 *
 *   npm run golden:update      (UPDATE_GOLDEN=1 vitest run test/charts)
 *
 * which writes every golden the chart tests draw; review the diff by eye before committing.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), 'golden');
const SVG_NS = 'http://www.w3.org/2000/svg';

const roundNumbers = (s: string) =>
  s.replace(/-?\d*\.\d+(?:e[-+]?\d+)?/gi, (m) => {
    const r = +(+m).toFixed(2);
    return String(Object.is(r, -0) ? 0 : r);
  });
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttr = (s: string) => escapeText(s).replace(/"/g, '&quot;');

/** An element and its subtree as indented, number-rounded XML. */
export function serializeSvg(el: Element, depth = 0): string {
  const pad = '  '.repeat(depth);
  const attrs = [...el.attributes].map((a) => ` ${a.name}="${escapeAttr(roundNumbers(a.value))}"`);
  if (depth === 0 && el.tagName === 'svg' && !el.hasAttribute('xmlns')) attrs.unshift(` xmlns="${SVG_NS}"`);
  const open = `${pad}<${el.tagName}${attrs.join('')}`;
  const kids = [...el.childNodes].filter((n) => n.nodeType === 1 || (n.textContent ?? '').trim() !== '');
  if (!kids.length) return `${open}/>`;
  if (kids.every((n) => n.nodeType === 3))
    return `${open}>${escapeText(el.textContent ?? '')}</${el.tagName}>`;
  const inner = kids.map((n) =>
    n.nodeType === 1 ? serializeSvg(n as Element, depth + 1) : `${pad}  ${escapeText(n.textContent ?? '')}`,
  );
  return [`${open}>`, ...inner, `${pad}</${el.tagName}>`].join('\n');
}

/** Compares the first svg inside `container` with the stored golden `name`. */
export function expectGolden(name: string, container: Element): void {
  const svg = container.querySelector('svg');
  expect(svg, `${name}: the chart drew no svg`).not.toBeNull();
  const actual = `${serializeSvg(svg!)}\n`;
  const file = join(GOLDEN_DIR, `${name}.svg`);
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(GOLDEN_DIR, { recursive: true });
    writeFileSync(file, actual);
    return;
  }
  if (!existsSync(file))
    throw new Error(`golden ${file} is missing: create it with \`npm run golden:update\`, then review it`);
  expect(
    actual,
    `${name} differs from its golden; if the change is intended, run \`npm run golden:update\``,
  ).toBe(readFileSync(file, 'utf8'));
}
