/**
 * A progress bar on stderr for the long CLI commands, redrawn in place on a terminal and
 * silent otherwise (a log file or a test wants the result, not a thousand redraws).
 */
const WIDTH = 30;

/** `label [#####.....] done/total`: the bar `done / total` full. */
export function progressBar(label: string, done: number, total: number): string {
  const f = total > 0 ? Math.min(1, done / total) : 1;
  const full = Math.round(f * WIDTH);
  return `${label} [${'#'.repeat(full)}${'.'.repeat(WIDTH - full)}] ${done}/${total}`;
}

export interface Progress {
  show(label: string, done: number, total: number): void;
  /** Clears the bar, so that what follows starts on a clean line. */
  end(): void;
}

export function stderrProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  let shown = false;
  let last = 0;
  return {
    show(label, done, total) {
      if (!stream.isTTY) return;
      // At most ~20 redraws a second, and always the last.
      const now = Date.now();
      if (done < total && now - last < 50) return;
      last = now;
      stream.write(`\r${progressBar(label, done, total)}\x1b[K`);
      shown = true;
    },
    end() {
      if (shown) stream.write('\r\x1b[K');
      shown = false;
    },
  };
}
