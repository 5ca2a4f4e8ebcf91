/**
 * A PyTorch log over the Lab's charts, in words and colours: each run's label with where it
 * ran ("ResNet A-52 · PyTorch 2.1 on cuda (NVIDIA H200) ×2"), its colour (the browser run
 * of the same label's, else a free one of the palette), and the notice of what was
 * imported. Every word comes from the log's own header and lines, never from the controls.
 */
import { runColor, RUN_COLORS } from '../../charts/palette';
import type { TorchLog, TorchLogHeader, TorchLogRun } from '../../state/torchLog';
import { lastLoggedStep } from '../../state/torchLog';

export interface OverlayRun {
  /** The run's id in the charts: "torch:" and its id in the log, apart from the browser's. */
  id: string;
  label: string;
  color: string;
  visible: boolean;
  run: TorchLogRun;
}

const plural = (n: number, one: string, many = `${one}s`) =>
  `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

/** "PyTorch 2.1 on cuda (NVIDIA H200) ×2", "PyTorch 1.13 on cpu". */
export function whereText(h: Pick<TorchLogHeader, 'program' | 'where'>): string {
  const w = h.where;
  const program = h.program === 'pytorch' ? 'PyTorch' : h.program;
  const version = /^\d+\.\d+/.exec(w.torch)?.[0] ?? w.torch;
  // A CPU's name in the log is its architecture ("x86_64"), which says little; a GPU's is its model.
  const device = w.device === 'cuda' && w.deviceName ? `cuda (${w.deviceName})` : w.device;
  return `${program} ${version} on ${device}${w.world > 1 ? ` ×${w.world}` : ''}`;
}

/**
 * The log's runs as the charts and legend take them. A run takes the colour of the browser
 * run with its label; the others take the palette's colours no browser run uses, in order.
 */
export function overlayRuns(
  log: TorchLog,
  browser: readonly { label: string; index: number }[],
  hidden: ReadonlySet<string>,
): OverlayRun[] {
  const byLabel = new Map(browser.map((r) => [r.label, runColor(r.index)]));
  const taken = new Set(browser.map((r) => runColor(r.index)));
  const free = RUN_COLORS.filter((c) => !taken.has(c));
  const where = whereText(log.header);
  let next = 0;
  return log.runs.map((run, j) => {
    const id = `torch:${run.id}`;
    return {
      id,
      label: `${run.label} · ${where}`,
      color: byLabel.get(run.label) ?? (free.length ? free[next++ % free.length]! : runColor(j)),
      visible: !hidden.has(id),
      run,
    };
  });
}

const msText = (ms: number) => `${ms >= 10 ? Math.round(ms) : ms.toFixed(1)} ms/step`;

/**
 * "Overlaid a PyTorch log of degradation-mlp: 4 runs, 360 steps, on cpu, 1 process, started
 * 2026-12-03; ran 34 ms/step.", then what ended early or stopped.
 */
export function overlayNotice(log: TorchLog): string {
  const h = log.header;
  const w = h.where;
  const program = h.program === 'pytorch' ? 'PyTorch' : h.program;
  const device = w.device === 'cuda' && w.deviceName ? `cuda (${w.deviceName})` : w.device;
  const processes = `${plural(w.world, 'process', 'processes')}${w.backend ? ` (${w.backend})` : ''}`;
  const last = lastLoggedStep(log);
  const steps = log.end
    ? plural(log.end.steps, 'step')
    : `${last.toLocaleString('en-US')} of ${plural(h.config.steps, 'step')}`;
  const ran = log.end ? `; ran ${msText(log.end.msPerStep)}` : '';
  const sentences = [
    `Overlaid a ${program} log of ${h.experiment}: ${plural(log.runs.length, 'run')}, ${steps}, on ${device}, ${processes}, started ${h.started.slice(0, 10)}${ran}.`,
  ];
  if (!log.end)
    sentences.push(
      `The log ends early, at step ${last.toLocaleString('en-US')}, with no end line: the job was stopped or is still running.`,
    );
  if (log.cutOff) sentences.push('Its last line was cut off mid-write and is left out.');
  for (const r of log.runs)
    if (r.stop)
      sentences.push(
        r.stop.reason
          ? `${r.label} stopped: ${r.stop.reason.replace(/\.$/, '')}.`
          : `${r.label} stopped at step ${r.stop.step} (${r.stop.status}).`,
      );
  return sentences.join(' ');
}
