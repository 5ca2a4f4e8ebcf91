import { PAPER_CITATION, REPORTED_GIGA_MACS } from '../../core/paperResults';
import { zooRows } from '../../core/zoo';
import { formatGiga } from '../numbers';
import { TableScroll } from './TableScroll';

/**
 * The zoo's ImageNet nets: layers, parameters and multiply-adds counted by the core, beside
 * the multiply-adds and top-1 errors the paper prints (Tables 1–3), labelled as the paper's.
 */
export function CostTable() {
  const rows = zooRows();
  return (
    <TableScroll label="Costs and the paper’s figures">
      <table className="lesson-costs">
        <caption>
          Counted by ResLab from each net’s layers, and as printed in {PAPER_CITATION} (ImageNet, 224×224)
        </caption>
        <thead>
          <tr>
            <th scope="col">network</th>
            <th scope="col">weight layers</th>
            <th scope="col">parameters (M)</th>
            <th scope="col">multiply-adds (10⁹), counted</th>
            <th scope="col">the paper’s multiply-adds (10⁹)</th>
            <th scope="col">the paper’s top-1 error (%)</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            const macs = REPORTED_GIGA_MACS[r.id];
            return (
              <tr key={r.id}>
                <td>{r.name}</td>
                <td>{r.layers}</td>
                <td>{(r.params / 1e6).toFixed(1)}</td>
                <td>{formatGiga(r.macs)}</td>
                <td>{macs ? `${macs.value} (${macs.source})` : '—'}</td>
                <td>{r.reported ? `${r.reported.top1} (${r.reported.source})` : '—'}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </TableScroll>
  );
}
