import { useMemo } from 'react';
import type { BottleneckVariant } from '../../core/netSpec';
import { REPORTED_GIGA_MACS } from '../../core/paperResults';
import { strideMove } from '../../core/zoo';
import type { StrideMove } from '../../core/zoo';
import { DataTable } from '../DataTable';
import type { Column } from '../DataTable';
import { formatGiga, formatInt } from '../numbers';

interface SwitchProps {
  variant: BottleneckVariant;
  onChange(v: BottleneckVariant): void;
}

/** The v1 / v1.5 radio pair; the whole page (table, charts, stride table) follows it. */
export function VariantSwitch({ variant, onChange }: SwitchProps) {
  return (
    <fieldset className="variant-switch">
      <legend>Bottleneck variant</legend>
      {(['v1', 'v1.5'] as const).map((v) => (
        <label key={v}>
          <input type="radio" name="variant" value={v} checked={variant === v} onChange={() => onChange(v)} />
          {v === 'v1' ? 'v1 (the paper)' : 'v1.5 (torchvision)'}
        </label>
      ))}
    </fieldset>
  );
}

/** Each conv of the block under both variants; the stride of the variant shown is marked. */
function strideColumns(variant: BottleneckVariant, block: string): Column<StrideMove>[] {
  const stride = (v: BottleneckVariant, n: number) =>
    v === variant && n > 1 ? <mark className="strided">{n}</mark> : n;
  return [
    { key: 'layer', label: 'layer', value: (r) => r.layer.replace(`${block}.`, '') },
    { key: 'kernel', label: 'kernel', value: (r) => r.kernel },
    {
      key: 'v1-stride',
      label: 'v1 stride',
      value: (r) => r.v1.stride,
      render: (r) => stride('v1', r.v1.stride),
      numeric: true,
    },
    { key: 'v1-out', label: 'v1 output', value: (r) => r.v1.outShape.join('×') },
    {
      key: 'v1-macs',
      label: 'v1 multiply-adds',
      value: (r) => r.v1.macs,
      render: (r) => formatInt(r.v1.macs),
      numeric: true,
    },
    {
      key: 'v15-stride',
      label: 'v1.5 stride',
      value: (r) => r.v15.stride,
      render: (r) => stride('v1.5', r.v15.stride),
      numeric: true,
    },
    { key: 'v15-out', label: 'v1.5 output', value: (r) => r.v15.outShape.join('×') },
    {
      key: 'v15-macs',
      label: 'v1.5 multiply-adds',
      value: (r) => r.v15.macs,
      render: (r) => formatInt(r.v15.macs),
      numeric: true,
    },
  ];
}

/** v1 (the paper) against v1.5 (torchvision): where a downsampling bottleneck strides, and what it costs. */
export function VariantToggle({ variant }: { variant: BottleneckVariant }) {
  const move = useMemo(() => strideMove(50), []);
  return (
    <section aria-labelledby="variant-heading" className="variant">
      <h2 id="variant-heading">v1 or v1.5: where the stride sits</h2>
      <p>
        A bottleneck block that halves the map strides once. The paper (v1) puts the stride in the first 1×1
        conv, so the 3×3 conv already runs on the smaller map; torchvision (v1.5) moves it to the 3×3 conv, so
        the 1×1 reduce runs at full resolution. Same parameters, more multiply-adds: ResNet-50 counts{' '}
        <strong data-testid="v1-macs">{formatGiga(move.v1)}</strong> ×10⁹ in v1 (the paper prints{' '}
        {REPORTED_GIGA_MACS.resnet50!.value}) and{' '}
        <strong data-testid="v15-macs">{formatGiga(move.v15)}</strong> ×10⁹ in v1.5, the count torchvision’s
        model documentation gives. The table and charts above show <strong>{variant}</strong>.
      </p>
      <DataTable
        caption={`ResNet-50, ${move.block}: the first block of stage 2 in each variant`}
        columns={strideColumns(variant, move.block)}
        rows={move.layers}
        rowKey={(r) => r.layer}
        className="stride-table"
      />
    </section>
  );
}
