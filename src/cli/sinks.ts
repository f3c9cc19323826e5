import { closeSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';
import {
  FileNamer,
  indexRowOf,
  jsonHead,
  jsonPage,
  jsonTail,
  ndjsonHead,
  ndjsonPage,
  ndjsonTail,
  renderGonePages,
  renderIndexMarkdown,
  renderPageMarkdown,
  worklistHead,
  worklistRows,
  worklistTail,
  type IndexRow,
  type PageReport,
  type ReportHead,
  type ReportTail,
  type WorklistOptions,
} from '../report/index.ts';
import type { Format } from './flags.ts';
import type { CliIO } from './io.ts';
import { Written } from './output.ts';

/**
 * Where the reports of `audit` go, written as the pages come so that no format needs
 * the whole dump in memory: each page is handed to every format's sink and dropped.
 * Files are written under a `.partial` name and renamed when complete, so a run that
 * dies leaves the last complete report in place (the per-page Markdown files are each
 * complete when written).
 */
export interface ReportSinks {
  page(page: PageReport): void;
  end(tail: ReportTail): void;
  /** Removes what a failed run left half-written. */
  abandon(): void;
  /** With `--out -`: resolves once stdout has taken what was written, so a slow reader cannot make it pile up. */
  drained(): Promise<void> | undefined;
  /** The files written, for the closing notice. */
  readonly written: Written;
}

interface Sink {
  page(page: PageReport): void;
  end(tail: ReportTail): void;
  abandon(): void;
}

/** Something to write text to: a file being made, or stdout. */
interface Stream {
  write(chunk: string): void;
  close(): void;
  abandon(): void;
}

export function openSinks(
  formats: readonly Format[],
  out: string,
  head: ReportHead,
  io: CliIO,
  worklist: WorklistOptions,
): ReportSinks {
  const written = new Written(io.cwd);
  const toStdout = out === '-';
  const dir = toStdout ? '' : resolve(io.cwd, out);
  if (!toStdout) mkdirSync(dir, { recursive: true });
  const stream = (name: string): Stream => (toStdout ? stdoutStream(io) : fileStream(join(dir, name), written));
  const sinks: Sink[] = formats.map((format) => {
    switch (format) {
      case 'json':
        return jsonSink(stream('report.json'), head);
      case 'ndjson':
        return textSink(stream('report.ndjson'), ndjsonHead(head), ndjsonPage, ndjsonTail);
      case 'wikitext':
        return textSink(
          stream('worklist.wikitext'),
          worklistHead(head, worklist),
          (p) => worklistRows(p, worklist),
          () => worklistTail(),
        );
      case 'md':
        return toStdout ? markdownToStdout(io, head) : markdownSink(dir, head, written);
    }
  });
  return {
    written,
    drained: () => (toStdout ? drained(io) : undefined),
    page: (page) => sinks.forEach((s) => s.page(page)),
    end: (tail) => sinks.forEach((s) => s.end(tail)),
    abandon: () => sinks.forEach((s) => s.abandon()),
  };
}

function jsonSink(stream: Stream, head: ReportHead): Sink {
  let pages = 0;
  stream.write(jsonHead(head));
  return {
    page: (page) => stream.write(jsonPage(page, pages++ === 0)),
    end: (tail) => {
      stream.write(jsonTail(tail, pages > 0));
      stream.close();
    },
    abandon: () => stream.abandon(),
  };
}

function textSink(
  stream: Stream,
  head: string,
  page: (p: PageReport) => string,
  tail: (t: ReportTail) => string,
): Sink {
  stream.write(head);
  return {
    page: (p) => stream.write(page(p)),
    end: (t) => {
      stream.write(tail(t));
      stream.close();
    },
    abandon: () => stream.abandon(),
  };
}

/** A file per page as it is audited, and the index (every page with its counts) at the end. */
function markdownSink(dir: string, head: ReportHead, written: Written): Sink {
  const namer = new FileNamer();
  const rows: IndexRow[] = [];
  let pages = 0;
  return {
    page(page) {
      const name = namer.next(page.title);
      const text = renderPageMarkdown(page, head);
      const file = fileStream(join(dir, name), written);
      try {
        file.write(text);
      } catch (err) {
        // A page that could not be written whole is not renamed into place.
        file.abandon();
        throw err;
      }
      file.close();
      rows.push(indexRowOf(page, name));
      pages++;
    },
    end(tail) {
      // One page needs no index, unless the index has more to tell: an error, pages gone since the baseline.
      if (pages === 1 && !tail.errors.length && !tail.baseline?.pagesGone.length) return;
      const index = fileStream(join(dir, 'index.md'), written);
      index.write(renderIndexMarkdown(head, tail, rows));
      index.close();
    },
    abandon: () => {},
  };
}

function markdownToStdout(io: CliIO, head: ReportHead): Sink {
  let pages = 0;
  return {
    page: (page) => io.stdout.write(`${pages++ ? '\n---\n\n' : ''}${renderPageMarkdown(page, head)}`),
    end: (tail) => {
      const gone = renderGonePages(tail);
      if (gone) io.stdout.write(`${pages ? '\n---\n\n' : ''}${gone}`);
    },
    abandon: () => {},
  };
}

/** Resolves when stdout has room again; undefined when it has room now (or is not a stream that says). */
function drained(io: CliIO): Promise<void> | undefined {
  const out = io.stdout as { writableNeedDrain?: boolean; once?: (event: 'drain', fn: () => void) => unknown };
  if (!out.writableNeedDrain || !out.once) return undefined;
  return new Promise((resolve) => out.once!('drain', resolve));
}

function stdoutStream(io: CliIO): Stream {
  return { write: (chunk) => io.stdout.write(chunk), close: () => {}, abandon: () => {} };
}

function fileStream(path: string, written: Written): Stream {
  const partial = `${path}.partial`;
  let fd: number | undefined = openSync(partial, 'w');
  return {
    write: (chunk) => {
      if (fd !== undefined) writeSync(fd, chunk);
    },
    close: () => {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      renameSync(partial, path);
      written.add(path);
    },
    abandon: () => {
      if (fd === undefined) return;
      closeSync(fd);
      fd = undefined;
      rmSync(partial, { force: true });
    },
  };
}
