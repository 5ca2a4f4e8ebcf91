import { useState } from 'react';
import type { ChartTable } from '../charts/scales';
import { downloadCsv, downloadPng, downloadSvg, fileSlug } from './export';

interface Props {
  /** Names the files and the buttons' accessible labels. */
  title: string;
  /** The chart's svg, looked up when a button is pressed. */
  svg?: () => SVGSVGElement | null;
  /** The table behind the chart or the table itself. */
  table?: () => ChartTable | null;
}

/** "CSV", "SVG", "PNG" buttons that download what a table or chart shows. */
export function ExportButtons({ title, svg, table }: Props) {
  const [error, setError] = useState<string | null>(null);
  const name = fileSlug(title);
  const withSvg = (f: (el: SVGSVGElement) => void | Promise<void>) => async () => {
    setError(null);
    const el = svg?.();
    if (!el) return;
    try {
      await f(el);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };
  return (
    <span className="export-buttons">
      {table && (
        <button
          type="button"
          className="small"
          aria-label={`Download ${title} as CSV`}
          onClick={() => {
            const t = table();
            if (t) downloadCsv(name, t);
          }}
        >
          CSV
        </button>
      )}
      {svg && (
        <>
          <button
            type="button"
            className="small"
            aria-label={`Download ${title} as SVG`}
            onClick={withSvg((el) => downloadSvg(name, el))}
          >
            SVG
          </button>
          <button
            type="button"
            className="small"
            aria-label={`Download ${title} as PNG`}
            onClick={withSvg((el) => downloadPng(name, el))}
          >
            PNG
          </button>
        </>
      )}
      {error && (
        <span role="alert" className="error">
          {error}
        </span>
      )}
    </span>
  );
}
