import { useMemo, useState } from 'react';
import type { ChartTable } from '../charts/scales';
import { ExportButtons } from './ExportButtons';
import './dataTable.css';

export type Cell = string | number;

export interface Column<R> {
  key: string;
  label: string;
  /** The value sorted on and exported to CSV (exact numbers, not rounded text). */
  value: (row: R) => Cell;
  /** What the cell shows; `value` as text by default. */
  render?: (row: R) => React.ReactNode;
  numeric?: boolean;
}

interface Props<R> {
  caption: string;
  columns: Column<R>[];
  rows: R[];
  rowKey: (row: R) => string;
  sortable?: boolean;
  /** A line under the table, e.g. where the figures come from. */
  note?: React.ReactNode;
  className?: string;
}

type Sort = { key: string; dir: 'ascending' | 'descending' } | null;

function compare(a: Cell, b: Cell): number {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  // Blanks ("—") sort last either way round is not worth the code: they sort as text.
  return String(a).localeCompare(String(b), undefined, { numeric: true });
}

/** The CSV of a table: its columns' labels and exact values, in the order shown. */
export function tableOf<R>(columns: Column<R>[], rows: R[]): ChartTable {
  return { columns: columns.map((c) => c.label), rows: rows.map((r) => columns.map((c) => c.value(r))) };
}

/** A plain data table with a caption, CSV download and (optionally) sorting by any column. */
export function DataTable<R>({ caption, columns, rows, rowKey, sortable, note, className }: Props<R>) {
  const [sort, setSort] = useState<Sort>(null);
  const shown = useMemo(() => {
    if (!sort) return rows;
    const col = columns.find((c) => c.key === sort.key);
    if (!col) return rows;
    const sign = sort.dir === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => sign * compare(col.value(a), col.value(b)));
  }, [rows, columns, sort]);
  const toggle = (key: string) =>
    setSort((s) =>
      s?.key === key && s.dir === 'ascending' ? { key, dir: 'descending' } : { key, dir: 'ascending' },
    );
  return (
    <div className={`data-table ${className ?? ''}`}>
      <div className="data-table-bar">
        <ExportButtons title={caption} table={() => tableOf(columns, shown)} />
      </div>
      <div className="data-table-scroll">
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {columns.map((c) => (
                <th
                  key={c.key}
                  scope="col"
                  className={c.numeric ? 'num' : undefined}
                  aria-sort={sortable ? (sort?.key === c.key ? sort.dir : 'none') : undefined}
                >
                  {sortable ? (
                    <button type="button" className="sort" onClick={() => toggle(c.key)}>
                      {c.label}
                      <span aria-hidden="true">
                        {sort?.key === c.key ? (sort.dir === 'ascending' ? ' ▲' : ' ▼') : ''}
                      </span>
                    </button>
                  ) : (
                    c.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={rowKey(r)} data-row={rowKey(r)}>
                {columns.map((c) => (
                  <td key={c.key} data-col={c.key} className={c.numeric ? 'num' : undefined}>
                    {c.render ? c.render(r) : c.value(r)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {note && <p className="table-note">{note}</p>}
    </div>
  );
}
