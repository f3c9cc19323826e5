#!/usr/bin/env node
import { processIO } from './io.ts';
import { main } from './main.ts';

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
