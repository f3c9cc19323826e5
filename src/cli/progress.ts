import cliProgress from 'cli-progress';
import type { CliIO } from './io.ts';

export interface ProgressValues {
  /** Raw (possibly compressed) bytes read from the input. */
  raw: number;
  pages: number;
  revisions: number;
}

export interface Progress {
  stop(): void;
}

const mb = (n: number) => (n / 1e6).toFixed(1);

/**
 * A progress line on stderr when it is a terminal, nothing otherwise (CI, pipes). It
 * polls `read` five times a second rather than being told of every page, so a single
 * page with 15,000 revisions moves the bar as well as 15,000 pages do.
 */
export function startProgress(
  io: CliIO,
  total: number | undefined,
  quiet: boolean,
  read: () => ProgressValues,
): Progress {
  if (quiet || !io.stderr.isTTY) return { stop: () => undefined };
  const started = Date.now();
  const bar = new cliProgress.SingleBar(
    {
      format: total
        ? '{bar} {percentage}% | {done} of {all} MB | {pages} pages, {revisions} revisions | {rate} MB/s'
        : '{done} MB | {pages} pages, {revisions} revisions | {rate} MB/s',
      stream: io.stderr as NodeJS.WritableStream,
      fps: 5,
      hideCursor: true,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const payload = () => {
    const { raw, pages, revisions } = read();
    const seconds = Math.max(0.001, (Date.now() - started) / 1000);
    return {
      value: total ? Math.min(raw, total) : 0,
      done: mb(raw),
      all: total ? mb(total) : '?',
      pages,
      revisions,
      rate: mb(raw / seconds),
    };
  };
  const first = payload();
  bar.start(total ?? 1, first.value, first);
  const timer = setInterval(() => {
    const p = payload();
    bar.update(p.value, p);
  }, 200);
  timer.unref();
  return {
    stop() {
      clearInterval(timer);
      bar.stop();
    },
  };
}
