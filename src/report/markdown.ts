import { SEVERITIES, type Finding, type RuleId } from '../audit/index.ts';
import { escapeMarkdown, inlineCode, markdownLink, shorten } from './escape.ts';
import type { PageReport, Report } from './types.ts';

/** The order editors read in: what is broken first, what is merely noted last. */
const PARTS: { rule: RuleId; heading: string; intro: string }[] = [
  {
    rule: 'dead-link',
    heading: 'Dead citations without an archive',
    intro: 'Marked dead and nothing to fall back on: find an archive or a new source.',
  },
  { rule: 'citation-needed', heading: 'Citation needed', intro: 'Statements tagged as needing an inline citation.' },
  { rule: 'verification-needed', heading: 'Verification needed', intro: 'Statements or sources tagged for checking.' },
  {
    rule: 'archive-mismatch',
    heading: 'Archive problems',
    intro: 'Archives that are incomplete or disagree with themselves.',
  },
  { rule: 'bare-url', heading: 'Bare URLs', intro: 'Refs that hold only a URL: give them a title, work and date.' },
  {
    rule: 'archived-link',
    heading: 'Archived links',
    intro:
      'Marked dead or followed by {{webarchive}}, with an archive in place: nothing to do unless the archive is bad.',
  },
];

const anchor = (section: string) => (section === '(lead)' ? '' : `#${encodeURIComponent(section.replace(/ /g, '_'))}`);

function where(page: PageReport, f: Finding): string {
  return page.url
    ? markdownLink(`${f.section}, line ${f.line}`, `${page.url}${anchor(f.section)}`)
    : escapeMarkdown(`${f.section}, line ${f.line}`);
}

const text = (v: unknown) => (typeof v === 'string' ? v : v === undefined ? '' : JSON.stringify(v));

function row(rule: RuleId, page: PageReport, f: Finding): string {
  const e = f.evidence;
  const cells = (() => {
    switch (rule) {
      case 'citation-needed':
      case 'verification-needed':
        return [
          escapeMarkdown(text(e['canonical'])),
          escapeMarkdown(text(e['date'] ?? e['dateWritten'] ?? 'undated')),
          escapeMarkdown(text(e['age'] ?? '')),
          escapeMarkdown(shorten(text(e['claim']), 240)) +
            (e['field'] ? ` (${inlineCode(`${text(e['field'])}=`)})` : ''),
        ];
      case 'dead-link':
        return [
          markdownLink(shorten(text(e['title'] ?? e['url']), 120), text(e['url'])),
          escapeMarkdown(((e['markedBy'] as string[] | undefined) ?? []).join(', ')),
          escapeMarkdown(text(e['tagDate'] ?? '')),
        ];
      case 'archived-link':
        return [
          markdownLink(shorten(text(e['url'] ?? '(unattached)'), 100), text(e['url'])),
          markdownLink(text(e['archiveDate'] ?? 'archive'), text(e['archiveUrl'])),
        ];
      case 'bare-url':
        return [markdownLink(shorten(text(e['url']), 120), text(e['url']))];
      case 'archive-mismatch':
        return [escapeMarkdown(shorten(f.message, 200))];
    }
  })();
  return `| ${[where(page, f), escapeMarkdown(f.severity), ...cells].join(' | ')} |`;
}

const HEADERS: Record<RuleId, string[]> = {
  'citation-needed': ['tag', 'dated', 'age at this revision', 'claim'],
  'verification-needed': ['tag', 'dated', 'age at this revision', 'claim'],
  'dead-link': ['citation', 'marked dead by', 'tag date'],
  'archived-link': ['original', 'archive'],
  'bare-url': ['url'],
  'archive-mismatch': ['problem'],
};

/** The editor-facing report of one page: counts, then each part worst first. */
export function renderPageMarkdown(page: PageReport, report: Report): string {
  const lines: string[] = [];
  const rev = page.revision;
  lines.push(`# Citation audit: ${escapeMarkdown(page.title)}`, '');
  const revision = rev.id ? markdownLink(`revision ${rev.id}`, page.url) : 'the latest revision';
  lines.push(
    `Audited ${revision}${rev.timestamp ? ` of ${escapeMarkdown(rev.timestamp)}` : ''}${rev.user ? ` by ${escapeMarkdown(rev.user)}` : ''}` +
      ` (${page.revisionsRead} revision${page.revisionsRead === 1 ? '' : 's'} read from ${escapeMarkdown(report.input.file)}).`,
    '',
  );
  if (page.status !== 'audited') {
    lines.push(
      `Not audited: ${escapeMarkdown(page.status)}${page.error ? ` (${escapeMarkdown(page.error)})` : ''}.`,
      '',
    );
    return lines.join('\n');
  }
  if (!page.findings.length) {
    lines.push('No findings.', '');
    return lines.join('\n');
  }
  lines.push('| rule | severity | findings |', '| --- | --- | ---: |');
  for (const part of PARTS) {
    const n = page.findings.filter((f) => f.rule === part.rule).length;
    if (n)
      lines.push(
        `| [${part.rule}](#${part.heading.toLowerCase().replace(/ /g, '-')}) | ${severitiesOf(page, part.rule)} | ${n} |`,
      );
  }
  lines.push('');
  for (const part of PARTS) {
    const found = page.findings
      .filter((f) => f.rule === part.rule)
      .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.line - b.line);
    if (!found.length) continue;
    lines.push(`## ${part.heading}`, '', escapeMarkdown(part.intro), '');
    lines.push(`| where | severity | ${HEADERS[part.rule].join(' | ')} |`);
    lines.push(`| ${['---', '---', ...HEADERS[part.rule].map(() => '---')].join(' | ')} |`);
    for (const f of found) lines.push(row(part.rule, page, f));
    lines.push('');
  }
  return lines.join('\n');
}

function severitiesOf(page: PageReport, rule: RuleId): string {
  const severities = new Set(page.findings.filter((f) => f.rule === rule).map((f) => f.severity));
  return SEVERITIES.filter((s) => severities.has(s)).join(', ');
}

/** The index of a multi-page report: every page with its counts, worst first. */
export function renderIndexMarkdown(report: Report, fileNames: readonly string[]): string {
  const s = report.summary;
  const lines = [`# Citation audit of ${escapeMarkdown(report.input.file)}`, ''];
  lines.push(
    `${s.pagesAudited} pages audited of ${s.pagesRead} read (${s.revisionsRead} revisions); ` +
      `skipped: ${s.pagesSkipped.redirect} redirects, ${s.pagesSkipped.namespace} in other namespaces, ${s.pagesSkipped.notSelected} not selected. ` +
      `${s.findings} findings.`,
    '',
  );
  if (!s.complete) lines.push('**The input ended in an error: this report covers the pages read before it.**', '');
  for (const e of report.errors) lines.push(`- Error: ${escapeMarkdown(e.message)}`);
  if (report.errors.length) lines.push('');
  const rules = PARTS.map((p) => p.rule);
  lines.push(`| page | high | ${rules.join(' | ')} |`, `| --- | ---: | ${rules.map(() => '---:').join(' | ')} |`);
  const rows = report.pages.map((page, i) => ({
    page,
    file: fileNames[i],
    high: page.findings.filter((f) => f.severity === 'high').length,
    open: page.findings.filter((f) => f.severity !== 'info').length,
    counts: rules.map((r) => page.findings.filter((f) => f.rule === r).length),
  }));
  rows.sort((a, b) => b.high - a.high || b.open - a.open || a.page.title.localeCompare(b.page.title));
  for (const { page, file, high, counts } of rows) {
    const link = file ? `[${escapeMarkdown(page.title)}](${encodeURIComponent(file)})` : escapeMarkdown(page.title);
    lines.push(`| ${link} | ${high} | ${counts.join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n');
}
