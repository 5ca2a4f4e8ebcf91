/** The experiment a CLI command's `--preset <name>` or `--spec <file.json>` names. */
import { readFile } from 'node:fs/promises';
import type { DataSource } from '../core/dataSource';
import { DEFAULT_TOY } from '../core/dataSource';
import type { NetSpec } from '../core/netSpec';
import { PRESET_NAMES, presetByName } from '../core/presets';
import type { Preset, PresetRun } from '../core/presets';
import { SpecError } from '../core/specError';
import { validateTrainConfig } from '../core/trainConfig';
import type { TrainConfig } from '../core/trainConfig';
import { validateSpec } from '../core/validate';
import { UsageError } from './args';

/** What data a lone NetSpec trains on. */
function dataFor(spec: NetSpec): DataSource {
  if (spec.kind === 'mlp' && spec.inputSize === 2) return DEFAULT_TOY;
  if (spec.kind !== 'mlp' && spec.input.height === 28 && spec.input.width === 28 && spec.input.channels === 1)
    return { kind: 'fashion' };
  throw new SpecError(
    'input',
    'no shipped dataset fits this input (2 features, or 28×28×1); give an experiment file with "data"',
  );
}

/**
 * An experiment from a JSON file: one NetSpec, or `{ runs: [{ id, spec }], data?, config? }`.
 * `kinds`: the data sources this command can use (the train command loads only the toys and
 * the shipped Fashion-MNIST; an export names any source, whose files come later).
 */
export async function experimentFromFile(
  path: string,
  kinds: readonly DataSource['kind'][],
): Promise<Preset> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new UsageError(`--spec ${path}: ${(e as Error).message}`);
  }
  const o = raw as { kind?: unknown; runs?: unknown; data?: unknown; config?: unknown };
  if (o && typeof o === 'object' && 'kind' in o) {
    const spec = validateSpec(raw);
    return {
      name: path,
      title: path,
      expectation: '',
      data: dataFor(spec),
      runs: [{ id: spec.name ?? 'net', spec }],
      config: validateTrainConfig({}),
    };
  }
  if (!o || typeof o !== 'object' || !Array.isArray(o.runs) || o.runs.length === 0)
    throw new SpecError(
      'runs',
      'an experiment file needs "runs": [{ "id", "spec" }, …] (or give one NetSpec)',
    );
  const runs: PresetRun[] = o.runs.map((r: { id?: unknown; spec?: unknown }, i: number) => {
    if (typeof r?.id !== 'string' || !/^[\w.-]{1,40}$/.test(r.id))
      throw new SpecError(`runs[${i}].id`, 'must be a short name of letters, digits, ".", "-" or "_"');
    try {
      return { id: r.id, spec: validateSpec(r.spec) };
    } catch (e) {
      if (e instanceof SpecError)
        throw new SpecError(`runs[${i}].spec.${e.field}`, e.message.slice(e.field.length + 2));
      throw e;
    }
  });
  const data = (o.data as DataSource | undefined) ?? dataFor(runs[0]!.spec);
  if (!kinds.includes(data?.kind))
    throw new SpecError('data.kind', `must be ${kinds.join(' or ')} here (got ${String(data?.kind)})`);
  return {
    name: path,
    title: path,
    expectation: '',
    data,
    runs,
    config: validateTrainConfig(o.config ?? {}),
  };
}

/** The flags every command that takes an experiment shares. */
export const EXPERIMENT_FLAGS = {
  preset: { choices: PRESET_NAMES },
  spec: {},
  steps: { integer: true },
  seed: { integer: true },
} as const;

/**
 * The experiment of `--preset` or `--spec` (exactly one), with its config as `--steps` and
 * `--seed` override it.
 */
export async function experimentFromFlags(
  flags: Record<string, string | boolean>,
  kinds: readonly DataSource['kind'][],
): Promise<{ exp: Preset; config: TrainConfig }> {
  if (!flags.preset === !flags.spec)
    throw new UsageError('give exactly one of --preset <name> or --spec <file.json>');
  const exp = flags.preset
    ? presetByName(flags.preset as string)
    : await experimentFromFile(flags.spec as string, kinds);
  const config = validateTrainConfig({
    ...exp.config,
    ...(flags.steps ? { steps: Number(flags.steps) } : {}),
    ...(flags.seed ? { seed: Number(flags.seed) } : {}),
  });
  return { exp, config };
}
