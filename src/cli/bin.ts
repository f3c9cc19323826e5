#!/usr/bin/env node
import { processIO } from './io.ts';
import { main } from './main.ts';

// A report printed to stdout (`--out -`) whose reader goes away (`| head`) stops the run
// quietly, as SIGPIPE stops other Unix tools (exit 141); stdout that cannot be written
// at all (a full disk) is exit 2, as any report that cannot be written is.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(141);
  process.stderr.write(`citeaudit: cannot write the report to stdout: ${err.message}\n`);
  process.exit(2);
});

// Only sets the exit code: output is flushed by Node before it exits.
main(process.argv.slice(2), processIO()).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    process.stderr.write(
      `citeaudit: internal error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exitCode = 3;
  },
);
