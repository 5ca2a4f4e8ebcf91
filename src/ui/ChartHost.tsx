import { memo, useEffect, useRef, useState } from 'react';
import type { ChartTable } from '../charts/scales';
import './chart.css';

export interface ChartHandle<D> {
  update(data: D): void;
  destroy(): void;
}

interface Props<D> {
  title: string;
  /** Makes the chart once, into the host's element; D3 owns what is inside it. */
  make: (el: HTMLElement) => ChartHandle<D>;
  data: D | null;
  /** The text alternative: a table of the latest values. */
  table?: (data: D) => ChartTable;
  className?: string;
  children?: React.ReactNode;
}

/**
 * A thin React host around a D3 chart (Excalidraw's habit): React owns the element, the
 * chart owns its inside, and data changes reach the chart at most once per animation frame.
 */
function ChartHostInner<D>({ title, make, data, table, className, children }: Props<D>) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ChartHandle<D> | null>(null);
  const makeRef = useRef(make);
  const frame = useRef<number | null>(null);
  const latest = useRef<D | null>(data);
  const [showTable, setShowTable] = useState(false);
  latest.current = data;

  useEffect(() => {
    if (!el.current) return;
    chart.current = makeRef.current(el.current);
    if (latest.current !== null) chart.current.update(latest.current);
    return () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
      chart.current?.destroy();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (frame.current !== null) return;
    frame.current = requestAnimationFrame(() => {
      frame.current = null;
      if (chart.current && latest.current !== null) chart.current.update(latest.current);
    });
  }, [data]);

  const t = showTable && data !== null && table ? table(data) : null;
  return (
    <figure className={`chart ${className ?? ''}`}>
      <figcaption>
        <span>{title}</span>
        {table && (
          <button
            type="button"
            className="small"
            aria-pressed={showTable}
            onClick={() => setShowTable((v) => !v)}
          >
            {showTable ? 'Hide table' : 'Show as table'}
          </button>
        )}
      </figcaption>
      {children}
      <div ref={el} className="chart-body" />
      {t && (
        <table className="chart-table">
          <caption>{title}: latest values</caption>
          <thead>
            <tr>
              {t.columns.map((c) => (
                <th key={c} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {t.rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j}>{v}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}

export const ChartHost = memo(ChartHostInner) as typeof ChartHostInner;
