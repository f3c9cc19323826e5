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
  const written = new Written(io.cwd);
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
      written.add(path);
    }
  } catch (err) {
    io.stderr.write(`citeaudit: cannot write the reports: ${(err as Error).message}\n`);
    return 2;
  }
  if (!quiet) io.stderr.write(`citeaudit: wrote ${written}\n`);
  return 0;
}

/** The first few files written (relative to the working directory) and how many in all. */
export class Written {
  readonly shown: string[] = [];
  count = 0;
  constructor(private readonly cwd: string) {}
  add(path: string): void {
    if (this.count++ < 3) this.shown.push(relative(this.cwd, path));
  }
  toString(): string {
    return this.count > 3 ? `${this.shown.slice(0, 2).join(', ')}, … ${this.count - 2} more` : this.shown.join(', ');
  }
}
