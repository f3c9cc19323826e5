import type { CheckedLink, LinkCheckReport, LinkQuery } from '../links/index.ts';
import { hostKeyOf, linkKey, PARKED_REASON } from '../links/index.ts';
import type { Extraction, Span } from '../wikitext/index.ts';
import { archivedUrl, isArchiveUrl } from './archive.ts';
import { findingOf, unplaced, type PlacedFinding } from './finding.ts';
import type { RulePack } from './pack.ts';
import { deadMarks } from './rules/links.ts';
import type { Finding, LINK_PROBE_RULES, Rule } from './types.ts';

/**
 * A URL of the latest revision worth checking, with what its citation says about it.
 * Plain data, kept per page while the dump is read; the link check runs once all pages
 * are in, and `linkFindings` turns its results back into findings at these places.
 */
export interface LinkTarget {
  url: string;
  /** `citation`: a citation's url; `link`: an external link outside refs; `archive`: an archive URL. */
  role: 'citation' | 'link' | 'archive';
  /** The CS1 template, for `|param=` fixes; absent for a bare or bracketed link. */
  template?: string;
  title?: string;
  accessDate?: string;
  urlAccess?: string;
  /** How editors marked it dead, if they did. */
  marks: string[];
  /** An archive is already in place (archive-url or a following {{webarchive}}). */
  archived: boolean;
  /** `url-status=` as written. */
  urlStatus?: string;
  /** For an archive URL: the original it archives. */
  original?: string;
  section: string;
  span: Span;
  snippet: string;
  /** With the history: when the URL came into the page (see blameLinkTargets in the pipeline), and its age in days. */
  introducedIn?: Finding['introducedIn'];
  ageDays?: number;
}

/** The URLs of a revision, each once per place it is cited. */
export function linkTargets(extraction: Extraction, pack: RulePack): LinkTarget[] {
  const { citations, links, webarchives, tags } = extraction;
  const targets: LinkTarget[] = [];
  const archiveTarget = (
    url: string,
    original: string | undefined,
    place: { section: string; span: Span },
    snippet: string,
  ) =>
    targets.push({
      url,
      role: 'archive',
      marks: [],
      archived: true,
      ...(original ? { original } : {}),
      section: place.section,
      span: place.span,
      snippet,
    });
  for (const c of citations) {
    if (c.archiveUrl) archiveTarget(c.archiveUrl, c.url, c, c.text);
    if (!c.url) continue;
    // A citation whose url is itself an archive is checked as an archive.
    if (isArchiveUrl(c.url, pack.archiveHosts)) {
      archiveTarget(c.url, undefined, c, c.text);
      continue;
    }
    targets.push({
      url: c.url,
      role: 'citation',
      ...(c.kind === 'template' && c.template ? { template: c.template } : {}),
      ...(c.title ? { title: c.title } : {}),
      ...(c.accessDate ? { accessDate: c.accessDate } : {}),
      ...(c.urlAccess ? { urlAccess: c.urlAccess.toLowerCase() } : {}),
      ...(c.urlStatus ? { urlStatus: c.urlStatus } : {}),
      marks: deadMarks(c, pack, tags),
      archived: Boolean(c.archiveUrl) || c.webarchive !== undefined,
      section: c.section,
      span: c.span,
      snippet: c.text,
    });
  }
  for (const l of links) {
    // Links in refs are citations already; links inside a template's parameter belong to it.
    if (l.ref !== undefined || l.template) continue;
    if (isArchiveUrl(l.url, pack.archiveHosts)) continue;
    targets.push({
      url: l.url,
      role: 'link',
      ...(l.label ? { title: l.label } : {}),
      marks: deadMarks(l, pack, tags),
      archived: l.webarchive !== undefined,
      section: l.section,
      span: l.span,
      snippet: l.label ? `[${l.url} ${l.label}]` : l.url,
    });
  }
  for (const w of webarchives) {
    const original = archivedUrl(w, extraction);
    for (const a of w.archives) archiveTarget(a.url, original, w, w.text);
  }
  return targets;
}

/** What to ask the link checker: the cited URLs (merged there by normalized URL) and the archive URLs. */
export function linkQueries(targets: readonly LinkTarget[]): { queries: LinkQuery[]; archives: string[] } {
  const queries: LinkQuery[] = [];
  const archives: string[] = [];
  for (const t of targets) {
    if (t.role === 'archive') {
      archives.push(t.url);
      continue;
    }
    queries.push({
      url: t.url,
      ...(t.urlAccess ? { urlAccess: t.urlAccess } : {}),
      ...(t.marks.length ? { markedDead: true } : {}),
      ...(t.accessDate ? { accessDate: t.accessDate } : {}),
      ...(t.introducedIn?.timestamp ? { addedOn: t.introducedIn.timestamp } : {}),
      ...(t.introducedIn?.atOrBefore ? { addedAtOrBefore: true } : {}),
      wantArchive: !t.archived,
    });
  }
  return { queries, archives };
}

const MESSAGES: Record<(typeof LINK_PROBE_RULES)[number], Rule['messages']> = {
  'link-dead': {
    confirmed: 'Dead link ({reason}), confirmed by {confirmedBy}: {url}',
    suspected: 'Link looks dead ({reason}), not yet confirmed ({checks} of {needed} checks): {url}',
    archivedLive: 'Link is dead ({reason}) but url-status says live; the archive is in place: {url}',
  },
  'link-soft-404': { soft404: 'Link no longer shows the cited page ({reason}): {url}' },
  'link-live-marked-dead': { live: 'Marked dead ({marks}) but the link works ({reason}): {url}' },
  'link-blocked': { blocked: 'Link could not be verified: {reason}: {url}' },
  'archive-broken': { broken: 'Archive is broken ({reason}): {url}' },
  'archive-suggested': { suggested: 'Marked dead with no archive; the Wayback Machine has a capture of {date}: {url}' },
};

/** What to paste: archive parameters for a CS1 citation, a {{webarchive}} after a plain link, else a dead-link tag. */
function fixOf(t: LinkTarget, link: CheckedLink, today: Date): string | undefined {
  const status = link.reason === PARKED_REASON ? 'usurped' : 'dead';
  const cap = link.capture;
  if (cap) {
    return t.template
      ? `|archive-url=${cap.url} |archive-date=${cap.date} |url-status=${status}`
      : `{{Webarchive |url=${cap.url} |date=${cap.date}}}`;
  }
  if (cap === null && !t.marks.length)
    return `{{Dead link |date=${today.toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' })} |fix-attempted=yes}}`;
  return undefined;
}

function linkEvidence(t: LinkTarget, link: CheckedLink, fix: string | undefined): Record<string, unknown> {
  return {
    url: t.url,
    host: hostKeyOf(new URL(link.url).hostname),
    class: link.class,
    reason: link.reason,
    ...(link.status !== undefined ? { status: link.status } : {}),
    ...(link.finalUrl && link.finalUrl !== link.url ? { finalUrl: link.finalUrl } : {}),
    ...(link.hops.length ? { hops: link.hops } : {}),
    ...(link.error ? { error: link.error } : {}),
    checkedAt: link.checkedAt,
    ...(link.cached ? { cached: true } : {}),
    ...(link.observations.length ? { observations: link.observations } : {}),
    ...(link.confirmedBy ? { confirmedBy: link.confirmedBy } : {}),
    ...(t.title ? { title: t.title } : {}),
    ...(t.accessDate ? { accessDate: t.accessDate } : {}),
    ...(t.marks.length ? { markedBy: t.marks } : {}),
    ...(link.capture ? { suggestedArchive: link.capture } : {}),
    ...(link.capture && link.captureAgainst ? { captureAgainst: link.captureAgainst } : {}),
    ...(link.capture === null ? { suggestedArchive: null } : {}),
    ...(link.captureNote ? { archiveNote: link.captureNote } : {}),
    ...(fix ? { fix } : {}),
  };
}

/** The link-probe findings of one page, from the check's results at the page's targets. */
export function linkFindings(
  targets: readonly LinkTarget[],
  checked: LinkCheckReport,
  pack: RulePack,
  options: { confirmChecks: number; today?: Date },
): Finding[] {
  const today = options.today ?? new Date();
  const out: PlacedFinding[] = [];
  for (const t of targets) {
    const report = (rule: (typeof LINK_PROBE_RULES)[number], r: Parameters<typeof findingOf>[2]) => {
      const f = findingOf({ id: rule, messages: MESSAGES[rule] }, pack, r);
      // A link's problem dates from the revision that wrote the URL: when it came, not when it died.
      if (t.introducedIn) f.introducedIn = t.introducedIn;
      if (t.ageDays !== undefined) f.ageDays = t.ageDays;
      out.push(f);
    };
    const place = { span: t.span, section: t.section, snippet: t.snippet };
    if (t.role === 'archive') {
      const a = checked.archives.get(t.url);
      if (a?.state !== 'broken') continue;
      report('archive-broken', {
        ...place,
        messageId: 'broken',
        data: { reason: a.reason, url: t.url },
        evidence: {
          archiveUrl: t.url,
          ...(t.original ? { url: t.original } : {}),
          reason: a.reason,
          ...(a.class ? { class: a.class } : {}),
          ...(a.status !== undefined ? { status: a.status } : {}),
        },
      });
      continue;
    }
    const key = linkKey(t.url);
    const link = key ? checked.links.get(key) : undefined;
    if (!link) continue;
    const data = { reason: link.reason, url: t.url };
    switch (link.class) {
      case 'dead':
      case 'dead-suspected': {
        if (t.archived && t.marks.length) break; // marked dead and archived: nothing left to do
        if (t.marks.length && !t.archived) {
          // The dead-link rule already says it is marked dead; what the check adds is the capture.
          if (link.capture)
            report('archive-suggested', {
              ...place,
              messageId: 'suggested',
              data: { date: link.capture.date, url: t.url },
              evidence: linkEvidence(t, link, fixOf(t, link, today)),
            });
          break;
        }
        const fix = t.archived ? (t.template ? '|url-status=dead' : undefined) : fixOf(t, link, today);
        report('link-dead', {
          ...place,
          messageId: t.archived ? 'archivedLive' : link.class === 'dead' ? 'confirmed' : 'suspected',
          data: {
            ...data,
            confirmedBy:
              link.confirmedBy === 'dead-link-tag' ? 'an editor’s dead mark' : `${link.observations.length} checks`,
            checks: link.observations.length,
            needed: options.confirmChecks,
          },
          ...(link.class === 'dead-suspected' || t.archived ? { severity: 'medium' as const } : {}),
          evidence: { ...linkEvidence(t, link, fix), confirmed: link.class === 'dead' },
        });
        break;
      }
      case 'soft-404':
        if (t.archived && t.marks.length) break;
        report('link-soft-404', {
          ...place,
          messageId: 'soft404',
          data,
          evidence: linkEvidence(t, link, t.archived ? undefined : fixOf(t, link, today)),
        });
        break;
      case 'live':
      case 'redirected':
        if (!t.marks.length) break;
        report('link-live-marked-dead', {
          ...place,
          messageId: 'live',
          data: { ...data, marks: t.marks.join(', ') },
          evidence: linkEvidence(t, link, t.urlStatus && t.template ? '|url-status=live' : undefined),
        });
        break;
      case 'blocked':
        report('link-blocked', { ...place, messageId: 'blocked', data, evidence: linkEvidence(t, link, undefined) });
        break;
      default:
        break;
    }
  }
  out.sort((a, b) => a.offset - b.offset || a.rule.localeCompare(b.rule));
  return unplaced(out);
}

/**
 * Which link findings (of a baseline) a link check could judge on a page: one whose URL
 * the page no longer cites (the citation was fixed or removed: resolved), or whose URL
 * got a verdict in the check, not `transient` or `skipped` (a network outage, an
 * interrupted run, a `--max-urls` cut say nothing about a link); an archive finding only
 * when archives were asked and did not refuse. Those it could not judge are carried.
 */
export function judgedByLinkCheck(
  checked: LinkCheckReport,
  archivesAsked: boolean,
  targetsOf: (page: object) => readonly LinkTarget[],
): (f: Finding, page: object) => boolean {
  const archivesAnswered = archivesAsked && !checked.stats.archiveStoppedBy && !checked.stats.incomplete;
  const key = (url: unknown) => (typeof url === 'string' ? (linkKey(url) ?? url.trim()) : '');
  const archives = new Map([...checked.archives].map(([url, verdict]) => [key(url), verdict]));
  const cited = new WeakMap<object, Set<string>>();
  const citedOn = (page: object) => {
    let urls = cited.get(page);
    if (!urls) cited.set(page, (urls = new Set(targetsOf(page).map((t) => key(t.url)))));
    return urls;
  };
  const verdict = (url: unknown) => {
    const link = checked.links.get(key(url));
    return link !== undefined && link.class !== 'transient' && link.class !== 'skipped';
  };
  return (f, page) => {
    const e = f.evidence;
    const about = f.rule === 'archive-broken' ? e['archiveUrl'] : e['url'];
    if (!citedOn(page).has(key(about))) return true;
    if (f.rule === 'archive-broken') {
      const archive = archives.get(key(e['archiveUrl']));
      return archivesAnswered && archive !== undefined && archive.state !== 'unverified';
    }
    if (f.rule === 'archive-suggested') return archivesAnswered && verdict(e['url']);
    return verdict(e['url']);
  };
}
