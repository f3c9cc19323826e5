import { createReadStream } from 'node:fs';
import { resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Baseline, BaselineError, type BaselineRun } from '../report/index.ts';
import { UsageError, type CliIO } from './io.ts';

/** `--baseline FILE`: a JSON report, or an NDJSON one read line by line (so its size is not capped by one string). */
export async function readBaseline(file: string, io: CliIO, run: BaselineRun): Promise<Baseline> {
  // One stream, read once: the baseline may be a pipe (`--baseline <(zcat report.ndjson.gz)`).
  const stream = createReadStream(resolve(io.cwd, file), 'utf8');
  const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<string>;
  // A bad baseline is refused before its end: the iterator's return closes the file quietly.
  const close = () => void chunks.return?.().catch(() => {});
  // Enough to tell the formats apart: a pipe may hand over its first bytes a few at a time.
  let head = '';
  try {
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      head += next.value;
      if (/\S[^]{8}/.test(head) || /\S[^\n]*\n/.test(head)) break;
    }
  } catch (err) {
    close();
    throw new UsageError(`--baseline: cannot read ${file}: ${(err as Error).message}`);
  }
  const rest = async function* () {
    yield head;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  };
  try {
    // An NDJSON report starts with its header line; a JSON report with `{` and a line break.
    if (/^\s*\{"type":/.test(head)) {
      const input = Readable.from(rest());
      // Closed early below when the baseline turns out bad: that end is not an error to report.
      input.on('error', () => {});
      const lines = createInterface({ input, crlfDelay: Infinity });
      return await Baseline.fromNdjson(file, lines, run);
    }
    let doc: unknown;
    try {
      let text = '';
      for await (const chunk of rest()) text += chunk;
      doc = JSON.parse(text);
    } catch (err) {
      // Past about 512 MB a JSON report cannot be one string: an NDJSON report can be any size.
      throw new BaselineError(
        `--baseline ${file}: not readable as JSON (${(err as Error).message}); a report too big for JSON can be written and read as --format ndjson`,
      );
    }
    return Baseline.fromReport(file, doc, run);
  } catch (err) {
    close();
    if (err instanceof BaselineError) throw new UsageError(err.message);
    if ((err as NodeJS.ErrnoException).code)
      throw new UsageError(`--baseline: cannot read ${file}: ${(err as Error).message}`);
    throw err;
  }
}
