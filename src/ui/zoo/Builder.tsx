import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { singleRunLab } from '../../core/labExperiments';
import { runLabel } from '../../core/labState';
import { layerTable } from '../../core/layerTable';
import { estimateMemory, formatBytes } from '../../core/memory';
import { BUILDER_PRESETS, builderSpec, labRunFor, parseBlocks } from '../../core/netBuilder';
import type { BuilderChoice } from '../../core/netBuilder';
import type { BlockType, ShortcutOption, StemKind } from '../../core/netSpec';
import { SpecError } from '../../core/specError';
import { encodeLabState } from '../../core/urlCodec';
import { checkRun } from '../lab/runCheck';
import { formatGiga, formatInt } from '../numbers';

const START = BUILDER_PRESETS['CIFAR ResNet-20']!;
const BATCHES = [1, 32, 64, 128, 256] as const;

type Built =
  | { ok: true; params: number; macs: number; flops: number; layers: number; memory: number; name: string }
  | { ok: false; reason: string };

function build(c: BuilderChoice, batch: number): Built {
  try {
    const spec = builderSpec(c);
    const t = layerTable(spec);
    return {
      ok: true,
      name: spec.name ?? '',
      params: t.params,
      macs: t.macs,
      flops: t.flops,
      layers: t.weightLayers,
      memory: estimateMemory(spec, batch, 'sgd').total,
    };
  } catch (e) {
    if (e instanceof SpecError) return { ok: false, reason: e.message };
    throw e;
  }
}

/** Build a ResNet from its parts and see its cost live; open it in the Lab when the Lab can train it. */
export function Builder() {
  const [blocksText, setBlocksText] = useState(START.blocks.join(', '));
  const [block, setBlock] = useState<BlockType>(START.block);
  const [width, setWidth] = useState(START.width);
  const [input, setInput] = useState(START.input);
  const [stem, setStem] = useState<StemKind>(START.stem);
  const [shortcut, setShortcut] = useState<ShortcutOption>(START.shortcut);
  const [batch, setBatch] = useState(64);

  const parsed = useMemo(() => {
    try {
      return { ok: true as const, blocks: parseBlocks(blocksText) };
    } catch (e) {
      if (e instanceof SpecError) return { ok: false as const, reason: e.message };
      throw e;
    }
  }, [blocksText]);
  const choice = useMemo<BuilderChoice | null>(
    () => (parsed.ok ? { blocks: parsed.blocks, block, width, input, stem, shortcut } : null),
    [parsed, block, width, input, stem, shortcut],
  );
  const built = useMemo(() => (choice ? build(choice, batch) : null), [choice, batch]);
  const mapping = choice ? labRunFor(choice) : null;
  const check = mapping?.ok ? checkRun(mapping.run, 'fashion', 64, 'sgd') : null;
  const labReasons = !choice
    ? ['fix the blocks per stage first']
    : !mapping!.ok
      ? mapping!.reasons
      : check && !check.ok
        ? [check.reason]
        : [];

  const preset = (name: string) => {
    const p = BUILDER_PRESETS[name];
    if (!p) return;
    setBlocksText(p.blocks.join(', '));
    setBlock(p.block);
    setWidth(p.width);
    setInput(p.input);
    setStem(p.stem);
    setShortcut(p.shortcut);
  };

  return (
    <section aria-labelledby="builder-heading" className="builder">
      <h2 id="builder-heading">Build your own</h2>
      <div className="builder-grid">
        <form className="builder-controls" aria-label="Network builder" onSubmit={(e) => e.preventDefault()}>
          <label>
            Start from{' '}
            <select value="" onChange={(e) => preset(e.target.value)}>
              <option value="" disabled>
                a preset…
              </option>
              {Object.keys(BUILDER_PRESETS).map((n) => (
                <option key={n} value={n}>
                  {n}
                </option>
              ))}
            </select>
          </label>
          <label>
            Blocks per stage{' '}
            <input value={blocksText} onChange={(e) => setBlocksText(e.target.value)} size={12} />
          </label>
          <label>
            Block{' '}
            <select value={block} onChange={(e) => setBlock(e.target.value as BlockType)}>
              <option value="basic">basic (two 3×3)</option>
              <option value="bottleneck">bottleneck (1×1, 3×3, 1×1)</option>
            </select>
          </label>
          <label>
            Width{' '}
            <input
              type="number"
              min={1}
              max={512}
              value={width}
              onChange={(e) => setWidth(Math.round(Number(e.target.value)))}
            />
          </label>
          <label>
            Input size{' '}
            <input
              type="number"
              min={8}
              max={512}
              value={input}
              onChange={(e) => setInput(Math.round(Number(e.target.value)))}
            />
          </label>
          <label>
            Stem{' '}
            <select value={stem} onChange={(e) => setStem(e.target.value as StemKind)}>
              <option value="imagenet">ImageNet (7×7/2 conv, max pool)</option>
              <option value="cifar">CIFAR (3×3 conv)</option>
            </select>
          </label>
          <label>
            Shortcuts{' '}
            <select value={shortcut} onChange={(e) => setShortcut(e.target.value as ShortcutOption)}>
              <option value="A">A (identity, zero-padded)</option>
              <option value="B">B (projection where the shape changes)</option>
              <option value="C">C (projection everywhere)</option>
              <option value="none">none (plain net)</option>
            </select>
          </label>
          <label>
            Batch size (for memory){' '}
            <select value={batch} onChange={(e) => setBatch(Number(e.target.value))}>
              {BATCHES.map((b) => (
                <option key={b} value={b}>
                  {b}
                </option>
              ))}
            </select>
          </label>
        </form>
        <div className="builder-out" aria-live="polite">
          {!parsed.ok ? (
            <p className="error" role="alert">
              Blocks per stage: {parsed.reason}
            </p>
          ) : built && !built.ok ? (
            <p className="error" role="alert">
              {built.reason}
            </p>
          ) : built && built.ok ? (
            <dl className="builder-figures" data-testid="builder-figures">
              <dt>Network</dt>
              <dd>{built.name}</dd>
              <dt>Layers</dt>
              <dd data-testid="builder-layers">{built.layers}</dd>
              <dt>Parameters</dt>
              <dd data-testid="builder-params">{formatInt(built.params)}</dd>
              <dt>Multiply-adds</dt>
              <dd data-testid="builder-macs">{formatGiga(built.macs, 3)} ×10⁹</dd>
              <dt>FLOPs</dt>
              <dd>{formatGiga(built.flops, 3)} ×10⁹</dd>
              <dt>Training memory</dt>
              <dd data-testid="builder-memory">
                about {formatBytes(built.memory)} at batch {batch} (float32, SGD with momentum)
              </dd>
            </dl>
          ) : null}
          {labReasons.length === 0 && mapping?.ok ? (
            <p>
              <Link
                className="button"
                to={{ pathname: '/lab', search: `?${encodeLabState(singleRunLab(mapping.run))}` }}
              >
                Open in Lab
              </Link>{' '}
              <span className="hint">
                as {runLabel(mapping.run)}, width {mapping.run.width}, on 28×28 Fashion-MNIST
              </span>
            </p>
          ) : (
            <div className="lab-refusal">
              <button type="button" className="button" disabled aria-describedby="builder-why">
                Open in Lab
              </button>
              <ul id="builder-why" className="hint">
                {labReasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
