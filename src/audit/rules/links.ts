import type { Citation, ExternalLink, InlineTag } from '../../wikitext/index.ts';
import { parseDay } from '../../wikitext/index.ts';
import { archivedUrl, archiveTimestamp, isArchiveUrl } from '../archive.ts';
import type { RulePack } from '../pack.ts';
import type { Rule, RuleContext } from '../types.ts';

/** How a citation's own parameters mark it dead (`url-status=`, the legacy `deadurl=`). */
function paramMarks(item: Citation | ExternalLink, pack: RulePack): string[] {
  const marks: string[] = [];
  if ('urlStatus' in item && item.urlStatus && pack.citations.deadStatuses.includes(item.urlStatus.toLowerCase())) {
    marks.push(`url-status=${item.urlStatus}`);
  }
  if ('deadUrl' in item && item.deadUrl && pack.citations.deadUrlValues.includes(item.deadUrl.toLowerCase())) {
    marks.push(`deadurl=${item.deadUrl}`);
  }
  return marks;
}

/** Why a citation or link counts as marked dead: each reason as an editor would write it. */
export function deadMarks(item: Citation | ExternalLink, pack: RulePack, tags: readonly InlineTag[]): string[] {
  const marks = paramMarks(item, pack);
  if (item.deadTag !== undefined) marks.push(`{{${tags[item.deadTag]!.name}}}`);
  return marks;
}

/** A citation with archive-url is dead unless url-status (or the legacy deadurl) says live. */
function archiveUrlMeansDead(c: Citation, pack: RulePack): boolean {
  if (!c.archiveUrl) return false;
  if (c.urlStatus) return c.urlStatus.toLowerCase() !== 'live';
  if (c.deadUrl) return pack.citations.deadUrlValues.includes(c.deadUrl.toLowerCase());
  return true;
}

function deadTagEvidence(tag: InlineTag | undefined): Record<string, unknown> {
  if (!tag) return {};
  const fixAttempted = tag.params['fix-attempted'];
  return {
    tag: tag.name,
    ...(tag.date ? { tagDate: tag.date } : {}),
    ...(tag.params['bot'] ? { taggedBy: tag.params['bot'] } : {}),
    ...(fixAttempted !== undefined ? { fixAttempted: fixAttempted || true } : {}),
  };
}

const citationFacts = (c: Citation) => ({
  url: c.url,
  ...(c.title ? { title: c.title } : {}),
  ...(c.work ? { work: c.work } : {}),
  ...(c.publisher ? { publisher: c.publisher } : {}),
  ...(c.accessDate ? { accessDate: c.accessDate } : {}),
  citation: c.kind === 'template' ? c.template : c.kind,
});

export const deadLink: Rule = {
  id: 'dead-link',
  messages: {
    citation: 'Citation marked dead ({marks}) with no archive: {url}',
    link: 'Link marked dead ({marks}) with no archive: {url}',
    orphanTag: '{{{tag}}} that follows no citation or link',
  },
  check({ extraction, pack, report }) {
    const { citations, links, tags, webarchives } = extraction;
    const attached = new Set<number>();
    for (const c of citations) {
      if (c.deadTag !== undefined) attached.add(c.deadTag);
      const marks = deadMarks(c, pack, tags);
      if (!marks.length || c.archiveUrl || c.webarchive !== undefined) continue;
      report({
        messageId: 'citation',
        data: { marks: marks.join(', '), url: c.url ?? '(no url)' },
        span: c.span,
        section: c.section,
        snippet: c.text,
        evidence: {
          ...citationFacts(c),
          markedBy: marks,
          ...deadTagEvidence(c.deadTag === undefined ? undefined : tags[c.deadTag]),
        },
      });
    }
    for (const l of links) {
      if (l.deadTag !== undefined) attached.add(l.deadTag);
      if (l.ref !== undefined || l.deadTag === undefined || l.webarchive !== undefined) continue;
      const marks = deadMarks(l, pack, tags);
      report({
        messageId: 'link',
        data: { marks: marks.join(', '), url: l.url },
        span: l.span,
        section: l.section,
        snippet: l.label ? `[${l.url} ${l.label}]` : l.url,
        evidence: {
          url: l.url,
          ...(l.label ? { title: l.label } : {}),
          markedBy: marks,
          ...deadTagEvidence(tags[l.deadTag]),
        },
      });
    }
    for (const tag of tags) {
      if (tag.rule !== 'dead-link' || attached.has(tag.index)) continue;
      // A tag right after a {{webarchive}} concerns a link that already has its archive.
      if (webarchives.some((w) => w.span.end <= tag.span.start && tag.span.start - w.span.end < 3)) continue;
      report({
        messageId: 'orphanTag',
        data: { tag: tag.name },
        span: tag.span,
        section: tag.section,
        snippet: tag.text,
        evidence: { claim: tag.claim, ...deadTagEvidence(tag) },
      });
    }
  },
};

export const archivedLink: Rule = {
  id: 'archived-link',
  messages: {
    citation: 'Citation marked dead, archived at {archiveUrl}',
    webarchive: 'Link followed by {{webarchive}}: archived at {archiveUrl}',
  },
  check({ extraction, pack, report }) {
    for (const c of extraction.citations) {
      if (!archiveUrlMeansDead(c, pack)) continue;
      report({
        messageId: 'citation',
        data: { archiveUrl: c.archiveUrl! },
        span: c.span,
        section: c.section,
        snippet: c.text,
        evidence: {
          ...citationFacts(c),
          archiveUrl: c.archiveUrl,
          ...(c.archiveDate ? { archiveDate: c.archiveDate } : {}),
          markedBy: deadMarks(c, pack, extraction.tags).concat(
            c.urlStatus || c.deadUrl ? [] : ['archive-url (url-status defaults to dead)'],
          ),
        },
      });
    }
    for (const w of extraction.webarchives) {
      const first = w.archives[0];
      const target = archivedUrl(w, extraction);
      report({
        messageId: 'webarchive',
        data: { archiveUrl: first?.url ?? '(no url)' },
        span: w.span,
        section: w.section,
        snippet: w.text,
        evidence: {
          ...(target ? { url: target } : {}),
          archiveUrl: first?.url,
          ...(first?.date ? { archiveDate: first.date } : {}),
          archives: w.archives,
          template: w.template,
        },
      });
    }
  },
};

export const bareUrl: Rule = {
  id: 'bare-url',
  messages: { bare: 'Bare URL in a ref, with no title: {url}' },
  check({ extraction, report }) {
    for (const c of extraction.citations) {
      if (c.kind !== 'bare') continue;
      const ref = c.ref !== undefined ? extraction.refs[c.ref] : undefined;
      report({
        messageId: 'bare',
        data: { url: c.url ?? '' },
        span: c.span,
        section: c.section,
        snippet: c.text,
        evidence: { url: c.url, ...(ref?.name ? { refName: ref.name } : {}) },
      });
    }
  },
};

export const archiveMismatch: Rule = {
  id: 'archive-mismatch',
  messages: {
    missingDate: 'archive-url without archive-date: {archiveUrl}',
    dateDisagrees: 'archive-date {archiveDate} disagrees with the capture date {captured} in the archive URL',
    notAnArchive: 'archive-url is not a known web archive: {archiveUrl}',
    deadWithoutArchive: '{marks} without archive-url: {url}',
  },
  check(context) {
    const { extraction, pack } = context;
    for (const c of extraction.citations) {
      const base = { span: c.span, section: c.section, snippet: c.text };
      if (c.archiveUrl) {
        checkArchive(context, base, { url: c.url, archiveUrl: c.archiveUrl, archiveDate: c.archiveDate });
      } else if (c.kind === 'template') {
        const marks = paramMarks(c, pack);
        if (marks.length && c.webarchive === undefined) {
          context.report({
            ...base,
            messageId: 'deadWithoutArchive',
            data: { marks: marks.join(', '), url: c.url ?? '(no url)' },
            evidence: { url: c.url, markedBy: marks },
          });
        }
      }
    }
    for (const w of extraction.webarchives) {
      for (const archive of w.archives) {
        checkArchive(
          context,
          { span: w.span, section: w.section, snippet: w.text },
          { archiveUrl: archive.url, archiveDate: archive.date, webarchive: true },
        );
      }
    }
  },
};

function checkArchive(
  context: RuleContext,
  base: { span: Citation['span']; section: string; snippet: string },
  a: { url?: string | undefined; archiveUrl: string; archiveDate?: string | undefined; webarchive?: boolean },
): void {
  const evidence = {
    ...(a.url ? { url: a.url } : {}),
    archiveUrl: a.archiveUrl,
    ...(a.archiveDate ? { archiveDate: a.archiveDate } : {}),
  };
  if (!isArchiveUrl(a.archiveUrl, context.pack.archiveHosts)) {
    context.report({ ...base, messageId: 'notAnArchive', data: { archiveUrl: a.archiveUrl }, evidence });
    return;
  }
  const captured = archiveTimestamp(a.archiveUrl);
  if (!a.archiveDate) {
    // {{webarchive}} derives a missing date from the URL itself: only CS1 needs it written.
    if (!a.webarchive || !captured)
      context.report({ ...base, messageId: 'missingDate', data: { archiveUrl: a.archiveUrl }, evidence });
    return;
  }
  const day = parseDay(a.archiveDate);
  if (captured && day && captured !== day) {
    context.report({
      ...base,
      messageId: 'dateDisagrees',
      data: { archiveDate: a.archiveDate, captured },
      evidence: { ...evidence, capturedOn: captured, archiveDay: day },
    });
  }
}
