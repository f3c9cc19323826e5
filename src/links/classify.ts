import type { Exchange } from './probe.ts';
import { isTimeoutCode } from './probe.ts';
import { isSiteRoot } from './url.ts';

/** What a URL turned out to be (README: "Link classes"). */
export const LINK_CLASSES = [
  'live',
  'redirected',
  'dead',
  'dead-suspected',
  'soft-404',
  'blocked',
  'rate-limited',
  'paywalled',
  'transient',
  'invalid-url',
  'skipped',
] as const;
export type LinkClass = (typeof LINK_CLASSES)[number];

/** A redirect followed on the way: the URL asked and what it answered. */
export interface Hop {
  url: string;
  status: number;
}

/** Everything one check saw of a URL, before any judgement. */
export interface Trace {
  url: string;
  hops: Hop[];
  final?: Exchange;
  /** Why the redirect chain stopped short of a final answer. */
  stop?: 'redirect-loop' | 'too-many-redirects' | 'bad-location' | 'not-http-redirect';
  /** The start URL is more than a site root (has a path or a query). */
  deep: boolean;
  /** A random path on the same site answered 200 with a page like this one (a site that sends its homepage for everything). */
  sameAsRandomPath?: boolean;
  /** The status a random path on the same site answered, when one was asked. */
  randomPathStatus?: number;
  /** `|url-access=` of the citation: subscription or registration. */
  urlAccess?: string;
}

export interface Verdict {
  class: LinkClass;
  /** One line an editor can read: why this class. */
  reason: string;
  /** This observation counts toward confirming the URL dead (404/410, no such host, refused, ...). */
  hardDead: boolean;
}

const HARD_DEAD_ERRORS: Record<string, string> = {
  ENOTFOUND: 'no such host (DNS)',
  ECONNREFUSED: 'connection refused',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate for another host',
};

/**
 * Failures that say more about the checker's side than the site's: no route from this
 * network (an IPv6-only site seen from an IPv4-only machine), or a certificate chain that
 * lacks its intermediate, which browsers fetch for themselves. Never evidence of death.
 */
const UNVERIFIABLE_ERRORS: Record<string, string> = {
  EHOSTUNREACH: 'host unreachable from this network',
  ENETUNREACH: 'network unreachable from here',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate chain incomplete (browsers may still load the page)',
};

/**
 * A page that says it is not there: a title or first heading that is, in one of its parts
 * (split at `|`, `–`, `:`...), nothing but such words ("404 Not Found", "Page not found |
 * Site"); "Peugeot 404 review" or "Missing hikers not found" are no such titles.
 */
const NOT_FOUND_TITLE =
  /^(?:(?:error|http|status)\s*)?(?:404|410)?\s*(?:[-–:]\s*)?(?:(?:the )?(?:page|file|document|article|content|resource) )?(?:not found|cannot be found|could not be found|(?:does not|doesn't) exist|no longer (?:exists|available)|nicht gefunden|no encontrad[ao]|introuvable|non trovat[ao]|niet gevonden|не найдена?|seite nicht gefunden|página no encontrada|page introuvable)?\s*[.!]?$/i;
const NOT_FOUND_TEXT =
  /\b(?:the |this )?(?:page|article|document|file|resource|story) (?:you (?:requested|are looking for|were looking for|tried to access) )?(?:could not|cannot|can't|couldn't) be found\b/i;
const PARKED =
  /\b(?:this domain (?:name )?(?:is|may be) for sale|buy this domain|domain (?:is )?parked|parked free|sedoparking|parkingcrew|bodis\.com|hugedomains|afternic|domain has expired)\b/i;
const CHALLENGE =
  /(?:<title>\s*just a moment|challenge-platform|cf-browser-verification|attention required! \| cloudflare|enable javascript and cookies to continue|captcha-delivery\.com|px-captcha|pardon our interruption|incapsula incident|access denied[\s\S]{0,400}reference #)/i;
/** The reason of a parked domain's soft-404: the fix marks it `url-status=usurped`, not dead. */
export const PARKED_REASON = 'a parked domain page (for sale): the site is gone';

/** Whether a part of a title is nothing but a not-found notice ("404", "Error 404", "Page not found"). */
function saysNotFound(part: string): boolean {
  return (
    NOT_FOUND_TITLE.test(part) &&
    /404|410|found|exist|available|gefunden|encontrad|introuvable|trovat|gevonden|найден/i.test(part)
  );
}

/** The parts of the title and first heading, as a reader sees them. */
function titleParts(html: string): string[] {
  const title = /<title[^>]*>([\s\S]{0,500}?)<\/title>/i.exec(html)?.[1] ?? '';
  const h1 = /<h1[^>]*>([\s\S]{0,500}?)<\/h1>/i.exec(html)?.[1] ?? '';
  return [title, h1]
    .flatMap((t) => t.replace(/<[^>]*>/g, ' ').split(/\s[|–—·:»]\s|\s-\s/))
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter((p) => p.length > 0);
}

/** What a reader sees of a page: no scripts, styles, templates or comments (their strings are no page text). */
function visibleText(html: string): string {
  return html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style|template|noscript)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<[^>]*>/g, ' ')
    .replace(/\s+/g, ' ');
}

/** A page this short says little besides what it is: the size of an error or parking page, not of an article. */
const SHORT_PAGE = 3000;

/** A final URL naming an error page in a path segment of its own (`/404`, `/errors/`, `/notfound.html`) or `?error=404`: not a slug that holds the word. */
function isErrorPageUrl(u: URL): boolean {
  const segment =
    /^(?:404|410|error|errors|error404|404error|notfound|not-found|not_found|pagenotfound|page-not-found|page_not_found|fehler|erreur)(?:\.[a-z]{2,5})?$/i;
  if (u.pathname.split('/').some((s) => segment.test(s))) return true;
  for (const key of u.searchParams.keys()) if (/^(?:error|aspxerrorpath|errorcode)$/i.test(key)) return true;
  return false;
}

function isChallenge(ex: Extract<Exchange, { kind: 'response' }>): boolean {
  if (ex.headers['cf-mitigated']) return true;
  if (ex.headers['x-datadome']) return true;
  return CHALLENGE.test(ex.text.slice(0, 20_000));
}

/** Whether only the scheme, a `www.` or a trailing slash changed: the same page. */
function cosmetic(from: string, to: string): boolean {
  const strip = (u: string) =>
    u
      .replace(/^https?:\/\/(?:www\.)?/i, '')
      .replace(/\/+$/, '')
      .toLowerCase();
  return strip(from) === strip(to);
}

export function classify(trace: Trace): Verdict {
  const { final } = trace;
  if (trace.stop === 'redirect-loop')
    return { class: 'dead-suspected', reason: `redirect loop after ${trace.hops.length} hops`, hardDead: true };
  if (trace.stop === 'too-many-redirects')
    return { class: 'dead-suspected', reason: `more than ${trace.hops.length - 1} redirects`, hardDead: true };
  if (trace.stop === 'bad-location')
    return { class: 'dead-suspected', reason: 'redirect with an unusable Location', hardDead: true };
  if (trace.stop === 'not-http-redirect')
    return { class: 'skipped', reason: 'redirects to a non-HTTP URL', hardDead: false };
  if (!final) return { class: 'transient', reason: 'no answer', hardDead: false };

  if (final.kind === 'error') {
    if (final.code === 'ECITEAUDIT_PRIVATE_ADDRESS')
      return { class: 'skipped', reason: final.message, hardDead: false };
    const hard = HARD_DEAD_ERRORS[final.code];
    if (hard) return { class: 'dead-suspected', reason: hard, hardDead: true };
    const unverifiable = UNVERIFIABLE_ERRORS[final.code];
    if (unverifiable) return { class: 'transient', reason: unverifiable, hardDead: false };
    if (/^HPE_|HTTPParserError/.test(final.code)) {
      // No HTTP at all (an SSH banner, a game server) is a dead link; an HTTP answer that breaks a
      // rule browsers forgive (a bare LF, a folded header, `Server : IIS`) is no sign of one.
      if (/Expected HTTP\//i.test(final.message) && !/\bhttp\/1\.[01] \d{3}/i.test(final.message))
        return { class: 'dead-suspected', reason: 'the server does not speak HTTP', hardDead: true };
      return {
        class: 'transient',
        reason: 'the answer breaks HTTP rules that browsers forgive, so the page cannot be checked from here',
        hardDead: false,
      };
    }
    if (isTimeoutCode(final.code)) return { class: 'transient', reason: `timed out (${final.code})`, hardDead: false };
    return { class: 'transient', reason: `${final.code}: ${final.message}`, hardDead: false };
  }

  const s = final.status;
  const paywall = /^(?:subscription|registration|limited)$/i.test(trace.urlAccess ?? '');
  if (s >= 200 && s < 300) {
    const redirected = trace.hops.length > 0 && !cosmetic(trace.url, final.url);
    const finalUrl = new URL(final.url);
    const visible = visibleText(final.text.slice(0, 200_000));
    const short = visible.length <= SHORT_PAGE;
    // A parking page is short; an article that names a domain broker is not one.
    if (short && PARKED.test(visible)) return { class: 'soft-404', reason: PARKED_REASON, hardDead: false };
    if (redirected && trace.deep && isSiteRoot(finalUrl))
      return { class: 'soft-404', reason: `a deep URL redirected to the site root ${final.url}`, hardDead: false };
    if (redirected && isErrorPageUrl(finalUrl))
      return { class: 'soft-404', reason: `redirected to an error page ${final.url}`, hardDead: false };
    // A title that is nothing but "not found" says so whatever the site. A sentence in the
    // body counts only on a short page, and not on a site that answers a random path with a
    // 404 or 410: such a site tells missing pages apart, so its 200 is a page.
    const honest = trace.randomPathStatus === 404 || trace.randomPathStatus === 410;
    if (titleParts(final.text).some(saysNotFound) || (short && !honest && NOT_FOUND_TEXT.test(visible)))
      return { class: 'soft-404', reason: `answers ${s} with a page that says it is not found`, hardDead: false };
    if (trace.sameAsRandomPath)
      return { class: 'soft-404', reason: 'a random path on the same site gives the same page', hardDead: false };
    if (redirected && trace.hops.every((h) => h.status === 301 || h.status === 308))
      return { class: 'redirected', reason: `moved permanently to ${final.url}`, hardDead: false };
    return { class: 'live', reason: redirected ? `${s} after redirects to ${final.url}` : `${s}`, hardDead: false };
  }
  if (s === 404 || s === 410) return { class: 'dead-suspected', reason: `${s}`, hardDead: true };
  if (s === 429) return { class: 'rate-limited', reason: '429 after retries', hardDead: false };
  if (s === 999) return { class: 'blocked', reason: '999: the site refuses automated requests', hardDead: false };
  if ((s === 403 || s === 503) && isChallenge(final))
    return { class: 'blocked', reason: `${s} with a bot challenge page`, hardDead: false };
  if (s === 401 || s === 402) return { class: 'paywalled', reason: `${s}: needs a login or payment`, hardDead: false };
  if (paywall && s >= 400 && s < 500)
    return { class: 'paywalled', reason: `${s} on a url-access=${trace.urlAccess} source`, hardDead: false };
  if (s === 403 || s === 451 || (s >= 400 && s < 500 && s !== 408))
    return {
      class: 'blocked',
      reason: `${s}: the server refuses the checker, so the link cannot be verified`,
      hardDead: false,
    };
  if (s === 503 && final.headers['retry-after'])
    return { class: 'rate-limited', reason: '503 with Retry-After, after retries', hardDead: false };
  return { class: 'transient', reason: `${s} after retries`, hardDead: false };
}

/** Word-set similarity of two pages' visible text (Jaccard over words): near 1 for the same template page. */
export function pageSimilarity(a: string, b: string): number {
  const words = (html: string) =>
    new Set(
      html
        .replace(/<(script|style)[\s\S]*?<\/\1>/gi, ' ')
        .replace(/<[^>]*>/g, ' ')
        .toLowerCase()
        .match(/[\p{L}\p{N}]+/gu) ?? [],
    );
  const wa = words(a);
  const wb = words(b);
  if (!wa.size && !wb.size) return a === b ? 1 : 0;
  let common = 0;
  for (const w of wa) if (wb.has(w)) common++;
  return common / (wa.size + wb.size - common);
}
