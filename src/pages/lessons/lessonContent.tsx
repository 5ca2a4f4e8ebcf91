/** Each lesson's prose and the charts its experiment shows beside the error curves, by slug. */
import type { ComponentType } from 'react';
import type { LessonChart } from '../../ui/lesson/LessonCharts';
import { DegradationProse, GradientsProse, IdentityProse, ResidualProse } from './proseDepth';
import { BottleneckProse, DeeperProse, PreactProse, ShortcutProse } from './proseBlocks';

export interface LessonContent {
  Prose: ComponentType;
  charts: readonly LessonChart[];
}

export const LESSON_CONTENT: Readonly<Record<string, LessonContent>> = {
  degradation: { Prose: DegradationProse, charts: [] },
  'not-vanishing-gradients': { Prose: GradientsProse, charts: ['gradients'] },
  'identity-is-hard': { Prose: IdentityProse, charts: [] },
  'residual-learning': { Prose: ResidualProse, charts: ['responses'] },
  'basic-vs-bottleneck': { Prose: BottleneckProse, charts: [] },
  'shortcut-options': { Prose: ShortcutProse, charts: [] },
  'deeper-still': { Prose: DeeperProse, charts: [] },
  'pre-activation': { Prose: PreactProse, charts: [] },
};
