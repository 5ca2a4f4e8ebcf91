/**
 * The lesson catalog: each lesson's slug, title, the question a learner answers before
 * training, its choices, and the experiment its page trains (and its "Open in the Lab" link
 * loads), as plain LabStates. Prose lives with the pages; what the reveal says is computed
 * from the run (src/ui/lesson/reveal*.ts). Toy experiments keep every trained lesson to
 * seconds on a laptop CPU.
 */
import { DEFAULT_LAB_STATE, runSpec, validDepths } from './labState';
import type { LabState, RunControl } from './labState';
import { basicVsBottleneckLab } from './labExperiments';
import { layerTable } from './layerTable';

export interface LessonChoice {
  id: string;
  label: string;
}

export interface Lesson {
  slug: string;
  /** 1-based position in the sequence. */
  number: number;
  title: string;
  /** One line for the index. */
  summary: string;
  question: string;
  choices: LessonChoice[];
  /** What the page trains and the Lab link opens; null for a lesson that only counts. */
  experiment: LabState | null;
  /** The identity task (reproduce the input), which the Lab's controls cannot express. */
  task?: 'identity';
  /** The page counts costs from the core instead of training; the experiment opens in the Lab. */
  countOnly?: boolean;
  /** A heavier Lab experiment the lesson also links to (e.g. on images). */
  labExtra?: { label: string; state: LabState };
}

const net = (depth: number, shortcuts: boolean, extra: Partial<RunControl> = {}): RunControl => ({
  depth,
  width: 16,
  block: 'basic',
  shortcuts,
  option: 'A',
  preact: false,
  batchNorm: true,
  ...extra,
});

/** The toy settings of the Lab's opening experiment (two spirals, Adam, 360 steps). */
const toy = (runs: RunControl[], extra: Partial<LabState> = {}): LabState => ({
  ...DEFAULT_LAB_STATE,
  runs,
  ...extra,
});

const toyMacs = (r: RunControl): number => layerTable(runSpec(r, DEFAULT_LAB_STATE.data)).macs;

/** The basic toy net of lesson 5. */
export const TOY_BASIC = net(14, true);

/**
 * The bottleneck MLP (3k+2 layers, width a multiple of 4) whose multiply-adds come closest
 * to TOY_BASIC's, preferring the deeper net on a tie: the paper's trade of width for depth.
 */
export function toyMatchedBottleneck(basic: RunControl = TOY_BASIC): RunControl {
  const target = toyMacs(basic);
  let best: RunControl | null = null;
  let gap = Infinity;
  for (const depth of validDepths(DEFAULT_LAB_STATE.data, 'bottleneck').filter((d) => d <= 56))
    for (let width = 4; width <= 64; width += 4) {
      const r = net(depth, true, { block: 'bottleneck', width });
      const g = Math.abs(toyMacs(r) - target);
      if (g < gap || (g === gap && best && depth > best.depth)) [best, gap] = [r, g];
    }
  return best!;
}

const predictDeeper = [
  { id: 'deep-worse', label: 'The 52-layer net ends with the higher training error' },
  { id: 'same', label: 'Both end about the same' },
  { id: 'deep-better', label: 'The 52-layer net ends with the lower training error' },
];

export const LESSONS: readonly Lesson[] = [
  {
    slug: 'degradation',
    number: 1,
    title: 'Deeper is not always better: the degradation problem',
    summary: 'A plain 8-layer and a plain 52-layer net on the same data: which trains better?',
    question:
      'Both nets are plain (no shortcuts) and use batch norm. After 360 steps, which has the higher training error?',
    choices: predictDeeper,
    experiment: toy([net(8, false), net(52, false)]),
  },
  {
    slug: 'not-vanishing-gradients',
    number: 2,
    title: 'Not vanishing gradients',
    summary: 'With batch norm, do the deep plain net’s first layers still get gradient?',
    question:
      'In the 52-layer plain net with batch norm, how does the gradient reaching the first layer compare with the last layer’s?',
    choices: [
      { id: 'vanish', label: 'It vanishes: over 1,000 times smaller' },
      { id: 'alive', label: 'It stays alive: within a factor of 1,000' },
    ],
    experiment: toy([net(8, false), net(52, false)], { seed: 2 }),
  },
  {
    slug: 'identity-is-hard',
    number: 3,
    title: 'The identity is hard to learn',
    summary: 'Ask 32 stacked layers to output their input, with and without shortcuts.',
    question: 'Each net must reproduce its 2-D input. Which gets closer after 300 steps?',
    choices: [
      { id: 'residual', label: 'The net with shortcuts' },
      { id: 'same', label: 'Both about the same' },
      { id: 'plain', label: 'The plain net' },
    ],
    experiment: toy([net(32, false), net(32, true)], { steps: 300 }),
    task: 'identity',
  },
  {
    slug: 'residual-learning',
    number: 4,
    title: 'Residual learning, F(x) + x',
    summary: 'The same 20-layer net with and without shortcuts: how strongly do its layers respond?',
    question:
      'Whose blocks learn the smaller function relative to their input (‖F(x)‖ / ‖x‖): the residual or the plain net’s?',
    choices: [
      { id: 'residual', label: 'The residual net’s' },
      { id: 'same', label: 'About the same' },
      { id: 'plain', label: 'The plain net’s' },
    ],
    experiment: toy([net(20, false), net(20, true)]),
  },
  {
    slug: 'basic-vs-bottleneck',
    number: 5,
    title: 'Basic vs bottleneck blocks at matched multiply-adds',
    summary: 'At the same cost, a bottleneck net is deeper. Does it train as well?',
    question:
      'The two residual nets cost about the same multiply-adds; the bottleneck one is deeper and narrower inside. Which ends with the lower training error?',
    choices: [
      { id: 'bottleneck', label: 'The bottleneck net' },
      { id: 'same', label: 'About the same' },
      { id: 'basic', label: 'The basic net' },
    ],
    experiment: toy([TOY_BASIC, toyMatchedBottleneck()]),
    labExtra: { label: 'the same question on Fashion-MNIST images', state: basicVsBottleneckLab() },
  },
  {
    slug: 'shortcut-options',
    number: 6,
    title: 'Shortcut options A, B and C',
    summary: 'Zero-padding, projections where shapes change, projections everywhere: what they cost.',
    question:
      'Option C adds a learned projection to every shortcut. How much does it change the training error here?',
    choices: [
      { id: 'little', label: 'Little: within 3 percentage points of option A' },
      { id: 'much', label: 'Much: more than 3 points better or worse' },
    ],
    experiment: toy((['A', 'B', 'C'] as const).map((option) => net(20, true, { option }))),
  },
  {
    slug: 'deeper-still',
    number: 7,
    title: 'Deeper still: ResNet-18 to 152 vs VGG',
    summary: 'Why 152 layers cost fewer multiply-adds than VGG-19’s 19.',
    question: 'Which needs more multiply-adds per 224×224 image: ResNet-152 or VGG-19?',
    choices: [
      { id: 'resnet152', label: 'ResNet-152' },
      { id: 'about-same', label: 'About the same' },
      { id: 'vgg19', label: 'VGG-19' },
    ],
    experiment: toy([net(8, true), net(20, true), net(52, true), net(104, true)]),
    countOnly: true,
  },
  {
    slug: 'pre-activation',
    number: 8,
    title: 'Pre-activation (He et al. 2016)',
    summary: 'Move batch norm and ReLU before the weights: a clean identity path through a 104-layer net.',
    question:
      'A 104-layer residual net, post-activation (2015) vs pre-activation (2016): which trains to the lower error?',
    choices: [
      { id: 'pre', label: 'Pre-activation' },
      { id: 'same', label: 'About the same' },
      { id: 'post', label: 'Post-activation' },
    ],
    experiment: toy([net(104, true), net(104, true, { preact: true })]),
  },
];

export function lessonBySlug(slug: string): Lesson | undefined {
  return LESSONS.find((l) => l.slug === slug);
}

/**
 * CIFAR-10 test error (%) of original (post-activation) and pre-activation ResNets, as
 * reported by He et al. (2016), "Identity Mappings in Deep Residual Networks". Data, not
 * measurements: lesson 8 labels them as the paper's.
 */
export const PREACT_REPORTED = [
  { depth: 110, post: 6.61, pre: 6.37 },
  { depth: 1001, post: 7.61, pre: 4.92 },
] as const;
