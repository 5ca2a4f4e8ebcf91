/**
 * Runs axe-core (bundled in node_modules, injected as a script: no network) in a page and
 * returns its critical and serious violations as short, readable lines.
 */
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

const AXE_PATH = createRequire(import.meta.url).resolve('axe-core/axe.min.js');

export interface AxeFinding {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** Every violation axe finds, by rule; the caller decides which impacts fail. */
export async function runAxe(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate('typeof window.axe === "object"'))) await page.addScriptTag({ path: AXE_PATH });
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

export function describeFindings(findings: AxeFinding[]): string {
  return findings.map((f) => `${f.impact} ${f.id} (${f.help}): ${f.targets.join(' | ')}`).join('\n');
}
