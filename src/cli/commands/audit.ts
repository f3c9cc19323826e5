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
import { InputError, type Source } from '../../source/index.ts';
import { openInput, type CliIO } from '../io.ts';
import { writeOutputs, type OutputFile } from '../output.ts';
import { failOnOf, formatsOf, namespacesOf, packOf, type Format, type ReportFlags } from '../flags.ts';
import { packageVersion } from '../pack.ts';
import { startProgress } from '../progress.ts';
import { checkPageLinks, linkCheckOptionsOf, type LinkFlags } from '../links.ts';
import type { LinkTarget } from '../../audit/index.ts';

/** `citeaudit audit <dump>`: reads, audits, writes the reports; returns the exit code. */
export async function runAudit(
  dump: string,
  flags: ReportFlags & LinkFlags & { checkLinks?: boolean },
  io: CliIO,
): Promise<number> {
  const formats = formatsOf(flags);
  const namespaces = namespacesOf(flags.ns, Boolean(flags.page?.length));
  const failOn = failOnOf(flags.failOn);
  const { pack } = packOf(flags.rules, io.cwd);
  // Bad link flags are a usage error before any reading, not after an hour of it.
  const linkOptions = flags.checkLinks ? linkCheckOptionsOf(flags, io) : undefined;
  const linkTargets = new Map<PageReport, LinkTarget[]>();
  const started = Date.now();
  const summary = emptySummary();
  const pages: PageReport[] = [];
  const errors: ReportError[] = [];
  let source: Source | undefined;
  let site: Report['site'] = {};
  try {
    source = await openInput(dump, io, Boolean(flags.quiet));
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
          ...(linkOptions ? { onLinkTargets: (page, targets) => linkTargets.set(page, targets) } : {}),
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
  // Pages read before an input error still get their links checked: nothing done is lost.
  const linkRun = linkOptions
    ? await checkPageLinks(linkTargets, pack, linkOptions, summary, io, Boolean(flags.quiet))
    : undefined;

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
  if (source && writeReports(report, formats, flags.out, io, Boolean(flags.quiet)) === 2) return 2;

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
  if (linkRun?.interrupted) return 130;
  return exitCode(report, failOn);
}

function writeReports(report: Report, formats: Format[], out: string, io: CliIO, quiet: boolean): 0 | 2 {
  if (out === '-') {
    if (formats[0] === 'json') for (const chunk of renderJsonChunks(report)) io.stdout.write(chunk);
    else report.pages.forEach((p, i) => io.stdout.write(`${i ? '\n---\n\n' : ''}${renderPageMarkdown(p, report)}`));
    return 0;
  }
  const files: OutputFile[] = [];
  if (formats.includes('md')) {
    const names = reportFileNames(report.pages.map((p) => p.title));
    report.pages.forEach((page, i) => files.push({ name: names[i]!, content: () => renderPageMarkdown(page, report) }));
    if (report.pages.length !== 1 || report.errors.length) {
      files.push({ name: 'index.md', content: () => renderIndexMarkdown(report, names) });
    }
  }
  if (formats.includes('json')) files.push({ name: 'report.json', content: () => renderJsonChunks(report) });
  return writeOutputs(io, out, files, quiet);
}
