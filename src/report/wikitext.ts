import type { Finding, RuleId } from '../audit/index.ts';
import type { PageReport, ReportHead } from './types.ts';

/**
 * The worklist (`--format wikitext`): one sortable wikitable an editor can paste on a
 * WikiProject page, a row per finding: article, problem, claim, since, suggested fix (and
 * whether it is new, with a baseline). Written page by page like the other reports.
 *
 * Everything taken from the dump or from a server goes into `<nowiki>` with `<` and `&`
 * escaped, so no claim, URL or title can open a link, a template, a table cell or a
 * signature when the page is saved.
 */
export interface WorklistOptions {
  /** The rule pack's `rules.<id>.fix`, for findings without a fix of their own. */
  fixes: Partial<Record<RuleId, string>>;
  /** Adds a status column (new or open). */
  baseline: boolean;
}

export function worklistHead(head: ReportHead, options: WorklistOptions): string {
  const columns = ['Article', 'Problem', 'Claim', 'Since', 'Suggested fix', ...(options.baseline ? ['Status'] : [])];
  const made = `citeaudit ${head.generator.version} from ${head.input.file}${head.generatedAt ? `, ${head.generatedAt.slice(0, 10)}` : ''}`;
  return [
    '{| class="wikitable sortable"',
    `|+ Citation worklist (${nowiki(made)})`,
    `! ${columns.join(' !! ')}`,
    '',
  ].join('\n');
}

/** The rows of one page's findings. */
export function worklistRows(page: PageReport, options: WorklistOptions): string {
  return page.findings
    .map((f) => {
      const cells = [
        articleLink(page, f),
        `${nowiki(problemOf(f))} (${f.severity})`,
        nowiki(clip(claimOf(f), 300)),
        sinceOf(f),
        fixOf(f, options),
        ...(options.baseline ? [f.baseline === 'new' ? "'''new'''" : 'open'] : []),
      ];
      return `|-\n${cells.map((c) => `| ${c}`).join('\n')}\n`;
    })
    .join('');
}

export const worklistTail = (): string => '|}\n';

/**
 * Text shown as it is: one line, `&` and `<` as entities (so `</nowiki>` cannot end the
 * escape early), inside `<nowiki>` (so `[[`, `{{`, `|`, `''` and `~~~~` are plain text).
 */
function nowiki(s: string): string {
  const flat = s
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .trim();
  return flat ? `<nowiki>${flat}</nowiki>` : '';
}

const clip = (s: string, max: number) => (s.length > max ? `${s.slice(0, max - 1)}…` : s);
const text = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '');

/**
 * `[[:Title]]`: the colon makes a category or file a link (not a use) and keeps a title
 * such as `/dev/null` from reading as a subpage. A title no wiki allows (a hostile dump)
 * is shown as text.
 */
function articleLink(page: PageReport, f: Finding): string {
  // No title holds `~~~` (a signature on save) or `_` (read as a space, and part of magic words like __NOTOC__).
  const possible = /^[^[\]{}|<>#_\n\r]+$/.test(page.title) && !page.title.includes('~~~');
  const link = possible ? `[[:${page.title}]]` : nowiki(page.title);
  return f.section && f.section !== '(lead)' ? `${link} ${nowiki(`(${f.section})`)}` : link;
}

function problemOf(f: Finding): string {
  const e = f.evidence;
  if (e['canonical']) return `{{${text(e['canonical'])}}}`;
  if (f.rule === 'figure-mismatch') return `${text(e['measure'])} given as different values`;
  return f.rule.replace(/-/g, ' ');
}

function claimOf(f: Finding): string {
  const e = f.evidence;
  if (f.rule === 'figure-mismatch') {
    const values = (e['values'] as { text?: string }[] | undefined) ?? [];
    const about = [text(e['subject']) === 'article' ? '' : text(e['subject']), text(e['time'])].filter(Boolean);
    return `${about.length ? `${about.join(', ')}: ` : ''}${values.map((v) => text(v.text)).join('; ')}`;
  }
  const url = text(e['url'] ?? e['archiveUrl']);
  const title = text(e['title']);
  return text(e['claim']) || text(e['sentence']) || (title ? `${title}: ${url}` : url) || f.message;
}

/** The revision that wrote it, as an on-wiki diff link; else the tag's own date. */
function sinceOf(f: Finding): string {
  const by = f.introducedIn;
  // Only a real date goes out as it is: a dump's <timestamp> could hold anything.
  const day = by?.timestamp?.slice(0, 10);
  const dated = day !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(day);
  if (by?.revision && /^\d+$/.test(by.revision) && dated)
    return `[[Special:Diff/${by.revision}|${by.atOrBefore ? '≤ ' : ''}${day}]]`;
  if (dated) return day;
  return nowiki(text(f.evidence['dateWritten'] ?? f.evidence['tagDate']));
}

function fixOf(f: Finding, options: WorklistOptions): string {
  const own = text(f.evidence['fix']);
  if (own) return `<code>${nowiki(own)}</code>`;
  return options.fixes[f.rule] ?? '';
}
