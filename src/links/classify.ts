import type { Exchange } from './probe.ts';
import { isTimeoutCode } from './probe.ts';

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
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  CERT_HAS_EXPIRED: 'TLS certificate expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed TLS certificate',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed TLS certificate in chain',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'TLS certificate not verifiable',
  ERR_TLS_CERT_ALTNAME_INVALID: 'TLS certificate for another host',
};

/** A page that says it is not there: in its title or first heading, or in the usual sentence. */
const NOT_FOUND_TITLE =
  /\b(?:404|page not found|not found|file not found|page (?:does not|doesn't) exist|no longer available|nicht gefunden|no encontrad[ao]|introuvable|non trovat[ao]|niet gevonden|не найден)/i;
const NOT_FOUND_TEXT =
  /\b(?:the |this )?(?:page|article|document|file|resource|story) (?:you (?:requested|are looking for|were looking for|tried to access) )?(?:could not|cannot|can't|couldn't) be found\b/i;
const PARKED =
  /\b(?:this domain (?:name )?(?:is|may be) for sale|buy this domain|domain (?:is )?parked|parked free|sedoparking|parkingcrew|bodis\.com|hugedomains|afternic|domain has expired)\b/i;
const CHALLENGE =
  /(?:<title>\s*just a moment|challenge-platform|cf-browser-verification|attention required! \| cloudflare|enable javascript and cookies to continue|captcha-delivery\.com|px-captcha|pardon our interruption|incapsula incident|access denied[\s\S]{0,400}reference #)/i;
/** The reason of a parked domain's soft-404: the fix marks it `url-status=usurped`, not dead. */
export const PARKED_REASON = 'a parked domain page (for sale): the site is gone';
/** A final URL that names an error page: `/404`, `/errors/notfound.html`, `?error=404`. */
const ERROR_PAGE_URL = /(?:^|[/=_.-])(?:404|notfound|not-found|not_found|page-not-found|error|errors)(?:[/?&#._-]|$)/i;
const ROOT_PATH = /^\/(?:index\.(?:html?|php|aspx?)|default\.aspx?|home(?:page)?)?$/i;

function titleOf(html: string): string {
  const title = /<title[^>]*>([\s\S]{0,500}?)<\/title>/i.exec(html)?.[1] ?? '';
  const h1 = /<h1[^>]*>([\s\S]{0,500}?)<\/h1>/i.exec(html)?.[1] ?? '';
  return `${title} ${h1}`.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');
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
    if (/^HPE_|HTTPParserError/.test(final.code))
      return { class: 'dead-suspected', reason: 'the server does not speak HTTP', hardDead: true };
    if (isTimeoutCode(final.code)) return { class: 'transient', reason: `timed out (${final.code})`, hardDead: false };
    return { class: 'transient', reason: `${final.code}: ${final.message}`, hardDead: false };
  }

  const s = final.status;
  const paywall = /^(?:subscription|registration|limited)$/i.test(trace.urlAccess ?? '');
  if (s >= 200 && s < 300) {
    const redirected = trace.hops.length > 0 && !cosmetic(trace.url, final.url);
    const { pathname: finalPath, search: finalQuery } = new URL(final.url);
    if (PARKED.test(final.text.slice(0, 50_000))) return { class: 'soft-404', reason: PARKED_REASON, hardDead: false };
    if (redirected && trace.deep && ROOT_PATH.test(finalPath) && !finalQuery)
      return { class: 'soft-404', reason: `a deep URL redirected to the site root ${final.url}`, hardDead: false };
    if (redirected && ERROR_PAGE_URL.test(`${finalPath}${finalQuery}`))
      return { class: 'soft-404', reason: `redirected to an error page ${final.url}`, hardDead: false };
    if (NOT_FOUND_TITLE.test(titleOf(final.text)) || NOT_FOUND_TEXT.test(final.text.slice(0, 50_000)))
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
