/**
 * Validation of NetSpecs from any source (catalog, URL, file, worker message). A spec is
 * either returned as a well-typed, fully checked copy or refused with a SpecError that
 * names the field and the allowed range. Unknown keys are refused too, so a typo never
 * silently changes an experiment.
 */
import type {
  ActivationOrder,
  BlockType,
  BottleneckVariant,
  ConvNetSpec,
  MlpSpec,
  NetSpec,
  ShortcutOption,
  StageSpec,
  StemKind,
  VggSpec,
} from './netSpec';
import { ACTIVATION_ORDERS, BLOCK_TYPES, BOTTLENECK_VARIANTS, SHORTCUT_OPTIONS, STEM_KINDS } from './netSpec';
import { layerTable } from './layerTable';
import { SpecError } from './specError';

/** Allowed ranges, shared with the UI so sliders never offer what validation refuses. */
export const LIMITS = {
  inputSize: { min: 1, max: 4096 },
  channels: { min: 1, max: 64 },
  features: { min: 1, max: 100_000 },
  width: { min: 1, max: 8192 },
  blocks: { min: 1, max: 1000 },
  stages: { min: 1, max: 8 },
  stride: { min: 1, max: 4 },
  expansion: { min: 1, max: 64 },
  classes: { min: 2, max: 100_000 },
  vggConvs: { min: 1, max: 16 },
  hidden: { min: 0, max: 4 },
} as const;

type Range = { min: number; max: number };
type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? `${v.slice(0, 40)}…` : v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  return Array.isArray(v) ? 'an array' : 'an object';
}

function int(v: unknown, field: string, r: Range): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < r.min || v > r.max)
    throw new SpecError(field, `must be an integer in ${r.min}..${r.max} (got ${describe(v)})`);
  return v;
}

function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw new SpecError(field, `must be one of ${allowed.join(', ')} (got ${describe(v)})`);
  return v as T;
}

function bool(v: unknown, field: string): boolean {
  if (typeof v !== 'boolean') throw new SpecError(field, `must be true or false (got ${describe(v)})`);
  return v;
}

function obj(v: unknown, field: string): Obj {
  if (!isObj(v)) throw new SpecError(field, `must be an object (got ${describe(v)})`);
  return v;
}

function arr(v: unknown, field: string, r: Range): unknown[] {
  if (!Array.isArray(v) || v.length < r.min || v.length > r.max)
    throw new SpecError(
      field,
      `must be a list of ${r.min}..${r.max} entries (got ${describe(v)}${Array.isArray(v) ? ` of ${v.length}` : ''})`,
    );
  // A copy without holes: a structured-cloned sparse array (postMessage keeps them) would
  // let .map skip an entry unchecked; as undefined it is refused by name.
  return Array.from(v);
}

function noExtraKeys(o: Obj, field: string, allowed: readonly string[]): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k))
      throw new SpecError(field ? `${field}.${k}` : k, `is not a known field (known: ${allowed.join(', ')})`);
}

function optName(v: unknown): { name?: string } {
  if (v === undefined) return {};
  if (typeof v !== 'string' || v.length > 80)
    throw new SpecError('name', `must be a string of at most 80 characters (got ${describe(v)})`);
  return { name: v };
}

function imageInput(v: unknown): { height: number; width: number; channels: number } {
  const o = obj(v, 'input');
  noExtraKeys(o, 'input', ['height', 'width', 'channels']);
  return {
    height: int(o.height, 'input.height', LIMITS.inputSize),
    width: int(o.width, 'input.width', LIMITS.inputSize),
    channels: int(o.channels, 'input.channels', LIMITS.channels),
  };
}

function stages(v: unknown, block: BlockType, expansion: number, conv: boolean): StageSpec[] {
  return arr(v, 'stages', LIMITS.stages).map((s, i) => {
    const f = `stages[${i}]`;
    const o = obj(s, f);
    noExtraKeys(o, f, ['blocks', 'width', 'stride']);
    const width = int(o.width, `${f}.width`, LIMITS.width);
    if (block === 'bottleneck' && width % expansion !== 0)
      throw new SpecError(
        `${f}.width`,
        `a bottleneck width must be divisible by its expansion ${expansion} (got ${width})`,
      );
    const stride = o.stride === undefined && !conv ? 1 : int(o.stride, `${f}.stride`, LIMITS.stride);
    if (!conv && stride !== 1) throw new SpecError(`${f}.stride`, `must be 1 for an MLP (got ${stride})`);
    return { blocks: int(o.blocks, `${f}.blocks`, LIMITS.blocks), width, stride };
  });
}

const COMMON_KEYS = [
  'kind',
  'name',
  'stages',
  'block',
  'expansion',
  'shortcut',
  'batchNorm',
  'activation',
  'classes',
];

function common(o: Obj, conv: boolean) {
  const block = oneOf<BlockType>(o.block, 'block', BLOCK_TYPES);
  const expansion = block === 'bottleneck' ? int(o.expansion, 'expansion', LIMITS.expansion) : 1;
  if (block === 'basic' && o.expansion !== undefined && o.expansion !== 1)
    throw new SpecError('expansion', `must be 1 for basic blocks (got ${describe(o.expansion)})`);
  return {
    ...optName(o.name),
    stages: stages(o.stages, block, expansion, conv),
    block,
    expansion,
    shortcut: oneOf<ShortcutOption>(o.shortcut, 'shortcut', SHORTCUT_OPTIONS),
    batchNorm: bool(o.batchNorm, 'batchNorm'),
    activation: oneOf<ActivationOrder>(o.activation, 'activation', ACTIVATION_ORDERS),
    classes: int(o.classes, 'classes', LIMITS.classes),
  };
}

/**
 * Option A's shortcut is x subsampled and zero-padded to the block's width, so it can add
 * channels but never drop them: every stage must be at least as wide as what feeds it (the
 * stem, or the stage before). A narrowing stage needs a projection (B or C).
 */
function optionAWidens(shortcut: ShortcutOption, stemWidth: number, s: StageSpec[], unit: string): void {
  if (shortcut !== 'A') return;
  s.forEach((stage, i) => {
    const before = i === 0 ? stemWidth : s[i - 1]!.width;
    if (stage.width >= before) return;
    const from = i === 0 ? `the stem's ${before}` : `${before}`;
    throw new SpecError(
      `stages[${i}].width`,
      `option A can only add ${unit}: stage ${i + 1} narrows ${from} → ${stage.width}; use shortcut B or C (a projection)`,
    );
  });
}

function convSpec(o: Obj): ConvNetSpec {
  noExtraKeys(o, '', [...COMMON_KEYS, 'input', 'stem', 'variant']);
  const stem = obj(o.stem, 'stem');
  noExtraKeys(stem, 'stem', ['kind', 'width']);
  const spec: ConvNetSpec = {
    kind: 'conv',
    input: imageInput(o.input),
    stem: {
      kind: oneOf<StemKind>(stem.kind, 'stem.kind', STEM_KINDS),
      width: int(stem.width, 'stem.width', LIMITS.width),
    },
    variant: oneOf<BottleneckVariant>(o.variant ?? 'v1', 'variant', BOTTLENECK_VARIANTS),
    ...common(o, true),
  };
  optionAWidens(spec.shortcut, spec.stem.width, spec.stages, 'channels');
  return spec;
}

function mlpSpec(o: Obj): MlpSpec {
  noExtraKeys(o, '', [...COMMON_KEYS, 'inputSize']);
  const spec: MlpSpec = {
    kind: 'mlp',
    inputSize: int(o.inputSize, 'inputSize', LIMITS.features),
    ...common(o, false),
  };
  // The dense stem outputs the first stage's width, so only a later stage can narrow.
  optionAWidens(spec.shortcut, spec.stages[0]!.width, spec.stages, 'features');
  return spec;
}

function vggSpec(o: Obj): VggSpec {
  noExtraKeys(o, '', ['kind', 'name', 'input', 'stages', 'hidden', 'batchNorm', 'classes']);
  return {
    kind: 'vgg',
    ...optName(o.name),
    input: imageInput(o.input),
    stages: arr(o.stages, 'stages', LIMITS.stages).map((s, i) => {
      const f = `stages[${i}]`;
      const so = obj(s, f);
      noExtraKeys(so, f, ['convs', 'width']);
      return {
        convs: int(so.convs, `${f}.convs`, LIMITS.vggConvs),
        width: int(so.width, `${f}.width`, LIMITS.width),
      };
    }),
    hidden: arr(o.hidden, 'hidden', LIMITS.hidden).map((h, i) => int(h, `hidden[${i}]`, LIMITS.features)),
    batchNorm: bool(o.batchNorm, 'batchNorm'),
    classes: int(o.classes, 'classes', LIMITS.classes),
  };
}

/**
 * Check any value as a NetSpec. Returns a fresh, checked copy; throws a SpecError naming
 * the first bad field. Also infers every shape, so a stride that makes a feature map
 * vanish is refused here rather than in the engine.
 */
export function validateSpec(value: unknown): NetSpec {
  const o = obj(value, 'spec');
  const kind = oneOf(o.kind, 'kind', ['conv', 'mlp', 'vgg'] as const);
  const spec = kind === 'conv' ? convSpec(o) : kind === 'mlp' ? mlpSpec(o) : vggSpec(o);
  layerTable(spec);
  return spec;
}

export type SpecCheck = { ok: true; spec: NetSpec } | { ok: false; field: string; message: string };

/** validateSpec without throwing, for the UI. */
export function checkSpec(value: unknown): SpecCheck {
  try {
    return { ok: true, spec: validateSpec(value) };
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, field: e.field, message: e.message };
    throw e;
  }
}
