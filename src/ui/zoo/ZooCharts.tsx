import { useCallback, useMemo } from 'react';
import { createStageBars, stageBarsTable } from '../../charts/stageBars';
import { createZooScatter, zooScatterTable } from '../../charts/zooScatter';
import type { ZooRow } from '../../core/zoo';
import { ExportableChart } from '../ExportableChart';

/** Cost against the paper's error, and where each model spends its multiply-adds. */
export function ZooCharts({ rows }: { rows: ZooRow[] }) {
  const makeScatter = useCallback((el: HTMLElement) => createZooScatter(el), []);
  const makeBars = useCallback((el: HTMLElement) => createStageBars(el), []);
  const models = useMemo(() => rows.map((r) => ({ id: r.id, name: r.name, stages: r.stages })), [rows]);
  return (
    <div className="zoo-charts">
      <ExportableChart
        title="Multiply-adds against reported top-1 error (bubble area: parameters)"
        make={makeScatter}
        data={rows}
        table={zooScatterTable}
      />
      <ExportableChart title="Multiply-adds per stage" make={makeBars} data={models} table={stageBarsTable} />
    </div>
  );
}
