/**
 * `npm run arch -- <name> [--shortcut none|A|B|C] [--variant v1|v1.5] [--input 224]
 *   [--width 16] [--classes 10] [--json]`: the per-layer shape and cost table of a catalog
 * network, in a terminal table or as one JSON object.
 */
import { MODEL_NAME_HELP, modelByName } from '../core/catalog';
import type { NamedModelOptions } from '../core/catalog';
import { layerTable } from '../core/layerTable';
import type { LayerTable } from '../core/layerTable';
import { SHORTCUT_OPTIONS, BOTTLENECK_VARIANTS } from '../core/netSpec';
import type { ShortcutOption, BottleneckVariant } from '../core/netSpec';
import { SpecError } from '../core/specError';
import { parseArgs, runCli, UsageError } from './args';

const FLAGS = {
  shortcut: { choices: SHORTCUT_OPTIONS },
  variant: { choices: BOTTLENECK_VARIANTS },
  input: { integer: true },
  width: { integer: true },
  classes: { integer: true },
  json: { boolean: true },
} as const;

const group = (n: number) => n.toLocaleString('en-US');
/** 3.86×10^9, 40.6×10^6, or the plain number below a million. */
const sci = (n: number) => {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)}×10^9`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(1)}×10^6`;
  return group(n);
};

export function formatTable(name: string, t: LayerTable): string {
  const header = ['layer', 'kind', 'output', 'params', 'MACs', 'FLOPs'];
  const body = t.rows.map((r) => [
    r.name,
    r.kind,
    r.outShape.join('×'),
    group(r.params),
    group(r.macs),
    group(r.flops),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((row) => row[i]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i >= 3 ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join('  ')
      .trimEnd();
  return [
    `${name}: input ${t.inputShape.join('×')}, ${t.weightLayers} weight layers`,
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...body.map(line),
    '',
    `parameters  ${group(t.params)}`,
    `MACs        ${group(t.macs)}  (${sci(t.macs)} multiply-adds, the paper's "FLOPs")`,
    `FLOPs       ${group(t.flops)}  (${sci(t.flops)})`,
  ].join('\n');
}

export function archJson(name: string, t: LayerTable) {
  return {
    name,
    params: t.params,
    macs: t.macs,
    flops: t.flops,
    layers: t.rows.map((r) => ({
      name: r.name,
      kind: r.kind,
      outShape: r.outShape,
      params: r.params,
      macs: r.macs,
      flops: r.flops,
    })),
  };
}

function main(argv: readonly string[]): void {
  const { positional, flags } = parseArgs(argv, FLAGS, 1);
  const name = positional[0];
  if (!name) throw new UsageError(`missing model name; known: ${MODEL_NAME_HELP}`);
  const options: NamedModelOptions = {
    ...(flags.shortcut ? { shortcut: flags.shortcut as ShortcutOption } : {}),
    ...(flags.variant ? { variant: flags.variant as BottleneckVariant } : {}),
    ...(flags.input ? { input: Number(flags.input) } : {}),
    ...(flags.width ? { width: Number(flags.width) } : {}),
    ...(flags.classes ? { classes: Number(flags.classes) } : {}),
  };
  const spec = modelByName(name, options);
  const table = layerTable(spec);
  process.stdout.write(
    flags.json ? `${JSON.stringify(archJson(name, table))}\n` : `${formatTable(spec.name ?? name, table)}\n`,
  );
}

void runCli(
  () => main(process.argv.slice(2)),
  (e) => e instanceof SpecError,
);
