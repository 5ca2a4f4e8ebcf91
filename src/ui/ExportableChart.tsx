import { useRef } from 'react';
import type { ChartTable } from '../charts/scales';
import { ChartHost } from './ChartHost';
import type { ChartHandle } from './ChartHost';
import { ExportButtons } from './ExportButtons';

interface Props<D> {
  title: string;
  make: (el: HTMLElement) => ChartHandle<D>;
  data: D;
  table: (data: D) => ChartTable;
  className?: string;
  children?: React.ReactNode;
}

/** A chart host with CSV, SVG and PNG downloads of what it shows. */
export function ExportableChart<D>({ title, make, data, table, className, children }: Props<D>) {
  const box = useRef<HTMLDivElement>(null);
  return (
    <div ref={box} className="exportable-chart">
      <ChartHost title={title} make={make} data={data} table={table} className={className}>
        <ExportButtons
          title={title}
          svg={() => box.current?.querySelector<SVGSVGElement>('.chart-body svg') ?? null}
          table={() => table(data)}
        />
        {children}
      </ChartHost>
    </div>
  );
}
