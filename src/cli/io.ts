import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { openSource, type Source } from '../source/index.ts';

/** What the CLI touches of the process: passed in, so tests can run main() in-process. */
export interface CliIO {
  stdout: { write(chunk: string): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  /** Directory relative paths resolve against. */
  cwd: string;
  env: Record<string, string | undefined>;
}

export const processIO = (): CliIO => ({
  stdout: process.stdout,
  stderr: process.stderr,
  cwd: process.cwd(),
  env: process.env,
});

/** Usage errors: exit code 2 with the message. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * Opens a dump named on the command line (`-` is stdin, named `<stdin>` in messages) with
 * the process's PATH for the decompressors, and prints the source's notices unless quiet.
 */
export async function openInput(dump: string, io: CliIO, quiet: boolean): Promise<Source> {
  const stdin = dump === '-';
  const source = await openSource(stdin ? '-' : resolve(io.cwd, dump), {
    name: stdin ? '<stdin>' : dump,
    path: io.env['PATH'] ?? '',
  });
  if (!quiet) for (const n of source.notices) io.stderr.write(`citeaudit: ${n}\n`);
  return source;
}

/** GitHub Actions shows what a step appends to `$GITHUB_STEP_SUMMARY` on the run's page; nothing when it is unset. */
export function writeStepSummary(markdown: string, io: CliIO): void {
  const path = io.env['GITHUB_STEP_SUMMARY'];
  if (!path) return;
  try {
    appendFileSync(resolve(io.cwd, path), `${markdown}\n`);
  } catch (err) {
    io.stderr.write(`citeaudit: warning: cannot append to GITHUB_STEP_SUMMARY: ${(err as Error).message}\n`);
  }
}
