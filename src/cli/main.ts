import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runAudit, type AuditFlags } from './commands/audit.ts';
import { runStats, type StatsFlags } from './commands/stats.ts';
import { runDiff } from './commands/diff.ts';
import { runLinks, type LinksFlags } from './commands/links.ts';
import { linkOptions } from './links.ts';
import type { ReportFlags } from './flags.ts';
import { UsageError, writeStepSummary, type CliIO } from './io.ts';
import { escapeMarkdown } from '../report/index.ts';
import { packageVersion } from './pack.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** The options `audit` and `diff` share; `words` fills in what each does with them. */
function reportOptions(
  command: Command,
  words: { pages: string; out: string; failOn: string; formats: string },
): Command {
  return command
    .option('--page <title>', `${words.pages} (repeatable; titles normalized as the wiki does)`, collect)
    .option(
      '--pages-from <file>',
      `${words.pages.replace(/this page$/, 'the pages')} listed in this file, one title a line ([[links]] and * or # lists welcome)`,
    )
    .option(
      '--ns <list>',
      'namespaces: comma-separated numbers, or "all" (default: 0, or all with --page or --pages-from)',
    )
    .option('--out <dir>', `directory for ${words.out}, or - for stdout`, 'reports')
    .option(
      '--format <format>',
      `${words.formats} (repeatable or comma-separated; default md and json, or json with --out -)`,
      collect,
    )
    .option('--rules <file>', 'rule pack to use instead of the bundled rules/enwiki.json')
    .addOption(
      new Option(
        '--fail-on <severity|rule>',
        `exit 1 when ${words.failOn} has this severity (or worse) or rule id (repeatable)`,
      ).argParser(collect),
    )
    .option('--no-timestamp', 'leave generatedAt out of the JSON, so the same input gives the same bytes')
    .option('-q, --quiet', 'no progress, notices or summary on stderr');
}

/** Parses argv (without node and script), runs the command, and returns the exit code: 0, 1 or 2. */
export async function main(argv: readonly string[], io: CliIO): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('citeaudit')
    .description('Audit the citations of Wikipedia articles straight from MediaWiki XML dumps.')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    })
    .showHelpAfterError('(add --help for usage)');

  linkOptions(
    reportOptions(
      program
        .command('audit')
        .description(
          'audit the latest revision of each page and write reports (Markdown, JSON, NDJSON, a wikitext worklist)',
        )
        .argument('<dump>', 'an export: .xml, .bz2, .gz, .xz or .lzma (detected from its bytes), or - for stdin'),
      {
        pages: 'audit only this page',
        out: 'the reports',
        failOn: 'a new finding (every finding without --baseline)',
        formats: 'md, json, ndjson or wikitext',
      },
    ).option('--check-links', 'check cited and archived URLs over the network (nothing is requested without it)'),
  )
    .option(
      '--baseline <file>',
      "an earlier run's report (report.json or report.ndjson): say which findings are new, still open and resolved",
    )
    .option('--fail-on-all', 'apply --fail-on to every open finding, not only to those new since the baseline')
    .option(
      '--complete-dump',
      'the dump holds every page of the wiki (pages-articles, not adds-changes): a baseline page missing from it was deleted, its findings resolved',
    )
    .option(
      '--since <when>',
      'audit only pages changed after this timestamp (2026-11-01, 2026-11-01T06:00:00Z) or revision id',
    )
    .action(async (dump: string, opts: AuditFlags & { timestamp: boolean }) => {
      code = await runAudit(dump, { ...opts, noTimestamp: !opts.timestamp }, io);
    });

  reportOptions(
    program
      .command('diff')
      .description('compare the same pages in two snapshots: change events, new and resolved findings')
      .argument('<old>', 'the earlier dump (any format audit reads)')
      .argument('<new>', 'the later dump'),
    { pages: 'compare only this page', out: 'diff.md and diff.json', failOn: 'a NEW finding', formats: 'md or json' },
  ).action(async (oldDump: string, newDump: string, opts: ReportFlags & { timestamp: boolean }) => {
    code = await runDiff(oldDump, newDump, { ...opts, noTimestamp: !opts.timestamp }, io);
  });

  linkOptions(
    program
      .command('links')
      .description('check the distinct cited and archived URLs of the latest revisions and list each one')
      .argument('<dump>', 'an export: .xml, .bz2, .gz, .xz or .lzma, or - for stdin')
      .option('--page <title>', 'check only this page (repeatable)', collect)
      .option('--ns <list>', 'namespaces: comma-separated numbers, or "all" (default: 0, or all with --page)')
      .option('--rules <file>', 'rule pack to use instead of the bundled rules/enwiki.json')
      .option('--json', 'print a JSON document instead of one line per URL')
      .option('-q, --quiet', 'no progress or summary on stderr'),
  ).action(async (dump: string, opts: LinksFlags) => {
    code = await runLinks(dump, opts, io);
  });

  program
    .command('stats')
    .description('count pages, revisions, bytes and namespaces of a dump, and time the reader')
    .argument('<dump>', 'an export: .xml, .bz2, .gz, .xz or .lzma, or - for stdin')
    .option('--json', 'print the counts as JSON')
    .option('-q, --quiet', 'no progress or notices on stderr')
    .action(async (dump: string, opts: StatsFlags) => {
      code = await runStats(dump, opts, io);
    });

  if (!argv.length) {
    program.outputHelp({ error: true });
    return 2;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return code;
  } catch (err) {
    if (err instanceof CommanderError) {
      if (err.exitCode === 0) return 0;
      // Commander has printed the message; a CI job's summary page says it too.
      writeStepSummary(`**citeaudit failed:** ${escapeMarkdown(err.message.replace(/^error: /, ''))}`, io);
      return 2;
    }
    if (err instanceof UsageError || err instanceof InvalidArgumentError) {
      io.stderr.write(`citeaudit: ${err.message}\n`);
      // A CI job's summary page says why, not only its log (a bad --baseline, a bad flag).
      writeStepSummary(`**citeaudit failed:** ${escapeMarkdown(err.message)}`, io);
      return 2;
    }
    throw err;
  }
}
