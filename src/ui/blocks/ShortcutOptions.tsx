import { useCallback, useMemo, useState } from 'react';
import { createNetworkDiagram, networkDiagramTable } from '../../charts/networkDiagram';
import type { NetworkDiagramData } from '../../charts/networkDiagram';
import { imagenetResNet } from '../../core/catalog';
import { buildGraph } from '../../core/graph';
import { layerTable } from '../../core/layerTable';
import { ExportableChart } from '../ExportableChart';
import { shortcutCosts } from '../../core/blockAnatomy';
import type { ShortcutCost } from '../../core/blockAnatomy';
import { IMAGENET_DEPTH_LIST } from '../../core/catalog';
import type { ImageNetDepth } from '../../core/catalog';
import { PAPER_CITATION, RESNET34_SHORTCUT_TOP1 } from '../../core/paperResults';
import { DataTable } from '../DataTable';
import type { Column } from '../DataTable';
import { formatGiga, formatInt } from '../numbers';

const OPTIONS = [
  {
    option: 'A',
    title: 'A: identity, zero-padded',
    text: 'Every shortcut is an identity. Where a block halves the map and doubles the channels, the shortcut subsamples with stride 2 and pads the new channels with zeros. No parameters.',
  },
  {
    option: 'B',
    title: 'B: projection where the shape changes',
    text: 'Identity shortcuts, except a 1×1 convolution with stride 2 (and BN) in the blocks that change the shape.',
  },
  {
    option: 'C',
    title: 'C: projection everywhere',
    text: 'Every block’s shortcut is a 1×1 convolution (and BN), even where an identity would do.',
  },
] as const;

/** Drawn at this width and scaled down to fit a card (see blocks.css). */
const DIAGRAM_WIDTH = 520;

/** One option's network, block by block: solid arcs are identities, dotted zero-padded (A), dashed projections. */
function OptionDiagram({ depth, option }: { depth: ImageNetDepth; option: 'A' | 'B' | 'C' }) {
  const data = useMemo<NetworkDiagramData>(() => {
    const spec = imagenetResNet(depth, { shortcut: option });
    const t = layerTable(spec);
    return {
      graph: buildGraph(spec),
      rows: t.rows,
      inputShape: t.inputShape,
      name: `ResNet-${depth} ${option}`,
    };
  }, [depth, option]);
  const make = useCallback((el: HTMLElement) => createNetworkDiagram(el, { width: DIAGRAM_WIDTH }), []);
  return (
    <ExportableChart
      title={`ResNet-${depth}, option ${option}`}
      make={make}
      data={data}
      table={networkDiagramTable}
    />
  );
}

/** The three shortcut options of §3.3, with what each adds to a chosen ImageNet ResNet. */
export function ShortcutOptions() {
  const [depth, setDepth] = useState<ImageNetDepth>(34);
  const costs = useMemo(() => shortcutCosts(depth), [depth]);
  const columns: Column<ShortcutCost>[] = [
    { key: 'option', label: 'option', value: (r) => r.option },
    { key: 'projections', label: 'projection shortcuts', value: (r) => r.projections, numeric: true },
    {
      key: 'params',
      label: 'parameters',
      value: (r) => r.params,
      render: (r) => formatInt(r.params),
      numeric: true,
    },
    {
      key: 'extra',
      label: 'added over A',
      value: (r) => r.extraParams,
      render: (r) => formatInt(r.extraParams),
      numeric: true,
    },
    {
      key: 'macs',
      label: 'multiply-adds (×10⁹)',
      value: (r) => r.macs,
      render: (r) => formatGiga(r.macs),
      numeric: true,
    },
    ...(depth === 34
      ? [
          {
            key: 'top1',
            label: 'top-1 error % (paper, Table 3)',
            value: (r: ShortcutCost) => RESNET34_SHORTCUT_TOP1[r.option].top1,
            render: (r: ShortcutCost) => RESNET34_SHORTCUT_TOP1[r.option].top1.toFixed(2),
            numeric: true,
          },
        ]
      : []),
  ];
  return (
    <section aria-labelledby="shortcuts-heading" className="shortcut-options">
      <h2 id="shortcuts-heading">Three kinds of shortcut</h2>
      <label className="controls-row">
        Network{' '}
        <select value={depth} onChange={(e) => setDepth(Number(e.target.value) as ImageNetDepth)}>
          {IMAGENET_DEPTH_LIST.map((d) => (
            <option key={d} value={d}>
              ResNet-{d}
            </option>
          ))}
        </select>
      </label>
      <ul className="option-cards">
        {OPTIONS.map((o) => (
          <li key={o.option} className="option-card" data-option={o.option}>
            <h3>{o.title}</h3>
            <p>{o.text}</p>
            <OptionDiagram depth={depth} option={o.option} />
          </li>
        ))}
      </ul>
      <DataTable
        caption={`Shortcut options A, B and C in ResNet-${depth}`}
        columns={columns}
        rows={costs}
        rowKey={(r) => r.option}
        className="shortcut-table"
        note={
          <>
            Parameters and multiply-adds are counted here from the network’s layers.{' '}
            {depth === 34
              ? `The top-1 errors are reported by ${PAPER_CITATION}, Table 3 (ImageNet validation, 10-crop), not measured here.`
              : 'The paper reports top-1 errors per option only for ResNet-34: choose it to see them.'}
          </>
        }
      />
    </section>
  );
}
