import katex from 'katex';
import 'katex/dist/katex.min.css';
import { useMemo } from 'react';

interface Props {
  /** TeX source; written in the page's code, never taken from the URL or the learner. */
  tex: string;
  /** A display (block) formula rather than one inline in the text. */
  block?: boolean;
}

/**
 * A formula typeset by KaTeX, with its bundled fonts (no CDN). throwOnError is off, so a
 * mistake in the TeX shows as red source text instead of breaking the page.
 */
export function Formula({ tex, block = false }: Props) {
  const html = useMemo(
    () => katex.renderToString(tex, { throwOnError: false, displayMode: block, output: 'htmlAndMathml' }),
    [tex, block],
  );
  const Tag = block ? 'div' : 'span';
  // The markup is KaTeX's rendering of TeX written in this codebase.
  return (
    // A display formula may scroll sideways: tabIndex lets a keyboard reach it (axe: scrollable-region-focusable).
    <Tag
      className={block ? 'formula formula-block' : 'formula'}
      tabIndex={block ? 0 : undefined}
      dangerouslySetInnerHTML={{ __html: html }}
    />
  );
}
