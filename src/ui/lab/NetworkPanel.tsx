import { useCallback, useMemo, useState } from 'react';
import { buildGraph } from '../../core/graph';
import { layerTable } from '../../core/layerTable';
import type { NetSpec } from '../../core/netSpec';
import { createNetworkDiagram, networkDiagramTable } from '../../charts/networkDiagram';
import type { NetworkDiagramData } from '../../charts/networkDiagram';
import { runColor } from '../../charts/palette';
import { fitWidth, LabChart } from './LabChart';
import type { RunData } from '../../state/runData';

interface Props {
  index: number;
  label: string;
  spec: NetSpec;
  run: RunData | undefined;
  /** The run's probe counter: the live gradient norms change with it. */
  version: number;
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** One run's network drawn block by block; a click on a block shows its cost and live gradient. */
export function NetworkPanel({ index, label, spec, run, version }: Props) {
  const [selected, setSelected] = useState<string | null>(null);
  const graph = useMemo(() => buildGraph(spec), [spec]);
  const table = useMemo(() => layerTable(spec), [spec]);
  const gradNorms = useMemo(() => {
    const last = run?.probes[run.probes.length - 1];
    return last ? new Map(run!.layout.blocks.map((b, i) => [b, last.blockGradNorms[i]!])) : undefined;
    // eslint-disable-next-line react-hooks/exhaustive-deps -- version marks new probes
  }, [run?.probes.length, version]);
  const data: NetworkDiagramData = useMemo(
    () => ({
      graph,
      rows: table.rows,
      inputShape: table.inputShape,
      name: label,
      ...(selected ? { selected } : {}),
      ...(gradNorms ? { gradNorms } : {}),
    }),
    [graph, table, label, selected, gradNorms],
  );
  const make = useCallback(
    (el: HTMLElement) => createNetworkDiagram(el, { width: fitWidth(el, 760), onSelect: setSelected }),
    [],
  );
  const blockRows = selected ? table.rows.filter((r) => r.block === selected) : [];
  const sum = (k: 'params' | 'macs' | 'flops') => blockRows.reduce((s, r) => s + r[k], 0);
  return (
    <LabChart<NetworkDiagramData>
      title={`Network: ${label}`}
      make={make}
      data={data}
      table={networkDiagramTable}
    >
      <span className="swatch" style={{ background: runColor(index) }} aria-hidden="true" />
      {selected && (
        <p className="block-info" role="status">
          <strong>{selected}</strong>: {fmt(sum('params'))} parameters, {fmt(sum('macs'))} multiply-adds,{' '}
          {fmt(sum('flops'))} FLOPs
          {gradNorms?.has(selected)
            ? `, gradient norm ${gradNorms.get(selected)!.toExponential(2)}`
            : ', no gradient measured yet'}
          .
        </p>
      )}
    </LabChart>
  );
}
