import { compareDumps, type PageComparison } from '../../pipeline/compare.ts';
import { DIFF_SCHEMA, failsPolicy, renderDiffMarkdown, type DiffReport, type ReportError } from '../../report/index.ts';
import { InputError } from '../../source/index.ts';
import { failOnOf, formatsOf, namespacesOf, packOf, pagesFrom, type ReportFlags } from '../flags.ts';
import { openInput, type CliIO } from '../io.ts';
import { writeOutputs } from '../output.ts';
import { packageVersion } from '../pack.ts';

/**
 * `citeaudit diff <old> <new>`: the same pages in two snapshots; change events, and which
 * findings are new and which resolved. `--fail-on` applies to the new findings.
 */
export async function runDiff(oldDump: string, newDump: string, flags: ReportFlags, io: CliIO): Promise<number> {
  const formats = formatsOf(flags, ['md', 'json']);
  const failOn = failOnOf(flags.failOn);
  const { pack } = packOf(flags.rules, io.cwd);
  const titles = [...(flags.page ?? []), ...(flags.pagesFrom ? pagesFrom(flags.pagesFrom, io) : [])];
  const openDump = (dump: string) => openInput(dump, io, Boolean(flags.quiet));
  const pages: PageComparison[] = [];
  const errors: ReportError[] = [];
  let compared = 0;
  let open = 0;
  let complete = false;
  let opened = false;
  try {
    const options = {
      pack,
      namespaces: namespacesOf(flags.ns, titles.length > 0),
      ...(titles.length ? { pages: titles } : {}),
    };
    const sources = [await openDump(oldDump), await openDump(newDump)] as const;
    opened = true;
    for await (const page of compareDumps(sources[0], sources[1], options)) {
      compared++;
      open += page.openFindings;
      if (page.changes.length || page.newFindings.length || page.resolvedFindings.length) pages.push(page);
    }
    complete = true;
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    errors.push({ message: err.message, ...err.where });
  }
  const count = (pick: (p: PageComparison) => { rule: string }[]) => {
    const counts: Record<string, number> = {};
    for (const p of pages) for (const f of pick(p)) counts[f.rule] = (counts[f.rule] ?? 0) + 1;
    return counts;
  };
  const sum = (pick: (p: PageComparison) => number) => pages.reduce((n, p) => n + pick(p), 0);
  const report: DiffReport = {
    schema: DIFF_SCHEMA,
    generator: { name: 'citeaudit', version: packageVersion() },
    ...(flags.noTimestamp ? {} : { generatedAt: new Date().toISOString() }),
    old: { file: oldDump },
    new: { file: newDump },
    pages,
    summary: {
      pagesCompared: compared,
      pagesChanged: pages.filter((p) => p.changes.length).length,
      newFindings: sum((p) => p.newFindings.length),
      resolvedFindings: sum((p) => p.resolvedFindings.length),
      openFindings: open,
      newByRule: count((p) => p.newFindings),
      resolvedByRule: count((p) => p.resolvedFindings),
      complete,
    },
    errors,
  };
  const json = () => `${JSON.stringify(report, null, 2)}\n`;
  // A dump that could not even be opened leaves the last run's reports alone.
  if (opened && flags.out === '-') {
    io.stdout.write(formats[0] === 'md' ? renderDiffMarkdown(report) : json());
  } else if (opened) {
    const files = [
      ...(formats.includes('md') ? [{ name: 'diff.md', content: () => renderDiffMarkdown(report) }] : []),
      ...(formats.includes('json') ? [{ name: 'diff.json', content: json }] : []),
    ];
    if (writeOutputs(io, flags.out, files, Boolean(flags.quiet)) === 2) return 2;
  }
  if (!flags.quiet) {
    const s = report.summary;
    io.stderr.write(
      `citeaudit: compared ${s.pagesCompared} page${s.pagesCompared === 1 ? '' : 's'}: ${s.newFindings} new findings, ${s.resolvedFindings} resolved, ${s.openFindings} still open\n`,
    );
  }
  for (const e of errors) io.stderr.write(`citeaudit: error: ${e.message}\n`);
  if (errors.length) return 2;
  return failsPolicy(
    pages.flatMap((p) => p.newFindings),
    failOn,
  );
}
