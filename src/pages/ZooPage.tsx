import { useMemo, useState } from 'react';
import '../ui/blocks/blocks.css';
import '../ui/zoo/zoo.css';
import type { BottleneckVariant } from '../core/netSpec';
import { zooRows } from '../core/zoo';
import { usePageTitle } from '../ui/usePageTitle';
import { Builder } from '../ui/zoo/Builder';
import { VariantSwitch, VariantToggle } from '../ui/zoo/VariantToggle';
import { ZooCharts } from '../ui/zoo/ZooCharts';
import { ZooTable } from '../ui/zoo/ZooTable';

export function ZooPage() {
  usePageTitle('Model zoo');
  const [variant, setVariant] = useState<BottleneckVariant>('v1');
  const rows = useMemo(() => zooRows(variant), [variant]);
  return (
    <article className="zoo-page">
      <h1>Model zoo</h1>
      <p className="lead">
        The ImageNet networks of the paper side by side: how deep, how big and how costly each is, counted
        from its layers, next to the error the paper reports for it.
      </p>
      <VariantSwitch variant={variant} onChange={setVariant} />
      <ZooTable rows={rows} />
      <ZooCharts rows={rows} />
      <VariantToggle variant={variant} />
      <Builder />
    </article>
  );
}
