import { useCallback, useMemo, useState } from 'react';
import { blockAnatomyTable, createBlockAnatomy } from '../../charts/blockAnatomy';
import type { BlockAnatomy } from '../../core/blockAnatomy';
import { blockAnatomy, FIGURE5_CHOICE } from '../../core/blockAnatomy';
import type { ActivationOrder, BlockType } from '../../core/netSpec';
import { DataTable } from '../DataTable';
import type { Column } from '../DataTable';
import { ExportableChart } from '../ExportableChart';
import { formatInt, formatRatio, formatShort } from '../numbers';

export const WIDTH_CHOICES = [16, 32, 64, 128, 256] as const;
export const SIZE_CHOICES = [7, 14, 28, 56, 112, 224] as const;

type Row = { name: string; op: string; params: number; macs: number };

const COLUMNS: Column<Row>[] = [
  { key: 'name', label: 'layer', value: (r) => r.name },
  { key: 'op', label: 'op', value: (r) => r.op },
  {
    key: 'params',
    label: 'parameters',
    value: (r) => r.params,
    render: (r) => formatInt(r.params),
    numeric: true,
  },
  {
    key: 'macs',
    label: 'multiply-adds',
    value: (r) => r.macs,
    render: (r) => formatInt(r.macs),
    numeric: true,
  },
];

/** The weight layers of a block (where every parameter and multiply-add is), the shortcut and the total. */
export function blockRows(a: BlockAnatomy): Row[] {
  const short = (n: string) => n.replace(/^stage1\.block1\./, '');
  return [
    ...a.steps
      .filter((s) => s.params > 0 || s.macs > 0)
      .map((s) => ({ name: short(s.name), op: s.label, params: s.params, macs: s.macs })),
    ...(a.shortcut.params > 0
      ? [{ name: 'shortcut', op: a.shortcut.label, params: a.shortcut.params, macs: a.shortcut.macs }]
      : []),
    { name: 'total', op: '', params: a.params, macs: a.macs },
  ];
}

function BlockColumn({ a }: { a: BlockAnatomy }) {
  const make = useCallback(
    (el: HTMLElement) => createBlockAnatomy(el, { label: `${a.title} anatomy` }),
    [a.title],
  );
  return (
    <div className="block-column" data-block-type={a.choice.block}>
      <ExportableChart
        title={`${a.title}, ${a.inChannels}-d input`}
        make={make}
        data={a}
        table={blockAnatomyTable}
      />
      <DataTable
        caption={`${a.title}: parameters and multiply-adds per layer`}
        columns={COLUMNS}
        rows={blockRows(a)}
        rowKey={(r) => r.name}
        className="block-table"
      />
    </div>
  );
}

/** The basic and the bottleneck block side by side, with the learner's width, size and activation order. */
export function BlockPair() {
  const [width, setWidth] = useState<number>(FIGURE5_CHOICE.width);
  const [size, setSize] = useState<number>(FIGURE5_CHOICE.size);
  const [activation, setActivation] = useState<ActivationOrder>('post');
  const blocks = useMemo(
    () =>
      (['basic', 'bottleneck'] as BlockType[]).map((block) =>
        blockAnatomy({ block, width, size, activation }),
      ),
    [width, size, activation],
  );
  const [basic, bottleneck] = blocks as [BlockAnatomy, BlockAnatomy];
  const fig5 = width === FIGURE5_CHOICE.width && size === FIGURE5_CHOICE.size;
  return (
    <section aria-labelledby="pair-heading" className="block-pair">
      <h2 id="pair-heading">Basic and bottleneck blocks, side by side</h2>
      <div className="controls-row" role="group" aria-label="Block settings">
        <label>
          Width w{' '}
          <select value={width} onChange={(e) => setWidth(Number(e.target.value))}>
            {WIDTH_CHOICES.map((w) => (
              <option key={w} value={w}>
                {w}
              </option>
            ))}
          </select>
        </label>
        <label>
          Input size{' '}
          <select value={size} onChange={(e) => setSize(Number(e.target.value))}>
            {SIZE_CHOICES.map((s) => (
              <option key={s} value={s}>
                {s}×{s}
              </option>
            ))}
          </select>
        </label>
        <fieldset className="toggle">
          <legend>Activation order</legend>
          {(['post', 'pre'] as const).map((o) => (
            <label key={o}>
              <input
                type="radio"
                name="activation"
                value={o}
                checked={activation === o}
                onChange={() => setActivation(o)}
              />
              {o === 'post' ? 'post-activation (2015)' : 'pre-activation (2016)'}
            </label>
          ))}
        </fieldset>
      </div>
      <p className="hint">
        The basic block maps {basic.inChannels} channels to {basic.outChannels} with two 3×3 convolutions. The
        bottleneck reduces {bottleneck.inChannels} channels to {width} with a 1×1 convolution, convolves at{' '}
        {width} with a 3×3, and restores {bottleneck.outChannels} with another 1×1.{' '}
        {activation === 'post'
          ? 'Post-activation (the 2015 paper): conv, BN, ReLU, and a ReLU after the addition.'
          : 'Pre-activation (He et al. 2016): BN and ReLU before each conv, nothing after the addition, so the shortcut is a clean identity path.'}
      </p>
      <div className="block-columns">
        <BlockColumn a={basic} />
        <BlockColumn a={bottleneck} />
      </div>
      <div className="matched" data-testid="matched-cost">
        <h3>Matched cost</h3>
        <p>
          On {size}×{size} maps the bottleneck block on {bottleneck.inChannels}-d input costs{' '}
          <strong>{formatShort(bottleneck.macs)}</strong> multiply-adds and {formatShort(bottleneck.params)}{' '}
          parameters; the basic block on {basic.inChannels}-d input costs{' '}
          <strong>{formatShort(basic.macs)}</strong> and {formatShort(basic.params)}: a ratio of{' '}
          {formatRatio(bottleneck.macs / basic.macs)} in time for a block that carries{' '}
          {bottleneck.outChannels / basic.outChannels}× as many channels.{' '}
          {fig5
            ? 'These are the two blocks of the paper’s Figure 5, which it describes as having similar time complexity.'
            : `The paper’s Figure 5 compares them at w = ${FIGURE5_CHOICE.width} on ${FIGURE5_CHOICE.size}×${FIGURE5_CHOICE.size} maps.`}
        </p>
      </div>
    </section>
  );
}
