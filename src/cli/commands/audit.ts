import { closeSync, mkdirSync, openSync, writeFileSync, writeSync } from 'node:fs';
import { join, relative as relativePath, resolve } from 'node:path';
import { auditDump, emptySummary } from '../../pipeline/index.ts';
import {
  exitCode,
  renderIndexMarkdown,
  renderJsonChunks,
  renderPageMarkdown,
  reportFileNames,
  REPORT_SCHEMA,
  type PageReport,
  type Report,
  type ReportError,
} from '../../report/index.ts';
import { InputError, openSource, type Source } from '../../source/index.ts';
import { UsageError, type CliIO } from '../io.ts';
import { failOnOf, formatsOf, namespacesOf, packOf, type Format, type ReportFlags } from '../flags.ts';
import { packageVersion } from '../pack.ts';
import { startProgress } from '../progress.ts';

/** `citeaudit audit <dump>`: reads, audits, writes the reports; returns the exit code. */
export async function runAudit(dump: string, flags: ReportFlags, io: CliIO): Promise<number> {
  const formats = formatsOf(flags);
  const namespaces = namespacesOf(flags.ns, Boolean(flags.page?.length));
  const failOn = failOnOf(flags.failOn);
  const { pack } = packOf(flags.rules, io.cwd);
  const started = Date.now();
  const summary = emptySummary();
  const pages: PageReport[] = [];
  const errors: ReportError[] = [];
  let source: Source | undefined;
  let site: Report['site'] = {};
  const path = dump === '-' ? '-' : resolve(io.cwd, dump);
  try {
    source = await openSource(path, { name: dump === '-' ? '<stdin>' : dump, path: io.env['PATH'] ?? '' });
    if (!flags.quiet) for (const n of source.notices) io.stderr.write(`citeaudit: ${n}\n`);
    const opened = source;
    const progress = startProgress(io, source.size, Boolean(flags.quiet), () => ({
      raw: opened.rawBytesRead(),
      pages: summary.pagesRead,
      revisions: summary.revisionsRead,
    }));
    try {
      for await (const page of auditDump(
        source,
        {
          pack,
          namespaces,
          ...(flags.page?.length ? { pages: flags.page } : {}),
          onSiteInfo: (info) => {
            const { namespaces: _ns, case: _case, generator: _gen, ...rest } = info;
            site = rest;
          },
        },
        summary,
      )) {
        pages.push(page);
      }
    } finally {
      progress.stop();
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    errors.push({ message: err.message, ...err.where });
  }
  if (source) summary.bytesRead = source.xmlBytesRead();

  const report: Report = {
    schema: REPORT_SCHEMA,
    generator: { name: 'citeaudit', version: packageVersion() },
    ...(flags.noTimestamp ? {} : { generatedAt: new Date().toISOString() }),
    input: {
      file: dump === '-' ? '<stdin>' : dump,
      compression: source?.compression ?? 'unknown',
      decoder: source?.decoder ?? 'unknown',
      encoding: source?.encoding ?? 'unknown',
    },
    site,
    rulePack: { wiki: pack.wiki, baseUrl: pack.baseUrl },
    pages,
    summary,
    errors,
  };
  // A dump that could not even be opened leaves the last run's reports alone.
  if (source) {
    try {
      writeReports(report, formats, flags.out, io, Boolean(flags.quiet));
    } catch (err) {
      if (err instanceof UsageError) throw err;
      io.stderr.write(`citeaudit: cannot write the reports: ${(err as Error).message}\n`);
      return 2;
    }
  }

  if (!flags.quiet) {
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    const byRule = Object.entries(summary.byRule)
      .filter(([, n]) => n)
      .map(([rule, n]) => `${n} ${rule}`)
      .join(', ');
    io.stderr.write(
      `citeaudit: audited ${summary.pagesAudited} page${summary.pagesAudited === 1 ? '' : 's'} ` +
        `(${summary.pagesRead} read, ${summary.revisionsRead} revision${summary.revisionsRead === 1 ? '' : 's'}) in ${seconds} s: ` +
        `${summary.findings} findings${byRule ? ` (${byRule})` : ''}\n`,
    );
  }
  for (const e of errors) io.stderr.write(`citeaudit: error: ${e.message}\n`);
  if (errors.length) return 2;
  return exitCode(report, failOn);
}

function writeReports(report: Report, formats: Format[], out: string, io: CliIO, quiet: boolean): void {
  if (out === '-') {
    if (formats[0] === 'json') for (const chunk of renderJsonChunks(report)) io.stdout.write(chunk);
    else report.pages.forEach((p, i) => io.stdout.write(`${i ? '\n---\n\n' : ''}${renderPageMarkdown(p, report)}`));
    return;
  }
  const dir = resolve(io.cwd, out);
  try {
    mkdirSync(dir, { recursive: true });
  } catch (err) {
    throw new UsageError(`--out ${out}: ${(err as Error).message}`);
  }
  const written: string[] = [];
  if (formats.includes('md')) {
    const names = reportFileNames(report.pages.map((p) => p.title));
    report.pages.forEach((page, i) => {
      const file = join(dir, names[i]!);
      writeFileSync(file, renderPageMarkdown(page, report));
      written.push(file);
    });
    if (report.pages.length !== 1 || report.errors.length) {
      const index = join(dir, 'index.md');
      writeFileSync(index, renderIndexMarkdown(report, names));
      written.push(index);
    }
  }
  if (formats.includes('json')) {
    const file = join(dir, 'report.json');
    const fd = openSync(file, 'w');
    try {
      for (const chunk of renderJsonChunks(report)) writeSync(fd, chunk);
    } finally {
      closeSync(fd);
    }
    written.push(file);
  }
  const relative = written.map((f) => relativePath(io.cwd, f));
  const shown = relative.length > 3 ? [...relative.slice(0, 2), `… ${relative.length - 2} more`] : relative;
  if (!quiet) io.stderr.write(`citeaudit: wrote ${shown.join(', ')}\n`);
}
