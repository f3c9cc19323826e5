import { catalogOf, type Finding, type RulePack } from '../audit/index.ts';
import type { RevisionRecord } from '../dump/index.ts';
import { PageHistory, type ChangeEvent } from '../history/index.ts';
import type { TemplateCatalog } from '../wikitext/index.ts';
import type { PageReport } from '../report/index.ts';
import type { Source } from '../source/index.ts';
import { auditDump, emptySummary, feed, wikiBase, type AuditOptions } from './index.ts';

/** One page as two snapshots of a wiki see it. */
export interface PageComparison {
  title: string;
  /** `both`, or the page is only in the old or only in the new snapshot. */
  presence: 'both' | 'old-only' | 'new-only';
  oldRevision?: PageReport['revision'];
  newRevision?: PageReport['revision'];
  /** What changed between the two latest revisions (citations, tags, a revert). */
  changes: ChangeEvent[];
  newFindings: Finding[];
  resolvedFindings: Finding[];
  openFindings: number;
}

/** The findings of `a` whose fingerprints `b` does not have. */
function difference(a: readonly Finding[], b: readonly Finding[]): Finding[] {
  const known = new Set(b.map((f) => f.fingerprint));
  return a.filter((f) => !known.has(f.fingerprint));
}

interface Snapshot {
  report: PageReport;
  latest: RevisionRecord;
}

/**
 * Compares two snapshots of the same wiki (last month's dump and this month's): for each
 * page, the change events between its two latest revisions and which findings are new,
 * resolved or still open. The old snapshot's audited pages are held in memory (their
 * findings and latest text) while the new one streams past.
 */
export async function* compareDumps(
  oldSource: Source,
  newSource: Source,
  options: AuditOptions,
): AsyncIterable<PageComparison> {
  // One catalog for both audits and the change events: the redirects either dump teaches count everywhere.
  const catalog = options.catalog ?? catalogOf(options.pack);
  const old = new Map<string, Snapshot>();
  let latest: RevisionRecord | undefined;
  const remember = (r: RevisionRecord) => (latest = r);
  for await (const report of auditDump(oldSource, { ...options, catalog, onLatest: remember }, emptySummary())) {
    old.set(report.title, { report, latest: latest! });
  }
  for await (const report of auditDump(newSource, { ...options, catalog, onLatest: remember }, emptySummary())) {
    const before = old.get(report.title);
    old.delete(report.title);
    if (!before) {
      yield {
        title: report.title,
        presence: 'new-only',
        newRevision: report.revision,
        changes: [],
        newFindings: report.findings,
        resolvedFindings: [],
        openFindings: 0,
      };
      continue;
    }
    const fresh = difference(report.findings, before.report.findings);
    yield {
      title: report.title,
      presence: 'both',
      oldRevision: before.report.revision,
      newRevision: report.revision,
      changes: changesBetween(before.latest, latest!, catalog, options.pack),
      newFindings: fresh,
      resolvedFindings: difference(before.report.findings, report.findings),
      openFindings: report.findings.length - fresh.length,
    };
  }
  for (const [title, { report }] of old) {
    yield {
      title,
      presence: 'old-only',
      oldRevision: report.revision,
      changes: [],
      newFindings: [],
      resolvedFindings: report.findings,
      openFindings: 0,
    };
  }
}

function changesBetween(a: RevisionRecord, b: RevisionRecord, catalog: TemplateCatalog, pack: RulePack) {
  const history = new PageHistory(catalog, wikiBase(b, pack));
  feed(history, a);
  feed(history, b);
  return history.finish().changes;
}
