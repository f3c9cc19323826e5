import cliProgress from 'cli-progress';
import type { CliIO } from './io.ts';

export interface Progress {
  update(values: { raw: number; pages: number; revisions: number }): void;
  stop(): void;
}

const silent: Progress = { update: () => undefined, stop: () => undefined };

const mb = (n: number) => (n / 1e6).toFixed(1);

/** A progress line on stderr when it is a terminal; nothing at all otherwise (CI, pipes). */
export function startProgress(io: CliIO, total: number | undefined, quiet: boolean): Progress {
  if (quiet || !io.stderr.isTTY) return silent;
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
  bar.start(total ?? 1, 0, { done: '0.0', all: total ? mb(total) : '?', pages: 0, revisions: 0, rate: '0.0' });
  return {
    update({ raw, pages, revisions }) {
      const seconds = Math.max(0.001, (Date.now() - started) / 1000);
      bar.update(total ? Math.min(raw, total) : 0, { done: mb(raw), pages, revisions, rate: mb(raw / seconds) });
    },
    stop: () => bar.stop(),
  };
}
