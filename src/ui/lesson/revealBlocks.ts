/** Reveals of lessons 5, 6 and 8: block types at matched cost, shortcut options, pre-activation. */
import { PREACT_REPORTED } from '../../core/lessons';
import { formatInt } from '../numbers';
import type { RunFacts } from './runFacts';
import { errorList, lowerOf, paperLine, pct, unusable } from './reveal';
import type { Finding } from './reveal';

/** Lesson 5: the basic and the bottleneck run's multiply-adds and final training error. */
export function bottleneckFinding(runs: RunFacts[]): Finding {
  const basic = runs.find((r) => r.control.block === 'basic');
  const bottle = runs.find((r) => r.control.block === 'bottleneck');
  const bad = unusable([basic, bottle]);
  if (bad) return bad;
  const b = basic!;
  const n = bottle!;
  const lower = lowerOf(n.finalErr, b.finalErr);
  const outcome = lower === 'a' ? 'bottleneck' : lower === 'b' ? 'basic' : 'same';
  const gap = Math.abs(n.macs - b.macs) / b.macs;
  const agrees = outcome !== 'basic';
  return {
    outcome,
    agreesWithPaper: agrees,
    lines: [
      `Multiply-adds per example: ${b.label} ${formatInt(b.macs)}, ${n.label} ${formatInt(n.macs)} (${Math.round(100 * gap)}% apart), with ${b.control.depth} and ${n.control.depth} layers.`,
      `Final training error (smoothed): ${errorList([b, n])}.`,
      outcome === 'same'
        ? 'At about the same cost they trained about as well.'
        : `At about the same cost the ${outcome} net trained better here.`,
      paperLine(
        agrees,
        'bottleneck blocks buy depth at little cost, and the deeper bottleneck nets (50, 101, 152 layers) are more accurate than ResNet-34 (Table 3).',
      ),
    ],
  };
}

/** Lesson 6: parameters of each shortcut option and how far option C's error lies from A's. */
export const SHORTCUT_SPREAD = 0.03;

export function shortcutFinding(runs: RunFacts[]): Finding {
  const opt = (o: 'A' | 'B' | 'C') => runs.find((r) => r.control.shortcuts && r.control.option === o);
  const [a, b, c] = [opt('A'), opt('B'), opt('C')];
  const bad = unusable([a, c]);
  if (bad) return bad;
  const shown = [a!, ...(b ? [b] : []), c!];
  const diff = c!.finalErr - a!.finalErr;
  const outcome = Math.abs(diff) <= SHORTCUT_SPREAD ? 'little' : 'much';
  const lines = [
    `Parameters: ${shown.map((r) => `option ${r.control.option} ${formatInt(r.params)}`).join(', ')}.`,
  ];
  if (b && b.params === a!.params)
    lines.push(
      'Option B adds nothing here: no block of this net changes width, so B has nowhere to project.',
    );
  lines.push(
    `Final training error (smoothed): ${errorList(shown)}; option C is ${pct(Math.abs(diff))} ${diff <= 0 ? 'lower' : 'higher'} than A.`,
  );
  const agrees = outcome === 'little';
  lines.push(
    paperLine(
      agrees,
      'the three options differ little (ResNet-34 top-1 error 25.03%, 24.52%, 24.19% for A, B, C in Table 3), so projections are not essential to the degradation fix.',
    ),
  );
  return { outcome, agreesWithPaper: agrees, lines };
}

/** Lesson 8: post- vs pre-activation residual nets of the same depth. */
export function preactFinding(runs: RunFacts[]): Finding {
  const post = runs.find((r) => !r.control.preact);
  const pre = runs.find((r) => r.control.preact);
  const bad = unusable([post, pre]);
  if (bad) return bad;
  const lower = lowerOf(pre!.finalErr, post!.finalErr);
  const outcome = lower === 'a' ? 'pre' : lower === 'b' ? 'post' : 'same';
  const agrees = outcome !== 'post';
  return {
    outcome,
    agreesWithPaper: agrees,
    lines: [
      `Final training error (smoothed): ${errorList([post!, pre!])}.`,
      outcome === 'same'
        ? 'The two trained about as well here.'
        : `The ${outcome === 'pre' ? 'pre' : 'post'}-activation net trained better here.`,
      paperLine(
        agrees,
        `pre-activation trains deep nets at least as well and helps most at great depth (CIFAR-10 test error ${PREACT_REPORTED.map((r) => `${r.post}% → ${r.pre}% at ${r.depth} layers`).join(', ')}; He et al. 2016).`,
      ),
    ],
  };
}
