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
