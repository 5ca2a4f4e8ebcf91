import { describe, expect, it } from 'vitest';
import { LESSONS, lessonBySlug } from '../../src/core/lessons';
import type { RunControl } from '../../src/core/labState';
import { zooRows } from '../../src/core/zoo';
import { withPrediction } from '../../src/ui/lesson/reveal';
import type { RunFacts } from '../../src/ui/lesson/runFacts';
import { FINDINGS } from '../../src/ui/lesson/reveals';
import {
  degradationFinding,
  gradientFinding,
  identityFinding,
  responseFinding,
} from '../../src/ui/lesson/revealDepth';
import { bottleneckFinding, preactFinding, shortcutFinding } from '../../src/ui/lesson/revealBlocks';
import { costFinding } from '../../src/ui/lesson/revealCosts';

const control = (depth: number, shortcuts: boolean, extra: Partial<RunControl> = {}): RunControl => ({
  depth,
  width: 16,
  block: 'basic',
  shortcuts,
  option: 'A',
  preact: false,
  batchNorm: true,
  ...extra,
});

const facts = (label: string, c: RunControl, finalErr: number, extra: Partial<RunFacts> = {}): RunFacts => ({
  id: label,
  label,
  control: c,
  status: 'ok',
  finalErr,
  testErr: NaN,
  gradNorms: [],
  weightNames: [],
  layerStd: [],
  blockRatio: [],
  params: 1000,
  macs: 1000,
  ...extra,
});

const text = (f: { lines: string[] }) => f.lines.join(' ');

describe('lesson 1: degradation', () => {
  const shallow = (e: number) => facts('plain-8', control(8, false), e, { testErr: 0.3 });
  const deep = (e: number) => facts('plain-52', control(52, false), e, { testErr: 0.5 });

  it('agrees with the paper when the deep plain net trains worse, quoting both errors', () => {
    const f = degradationFinding([shallow(0.1234), deep(0.4567)]);
    expect(f.outcome).toBe('deep-worse');
    expect(f.agreesWithPaper).toBe(true);
    expect(text(f)).toContain('plain-8 12.34%, plain-52 45.67%');
    expect(text(f)).toContain('not overfitting');
    expect(text(f)).toContain('plain-8 30.00%, plain-52 50.00%');
    expect(text(f)).toMatch(/^(?!.*disagrees)/);
  });

  it('says so when this run disagrees: the deep net trained as well', () => {
    const f = degradationFinding([shallow(0.2), deep(0.205)]);
    expect(f.outcome).toBe('same');
    expect(f.agreesWithPaper).toBe(false);
    expect(text(f)).toContain('This run disagrees with the paper');
    expect(text(f)).not.toContain('degradation problem.');
  });

  it('says the deep net trained better when it did', () => {
    const f = degradationFinding([shallow(0.3), deep(0.1)]);
    expect(f.outcome).toBe('deep-better');
    expect(f.agreesWithPaper).toBe(false);
  });

  it('refuses to compare a diverged run', () => {
    const f = degradationFinding([shallow(0.1), { ...deep(NaN), status: 'diverged' }]);
    expect(f.outcome).toBeNull();
    expect(f.agreesWithPaper).toBeNull();
    expect(text(f)).toContain('plain-52 diverged');
  });
});

describe('lesson 2: gradients', () => {
  const names = ['stem', 'b1', 'fc'];
  const runs = (first: number, deepErr: number) => [
    facts('plain-8', control(8, false), 0.1),
    facts('plain-52', control(52, false), deepErr, { gradNorms: [first, 0.5, 0.2], weightNames: names }),
  ];

  it('agrees when gradients stay alive and the deep net still trains worse', () => {
    const f = gradientFinding(runs(0.05, 0.4));
    expect(f.outcome).toBe('alive');
    expect(f.agreesWithPaper).toBe(true);
    expect(text(f)).toContain('norm 0.0500');
    expect(text(f)).toContain('0.200');
    expect(text(f)).toContain('1/4 of the last layer’s');
  });

  it('disagrees when the first layer’s gradient vanished', () => {
    const f = gradientFinding(runs(1e-6, 0.4));
    expect(f.outcome).toBe('vanish');
    expect(f.agreesWithPaper).toBe(false);
    expect(text(f)).toContain('This run disagrees');
  });

  it('disagrees when the deep net did not train worse', () => {
    const f = gradientFinding(runs(0.05, 0.1));
    expect(f.outcome).toBe('alive');
    expect(f.agreesWithPaper).toBe(false);
  });
});

describe('lesson 3: identity', () => {
  const runs = (plain: number, res: number) => [
    facts('plain-32', control(32, false), plain),
    facts('ResNet A-32', control(32, true), res),
  ];
  it('agrees when the residual stack copies its input better', () => {
    const f = identityFinding(runs(0.5, 0.01));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['residual', true]);
    expect(text(f)).toContain('plain-32 50.00%, ResNet A-32 1.00%');
  });
  it('disagrees when the plain stack does as well', () => {
    const f = identityFinding(runs(0.02, 0.015));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['same', false]);
  });
});

describe('lesson 4: responses', () => {
  const runs = (plainStd: number[], resStd: number[], plainRatio: number[], resRatio: number[]) => [
    facts('plain-20', control(20, false), 0.1, { layerStd: plainStd, blockRatio: plainRatio }),
    facts('ResNet A-20', control(20, true), 0.1, { layerStd: resStd, blockRatio: resRatio }),
  ];
  it('agrees when the residual branches are smaller and the layers respond more weakly', () => {
    const f = responseFinding(runs([1, 1.2], [0.4, 0.6], [1.2, 1.3, 1.4], [0.2, 0.3, 0.5]));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['residual', true]);
    expect(text(f)).toContain('‖F(x)‖ / ‖x‖: plain-20 1.3, ResNet A-20 0.3.');
    expect(text(f)).toContain('plain-20 1.1, ResNet A-20 0.5 (55% lower with shortcuts)');
    expect(text(f)).toContain('small corrections');
    expect(text(f)).not.toContain('Batch norm rescales');
  });
  it('disagrees when the branches are smaller but the layer stds are not, and says why they can be close', () => {
    const f = responseFinding(runs([1, 1], [1.02, 1.02], [1.3], [0.5]));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['residual', false]);
    expect(text(f)).toContain('2% higher with shortcuts');
    expect(text(f)).toContain('Batch norm rescales');
    expect(text(f)).toContain('This run disagrees');
  });
  it('disagrees when the plain blocks’ functions are the smaller', () => {
    const f = responseFinding(runs([1, 1], [0.5, 0.5], [0.3], [1.5]));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['plain', false]);
    expect(text(f)).not.toContain('small corrections');
  });
  it('says nothing was measured without probes', () => {
    expect(responseFinding(runs([], [], [], [])).outcome).toBeNull();
  });
});

describe('lesson 5: bottleneck at matched cost', () => {
  const runs = (basicErr: number, bottleErr: number) => [
    facts('ResNet A-14', control(14, true), basicErr, { macs: 4000 }),
    facts('ResNet A-23 bottleneck', control(23, true, { block: 'bottleneck' }), bottleErr, { macs: 4200 }),
  ];
  it('agrees when the bottleneck net trains as well, and quotes the counts', () => {
    const f = bottleneckFinding(runs(0.1, 0.1));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['same', true]);
    expect(text(f)).toContain('4,000');
    expect(text(f)).toContain('4,200 (5% apart)');
  });
  it('disagrees when the basic net trains better', () => {
    expect(bottleneckFinding(runs(0.05, 0.3))).toMatchObject({ outcome: 'basic', agreesWithPaper: false });
  });
});

describe('lesson 6: shortcut options', () => {
  const runs = (a: number, c: number) =>
    (['A', 'B', 'C'] as const).map((o, i) =>
      facts(`ResNet ${o}-20`, control(20, true, { option: o }), [a, a, c][i]!, {
        params: o === 'C' ? 1500 : 1000,
      }),
    );
  it('agrees when option C lands close to A, and notes B adds nothing here', () => {
    const f = shortcutFinding(runs(0.1, 0.11));
    expect([f.outcome, f.agreesWithPaper]).toEqual(['little', true]);
    expect(text(f)).toContain('option A 1,000, option B 1,000, option C 1,500');
    expect(text(f)).toContain('B has nowhere to project');
  });
  it('disagrees when option C is far from A', () => {
    expect(shortcutFinding(runs(0.1, 0.3))).toMatchObject({ outcome: 'much', agreesWithPaper: false });
  });
});

describe('lesson 7: costs', () => {
  it('counts VGG-19 costlier than ResNet-152, as the paper does', () => {
    const f = costFinding();
    expect([f.outcome, f.agreesWithPaper]).toEqual(['vgg19', true]);
    expect(text(f)).toMatch(/ResNet-152 \(152 weight layers\) needs 11\.\d\d × 10⁹/);
    expect(text(f)).toMatch(/VGG-19 \(19\) 19\.\d\d × 10⁹/);
  });
  it('reports a disagreement when the counts say otherwise', () => {
    const rows = zooRows().map((r) => (r.id === 'vgg19' ? { ...r, macs: r.macs / 10 } : r));
    expect(costFinding(rows)).toMatchObject({ outcome: 'resnet152', agreesWithPaper: false });
  });
});

describe('lesson 8: pre-activation', () => {
  const runs = (post: number, pre: number) => [
    facts('ResNet A-104', control(104, true), post),
    facts('ResNet A-104 pre-act', control(104, true, { preact: true }), pre),
  ];
  it('agrees when pre-activation trains at least as well', () => {
    expect(preactFinding(runs(0.2, 0.1))).toMatchObject({ outcome: 'pre', agreesWithPaper: true });
  });
  it('disagrees when post-activation trains better', () => {
    expect(preactFinding(runs(0.1, 0.2))).toMatchObject({ outcome: 'post', agreesWithPaper: false });
  });
});

describe('the prediction', () => {
  const lesson = lessonBySlug('degradation')!;
  const finding = degradationFinding([
    facts('plain-8', control(8, false), 0.1),
    facts('plain-52', control(52, false), 0.4),
  ]);
  it('matches when the learner predicted what happened', () => {
    const r = withPrediction(lesson, finding, 'deep-worse');
    expect(r.predictionMatched).toBe(true);
    expect(r.predictionLine).toContain('that is what this run shows');
  });
  it('does not match otherwise, naming both', () => {
    const r = withPrediction(lesson, finding, 'same');
    expect(r.predictionMatched).toBe(false);
    expect(r.predictionLine).toContain('Both end about the same');
    expect(r.predictionLine).toContain('The 52-layer net ends with the higher training error');
  });
  it('says when there was no prediction', () => {
    expect(withPrediction(lesson, finding, null).predictionMatched).toBeNull();
  });
  it('every lesson has a finding whose outcomes are among its choices', () => {
    for (const l of LESSONS) {
      expect(FINDINGS[l.slug]).toBeTypeOf('function');
    }
    const ids = lessonBySlug('deeper-still')!.choices.map((c) => c.id);
    expect(ids).toContain(costFinding().outcome);
  });
});
