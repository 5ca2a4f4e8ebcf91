import { useRef } from 'react';
import { exportableSvg } from '../../charts/exportSvg';
import type { ChartTable } from '../../charts/scales';
import { ChartHost } from '../ChartHost';
import type { ChartHandle } from '../ChartHost';
import { ExportButtons } from '../ExportButtons';

interface Props<D> {
  title: string;
  make: (el: HTMLElement) => ChartHandle<D>;
  data: D;
  table: (data: D) => ChartTable;
  /** One line on what to look for in this chart (captions.ts). */
  caption?: string;
  /** When set, the chart has nothing to show: this sentence replaces its empty axes. */
  empty?: string | null;
  className?: string;
  children?: React.ReactNode;
}

/**
 * A Lab chart: its host, a "what to look for" line, CSV/SVG/PNG downloads (canvas cells
 * included), and a plain empty state instead of axes with nothing on them.
 */
export function LabChart<D>({ title, make, data, table, caption, empty, className, children }: Props<D>) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <div ref={box} className={`lab-chart${empty ? ' is-empty' : ''}`}>
      <ChartHost title={title} make={make} data={data} table={table} className={className}>
        {caption && <p className="look-for">{caption}</p>}
        <div className="chart-tools">
          {empty ? (
            <p className="chart-empty" data-testid="chart-empty">
              {empty}
            </p>
          ) : (
            <ExportButtons
              title={title}
              svg={() => exportableSvg(box.current?.querySelector('.chart-body') ?? null)}
              table={() => table(data)}
            />
          )}
          {children}
        </div>
      </ChartHost>
    </div>
  );
}

/** A chart's width from its element once laid out (jsdom has none: then `fallback`). */
export function fitWidth(el: HTMLElement, fallback: number, min = 240): number {
  const w = Math.floor(el.clientWidth);
  return w > 0 ? Math.max(min, w) : fallback;
}
