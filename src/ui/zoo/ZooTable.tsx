import { PAPER_CITATION, REPORTED_GIGA_MACS } from '../../core/paperResults';
import type { ZooRow } from '../../core/zoo';
import { DataTable } from '../DataTable';
import type { Column } from '../DataTable';
import { formatGiga, formatInt } from '../numbers';

const NO_FIGURE = '—';

export const ZOO_COLUMNS: Column<ZooRow>[] = [
  { key: 'name', label: 'model', value: (r) => r.name },
  { key: 'layers', label: 'layers', value: (r) => r.layers, numeric: true },
  {
    key: 'params',
    label: 'parameters',
    value: (r) => r.params,
    render: (r) => formatInt(r.params),
    numeric: true,
  },
  {
    key: 'macs',
    label: 'multiply-adds (×10⁹)',
    value: (r) => r.macs,
    render: (r) => formatGiga(r.macs),
    numeric: true,
  },
  {
    key: 'paperMacs',
    label: 'multiply-adds, paper (×10⁹)',
    value: (r) => REPORTED_GIGA_MACS[r.id]?.value ?? NO_FIGURE,
    numeric: true,
  },
  {
    key: 'flops',
    label: 'FLOPs (×10⁹)',
    value: (r) => r.flops,
    render: (r) => formatGiga(r.flops),
    numeric: true,
  },
  {
    key: 'top1',
    label: 'top-1 error % (paper)',
    value: (r) => r.reported?.top1 ?? NO_FIGURE,
    render: (r) => (r.reported ? r.reported.top1.toFixed(2) : NO_FIGURE),
    numeric: true,
  },
  { key: 'source', label: 'source', value: (r) => r.reported?.source ?? NO_FIGURE },
];

/** The ImageNet family, sortable by any column. */
export function ZooTable({ rows }: { rows: ZooRow[] }) {
  return (
    <DataTable
      caption="The ImageNet family (224×224 input, 1000 classes)"
      columns={ZOO_COLUMNS}
      rows={rows}
      rowKey={(r) => r.id}
      sortable
      className="zoo-table"
      note={
        <>
          Layers, parameters, multiply-adds (what the paper’s Table 1 calls FLOPs) and full FLOPs (every
          multiply, add, normalisation, ReLU and comparison of one forward pass) are counted here from each
          network’s layers. The printed multiply-adds (Table 1; §4.1 for VGG, for bottleneck nets in v1) and
          the top-1 errors are <strong>reported by the paper</strong> ({PAPER_CITATION}; ImageNet validation,
          10-crop testing), not measured here; the paper reports none for VGG-19.
        </>
      }
    />
  );
}
