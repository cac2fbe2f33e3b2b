/**
 * Progress for long jobs: a bar with rate and ETA on a TTY, plain periodic lines otherwise
 * (CI logs, pipes). `tick(n)` is cheap; output is throttled.
 */
export interface Progress {
  tick(n?: number): void;
  /** Change the total once it becomes known (streamed inputs). */
  setTotal(total: number): void;
  done(): void;
}

export interface ProgressOptions {
  label: string;
  total?: number;
  unit?: string;
  stream?: NodeJS.WriteStream | { write(s: string): unknown; isTTY?: boolean };
  /** Minimum time between plain-text lines. */
  intervalMs?: number;
  silent?: boolean;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

export function createProgress(options: ProgressOptions): Progress {
  const { label, unit = 'items', stream = process.stderr, silent = false } = options;
  const isTTY = Boolean(stream.isTTY);
  const intervalMs = options.intervalMs ?? (isTTY ? 100 : 5000);
  let total = options.total;
  let count = 0;
  const start = performance.now();
  let last = 0;

  const line = (final: boolean): string => {
    const elapsed = (performance.now() - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const eta = total && rate > 0 ? (total - count) / rate : NaN;
    const pct = total ? Math.min(100, (100 * count) / total) : undefined;
    const bar = isTTY && total ? `[${'#'.repeat(Math.round((pct! / 100) * 24)).padEnd(24, '.')}] ` : '';
    const of = total ? `/${total}` : '';
    const pctText = pct !== undefined ? ` ${pct.toFixed(1)}%` : '';
    const etaText = final ? ` in ${formatDuration(elapsed)}` : ` ETA ${formatDuration(eta)}`;
    return `${label} ${bar}${count}${of} ${unit}${pctText} ${rate.toFixed(1)} ${unit}/s${etaText}`;
  };
  const render = (final = false) => {
    if (silent) return;
    if (isTTY) stream.write(`\r\x1b[2K${line(final)}${final ? '\n' : ''}`);
    else stream.write(`${line(final)}\n`);
  };
  return {
    tick(n = 1) {
      count += n;
      const now = performance.now();
      if (now - last >= intervalMs) {
        last = now;
        render();
      }
    },
    setTotal(t) {
      total = t;
    },
    done() {
      render(true);
    },
  };
}
