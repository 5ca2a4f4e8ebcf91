/** Lesson 7's reveal: counted, not trained. The core's multiply-adds of ResNet-152 and VGG-19. */
import { REPORTED_GIGA_MACS } from '../../core/paperResults';
import { zooRows } from '../../core/zoo';
import type { ZooRow } from '../../core/zoo';
import { formatGiga } from '../numbers';
import { paperLine } from './reveal';
import type { Finding } from './reveal';

/** Within this ratio the two counts are "about the same". */
export const SAME_COST = 1.1;

/** Share of a net's multiply-adds spent in the named stages. */
const share = (r: ZooRow, stages: string[]) =>
  r.stages.filter((s) => stages.includes(s.stage)).reduce((n, s) => n + s.macs, 0) / r.macs;

export function costFinding(rows: ZooRow[] = zooRows()): Finding {
  const res = rows.find((r) => r.id === 'resnet152');
  const vgg = rows.find((r) => r.id === 'vgg19');
  if (!res || !vgg)
    return { outcome: null, agreesWithPaper: null, lines: ['The zoo lacks ResNet-152 or VGG-19.'] };
  const ratio = vgg.macs / res.macs;
  const outcome = ratio > SAME_COST ? 'vgg19' : ratio < 1 / SAME_COST ? 'resnet152' : 'about-same';
  const paperRes = REPORTED_GIGA_MACS.resnet152!.value;
  const paperVgg = REPORTED_GIGA_MACS.vgg19!.value;
  const early = share(vgg, ['stage1', 'stage2']);
  return {
    outcome,
    agreesWithPaper: outcome === 'vgg19',
    lines: [
      `Counted layer by layer, ResNet-152 (${res.layers} weight layers) needs ${formatGiga(res.macs)} × 10⁹ multiply-adds per image and VGG-19 (${vgg.layers}) ${formatGiga(vgg.macs)} × 10⁹: VGG-19 costs ${ratio.toFixed(2)} times as much.`,
      `VGG-19 spends ${Math.round(100 * early)}% of its multiply-adds in its first two stages, at 224×224 and 112×112 pixels with 64 and 128 channels; ResNet-152 shrinks the image to 56×56 with a strided 7×7 conv and a max pool first, and its bottleneck blocks do their 3×3 convs on a quarter of the channels.`,
      paperLine(
        outcome === 'vgg19',
        `ResNet-152 has lower complexity than VGG-16/19 (the paper prints ${paperRes} and ${paperVgg} × 10⁹ multiply-adds, Table 1 and §4.1).`,
      ),
    ],
  };
}
