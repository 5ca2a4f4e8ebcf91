/**
 * Runs axe-core (bundled in node_modules, evaluated into the page: no network) and returns
 * its violations as short, readable lines. It is evaluated over CDP rather than added as a
 * <script>: the built page's Content-Security-Policy refuses inline scripts, as it should.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Every violation axe finds, by rule; the caller decides which impacts fail. */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.evaluate(AXE_SOURCE);
  return page.evaluate(async () => {
    type Result = {
      violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    const axe = (window as unknown as { axe: { run: (context: Document) => Promise<Result> } }).axe;
    const result = await axe.run(document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      targets: v.nodes.slice(0, 6).map((n) => n.target.map(String).join(' ')),
    }));
  });
}

export const isBlocking = (f: AxeFinding) => f.impact === 'critical' || f.impact === 'serious';

/** The critical and serious violations on the page as it is now, one line each. */
export async function seriousViolations(page: Page): Promise<string[]> {
  return (await runAxe(page))
    .filter(isBlocking)
    .map((f) => `${f.id} (${f.impact}): ${f.targets.slice(0, 3).join('; ')}`);
}

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.join(' | ')}`).join('\n');
}
