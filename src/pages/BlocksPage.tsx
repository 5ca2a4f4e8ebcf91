import { useMemo } from 'react';
import '../ui/blocks/blocks.css';
import { basicVsBottleneckLab, shortcutOptionsLab } from '../core/labExperiments';
import { BlockPair } from '../ui/blocks/BlockPair';
import { ShortcutOptions } from '../ui/blocks/ShortcutOptions';
import { TrainLink } from '../ui/blocks/TrainLinks';
import { usePageTitle } from '../ui/usePageTitle';

export function BlocksPage() {
  usePageTitle('Residual blocks');
  const matched = useMemo(basicVsBottleneckLab, []);
  const options = useMemo(shortcutOptionsLab, []);
  return (
    <article className="blocks-page">
      <h1>Residual blocks</h1>
      <p className="lead">
        A residual block computes F(x) with a few weight layers and adds its input x back. Here are the two
        blocks of the paper taken apart layer by layer: every shape, parameter and multiply-add is computed
        from the same network description the Lab trains.
      </p>
      <BlockPair />
      <TrainLink state={matched} label="Train both in the Lab" showMacs />
      <ShortcutOptions />
      <TrainLink state={options} label="Train A vs B vs C in the Lab" />
    </article>
  );
}
