import { createHash } from 'node:crypto';
import { parseUrl } from '../links/url.ts';
import type { Finding } from './types.ts';

/**
 * What a finding is about, as text: the tag and its claim, the citation's URL, title and
 * archive, the infobox field, the figure group's measure, subject, year, unit and
 * qualifiers, the uncited sentence; the snippet only when none of these is there. Never
 * its line or column, so edits elsewhere on the page leave it alone, and never the
 * message variant (a tag dated by a bot, a dead link confirmed on a later run, a figure
 * found covered by a later ref are the same problem), except for archive-mismatch,
 * whose variants are different problems of the same citation.
 */
export function findingKey(f: Finding): string {
  const e = f.evidence;
  const parts = [
    text(e['canonical']),
    text(e['claim']),
    url(e['url']),
    text(e['title']),
    url(e['archiveUrl']),
    text(e['field']),
    text(e['measure']),
    text(e['subject']),
    text(e['time']),
    text(e['unit']),
    text(Array.isArray(e['qualifiers']) ? e['qualifiers'].join(' ') : undefined),
    text(e['sentence']),
  ];
  const about = parts.some(Boolean) ? parts : [text(f.snippet)];
  return [f.rule, f.rule === 'archive-mismatch' ? f.messageId : '', ...about].join('\u0000');
}

/** Case, width and spacing differences are not a different claim; an edit to its words is. */
const text = (v: unknown) =>
  typeof v === 'string' ? v.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim() : '';

/** `HTTP://Example.com:80/a#b` and `http://example.com/a` are the same link; `/A` and `/a` are not. */
function url(v: unknown): string {
  if (typeof v !== 'string') return '';
  const parsed = parseUrl(v);
  return parsed.ok ? parsed.url : v.trim();
}

/**
 * Gives each finding of a page its fingerprint: 16 hex digits of a hash of the page's
 * title, the finding's key and, for findings with the same key (two `{{cn}}` after the
 * same words), which of them it is in page order. The same problem gets the same
 * fingerprint in every dump until it is fixed or its words are edited. Findings are
 * changed in place and returned.
 */
export function fingerprintFindings<F extends Finding>(title: string, findings: F[]): F[] {
  const seen = new Map<string, number>();
  for (const f of findings) {
    const key = findingKey(f);
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    f.fingerprint = createHash('sha256').update(`${title}\u0000${key}\u0000${n}`).digest('hex').slice(0, 16);
  }
  return findings;
}
