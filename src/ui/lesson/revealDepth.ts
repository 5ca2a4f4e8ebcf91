/** Reveals of lessons 1–4: degradation, gradient flow, the identity, and response magnitudes. */
import type { RunFacts } from './runFacts';
import { errorList, lowerOf, paperLine, pct, unusable } from './reveal';
import type { Finding } from './reveal';

const byDepth = (runs: RunFacts[]) => [...runs].sort((a, b) => a.control.depth - b.control.depth);
const plainRuns = (runs: RunFacts[]) => byDepth(runs.filter((r) => !r.control.shortcuts));

/** Lesson 1: the shallowest and deepest plain runs' final training error. */
export function degradationFinding(runs: RunFacts[]): Finding {
  const plain = plainRuns(runs);
  const shallow = plain[0];
  const deep = plain.length > 1 ? plain[plain.length - 1] : undefined;
  const bad = unusable([shallow, deep]);
  if (bad) return bad;
  const s = shallow!;
  const d = deep!;
  const lower = lowerOf(s.finalErr, d.finalErr);
  const outcome = lower === 'a' ? 'deep-worse' : lower === 'b' ? 'deep-better' : 'same';
  const lines = [`Final training error (smoothed): ${errorList([s, d])}.`];
  if (Number.isFinite(s.testErr) && Number.isFinite(d.testErr))
    lines.push(`Held-out error: ${s.label} ${pct(s.testErr)}, ${d.label} ${pct(d.testErr)}.`);
  if (outcome === 'deep-worse')
    lines.push(
      `The ${d.control.depth}-layer net is worse on the very data it trains on, so this is not overfitting: it is the degradation problem.`,
    );
  else if (outcome === 'same')
    lines.push(`The two ended within ${pct(0.02)} of each other: no degradation in this run.`);
  else lines.push(`The ${d.control.depth}-layer net trained better here: no degradation in this run.`);
  return {
    outcome,
    agreesWithPaper: outcome === 'deep-worse',
    lines: [
      ...lines,
      paperLine(
        outcome === 'deep-worse',
        'the deeper plain net has higher training error (Figure 1 on CIFAR-10, Figure 4 on ImageNet).',
      ),
    ],
  };
}

/** A first-to-last gradient ratio under this is "vanished". */
export const VANISHED = 1e-3;

/** Lesson 2: in the deepest plain run, the first weight layer's gradient against the last's, and its error. */
export function gradientFinding(runs: RunFacts[]): Finding {
  const plain = plainRuns(runs);
  const deep = plain[plain.length - 1];
  const shallow = plain.length > 1 ? plain[0] : undefined;
  const bad = unusable([shallow, deep]);
  if (bad) return bad;
  const d = deep!;
  const s = shallow!;
  const first = d.gradNorms[0];
  const last = d.gradNorms[d.gradNorms.length - 1];
  if (first === undefined || last === undefined || !(last > 0))
    return { outcome: null, agreesWithPaper: null, lines: [`${d.label} has no gradient probe yet.`] };
  const ratio = first / last;
  const outcome = ratio < VANISHED ? 'vanish' : 'alive';
  const worse = d.finalErr - s.finalErr >= 0.02;
  const lines = [
    `In ${d.label}, the first layer (${d.weightNames[0]}) gets a gradient of norm ${first.toPrecision(3)} and the last (${d.weightNames[d.weightNames.length - 1]}) ${last.toPrecision(3)}: ${ratio >= 1 ? `${Number(ratio.toPrecision(2))} times the last layer’s` : `1/${Number((1 / ratio).toPrecision(2))} of the last layer’s`}.`,
    outcome === 'alive'
      ? 'The gradient has not vanished: batch norm keeps it alive all the way to the input.'
      : 'The gradient has all but vanished by the first layer.',
    `Training error: ${errorList([s, d])}${worse ? `: the deep net still trains worse.` : '.'}`,
  ];
  const agrees = outcome === 'alive' && worse;
  return {
    outcome,
    agreesWithPaper: agrees,
    lines: [
      ...lines,
      paperLine(
        agrees,
        'with batch norm the deep plain net’s gradients have healthy norms, yet it trains worse, so its difficulty is not vanishing gradients (§4.1).',
      ),
    ],
  };
}

/** Lesson 3: relative squared error of the plain and residual stacks on the identity task. */
export function identityFinding(runs: RunFacts[]): Finding {
  const plain = runs.find((r) => !r.control.shortcuts);
  const res = runs.find((r) => r.control.shortcuts);
  const bad = unusable([plain, res]);
  if (bad) return bad;
  const lower = lowerOf(res!.finalErr, plain!.finalErr);
  const outcome = lower === 'a' ? 'residual' : lower === 'b' ? 'plain' : 'same';
  return {
    outcome,
    agreesWithPaper: outcome === 'residual',
    lines: [
      `Final relative squared error (0 is a perfect copy, 100% is no better than outputting zeros): ${errorList([plain!, res!])}.`,
      outcome === 'residual'
        ? `The residual stack only has to drive its branches F toward zero; the plain stack has to build the identity out of ${plain!.control.depth} nonlinear layers, and it gets less close.`
        : outcome === 'same'
          ? 'Both got about equally close in this run.'
          : 'The plain stack got closer in this run.',
      paperLine(
        outcome === 'residual',
        'multiple nonlinear layers find it hard to approximate an identity mapping, which a residual block gets by pushing F to zero (§3.1).',
      ),
    ],
  };
}

const mean = (xs: number[]) => (xs.length ? xs.reduce((s, x) => s + x, 0) / xs.length : NaN);
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)]! : NaN;
};
/** Response figures as the response chart's table prints them. */
const fmt = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(3)).toString() : '—');

/** Within this factor two nets' median branch sizes are "about the same". */
export const SAME_RESPONSE = 0.9;

/**
 * Lesson 4: how big each block's function is against its input (‖F(x)‖ / ‖x‖, the median
 * block; a plain block's F is its whole output), which decides the outcome, and the Fig. 7
 * layer stds, whose direction decides agreement with the paper.
 */
export function responseFinding(runs: RunFacts[]): Finding {
  const plain = runs.find((r) => !r.control.shortcuts);
  const res = runs.find((r) => r.control.shortcuts);
  const bad = unusable([plain, res]);
  if (bad) return bad;
  const p = plain!;
  const q = res!;
  const pr = median(p.blockRatio);
  const rr = median(q.blockRatio);
  const ps = mean(p.layerStd);
  const rs = mean(q.layerStd);
  if (![pr, rr, ps, rs].every(Number.isFinite))
    return {
      outcome: null,
      agreesWithPaper: null,
      lines: ['No layer responses were measured in this run yet.'],
    };
  const outcome = rr < SAME_RESPONSE * pr ? 'residual' : pr < SAME_RESPONSE * rr ? 'plain' : 'same';
  const stdGap = (rs - ps) / ps;
  const lines = [
    `Median block function against its input, ‖F(x)‖ / ‖x‖: ${p.label} ${fmt(pr)}, ${q.label} ${fmt(rr)}.`,
    outcome === 'residual'
      ? `The residual branches are small corrections${rr < 1 ? ' (under the size of the signal they are added to)' : ''}; each plain block must produce its whole output.`
      : outcome === 'plain'
        ? 'Here the plain blocks’ functions are the smaller ones.'
        : `The two are within ${Math.round(100 * (1 - SAME_RESPONSE))}% of each other.`,
    `Figure 7’s measure, the mean std of the layer responses: ${p.label} ${fmt(ps)}, ${q.label} ${fmt(rs)} (${Math.abs(Math.round(100 * stdGap))}% ${stdGap <= 0 ? 'lower' : 'higher'} with shortcuts).`,
  ];
  if (Math.abs(stdGap) < 0.1)
    lines.push(
      'Batch norm rescales every layer’s output, so after a few hundred steps these stds differ little; the paper’s nets trained for 64,000 iterations.',
    );
  const agrees = outcome === 'residual' && stdGap < 0;
  return {
    outcome,
    agreesWithPaper: agrees,
    lines: [
      ...lines,
      paperLine(
        agrees,
        'ResNets have generally smaller responses than their plain counterparts, so the residual functions are closer to zero than non-residual ones (Figure 7).',
      ),
    ],
  };
}
