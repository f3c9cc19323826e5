import {
  auditPlaced,
  catalogOf,
  fingerprintFindings,
  linkTargets,
  RULE_IDS,
  SEVERITIES,
  unplaced,
  type Finding,
  type LinkTarget,
  type PlacedFinding,
  type RulePack,
} from '../audit/index.ts';
import { analyzeFigures } from '../figures/index.ts';
import { blameAt, datedAt, PageHistory, urlKey, type PageHistoryResult, type RevisionRef } from '../history/index.ts';
import { figuresWithHistory, revisionRef } from './figure-history.ts';
import { MemoryGuard } from './memory.ts';
import { readRevisions, type RevisionRecord, type SiteInfo } from '../dump/index.ts';
import type { PageReport, Summary } from '../report/index.ts';
import type { Source } from '../source/index.ts';
import { addTemplateRedirect, extract, tidyWikitext, upperFirst, type TemplateCatalog } from '../wikitext/index.ts';

export interface AuditOptions {
  pack: RulePack;
  /** Only these titles (normalized as the wiki does). */
  pages?: readonly string[];
  /** Namespaces to audit; `all` for every one. Default: articles (0). */
  namespaces?: readonly number[] | 'all';
  maxRevisionBytes?: number;
  /** Called once with the dump's `<siteinfo>` (empty for a bare `<page>` fragment). */
  onSiteInfo?: (site: SiteInfo) => void;
  /** Called with each audited page's latest revision, before its report is yielded. */
  onLatest?: (record: RevisionRecord) => void;
  /** The template catalog to read with and teach the dump's redirects; by default a fresh one from the pack. */
  catalog?: TemplateCatalog;
  /** Called with each audited page's report and the URLs of its latest revision, for the link check. */
  onLinkTargets?: (report: PageReport, targets: LinkTarget[]) => void;
  /** Called with each page read and not audited, and why (a redirect, not selected, ...). */
  onSkipped?: (title: string, reason: keyof Summary['pagesSkipped']) => void;
  /** Called at the end of a complete read with the titles of `pages` the dump did not have. */
  onTitlesMissing?: (titles: string[]) => void;
  /** Audit only pages with a revision after this (`--since`); the others count as `unchanged`. */
  since?: Since;
  /**
   * Only what the link check needs (`citeaudit links`): each page's latest revision is
   * extracted and its URLs handed to onLinkTargets; its history is not followed and no
   * rule or figure is read, so reports hold no findings and no changes.
   */
  linksOnly?: boolean;
}

/** A point in a wiki's history: a time (milliseconds since the epoch) or a revision id. */
export type Since = { timestamp: number; revision?: undefined } | { revision: bigint; timestamp?: undefined };

/** Whether a revision was made after `since`: by its timestamp, or by its id for a revision. */
function madeAfter(record: RevisionRecord, since: Since): boolean {
  const { id, timestamp } = record.revision;
  if (since.revision !== undefined) return /^\d+$/.test(id ?? '') && BigInt(id!) > since.revision;
  const at = timestamp ? Date.parse(timestamp) : NaN;
  return at > since.timestamp;
}

/** MediaWiki's canonical namespace names, for dumps without `<siteinfo>`. */
const CANONICAL_NAMESPACES = [
  'Media',
  'Special',
  'Talk',
  'User',
  'User talk',
  'Project',
  'Project talk',
  'Wikipedia',
  'Wikipedia talk',
  'File',
  'File talk',
  'Image',
  'MediaWiki',
  'MediaWiki talk',
  'Template',
  'Template talk',
  'Help',
  'Help talk',
  'Category',
  'Category talk',
  'Portal',
  'Portal talk',
  'Draft',
  'Draft talk',
  'Module',
  'Module talk',
];

/**
 * A title as the wiki stores it: underscores as spaces, runs collapsed, the first letter
 * upper-cased on first-letter wikis, and, after a known namespace prefix, the first
 * letter of the name too ("template:foo" is "Template:Foo"; "Foo: bar" stays as it is).
 */
export function normalizeTitle(
  title: string,
  caseRule: RulePack['case'] = 'first-letter',
  namespaces: readonly string[] = CANONICAL_NAMESPACES,
): string {
  const t = title.replace(/[_\s]+/g, ' ').trim();
  if (caseRule !== 'first-letter') return t;
  const colon = t.indexOf(':');
  if (colon > 0) {
    const prefix = t.slice(0, colon).trim().toLowerCase();
    const ns = namespaces.find((n) => n && n.toLowerCase() === prefix);
    if (ns) return `${ns}:${upperFirst(t.slice(colon + 1).trim())}`;
  }
  return upperFirst(t);
}

export function emptySummary(): Summary {
  return {
    pagesRead: 0,
    revisionsRead: 0,
    pagesAudited: 0,
    pagesSkipped: { redirect: 0, namespace: 0, notSelected: 0, unchanged: 0 },
    findings: 0,
    byRule: Object.fromEntries(RULE_IDS.map((id) => [id, 0])) as Summary['byRule'],
    bySeverity: Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Summary['bySeverity'],
    complete: false,
    bytesRead: 0,
  };
}

/** Adds findings to the summary's counts (by rule and by severity). */
export function countFindings(summary: Summary, findings: readonly Finding[]): void {
  for (const f of findings) {
    summary.findings++;
    summary.byRule[f.rule]++;
    summary.bySeverity[f.severity]++;
  }
}

/** Later by timestamp, then by id: dumps are ordered by id, which is not always time. */
function isLater(a: RevisionRecord, b: RevisionRecord): boolean {
  const ta = a.revision.timestamp ?? '';
  const tb = b.revision.timestamp ?? '';
  if (ta !== tb) return ta > tb;
  return (
    BigInt(/^\d+$/.test(a.revision.id ?? '') ? a.revision.id! : '0') >
    BigInt(/^\d+$/.test(b.revision.id ?? '') ? b.revision.id! : '0')
  );
}

const REDIRECT_TEXT = /^\s*#redirect[\s:]*\[\[([^\]|#]{1,255})/i;

/** Scheme and host of the wiki: from `<siteinfo><base>`, else the rule pack's. */
export function wikiBase(record: RevisionRecord, pack: RulePack): string {
  const base = record.site.base;
  const m = base ? /^(https?:\/\/[^/]+)/.exec(base) : null;
  return m ? m[1]! : pack.baseUrl;
}

/**
 * Audits a dump page by page: the latest revision of each page goes through extraction
 * and the rules; template redirects teach the catalog new aliases as they are read.
 * Yields each page's report as soon as its `</page>` is read; the summary is updated
 * in place, so a caller that stops on an error still has the counts so far.
 */
export async function* auditDump(
  source: Source,
  options: AuditOptions,
  summary: Summary = emptySummary(),
): AsyncIterable<PageReport> {
  const { pack } = options;
  const catalog = options.catalog ?? catalogOf(pack);
  let wanted: Set<string> | undefined;
  /** The wanted titles met in the dump, to say which were not. */
  const found = new Set<string>();
  let namespaceNames: string[] = CANONICAL_NAMESPACES;
  const namespaces = options.namespaces ?? [0];
  let page: PageState | undefined;
  const memory = new MemoryGuard();
  const records = readRevisions(source.bytes, {
    file: source.name,
    ...(options.maxRevisionBytes ? { maxRevisionBytes: options.maxRevisionBytes } : {}),
  });
  /** Whether the page is one of `pages` (undefined when no titles were given); notes it as found. */
  const isWanted = (record: RevisionRecord): boolean | undefined => {
    if (!options.pages?.length) return undefined;
    // Titles are compared once the dump has said what its namespaces are called.
    if (!wanted) {
      const names = record.site.namespaces.map((n) => n.name).filter(Boolean);
      if (names.length) namespaceNames = names;
      wanted = new Set(options.pages.map((t) => normalizeTitle(t, pack.case, namespaceNames)));
    }
    const title = normalizeTitle(record.page.title, pack.case, namespaceNames);
    if (!wanted.has(title)) return false;
    found.add(title);
    return true;
  };
  /** Namespace and title filters, decided at a page's first revision so skipped pages cost no history. */
  const skipOf = (record: RevisionRecord): PageState['skip'] => {
    const selected = isWanted(record);
    // `<redirect>` belongs to the page: a redirect needs no history (one without the tag is
    // known only by its latest text, below).
    if (record.page.redirect !== undefined) return 'redirect';
    if (namespaces !== 'all' && !namespaces.includes(record.page.ns)) return 'namespace';
    if (selected === false) return 'notSelected';
    return undefined;
  };
  for await (const record of records) {
    if (summary.revisionsRead++ === 0) options.onSiteInfo?.(record.site);
    memory.tick();
    summary.bytesRead = source.xmlBytesRead();
    if (!page) {
      const skip = skipOf(record);
      page = {
        count: 0,
        pending: [],
        ...(skip
          ? { skip }
          : options.linksOnly
            ? {}
            : { history: new PageHistory(catalog, wikiBase(record, pack), { urls: Boolean(options.onLinkTargets) }) }),
      };
    }
    page.count++;
    if (options.since && !page.changed) page.changed = madeAfter(record, options.since);
    if (!page.latest || isLater(record, page.latest)) page.latest = record;
    if (page.history) {
      // A small reorder window puts slightly out-of-order dumps back in time order.
      const at = page.pending.findIndex((r) => isLater(r, record));
      page.pending.splice(at === -1 ? page.pending.length : at, 0, record);
      if (page.pending.length > REORDER_WINDOW) feed(page.history, page.pending.shift()!);
    }
    if (!record.lastOfPage) continue;
    const { latest, count, skip, history, pending, changed } = page;
    page = undefined;
    if (history) for (const r of pending) feed(history, r);
    summary.pagesRead++;
    learnRedirect(latest!, catalog);
    const skipped =
      skip === 'redirect' || (latest!.revision.textStatus === 'ok' && REDIRECT_TEXT.test(latest!.text))
        ? 'redirect'
        : (skip ?? (options.since && !changed ? 'unchanged' : undefined));
    if (skipped) {
      summary.pagesSkipped[skipped]++;
      options.onSkipped?.(latest!.page.title, skipped);
      continue;
    }
    options.onLatest?.(latest!);
    const report = auditRevision(latest!, count, catalog, pack, history?.finish(), options);
    summary.pagesAudited++;
    countFindings(summary, report.findings);
    yield report;
  }
  summary.bytesRead = source.xmlBytesRead();
  summary.complete = true;
  const missing = wanted ? [...wanted].filter((t) => !found.has(t)) : options.pages?.length ? [...options.pages] : [];
  if (missing.length) options.onTitlesMissing?.(missing);
}

/** Revisions held back to restore time order; memory is at most this many texts per page. */
const REORDER_WINDOW = 16;

interface PageState {
  count: number;
  latest?: RevisionRecord;
  skip?: 'redirect' | 'namespace' | 'notSelected';
  /** With `since`: whether any revision of the page was made after it. */
  changed?: boolean;
  history?: PageHistory;
  pending: RevisionRecord[];
}

function userOf(record: RevisionRecord): string | undefined {
  const c = record.revision.contributor;
  return c.kind === 'user' ? c.name : c.kind === 'ip' ? c.ip : undefined;
}

/** The revision's text as the parser reads it (tidyWikitext), without a search when the reader found it tidy. */
const textOf = (record: RevisionRecord) => (record.tidy ? record.text : tidyWikitext(record.text));

/** Hands a revision to a page's history; hidden, missing or non-wikitext text is no text. */
export function feed(history: PageHistory, record: RevisionRecord): void {
  const { revision } = record;
  const readable = revision.textStatus === 'ok' && (!revision.model || revision.model === 'wikitext');
  history.add({
    id: revision.id,
    parentId: revision.parentId,
    timestamp: revision.timestamp,
    user: userOf(record),
    comment: revision.comment,
    minor: revision.minor,
    sha1: revision.sha1,
    text: readable ? textOf(record) : undefined,
  });
}

/** A template redirect page (`Template:Cn` → `Template:Citation needed`) is a new alias. */
function learnRedirect(record: RevisionRecord, catalog: TemplateCatalog): void {
  if (record.page.ns !== 10) return;
  const target =
    record.page.redirect || (record.revision.textStatus === 'ok' ? REDIRECT_TEXT.exec(record.text)?.[1] : undefined);
  if (!target || !/^\s*template\s*:/i.test(target)) return;
  addTemplateRedirect(catalog, record.page.title, target);
}

function auditRevision(
  record: RevisionRecord,
  revisionsRead: number,
  catalog: TemplateCatalog,
  pack: RulePack,
  history: PageHistoryResult | undefined,
  { onLinkTargets, linksOnly }: Pick<AuditOptions, 'onLinkTargets' | 'linksOnly'>,
): PageReport {
  const { page, revision } = record;
  const base: PageReport = {
    title: page.title,
    pageId: page.id,
    ns: page.ns,
    revision: {
      id: revision.id,
      timestamp: revision.timestamp,
      user: userOf(record),
      ...(revision.comment !== undefined ? { comment: revision.comment } : {}),
    },
    url: revision.id ? `${wikiBase(record, pack)}/w/index.php?oldid=${encodeURIComponent(revision.id)}` : undefined,
    revisionsRead,
    status: 'audited',
    findings: [],
    changes: history?.changes ?? [],
    ...(history?.outOfOrder ? { outOfOrder: history.outOfOrder } : {}),
  };
  if (revision.textStatus === 'deleted') return { ...base, status: 'text-deleted' };
  if (revision.textStatus === 'missing') return { ...base, status: 'text-missing' };
  if (revision.model && revision.model !== 'wikitext') return { ...base, status: 'not-wikitext' };
  // Extraction, figures and blame all count the characters of the text as the parser reads it.
  const text = textOf(record);
  const extraction = extract(text, catalog, { title: page.title });
  if (extraction.error) return { ...base, status: 'parse-error', error: extraction.error };
  if (linksOnly) {
    onLinkTargets?.(base, linkTargets(extraction, pack));
    return base;
  }
  // Blame holds for the text the history ended on: the latest revision, when it was read last.
  // With a single revision there is no history to tell: no blame rather than a trivial one.
  const last = history?.revisions.at(-1);
  const blamed = history && history.readable > 1 && last?.id === revision.id ? history : undefined;
  const read = analyzeFigures(text, extraction, catalog, page.title, revision.timestamp);
  const figures = blamed ? figuresWithHistory(read, blamed, text) : read;
  const placed = auditPlaced({ extraction, figures, revisionTimestamp: revision.timestamp }, pack);
  if (blamed) addBlame(placed, blamed, revision.timestamp);
  const report = { ...base, findings: fingerprintFindings(page.title, unplaced(placed)) };
  if (onLinkTargets) {
    const targets = linkTargets(extraction, pack);
    onLinkTargets(report, blamed ? blameLinkTargets(targets, blamed, text, revision.timestamp) : targets);
  }
  return report;
}

/**
 * Where a URL stands as a URL of its own within a span: not inside a longer one (an archive
 * URL that holds it, `|via=` with a longer path), so the text before it ends a word or a
 * parameter and the text after it ends the URL. -1 when it is not written so.
 */
function urlAt(text: string, url: string, span: { start: number; end: number }): number {
  if (!url) return -1;
  for (
    let at = text.indexOf(url, span.start);
    at !== -1 && at + url.length <= span.end;
    at = text.indexOf(url, at + 1)
  ) {
    const before = at > 0 ? text[at - 1]! : ' ';
    const after = text.slice(at + url.length, at + url.length + 2);
    if (/[\s=|[(>]/.test(before) && /^(?:$|[\s|\]}<'",;)]|[.!?:](?:\s|$))/.test(after)) return at;
  }
  return -1;
}

/** Days from a revision to the audited one; undefined when either date is unknown. */
function daysSince(by: RevisionRef, now: string | undefined): number | undefined {
  const days = by.timestamp && now ? Math.floor((Date.parse(now) - Date.parse(by.timestamp)) / 86_400_000) : NaN;
  return Number.isFinite(days) && days >= 0 ? days : undefined;
}

/**
 * Each link target's `introducedIn`: the revision from which the page has held its URL
 * without a break (urlsSince, by urlKey: moving or restyling the citation keeps the date,
 * as InternetArchiveBot's "time added" does); for a URL not found so, the newest writer of
 * its own characters where it stands (see urlAt), else of its place's first characters.
 * The link check picks a capture against that date when the citation gives no access date.
 */
function blameLinkTargets(
  targets: LinkTarget[],
  history: PageHistoryResult,
  text: string,
  now: string | undefined,
): LinkTarget[] {
  return targets.map((t) => {
    const since = history.urlsSince.get(urlKey(t.url));
    const at = since === undefined ? urlAt(text, t.url, t.span) : -1;
    const blame =
      since !== undefined
        ? datedAt(history, since)
        : at !== -1
          ? blameAt(history, at, t.url.length)
          : blameAt(history, t.span.start);
    if (!blame) return t;
    const ageDays = daysSince(blame.revision, now);
    return {
      ...t,
      introducedIn: revisionRef(blame.revision, blame.atOrBefore),
      ...(ageDays !== undefined ? { ageDays } : {}),
    };
  });
}

/** Each finding's `introducedIn` (see blameAt: the newest writer of its first characters) and its age. */
function addBlame(findings: PlacedFinding[], history: PageHistoryResult, now: string | undefined): void {
  for (const f of findings) {
    const blame = blameAt(history, f.offset);
    if (!blame) continue;
    const by = blame.revision;
    f.introducedIn = revisionRef(by, blame.atOrBefore);
    const days = daysSince(by, now);
    if (days !== undefined) f.ageDays = days;
    // Each value of a mismatch has its own origin (which revision wrote $2.46 billion, which
    // 1.5): figuresWithHistory gave it before the rules ran.
  }
}
