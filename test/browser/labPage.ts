/** Helpers the Lab's projector and presenter browser tests share (not a test file itself). */
import type { Page } from 'playwright-core';

/** Presses Train on the default Lab (four toy MLPs) and waits for the session to finish. */
export async function trainToDone(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Train', exact: true }).click();
  await page.waitForFunction(
    () => / · done/.test(document.querySelector('.progress-text')?.textContent ?? ''),
    null,
    { timeout: 120_000 },
  );
}

/**
 * The smallest text a reader sees on the page: every visible text node's element, its
 * computed font size times the scale it is drawn at (an svg's viewBox or a CSS transform),
 * so a chart shrunk to fit a column counts at the size it appears.
 */
export function smallestText(page: Page, within = 'body'): Promise<{ size: number; text: string }> {
  return page.evaluate((sel) => {
    const root = document.querySelector(sel)!;
    const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    let best = { size: Infinity, text: '' };
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const text = n.textContent?.trim();
      const el = n.parentElement;
      if (!text || !el || el.closest('option, script, style, title')) continue;
      const style = getComputedStyle(el);
      if (style.visibility === 'hidden' || el.getClientRects().length === 0) continue;
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0) continue;
      let scale = 1;
      if (el instanceof SVGGraphicsElement) {
        const m = el.getScreenCTM();
        if (m) scale = Math.hypot(m.a, m.b);
      } else if (el.offsetWidth > 0) scale = r.width / el.offsetWidth;
      const size = parseFloat(style.fontSize) * scale;
      if (size < best.size) best = { size: Math.round(size * 10) / 10, text: text.slice(0, 60) };
    }
    return best;
  }, within);
}
