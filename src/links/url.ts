import { getDomain } from 'tldts';

/** Longer URLs are refused rather than sent: no citation needs more, and servers choke on them. */
export const MAX_URL_LENGTH = 2048;

export type ParsedUrl =
  | { ok: true; url: string; host: string; hostKey: string; deep: boolean }
  | { ok: false; reason: 'invalid-url' | 'not-http'; detail: string };

/**
 * A URL as the checker keys, caches and requests it: scheme and host lower-cased, the host
 * in punycode (IDN), default ports and the fragment dropped, percent-encoding made
 * consistent (WHATWG URL rules, which is what browsers send). A protocol-relative
 * `//host/path`, common in wikitext, is read as https.
 */
export function parseUrl(raw: string): ParsedUrl {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'invalid-url', detail: 'empty URL' };
  if (text.length > MAX_URL_LENGTH)
    return { ok: false, reason: 'invalid-url', detail: `longer than ${MAX_URL_LENGTH} characters` };
  if (/[\s\u0000-\u001f<>"]/.test(text))
    return { ok: false, reason: 'invalid-url', detail: 'contains spaces or control characters' };
  let u: URL;
  try {
    u = new URL(text.startsWith('//') ? `https:${text}` : text);
  } catch {
    return { ok: false, reason: 'invalid-url', detail: 'not a URL' };
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    return { ok: false, reason: 'not-http', detail: `${u.protocol.slice(0, -1)} URL` };
  if (!u.hostname) return { ok: false, reason: 'invalid-url', detail: 'no host' };
  if (u.username || u.password) return { ok: false, reason: 'invalid-url', detail: 'credentials in the URL' };
  u.hash = '';
  const host = u.hostname.replace(/\.$/, '');
  return {
    ok: true,
    url: u.href,
    host,
    hostKey: hostKeyOf(host),
    deep: u.pathname.replace(/\/+$/, '') !== '' || u.search !== '',
  };
}

/**
 * The politeness key of a host: its registrable domain (eTLD+1, so `a.bbc.co.uk` and
 * `b.bbc.co.uk` share one limit), or the host itself for an IP address or a name the
 * public suffix list does not know.
 */
export function hostKeyOf(host: string): string {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (/^[\d.]+$/.test(h) || h.includes(':')) return h;
  return getDomain(h, { allowPrivateDomains: false }) ?? h;
}

/** The site root of a URL: `https://host/` (with a non-default port kept). */
export function rootOf(url: string): string {
  const u = new URL(url);
  return `${u.protocol}//${u.host}/`;
}

/** Resolves a `Location` header against the URL that sent it; undefined when unusable. */
export function resolveLocation(location: string, base: string): string | undefined {
  try {
    return new URL(location.trim(), base).href;
  } catch {
    return undefined;
  }
}
