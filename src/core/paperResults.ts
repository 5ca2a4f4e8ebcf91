/**
 * Figures reported by He et al. (2015), "Deep Residual Learning for Image Recognition"
 * (arXiv 1512.03385). These are data, not measurements: ResLab never trains on ImageNet, so
 * every page that shows one must label it as the paper's. Everything countable (parameters,
 * multiply-adds, layers) is computed from the NetSpec instead (layerTable.ts).
 */
import type { ShortcutOption } from './netSpec';

export interface ReportedError {
  /** Top-1 error in percent on the ImageNet validation set, 10-crop testing. */
  top1: number;
  /** Where in the paper the figure is printed. */
  source: string;
}

export const PAPER_CITATION = 'He et al. (2015), Deep Residual Learning for Image Recognition';

/** The ImageNet networks whose top-1 error the paper reports, keyed by zoo id. */
export const REPORTED_TOP1: Readonly<Record<string, ReportedError>> = {
  // Table 2: 18- and 34-layer nets, 10-crop validation; the ResNets there use option A.
  plain18: { top1: 27.94, source: 'Table 2' },
  resnet18: { top1: 27.88, source: 'Table 2 (option A)' },
  plain34: { top1: 28.54, source: 'Table 2' },
  'resnet34-A': { top1: 25.03, source: 'Tables 2 and 3 (option A)' },
  // Table 3: 10-crop validation; VGG-16 as reported by the paper (its ref. [41]).
  vgg16: { top1: 28.07, source: 'Table 3' },
  'resnet34-B': { top1: 24.52, source: 'Table 3 (option B)' },
  // Table 3: the bottleneck nets use option B.
  resnet50: { top1: 22.85, source: 'Table 3 (option B)' },
  resnet101: { top1: 21.75, source: 'Table 3 (option B)' },
  resnet152: { top1: 21.43, source: 'Table 3 (option B)' },
};

/** Table 3: ResNet-34 with shortcut options A, B and C, top-1 %, 10-crop validation. */
export const RESNET34_SHORTCUT_TOP1: Readonly<Record<'A' | 'B' | 'C', ReportedError>> = {
  A: { top1: 25.03, source: 'Table 3' },
  B: { top1: 24.52, source: 'Table 3' },
  C: { top1: 24.19, source: 'Table 3' },
};

export function reportedShortcutTop1(option: ShortcutOption): ReportedError | undefined {
  return option === 'A' || option === 'B' || option === 'C' ? RESNET34_SHORTCUT_TOP1[option] : undefined;
}

/**
 * Multiply-adds per 224×224 image as printed by the paper, in units of 10^9 (what it calls
 * "FLOPs"). ResNets: Table 1's last row. VGG: §4.1 text ("VGG-16/19 nets (15.3/19.6 billion FLOPs)").
 * The paper rounds down (ResNet-50 counts 3.86), and its bottleneck nets are v1.
 */
export const REPORTED_GIGA_MACS: Readonly<Record<string, { value: number; source: string }>> = {
  plain18: { value: 1.8, source: 'Table 1' },
  resnet18: { value: 1.8, source: 'Table 1' },
  plain34: { value: 3.6, source: 'Table 1' },
  'resnet34-A': { value: 3.6, source: 'Table 1' },
  'resnet34-B': { value: 3.6, source: 'Table 1' },
  resnet50: { value: 3.8, source: 'Table 1' },
  resnet101: { value: 7.6, source: 'Table 1' },
  resnet152: { value: 11.3, source: 'Table 1' },
  vgg16: { value: 15.3, source: '§4.1' },
  vgg19: { value: 19.6, source: '§4.1' },
};
