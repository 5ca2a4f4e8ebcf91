/** Which computed finding each lesson's reveal shows, by slug. */
import type { RunFacts } from './runFacts';
import type { Finding } from './reveal';
import { degradationFinding, gradientFinding, identityFinding, responseFinding } from './revealDepth';
import { bottleneckFinding, preactFinding, shortcutFinding } from './revealBlocks';
import { costFinding } from './revealCosts';

export const FINDINGS: Readonly<Record<string, (runs: RunFacts[]) => Finding>> = {
  degradation: degradationFinding,
  'not-vanishing-gradients': gradientFinding,
  'identity-is-hard': identityFinding,
  'residual-learning': responseFinding,
  'basic-vs-bottleneck': bottleneckFinding,
  'shortcut-options': shortcutFinding,
  'deeper-still': () => costFinding(),
  'pre-activation': preactFinding,
};
