import { memo, useCallback, useEffect, useRef, useState } from 'react';
import type { ChartTable } from '../charts/scales';
import { paintScheduler } from './paintScheduler';
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
 * chart owns its inside, and data changes reach the chart through the page's paint scheduler
 * (at most once per animation frame, less often when its draws are costly: paintScheduler.ts).
 * A new `data` object means new data: callers memoise it, and the figure's `data-paints`
 * attribute counts the chart's draws so tests can catch a repaint that brought nothing new.
 */
function ChartHostInner<D>({ title, make, data, table, className, children }: Props<D>) {
  const el = useRef<HTMLDivElement>(null);
  const figure = useRef<HTMLElement>(null);
  const paints = useRef(0);
  const chart = useRef<ChartHandle<D> | null>(null);
  const makeRef = useRef(make);
  // The scheduler's key for this chart: one object per mounted host.
  const key = useRef({});
  const latest = useRef<D | null>(data);
  const [showTable, setShowTable] = useState(false);
  latest.current = data;

  const painted = useRef<D | null>(null);
  const paint = useCallback((d: D) => {
    // The mount effect and the data effect both see the first data: draw it once.
    if (d === painted.current || !chart.current) return;
    painted.current = d;
    chart.current.update(d);
    figure.current?.setAttribute('data-paints', String(++paints.current));
  }, []);

  useEffect(() => {
    if (!el.current) return;
    chart.current = makeRef.current(el.current);
    if (latest.current !== null) paint(latest.current);
    const k = key.current;
    return () => {
      // React's development remount runs this cleanup and the effects again: nothing may stay pending.
      paintScheduler.cancel(k);
      chart.current?.destroy();
      chart.current = null;
      painted.current = null;
    };
  }, [paint]);

  useEffect(() => {
    paintScheduler.schedule(key.current, () => {
      if (chart.current && latest.current !== null) paint(latest.current);
    });
  }, [data, paint]);

  const t = showTable && data !== null && table ? table(data) : null;
  return (
    <figure ref={figure} className={`chart ${className ?? ''}`} data-paints={0}>
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
