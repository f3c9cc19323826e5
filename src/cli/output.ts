import { closeSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import type { CliIO } from './io.ts';

/** One report file in the `--out` directory; its content is produced as it is written. */
export interface OutputFile {
  name: string;
  content: () => string | Iterable<string>;
}

/**
 * Writes report files into `--out`, chunk by chunk. Returns 2, with the reason on
 * stderr, when the directory or a file cannot be written; 0 otherwise.
 */
export function writeOutputs(io: CliIO, out: string, files: Iterable<OutputFile>, quiet: boolean): 0 | 2 {
  const written: string[] = [];
  try {
    const dir = resolve(io.cwd, out);
    mkdirSync(dir, { recursive: true });
    for (const file of files) {
      const path = join(dir, file.name);
      const fd = openSync(path, 'w');
      try {
        const content = file.content();
        for (const chunk of typeof content === 'string' ? [content] : content) writeSync(fd, chunk);
      } finally {
        closeSync(fd);
      }
      written.push(relative(io.cwd, path));
    }
  } catch (err) {
    io.stderr.write(`citeaudit: cannot write the reports: ${(err as Error).message}\n`);
    return 2;
  }
  const shown = written.length > 3 ? [...written.slice(0, 2), `… ${written.length - 2} more`] : written;
  if (!quiet) io.stderr.write(`citeaudit: wrote ${shown.join(', ')}\n`);
  return 0;
}
