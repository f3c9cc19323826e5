import { createHash } from 'node:crypto';
import { parseUrl } from '../links/url.ts';
import type { Finding } from './types.ts';

/**
 * What a finding is about, as text: the tag and its claim, the URL and archive, the
 * infobox field, the figure group's measure, subject and year, the uncited sentence.
 * Never its line or column, so edits elsewhere on the page leave it alone.
 */
export function findingKey(f: Finding): string {
  const e = f.evidence;
  const parts = [
    f.messageId,
    e['canonical'],
    e['claim'],
    url(e['url']),
    url(e['archiveUrl']),
    e['field'],
    e['measure'],
    e['subject'],
    e['time'],
    e['sentence'],
  ];
  return [f.rule, ...parts.map(text)].join('\u0000');
}

/** Case, width and spacing differences are not a different claim; an edit to its words is. */
const text = (v: unknown) =>
  typeof v === 'string' ? v.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim() : '';

/** `HTTP://Example.com:80/a#b` and `http://example.com/a` are the same link. */
function url(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const parsed = parseUrl(v);
  return parsed.ok ? parsed.url : v;
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
