import { auditDump, emptySummary } from '../../pipeline/index.ts';
import {
  escapeMarkdown,
  indexRowOf,
  matchesPolicy,
  renderStepSummary,
  REPORT_SCHEMA,
  worseFirst,
  type FailingFinding,
  type IndexRow,
  type PageReport,
  type ReportError,
  type ReportHead,
  type ReportTail,
} from '../../report/index.ts';
import { InputError, type Source } from '../../source/index.ts';
import { openInput, UsageError, writeStepSummary, type CliIO } from '../io.ts';
import { failOnOf, formatsOf, namespacesOf, packOf, pagesFrom, sinceOf, type ReportFlags } from '../flags.ts';
import { packageVersion } from '../pack.ts';
import { startProgress } from '../progress.ts';
import { checkPageLinks, linkCheckOptionsOf, type LinkFlags } from '../links.ts';
import { openSinks, type ReportSinks } from '../sinks.ts';
import { readBaseline } from '../baseline.ts';
import { judgedByLinkCheck, type LinkTarget } from '../../audit/index.ts';

export interface AuditFlags extends ReportFlags, LinkFlags {
  checkLinks?: boolean;
  baseline?: string;
  since?: string;
  completeDump?: boolean;
}

/** How many of the worst pages the CI job summary lists. */
const STEP_SUMMARY_PAGES = 10;
/** How many of the findings that failed the policy stderr and the job summary name. */
const FAILING_SHOWN = 20;

/**
 * `citeaudit audit <dump>`: reads, audits and writes the reports page by page; returns
 * the exit code: 0, 1 when the `--fail-on` policy fails, 2 on bad usage or input, 130
 * when a link check was interrupted.
 */
export async function runAudit(dump: string, flags: AuditFlags, io: CliIO): Promise<number> {
  const quiet = Boolean(flags.quiet);
  // Every flag is checked, and the baseline read, before the dump: a usage error costs no reading.
  const formats = formatsOf(flags);
  const failOn = failOnOf(flags.failOn);
  if (flags.failOnAll && !failOn.length) throw new UsageError('--fail-on-all needs --fail-on: what should fail?');
  const since = sinceOf(flags.since);
  const titles = [...(flags.page ?? []), ...(flags.pagesFrom ? pagesFrom(flags.pagesFrom, io) : [])];
  const namespaces = namespacesOf(flags.ns, titles.length > 0);
  const { pack } = packOf(flags.rules, io.cwd);
  const linkOptions = flags.checkLinks ? linkCheckOptionsOf(flags, io) : undefined;
  const baseline = flags.baseline
    ? await readBaseline(flags.baseline, io, { linksChecked: Boolean(linkOptions), wiki: pack.wiki })
    : undefined;
  for (const warning of baseline?.warnings ?? []) io.stderr.write(`citeaudit: warning: ${warning}\n`);

  const started = Date.now();
  const summary = emptySummary();
  const errors: ReportError[] = [];
  const worst: IndexRow[] = [];
  const failing: FailingFinding[] = [];
  let failingCount = 0;
  let sinks: ReportSinks | undefined;
  let source: Source | undefined;
  let site: ReportHead['site'] = {};
  const headOf = (): ReportHead => ({
    schema: REPORT_SCHEMA,
    generator: { name: 'citeaudit', version: packageVersion() },
    ...(flags.noTimestamp ? {} : { generatedAt: new Date(started).toISOString() }),
    input: {
      file: dump === '-' ? '<stdin>' : dump,
      compression: source?.compression ?? 'unknown',
      decoder: source?.decoder ?? 'unknown',
      encoding: source?.encoding ?? 'unknown',
    },
    site,
    rulePack: { wiki: pack.wiki, baseUrl: pack.baseUrl },
  });
  const worklist = {
    fixes: Object.fromEntries(Object.entries(pack.rules).map(([id, r]) => [id, r.fix])),
    baseline: Boolean(baseline),
  };
  /** Each page once complete: compared with the baseline, judged by the policy, written and dropped. */
  const emit = (page: PageReport) => {
    sinks ??= openSinks(formats, flags.out, headOf(), io, worklist);
    baseline?.compare(page);
    for (const f of page.findings) {
      if (!flags.failOnAll && f.baseline === 'open') continue;
      if (!matchesPolicy(f, failOn)) continue;
      if (failingCount++ < FAILING_SHOWN)
        failing.push({ page: page.title, rule: f.rule, severity: f.severity, message: f.message });
    }
    worst.push(indexRowOf(page, undefined));
    if (worst.length > STEP_SUMMARY_PAGES) worst.sort(worseFirst).pop();
    sinks.page(page);
  };

  // The link check needs every page's URLs before it asks any host: those pages wait for it.
  const waiting = new Map<PageReport, LinkTarget[]>();
  // Stopped while reading (Ctrl-C, a CI timeout's SIGTERM): the half-written files go and
  // the last complete reports stay. The link check handles Ctrl-C its own way, gracefully.
  const stopReading = (signal: NodeJS.Signals) => {
    sinks?.abandon();
    io.stderr.write(
      `\nciteaudit: stopped by ${signal}: the reports were not completed (the Markdown pages already written stay)\n`,
    );
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const guard = (on: boolean) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      process.off(signal, stopReading);
      if (on) process.once(signal, stopReading);
    }
  };
  guard(true);
  try {
    try {
      source = await openInput(dump, io, quiet);
      const opened = source;
      const progress = startProgress(io, source.size, quiet, () => ({
        raw: opened.rawBytesRead(),
        pages: summary.pagesRead,
        revisions: summary.revisionsRead,
      }));
      try {
        const pages = auditDump(
          source,
          {
            pack,
            namespaces,
            ...(titles.length ? { pages: titles } : {}),
            ...(since ? { since } : {}),
            ...(linkOptions ? { onLinkTargets: (page, targets) => waiting.set(page, targets) } : {}),
            ...(baseline ? { onSkipped: (title, why) => why === 'redirect' && baseline.redirected(title) } : {}),
            onTitlesMissing: (missing) => {
              const shown = missing.slice(0, 10).join(', ');
              io.stderr.write(
                `citeaudit: warning: ${missing.length} of the titles asked for ${missing.length === 1 ? 'is' : 'are'} not in the dump: ${shown}${missing.length > 10 ? ', …' : ''}\n`,
              );
            },
            onSiteInfo: (info) => {
              const { namespaces: _ns, case: _case, generator: _gen, ...rest } = info;
              site = rest;
            },
          },
          summary,
        );
        for await (const page of pages) {
          // Pages wait for the link check, those without URLs (or not audited) too, in dump order.
          if (linkOptions) {
            if (!waiting.has(page)) waiting.set(page, []);
            continue;
          }
          emit(page);
          // A slow reader of stdout holds the run back rather than letting the output pile up in memory.
          await sinks?.drained();
        }
      } finally {
        progress.stop();
      }
    } catch (err) {
      if (!(err instanceof InputError)) throw err;
      errors.push({ message: err.message, ...err.where });
    } finally {
      // The link check handles a stop its own way: it finishes what is in flight and writes the reports.
      guard(false);
    }
    // A dump that could not even be opened leaves the last run's reports alone.
    if (!source) {
      writeStepSummary(
        `### citeaudit: ${escapeMarkdown(headOf().input.file)}\n\n**Failed:** ${escapeMarkdown(errors[0]?.message ?? '')}\n`,
        io,
      );
      return reportErrors(errors, io);
    }
    summary.bytesRead = source.xmlBytesRead();
    // Pages read before an input error still get their links checked: nothing done is lost.
    const linkRun = linkOptions ? await checkPageLinks(waiting, pack, linkOptions, summary, io, quiet) : undefined;
    if (linkRun && linkOptions)
      baseline?.judgeLinksBy(
        judgedByLinkCheck(linkRun.checked, linkOptions.archives, (page) => waiting.get(page as PageReport) ?? []),
      );
    // Writing what waited and the end of every file: a stop here leaves no half-written file either.
    guard(true);
    let tail: ReportTail;
    try {
      for (const page of waiting.keys()) {
        emit(page);
        await sinks?.drained();
      }

      tail = {
        summary,
        ...(baseline
          ? {
              baseline: baseline.summary(
                Boolean(flags.completeDump) && summary.complete && !titles.length && !since,
                namespaces,
              ),
            }
          : {}),
        errors,
      };
      sinks ??= openSinks(formats, flags.out, headOf(), io, worklist);
      sinks.end(tail);
    } finally {
      guard(false);
    }
    if (!quiet && flags.out !== '-') io.stderr.write(`citeaudit: wrote ${sinks.written}\n`);
    const policy = failOn.length
      ? {
          description: `${flags.failOn!.join(', ')} (${flags.failOnAll || !baseline ? 'all' : 'new'} findings)`,
          failing: failingCount,
          shown: failing,
        }
      : undefined;
    writeStepSummary(renderStepSummary(headOf(), tail, worst, policy), io);
    if (!quiet) closingLine(tail, (Date.now() - started) / 1000, io);
    if (errors.length) return reportErrors(errors, io);
    if (linkRun?.interrupted) return 130;
    if (failingCount) {
      // Why the build is red, where a CI log shows it: the findings that met the policy.
      io.stderr.write(
        `citeaudit: ${failingCount} finding${failingCount === 1 ? '' : 's'} met --fail-on ${policy!.description}:\n`,
      );
      for (const f of failing) io.stderr.write(`  ${f.page}: ${f.rule} (${f.severity}): ${f.message.slice(0, 160)}\n`);
      if (failingCount > failing.length) io.stderr.write(`  … ${failingCount - failing.length} more in the report\n`);
      return 1;
    }
    return 0;
  } catch (err) {
    sinks?.abandon();
    if (isWriteError(err)) {
      io.stderr.write(`citeaudit: cannot write the reports: ${(err as Error).message}\n`);
      writeStepSummary(`**citeaudit failed:** cannot write the reports: ${escapeMarkdown((err as Error).message)}`, io);
      return 2;
    }
    throw err;
  }
}

function reportErrors(errors: readonly ReportError[], io: CliIO): 2 {
  for (const e of errors) io.stderr.write(`citeaudit: error: ${e.message}\n`);
  return 2;
}

function closingLine(tail: ReportTail, seconds: number, io: CliIO): void {
  const s = tail.summary;
  const byRule = Object.entries(s.byRule)
    .filter(([, n]) => n)
    .map(([rule, n]) => `${n} ${rule}`)
    .join(', ');
  const b = tail.baseline;
  io.stderr.write(
    `citeaudit: audited ${s.pagesAudited} page${s.pagesAudited === 1 ? '' : 's'} ` +
      `(${s.pagesRead} read, ${s.revisionsRead} revision${s.revisionsRead === 1 ? '' : 's'}) in ${seconds.toFixed(1)} s: ` +
      `${s.findings} findings${byRule ? ` (${byRule})` : ''}` +
      `${b ? `; against the baseline: ${b.new} new, ${b.open} still open, ${b.resolved} resolved` : ''}\n`,
  );
}

const isWriteError = (err: unknown) =>
  err instanceof Error && typeof (err as NodeJS.ErrnoException).code === 'string' && 'syscall' in err;
