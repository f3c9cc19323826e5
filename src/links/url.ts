import { getDomain } from 'tldts';

/** Longer URLs are refused rather than sent: no citation needs more, and servers choke on them. */
export const MAX_URL_LENGTH = 2048;
/** A redirect may send further than a citation may cite: sign-on pages carry long queries. */
export const MAX_REDIRECT_LENGTH = 16_384;

export type ParsedUrl =
  | { ok: true; url: string; host: string; hostKey: string; deep: boolean }
  | { ok: false; reason: 'invalid-url' | 'not-http'; detail: string };

/**
 * A URL as the checker keys, caches and requests it: scheme and host lower-cased, the host
 * in punycode (IDN), default ports and the fragment dropped, percent-encoding made
 * consistent (WHATWG URL rules, which is what browsers send). A protocol-relative
 * `//host/path`, common in wikitext, is read as https.
 */
export function parseUrl(raw: string, maxLength = MAX_URL_LENGTH): ParsedUrl {
  const text = raw.trim();
  if (!text) return { ok: false, reason: 'invalid-url', detail: 'empty URL' };
  if (text.length > maxLength)
    return { ok: false, reason: 'invalid-url', detail: `longer than ${maxLength} characters` };
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
  if (/\.onion\.?$/i.test(u.hostname))
    return { ok: false, reason: 'not-http', detail: 'a Tor onion address, which only Tor reaches' };
  if (u.username || u.password) return { ok: false, reason: 'invalid-url', detail: 'credentials in the URL' };
  u.hash = '';
  const host = u.hostname.replace(/\.$/, '');
  return {
    ok: true,
    url: u.href,
    host,
    hostKey: hostKeyOf(host),
    deep: !isSiteRoot(u),
  };
}

/** A site's front page however written: `/`, `/index.html`, `/default.aspx`, `/home`, `/en/`. */
const ROOT_PATH =
  /^\/(?:index\.(?:html?|php|aspx?|jsp|cfm)|default\.aspx?|home(?:page)?(?:\.html?)?|main\.html?|(?:en|de|fr|es|it|nl|pt|ru|ja|zh|ko|pl|sv|da|nb|no|fi|cs|tr|ar|he|el|hu|ro|id|vi|th|fa|hi|uk|ca|eu)(?:[-_][a-z]{2})?)?\/?$/i;
/** Query parameters that choose a language or track a visit: they leave a front page a front page. */
const TRIVIAL_PARAM = /^(?:lang|language|locale|hl|l|ref|source|src|fbclid|gclid|utm_[a-z]+)$/i;

/**
 * Whether a URL is a site's front page: a root-like path and no query but a language or
 * tracking one. A deep URL sent there was taken off the site (a soft 404); a front page
 * sent there from another form of itself was not.
 */
export function isSiteRoot(u: URL): boolean {
  if (!ROOT_PATH.test(u.pathname)) return false;
  for (const key of u.searchParams.keys()) if (!TRIVIAL_PARAM.test(key)) return false;
  return true;
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
