import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { classify, pageSimilarity, type Hop, type Trace, type Verdict } from './classify.ts';
import type { Gate } from './gate.ts';
import type { Exchange, Prober } from './probe.ts';
import { isTimeoutCode } from './probe.ts';
import { MAX_REDIRECT_LENGTH, parseUrl, resolveLocation, rootOf } from './url.ts';

export interface CheckSettings {
  /** Redirects followed at most; one more is a `too-many-redirects` stop. */
  maxHops: number;
  /** Retries of a 5xx, timeout or reset, with exponential backoff from `retryDelay` (ms). */
  retries: number;
  retryDelay: number;
  /** Retries of a 429 (or 503) that says Retry-After; the wait is capped at `retryAfterCap` (ms). */
  rateLimitRetries: number;
  retryAfterCap: number;
  /** URLs whose path matches are asked with HEAD first (big files); everything else with a bounded GET. */
  headFor: RegExp;
  /** Ask a random path on the site once, to catch sites that send the same page for every URL. */
  siteProbe: boolean;
  /** Says why no new request may start (the time limit, Ctrl-C), checked when a request's turn comes. */
  stopped: () => string | undefined;
}

const REDIRECT = new Set([301, 302, 303, 307, 308]);
/** Site probes remembered at once; the oldest is forgotten (and asked again if its site comes back). */
const MAX_SITE_PROBES = 2000;

/** The wait a Retry-After asks for, in ms: delta-seconds or an HTTP date; undefined when absent or unreadable. */
function retryAfterMs(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}

function retryable(ex: Exchange): boolean {
  if (ex.kind === 'error')
    return isTimeoutCode(ex.code) || /ECONNRESET|UND_ERR_SOCKET|EPIPE|EAI_AGAIN|UND_ERR_CLOSED/.test(ex.code);
  return ex.status >= 500 && ex.status <= 599 && ex.status !== 501;
}

/** Follows one URL to its answer, politely, and classifies it. */
export class Checker {
  private readonly siteProbes = new Map<string, Promise<Exchange | undefined>>();

  constructor(
    private readonly prober: Prober,
    private readonly gate: Gate,
    private readonly settings: CheckSettings,
    private readonly now: () => number = Date.now,
  ) {}

  async check(
    url: string,
    /** `rateLimitRetries: 0` for a host that must not be asked again after a 429 (the Wayback Machine). */
    context: { urlAccess?: string; rateLimitRetries?: number } = {},
  ): Promise<{ trace: Trace; verdict: Verdict }> {
    const rateLimitRetries = context.rateLimitRetries ?? this.settings.rateLimitRetries;
    const parsed = parseUrl(url);
    const trace: Trace = { url, hops: [], deep: parsed.ok ? parsed.deep : false };
    if (context.urlAccess) trace.urlAccess = context.urlAccess;
    const seen = new Set([url]);
    let current = url;
    for (;;) {
      let ex = await this.request(
        current,
        this.settings.headFor.test(new URL(current).pathname) ? 'HEAD' : 'GET',
        rateLimitRetries,
      );
      // Many servers refuse HEAD (403, 405, 501): the GET is the answer that counts.
      if (ex.method === 'HEAD' && (ex.kind === 'error' || ex.status >= 400))
        ex = await this.request(current, 'GET', rateLimitRetries);
      if (ex.kind === 'response' && REDIRECT.has(ex.status) && ex.headers['location'] !== undefined) {
        trace.hops.push({ url: current, status: ex.status } satisfies Hop);
        const next = resolveLocation(ex.headers['location'], current);
        if (!next) return this.done(trace, 'bad-location');
        const p = parseUrl(next, MAX_REDIRECT_LENGTH);
        if (!p.ok) return this.done(trace, p.reason === 'not-http' ? 'not-http-redirect' : 'bad-location');
        if (seen.has(p.url)) return this.done(trace, 'redirect-loop');
        if (trace.hops.length > this.settings.maxHops) return this.done(trace, 'too-many-redirects');
        seen.add(p.url);
        current = p.url;
        continue;
      }
      trace.final = ex;
      break;
    }
    const final = trace.final;
    if (
      this.settings.siteProbe &&
      trace.deep &&
      final.kind === 'response' &&
      final.status === 200 &&
      final.text &&
      new URL(final.url).pathname !== '/'
    ) {
      const probe = await this.siteProbe(final.url);
      if (probe?.kind === 'response') trace.randomPathStatus = probe.status;
      if (probe?.kind === 'response' && probe.status === 200 && pageSimilarity(probe.text, final.text) >= 0.9)
        trace.sameAsRandomPath = true;
    }
    return { trace, verdict: classify(trace) };
  }

  private done(trace: Trace, stop: NonNullable<Trace['stop']>): { trace: Trace; verdict: Verdict } {
    trace.stop = stop;
    return { trace, verdict: classify(trace) };
  }

  /** One request with the retry policy: Retry-After pauses the host; 5xx and resets back off; 404/410 never retried. */
  private async request(
    url: string,
    method: 'GET' | 'HEAD',
    rateLimitRetries = this.settings.rateLimitRetries,
  ): Promise<Exchange> {
    // A HEAD that fails is not asked again: the GET that follows it is the answer that counts.
    const retries = method === 'HEAD' ? 0 : this.settings.retries;
    const host = new URL(url).hostname;
    let failures = 0;
    let rateLimited = 0;
    for (;;) {
      /** The answer's Retry-After (ms), read once, inside the host's turn. */
      let wait: number | undefined;
      const ex = await this.gate.run(host, async () => {
        // Checked when the turn comes, not when queued: a URL waiting for its host is not yet asked.
        const why = this.settings.stopped();
        if (why) return { kind: 'error', url, method, code: 'STOPPED', message: why } satisfies Exchange;
        const answer = await this.prober.exchange(url, method);
        // A 429 or a 503 with Retry-After pauses the host before its turn is given up, so that
        // no other request to it slips in meanwhile; a 429 without one, for our own backoff.
        if (answer.kind === 'response' && (answer.status === 429 || answer.status === 503)) {
          wait = retryAfterMs(answer.headers['retry-after'], this.now());
          if (wait !== undefined) this.gate.pause(host, this.now() + Math.min(wait, this.settings.retryAfterCap));
          else if (answer.status === 429) this.gate.pause(host, this.now() + this.backoff(rateLimited + 1));
        }
        return answer;
      });
      if (ex.kind === 'error' && ex.code === 'STOPPED') return ex;
      if (ex.kind === 'response' && (ex.status === 429 || ex.status === 503)) {
        if (wait !== undefined) {
          if (rateLimited++ < rateLimitRetries && wait <= this.settings.retryAfterCap) continue;
          return ex;
        }
        if (ex.status === 429) {
          // No Retry-After: the host waits out our own backoff (set above), as for a 5xx.
          if (rateLimited++ < rateLimitRetries) continue;
          return ex;
        }
      }
      if (retryable(ex) && failures < retries) {
        failures++;
        await sleep(this.backoff(failures));
        continue;
      }
      return ex;
    }
  }

  private backoff(attempt: number): number {
    const base = this.settings.retryDelay * 2 ** (attempt - 1);
    return base + Math.random() * base * 0.5;
  }

  /** GET of a random path on the URL's site, once per site and run. */
  private siteProbe(url: string): Promise<Exchange | undefined> {
    const root = rootOf(url);
    let probe = this.siteProbes.get(root);
    if (!probe) {
      const random = `${root}${randomBytes(12).toString('hex')}`;
      probe = this.settings.stopped()
        ? Promise.resolve(undefined)
        : // Only the start of the page is kept: a run over many sites must not hold every homepage.
          this.request(random, 'GET').then((ex) =>
            ex.kind === 'response' ? { ...ex, text: ex.text.slice(0, 65_536) } : ex,
          );
      if (this.siteProbes.size >= MAX_SITE_PROBES) this.siteProbes.delete(this.siteProbes.keys().next().value!);
      this.siteProbes.set(root, probe);
    }
    return probe;
  }
}
