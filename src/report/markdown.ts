import { LINK_PROBE_RULES, SEVERITIES, type Finding, type RuleId } from '../audit/index.ts';
import { escapeMarkdown, fileLink, inlineCode, markdownLink, shorten } from './escape.ts';
import type { ChangeEvent } from '../history/index.ts';
import type { BaselineSummary, PageReport, ReportHead, ReportTail } from './types.ts';

/** The order editors read in: what is broken first, what is merely noted last. */
const PARTS: { rule: PartRule; heading: string; intro: string }[] = [
  {
    rule: 'dead-link',
    heading: 'Dead citations without an archive',
    intro: 'Marked dead and nothing to fall back on: find an archive or a new source.',
  },
  { rule: 'citation-needed', heading: 'Citation needed', intro: 'Statements tagged as needing an inline citation.' },
  { rule: 'verification-needed', heading: 'Verification needed', intro: 'Statements or sources tagged for checking.' },
  {
    rule: 'figure-mismatch',
    heading: 'Mismatched figures',
    intro:
      'The same quantity stated with values that cannot all be right. Fix the wrong one, or attribute each figure to its source.',
  },
  {
    rule: 'archive-mismatch',
    heading: 'Archive problems',
    intro: 'Archives that are incomplete or disagree with themselves.',
  },
  { rule: 'bare-url', heading: 'Bare URLs', intro: 'Refs that hold only a URL: give them a title, work and date.' },
  {
    rule: 'uncited-figure',
    heading: 'Uncited figures',
    intro:
      'Sentences that state a figure and cite nothing ("info" when a later ref in the paragraph, or the lead, may cover them).',
  },
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

/** "2007-10-01 by WODUP", linked to the revision; "≤" when the history starts after it was written. */
function since(page: PageReport, f: Finding): string {
  const by = f.introducedIn;
  if (!by) return '';
  const day = by.timestamp?.slice(0, 10) ?? 'unknown';
  const base = page.url?.replace(/\?oldid=.*$/, '');
  const label = `${by.atOrBefore ? '≤ ' : ''}${day}${by.user ? ` by ${by.user}` : ''}`;
  return by.revision && base
    ? markdownLink(label, `${base}?oldid=${encodeURIComponent(by.revision)}`)
    : escapeMarkdown(label);
}

type PartRule = Exclude<RuleId, (typeof LINK_PROBE_RULES)[number]>;

function row(rule: PartRule, page: PageReport, f: Finding, withSince: boolean): string {
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
      case 'figure-mismatch':
        return [
          escapeMarkdown(
            `${text(e['measure'])}${e['subject'] === 'article' ? '' : ` (${text(e['subject'])})`}${e['time'] ? `, ${text(e['time'])}` : ''}`,
          ),
          escapeMarkdown(text(e['class']).replace(/-/g, ' ')) + changeNote(e),
          figureValues(e),
        ];
      case 'uncited-figure':
        return [
          escapeMarkdown(((e['figures'] as string[] | undefined) ?? []).join(', ')),
          escapeMarkdown(shorten(text(e['sentence']), 240)),
        ];
    }
  })();
  const severity = escapeMarkdown(f.severity) + (f.baseline === 'new' ? ' **new**' : '');
  const first = [where(page, f), severity, ...(withSince ? [since(page, f)] : [])];
  return `| ${[...first, ...cells].join(' | ')} |`;
}

/** With the history, the edit behind a mismatch: "8,000 → 9,500 in value 1, 2016-01-01 by Ivy (diff)". */
function changeNote(e: Record<string, unknown>): string {
  const c = e['change'] as
    | {
        from?: unknown;
        to?: unknown;
        changed?: number;
        revision?: { timestamp?: string; user?: string };
        diffUrl?: string;
      }
    | undefined;
  if (!c) return '';
  const when = c.revision?.timestamp?.slice(0, 10) ?? '?';
  const note = `${text(c.from)} → ${text(c.to)} in value ${(c.changed ?? 0) + 1}, ${when}${c.revision?.user ? ` by ${c.revision.user}` : ''}`;
  return `<br>${escapeMarkdown(note)}${c.diffUrl ? ` (${markdownLink('diff', c.diffUrl)})` : ''}`;
}

/** Each value of a mismatch on its own line: the figure, where, who says so, and the sentence. */
function figureValues(e: Record<string, unknown>): string {
  const values = (e['values'] as Record<string, unknown>[] | undefined) ?? [];
  return values
    .map((v, i) => {
      const by = v['introducedIn'] as { timestamp?: string; user?: string } | undefined;
      const source = v['source'] ? text(v['source']) : v['cited'] ? 'cited' : 'uncited';
      const origin = by ? `, since ${by.timestamp?.slice(0, 10) ?? '?'}${by.user ? ` by ${by.user}` : ''}` : '';
      return escapeMarkdown(
        `${i + 1}. ${text(v['text'])} (${text(v['section'])}, line ${text(v['line'])}; ${shorten(source, 60)}${origin}): "${shorten(text(v['sentence']), 160)}"`,
      );
    })
    .join('<br>')
    .concat(pairSummary(e));
}

/** "conflict: 1–2, 1–3; within rounding: 2–3", numbered as the values are. */
function pairSummary(e: Record<string, unknown>): string {
  const pairs = (e['pairs'] as { a: number; b: number; relation: string }[] | undefined) ?? [];
  const list = (relation: string) =>
    pairs
      .filter((p) => p.relation === relation)
      .map((p) => `${p.a + 1}–${p.b + 1}`)
      .join(', ');
  const parts = [
    ['conflict', list('conflict')],
    ['within rounding', list('rounding')],
    ['equal', list('equal')],
  ].filter(([, l]) => l);
  return parts.length ? `<br>${escapeMarkdown(parts.map(([name, l]) => `${name}: ${l}`).join('; '))}` : '';
}

const HEADERS: Record<PartRule, string[]> = {
  'citation-needed': ['tag', 'dated', 'age at this revision', 'claim'],
  'verification-needed': ['tag', 'dated', 'age at this revision', 'claim'],
  'dead-link': ['citation', 'marked dead by', 'tag date'],
  'archived-link': ['original', 'archive'],
  'bare-url': ['url'],
  'archive-mismatch': ['problem'],
  'figure-mismatch': ['quantity', 'kind', 'values'],
  'uncited-figure': ['figures', 'sentence'],
};

/** The editor-facing report of one page: counts, then each part worst first. */
export function renderPageMarkdown(page: PageReport, report: ReportHead): string {
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
  if (page.resolved) {
    const fresh = page.findings.filter((f) => f.baseline === 'new').length;
    lines.push(
      escapeMarkdown(
        `Against the baseline: ${fresh} new, ${page.findings.length - fresh} still open, ${page.resolved.length} resolved.`,
      ),
      '',
    );
  }
  if (!page.findings.length) {
    lines.push('No findings.', '');
    lines.push(...resolved(page), ...history(page));
    return lines.join('\n');
  }
  const withSince = page.findings.some((f) => f.introducedIn);
  lines.push('| rule | severity | findings |', '| --- | --- | ---: |');
  for (const rule of LINK_PROBE_RULES) {
    const n = page.findings.filter((f) => f.rule === rule).length;
    if (n) lines.push(`| [${rule}](#dead-citations) | ${severitiesOf(page, rule)} | ${n} |`);
  }
  for (const part of PARTS) {
    const n = page.findings.filter((f) => f.rule === part.rule).length;
    if (n)
      lines.push(
        `| [${part.rule}](#${part.heading.toLowerCase().replace(/ /g, '-')}) | ${severitiesOf(page, part.rule)} | ${n} |`,
      );
  }
  lines.push('');
  lines.push(...deadCitations(page));
  for (const part of PARTS) {
    const found = page.findings
      .filter((f) => f.rule === part.rule)
      .sort((a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity) || a.line - b.line);
    if (!found.length) continue;
    lines.push(`## ${part.heading}`, '', escapeMarkdown(part.intro), '');
    const head = ['where', 'severity', ...(withSince ? ['since'] : []), ...HEADERS[part.rule]];
    lines.push(`| ${head.join(' | ')} |`);
    lines.push(`| ${head.map(() => '---').join(' | ')} |`);
    for (const f of found) lines.push(row(part.rule, page, f, withSince));
    lines.push('');
  }
  lines.push(...resolved(page), ...history(page));
  return lines.join('\n');
}

/** The baseline's findings that are gone: what editors fixed since the last run. */
function resolved(page: PageReport): string[] {
  if (!page.resolved?.length) return [];
  return [
    '## Resolved since the baseline',
    '',
    ...page.resolved.map((f) => `- ${escapeMarkdown(`${f.rule} (${f.section}): ${shorten(f.message, 200)}`)}`),
    '',
  ];
}

/** Worst first: what is surely broken, then what probably is, then what only needs a look. */
const LINK_ORDER: readonly string[] = [
  'dead',
  'dead-suspected',
  'soft-404',
  'archive-broken',
  'archive-suggested',
  'live-marked-dead',
  'blocked',
];

/** The row's class as the table shows it: dead or dead-suspected for link-dead, else the rule's own word. */
const linkLabel = (f: Finding) => (f.rule === 'link-dead' ? text(f.evidence['class']) : f.rule.replace(/^link-/, ''));

function linkRank(f: Finding): number {
  const i = LINK_ORDER.indexOf(linkLabel(f));
  return i === -1 ? LINK_ORDER.length : i;
}

/** "404; 2 hops; checks 2/3 (2026-11-26, 2026-11-27)": what the link check saw. */
function linkEvidenceCell(f: Finding): string {
  const e = f.evidence;
  const parts = [text(e['reason'])];
  const hops = e['hops'] as unknown[] | undefined;
  if (hops?.length) parts.push(`${hops.length} hop${hops.length === 1 ? '' : 's'}`);
  const obs = e['observations'] as { at: string }[] | undefined;
  if (obs?.length)
    parts.push(
      `dead checks: ${obs.map((o) => o.at.slice(0, 10)).join(', ')}${e['confirmedBy'] === 'dead-link-tag' ? ' + dead mark' : ''}`,
    );
  if (e['cached']) parts.push(`cached ${text(e['checkedAt']).slice(0, 10)}`);
  return escapeMarkdown(shorten(parts.join('; '), 300));
}

/** The link-rot triage table: every link-probe finding, grouped by host, the worst hosts and rows first. */
function deadCitations(page: PageReport): string[] {
  const found = page.findings.filter((f) => (LINK_PROBE_RULES as readonly RuleId[]).includes(f.rule));
  if (!found.length) return [];
  const hostOf = (f: Finding) => text(f.evidence['host'] ?? 'archive');
  const groups = new Map<string, Finding[]>();
  for (const f of found) {
    const list = groups.get(hostOf(f));
    if (list) list.push(f);
    else groups.set(hostOf(f), [f]);
  }
  const ordered = [...groups.entries()]
    .map(([host, list]) => [host, list.sort((a, b) => linkRank(a) - linkRank(b) || a.line - b.line)] as const)
    .sort((a, b) => linkRank(a[1][0]!) - linkRank(b[1][0]!) || b[1].length - a[1].length || a[0].localeCompare(b[0]));
  const lines = [
    '## Dead citations',
    '',
    escapeMarkdown(
      'What the link check found (--check-links), grouped by host, worst first. Paste the fix into the citation.',
    ),
    '',
  ];
  const withSince = found.some((f) => f.introducedIn);
  const head = [
    'host',
    'url',
    'class',
    'evidence',
    'where',
    ...(withSince ? ['since'] : []),
    'citation',
    'suggested archive',
    'fix',
  ];
  lines.push(`| ${head.join(' | ')} |`, `| ${head.map(() => '---').join(' | ')} |`);
  for (const [host, list] of ordered) {
    for (const f of list) {
      const e = f.evidence;
      const url = text(e['url'] ?? e['archiveUrl']);
      const cap = e['suggestedArchive'] as { url: string; date: string } | null | undefined;
      const against = e['captureAgainst'] as { date: string; from: string; atOrBefore?: boolean } | undefined;
      lines.push(
        `| ${[
          escapeMarkdown(host),
          markdownLink(shorten(url, 90), url),
          escapeMarkdown(linkLabel(f)) + (f.baseline === 'new' ? ' **new**' : ''),
          linkEvidenceCell(f),
          where(page, f),
          ...(withSince ? [since(page, f)] : []),
          escapeMarkdown(shorten(text(e['title'] ?? ''), 80)),
          cap
            ? markdownLink(cap.date, cap.url) +
              // No usable access-date: say which date the capture was picked against.
              (against?.from === 'url-added'
                ? ` ${escapeMarkdown(`(no usable access-date; URL cited since ${against.atOrBefore ? '≤ ' : ''}${against.date})`)}`
                : '')
            : cap === null
              ? 'none found'
              : escapeMarkdown(text(e['archiveNote'] ?? '')),
          e['fix'] ? inlineCode(text(e['fix'])) : '',
        ].join(' | ')} |`,
      );
    }
  }
  lines.push('');
  return lines;
}

/** The Markdown shows the latest changes; the JSON report has them all. */
const MAX_TIMELINE = 100;

const CHANGE_WORDS: Record<ChangeEvent['kind'], string> = {
  'citation-added': 'citation added',
  'citation-removed': 'citation removed',
  'citation-changed': 'citation changed',
  'url-changed': 'URL changed',
  'tag-added': 'tag added',
  'tag-removed': 'tag removed',
  'tag-removed-unresolved': 'tag removed, claim still uncited',
  'figure-changed': 'figure changed',
  'figure-changed-unsourced': 'figure changed, no source added',
  revert: 'revert',
};

function changeDetail(c: ChangeEvent): string {
  const d = c.detail;
  switch (c.kind) {
    case 'revert':
      return escapeMarkdown(
        `to ${text(d['revertedTo'])}, undoing ${(d['reverted'] as unknown[]).length} revision(s) and ${text(d['foldedChanges'])} change(s)`,
      );
    case 'figure-changed':
    case 'figure-changed-unsourced':
      return escapeMarkdown(`${text(d['from'])} → ${text(d['to'])}: ${shorten(text(d['context']), 140)}`);
    case 'tag-added':
    case 'tag-removed':
    case 'tag-removed-unresolved':
      return `${escapeMarkdown(text(d['canonical']))}: ${escapeMarkdown(shorten(text(d['claim']), 160))}`;
    default: {
      const label = shorten(text(d['title'] ?? d['url'] ?? d['template']), 100);
      const what = [d['urlStatus'] && `url-status=${text(d['urlStatus'])}`, d['archiveUrl'] && 'archived']
        .filter(Boolean)
        .join(', ');
      return markdownLink(label, text(d['url'])) + (what ? ` (${escapeMarkdown(what)})` : '');
    }
  }
}

/** The History part: what each revision did to the citations and tags, latest last. */
function history(page: PageReport): string[] {
  if (!page.changes.length) return [];
  const counts = new Map<string, number>();
  for (const c of page.changes) counts.set(c.kind, (counts.get(c.kind) ?? 0) + 1);
  const shown = page.changes.slice(-MAX_TIMELINE);
  const lines = ['## History', ''];
  lines.push(
    escapeMarkdown(
      `${page.revisionsRead} revisions read; ${[...counts].map(([k, n]) => `${n} ${CHANGE_WORDS[k as ChangeEvent['kind']]}`).join(', ')}.` +
        (shown.length < page.changes.length ? ` The last ${shown.length} changes:` : ''),
    ),
    '',
    '| when | revision | user | change | what | edit comment |',
    '| --- | --- | --- | --- | --- | --- |',
  );
  for (const c of shown) {
    const rev = c.revision;
    lines.push(
      `| ${escapeMarkdown(rev.timestamp?.slice(0, 10) ?? '')} | ${markdownLink(rev.id ?? '?', c.diffUrl)} | ${escapeMarkdown(rev.user ?? '(hidden)')} | ${escapeMarkdown(CHANGE_WORDS[c.kind])} | ${changeDetail(c)} | ${escapeMarkdown(shorten(rev.comment ?? '', 120))} |`,
    );
  }
  lines.push('');
  return lines;
}

function severitiesOf(page: PageReport, rule: RuleId): string {
  const severities = new Set(page.findings.filter((f) => f.rule === rule).map((f) => f.severity));
  return SEVERITIES.filter((s) => severities.has(s)).join(', ');
}

/** A page's line in the index: kept for every page while the pages themselves are written and dropped. */
export interface IndexRow {
  title: string;
  /** The page's Markdown file, when one was written. */
  file: string | undefined;
  status: PageReport['status'];
  /** Findings by severity, in SEVERITIES order. */
  bySeverity: number[];
  /** Findings by PARTS rule, in the index's column order. */
  byRule: number[];
  /** With a baseline: findings new since it, and the baseline's findings resolved. */
  new?: number;
  resolved?: number;
}

export function indexRowOf(page: PageReport, file: string | undefined): IndexRow {
  return {
    title: page.title,
    file,
    status: page.status,
    bySeverity: SEVERITIES.map((s) => page.findings.filter((f) => f.severity === s).length),
    byRule: PARTS.map((p) => page.findings.filter((f) => f.rule === p.rule).length),
    ...(page.resolved
      ? { new: page.findings.filter((f) => f.baseline === 'new').length, resolved: page.resolved.length }
      : {}),
  };
}

/** Worst first: more high findings, then more medium, then low, then info; then new ones; then by title. */
export function worseFirst(a: IndexRow, b: IndexRow): number {
  for (let i = 0; i < SEVERITIES.length; i++) {
    const d = b.bySeverity[i]! - a.bySeverity[i]!;
    if (d) return d;
  }
  return (b.new ?? 0) - (a.new ?? 0) || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0);
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

function baselineLine(b: BaselineSummary): string {
  const carried = b.carried.reduce((n, p) => n + p.findings.length, 0);
  return escapeMarkdown(
    `Against the baseline ${b.file}${b.generatedAt ? ` (${b.generatedAt.slice(0, 10)})` : ''}: ${b.new} new, ${b.open} still open, ${b.resolved} resolved` +
      `${b.pagesGone.length ? ` (${plural(b.pagesGone.length, 'page')} gone)` : ''}` +
      `${carried ? `; ${plural(carried, 'finding')} of ${plural(b.carried.length, 'page')} this run did not judge carried over` : ''}.`,
  );
}

/** The index of a multi-page report: every page with its counts, worst first. */
export function renderIndexMarkdown(head: ReportHead, tail: ReportTail, rows: readonly IndexRow[]): string {
  const s = tail.summary;
  const lines = [`# Citation audit of ${escapeMarkdown(head.input.file)}`, ''];
  lines.push(
    `${s.pagesAudited} pages audited of ${s.pagesRead} read (${s.revisionsRead} revisions); ` +
      `skipped: ${s.pagesSkipped.redirect} redirects, ${s.pagesSkipped.namespace} in other namespaces, ${s.pagesSkipped.notSelected} not selected` +
      `${s.pagesSkipped.unchanged ? `, ${s.pagesSkipped.unchanged} unchanged since --since` : ''}. ` +
      `${s.findings} findings (${SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ')}).`,
    '',
  );
  if (tail.baseline) lines.push(baselineLine(tail.baseline), '');
  if (!s.complete) lines.push('**The input ended in an error: this report covers the pages read before it.**', '');
  for (const e of tail.errors) lines.push(`- Error: ${escapeMarkdown(e.message)}`);
  if (tail.errors.length) lines.push('');
  const withBaseline = Boolean(tail.baseline);
  const columns = ['page', ...SEVERITIES, ...(withBaseline ? ['new', 'resolved'] : []), ...PARTS.map((p) => p.rule)];
  lines.push(
    `| ${columns.join(' | ')} |`,
    `| --- | ${columns
      .slice(1)
      .map(() => '---:')
      .join(' | ')} |`,
  );
  for (const row of [...rows].sort(worseFirst)) {
    const name = escapeMarkdown(row.title) + (row.status === 'audited' ? '' : ` (${row.status})`);
    const link = row.file ? fileLink(name, row.file) : name;
    const counts = [...row.bySeverity, ...(withBaseline ? [row.new ?? 0, row.resolved ?? 0] : []), ...row.byRule];
    lines.push(`| ${link} | ${counts.join(' | ')} |`);
  }
  lines.push('');
  return lines.join('\n') + renderGonePages(tail);
}

/** The baseline's pages that are gone (redirects now, or deleted), each with its findings resolved; empty when none. */
export function renderGonePages(tail: ReportTail): string {
  const gone = tail.baseline?.pagesGone ?? [];
  if (!gone.length) return '';
  const lines = ['## Pages gone since the baseline', ''];
  for (const p of gone)
    lines.push(`- ${escapeMarkdown(`${p.title}: ${plural(p.findings.length, 'finding')} resolved`)}`);
  lines.push('');
  return lines.join('\n');
}

/**
 * The few lines a CI job shows on its summary page (`GITHUB_STEP_SUMMARY`): the counts,
 * what is new against the baseline, whether the `--fail-on` policy failed, and the
 * worst pages.
 */
/** A finding that met the `--fail-on` policy, as the job summary names it. */
export interface FailingFinding {
  page: string;
  rule: string;
  severity: string;
  message: string;
}

export function renderStepSummary(
  head: ReportHead,
  tail: ReportTail,
  worst: readonly IndexRow[],
  policy: { description: string; failing: number; shown: readonly FailingFinding[] } | undefined,
): string {
  const s = tail.summary;
  const lines = [
    `### citeaudit: ${escapeMarkdown(head.input.file)}`,
    '',
    escapeMarkdown(
      `${plural(s.pagesAudited, 'page')} audited, ${plural(s.findings, 'finding')} (${SEVERITIES.map((sev) => `${s.bySeverity[sev]} ${sev}`).join(', ')}).`,
    ),
    '',
  ];
  if (tail.baseline) lines.push(baselineLine(tail.baseline), '');
  if (policy) {
    lines.push(
      policy.failing
        ? `**Failed:** ${escapeMarkdown(`${plural(policy.failing, 'finding')} met --fail-on ${policy.description}:`)}`
        : escapeMarkdown(`Passed: no finding met --fail-on ${policy.description}.`),
      '',
    );
    for (const f of policy.shown)
      lines.push(`- ${escapeMarkdown(`${f.page}: ${f.rule} (${f.severity}): ${shorten(f.message, 200)}`)}`);
    if (policy.failing > policy.shown.length) lines.push(`- … ${policy.failing - policy.shown.length} more`);
    if (policy.shown.length) lines.push('');
  }
  if (!s.complete || tail.errors.length)
    lines.push(`**The input ended in an error:** ${escapeMarkdown(tail.errors[0]?.message ?? 'incomplete')}`, '');
  const shown = [...worst].sort(worseFirst).filter((r) => r.bySeverity.some((n) => n));
  if (shown.length) {
    const withBaseline = Boolean(tail.baseline);
    lines.push(
      `| page | ${SEVERITIES.join(' | ')}${withBaseline ? ' | new' : ''} |`,
      `| --- | ${SEVERITIES.map(() => '---:').join(' | ')}${withBaseline ? ' | ---:' : ''} |`,
    );
    for (const r of shown)
      lines.push(
        `| ${escapeMarkdown(r.title)} | ${r.bySeverity.join(' | ')}${withBaseline ? ` | ${r.new ?? 0}` : ''} |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}
