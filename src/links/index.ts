import { Gate } from './gate.ts';
import { Checker, type CheckSettings } from './check.ts';
import { LinkCache, type LinkResult, type Observation } from './cache.ts';
import type { LinkClass, Trace, Verdict } from './classify.ts';
import { Prober, type ProbeSettings } from './probe.ts';
import { hostKeyOf, parseUrl } from './url.ts';
import { accessStamp, dateOf, endpointsAt, Wayback, WAYBACK, type ArchiveCheck, type Capture } from './wayback.ts';

export { LINK_CLASSES, PARKED_REASON, type LinkClass } from './classify.ts';
export type { LinkResult, Observation } from './cache.ts';
export { hostKeyOf } from './url.ts';
export type { ArchiveCheck, Capture } from './wayback.ts';
export { nonPublicRange } from './address.ts';

/** One distinct URL to check, with what the citations that use it say about it. */
export interface LinkQuery {
  url: string;
  /** `|url-access=`: subscription, registration, limited. */
  urlAccess?: string;
  /** An editor marked it dead (`{{dead link}}`, `url-status=dead`): one hard-dead check then confirms it. */
  markedDead?: boolean;
  /** The citation's access date, for picking the capture to suggest. */
  accessDate?: string;
  /**
   * When the URL came into the page (the revision that wrote it, from the history): the
   * date a capture is picked against when no citation of it gives an access date, as
   * InternetArchiveBot does.
   */
  addedOn?: string;
  /** `addedOn` is only a bound: the URL was there in the first revision the dump holds, which has a parent. */
  addedAtOrBefore?: boolean;
  /** Look for a capture if it turns out dead (the citation has no archive yet). */
  wantArchive?: boolean;
}

export interface LinkCheckOptions {
  /** SQLite cache file; `:memory:` keeps nothing between runs. */
  cacheFile: string;
  userAgent: string;
  concurrency: number;
  perHost: number;
  /** Least time between two requests to one registrable domain (ms). */
  hostInterval: number;
  allowPrivate: boolean;
  /** Host name → address, like curl's --resolve. */
  resolve?: Record<string, string>;
  /** URLs matching any of these are `skipped`, never requested. */
  exclude: RegExp[];
  /** Hard-dead observations, spanning at least `confirmSpan` ms, that confirm a URL dead. */
  confirmChecks: number;
  confirmSpan: number;
  /** Most URLs checked in one run (the rest are left for the next, unchecked). */
  maxUrls: number;
  /** Bound on the whole run (ms): after it no new request starts. */
  maxTime: number;
  timeouts: { connect: number; headers: number; body: number; request: number };
  maxBodyBytes: number;
  retries: number;
  retryDelay: number;
  rateLimitRetries: number;
  retryAfterCap: number;
  maxHops: number;
  siteProbe: boolean;
  headFor: RegExp;
  /** Check archive URLs and look up captures for dead links. */
  archives: boolean;
  /** A stand-in for the Wayback Machine (its CDX, availability and replay under one base URL). */
  waybackEndpoint?: string;
  /** Requests a minute to the Wayback Machine (one at a time). */
  archiveRate: number;
  /** Stops starting new checks: what is done is kept, in the cache and the result. */
  signal?: AbortSignal;
  /** Called after each URL is settled, for progress. */
  onResult?: (done: number, total: number) => void;
  now?: () => number;
}

export const DEFAULT_LINK_OPTIONS: Omit<LinkCheckOptions, 'cacheFile' | 'userAgent'> = {
  concurrency: 32,
  perHost: 2,
  hostInterval: 1000,
  allowPrivate: false,
  exclude: [],
  confirmChecks: 3,
  confirmSpan: 48 * 3_600_000,
  maxUrls: 100_000,
  maxTime: 3 * 3_600_000,
  timeouts: { connect: 10_000, headers: 15_000, body: 15_000, request: 30_000 },
  maxBodyBytes: 256 * 1024,
  retries: 2,
  retryDelay: 1000,
  rateLimitRetries: 2,
  retryAfterCap: 60_000,
  maxHops: 10,
  siteProbe: true,
  headFor:
    /\.(?:pdf|zip|gz|tgz|bz2|xz|7z|rar|iso|exe|dmg|mp3|mp4|m4a|ogg|ogv|webm|avi|mov|wmv|flv|djvu|epub|docx?|xlsx?|pptx?)$/i,
  archives: true,
  archiveRate: 24,
};

/** A checked URL: the result, and the capture suggested for it when it is dead. */
export interface CheckedLink extends LinkResult {
  /** The capture to cite; null when the archive has none; absent when not looked up. */
  capture?: Capture | null;
  /** Why no capture could be looked up (the archive stopped answering, say). */
  captureNote?: string;
  /** The date the capture was picked against (YYYY-MM-DD), and where it came from; absent when none was known (the latest capture). */
  captureAgainst?: { date: string; from: 'access-date' | 'url-added'; atOrBefore?: true };
}

export interface LinkCheckReport {
  links: Map<string, CheckedLink>;
  archives: Map<string, ArchiveCheck>;
  stats: {
    urls: number;
    checked: number;
    fromCache: number;
    byClass: Partial<Record<LinkClass, number>>;
    /** Set when the archive refused further lookups. */
    archiveStoppedBy?: string;
    /** The run was stopped (signal, time or URL limit) before every URL was settled. */
    incomplete?: string;
  };
}

// Most results have no hops and no dead observations: they share one frozen empty list each
// (nothing appends to a result's lists; confirm() gives a hard-dead one its own), so a run
// over many URLs does not hold two empty arrays per URL.
const NO_HOPS = Object.freeze([]) as unknown as LinkResult['hops'];
const NO_OBSERVATIONS = Object.freeze([]) as unknown as Observation[];

/** ISO time of `ms`, the same string for the same millisecond (thousands of results share a few). */
function isoStamps(): (ms: number) => string {
  let last = NaN;
  let text = '';
  return (ms) => (ms === last ? text : ((last = ms), (text = new Date(ms).toISOString())));
}

/** The key a URL is checked and cached under (normalized), or undefined when it is no http(s) URL. */
export function linkKey(raw: string): string | undefined {
  const p = parseUrl(raw);
  return p.ok ? p.url : undefined;
}

/** Interleaves URLs by registrable domain, so the first thousand are not all one slow site. */
function byHostRoundRobin(queries: LinkQuery[]): LinkQuery[] {
  const groups = new Map<string, LinkQuery[]>();
  for (const q of queries) {
    const p = parseUrl(q.url);
    const key = p.ok ? p.hostKey : '';
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(q);
  }
  const out: LinkQuery[] = [];
  const lists = [...groups.values()];
  for (let i = 0; out.length < queries.length; i++) for (const g of lists) if (i < g.length) out.push(g[i]!);
  return out;
}

/**
 * Checks distinct URLs (and verifies archive URLs) over the network, politely, through
 * the cache. Nothing here reads wikitext: the audit stage says what to check and turns
 * the results into findings.
 */
export async function checkLinks(
  queries: readonly LinkQuery[],
  archiveUrls: readonly string[],
  options: LinkCheckOptions,
): Promise<LinkCheckReport> {
  const now = options.now ?? Date.now;
  const started = now();
  const deadline = started + options.maxTime;
  const endpoints = options.waybackEndpoint ? endpointsAt(options.waybackEndpoint) : WAYBACK;
  const archiveHost = hostKeyOf(new URL(endpoints.cdx).hostname);
  const archiveLimits = { perHost: 1, hostInterval: Math.ceil(60_000 / options.archiveRate) };
  const gate = new Gate(
    {
      concurrency: options.concurrency,
      perHost: options.perHost,
      hostInterval: options.hostInterval,
      hosts: { [archiveHost]: archiveLimits, [hostKeyOf(new URL(endpoints.availability).hostname)]: archiveLimits },
    },
    now,
  );
  const probeSettings: ProbeSettings = {
    userAgent: options.userAgent,
    policy: { allowPrivate: options.allowPrivate, ...(options.resolve ? { resolve: options.resolve } : {}) },
    connectTimeout: options.timeouts.connect,
    headersTimeout: options.timeouts.headers,
    bodyTimeout: options.timeouts.body,
    requestTimeout: options.timeouts.request,
    maxBodyBytes: options.maxBodyBytes,
    maxTextBytes: 1024 * 1024,
    connectionsPerOrigin: Math.max(options.perHost, 2),
  };
  const stopReason = () =>
    options.signal?.aborted ? 'interrupted' : now() > deadline ? `the run reached --max-time` : undefined;
  const checkSettings: CheckSettings = {
    maxHops: options.maxHops,
    retries: options.retries,
    retryDelay: options.retryDelay,
    rateLimitRetries: options.rateLimitRetries,
    retryAfterCap: options.retryAfterCap,
    headFor: options.headFor,
    siteProbe: options.siteProbe,
    stopped: () => stopReason(),
  };
  const prober = new Prober(probeSettings);
  const checker = new Checker(prober, gate, checkSettings, now);
  const wayback = new Wayback(endpoints, prober, gate, checker);
  const cache = new LinkCache(options.cacheFile);
  const stamp = isoStamps();
  const report: LinkCheckReport = {
    links: new Map(),
    archives: new Map(),
    stats: { urls: 0, checked: 0, fromCache: 0, byClass: {} },
  };

  // One query per normalized URL: the citations that share a URL share its check. A query
  // already in normal form is kept as given, string and all, and copied only when a second
  // one merges into it: a run over 100,000 URLs holds each once, not twice.
  const merged = new Map<string, LinkQuery>();
  const copies = new WeakSet<LinkQuery>();
  const own = (q: LinkQuery) => (copies.add(q), q);
  for (const q of queries) {
    const normal = linkKey(q.url) ?? q.url.trim();
    const key = normal === q.url ? q.url : normal;
    let seen = merged.get(key);
    if (!seen) merged.set(key, key === q.url ? q : own({ ...q, url: key }));
    else {
      if (!copies.has(seen)) merged.set(key, (seen = own({ ...seen })));
      seen.markedDead ||= q.markedDead;
      seen.wantArchive ||= q.wantArchive;
      seen.urlAccess ??= q.urlAccess;
      // The earliest usable access date of its citations (one that does not read as a date
      // between 2001 and now is no date at all).
      const access = accessStamp(q.accessDate, now());
      const held = accessStamp(seen.accessDate, now());
      if (access && (!held || access < held)) seen.accessDate = q.accessDate;
      // Cited on several pages or places: the URL came with the earliest of them (a date
      // that does not parse never stands in the way of one that does).
      const added = Date.parse(q.addedOn ?? '');
      if (!Number.isNaN(added) && !(Date.parse(seen.addedOn ?? '') <= added)) {
        seen.addedOn = q.addedOn;
        if (q.addedAtOrBefore) seen.addedAtOrBefore = true;
        else delete seen.addedAtOrBefore;
      }
    }
  }
  const order = byHostRoundRobin([...merged.values()]);
  merged.clear();
  report.stats.urls = order.length;

  const settle = (result: CheckedLink) => {
    report.links.set(result.url, result);
    report.stats.byClass[result.class] = (report.stats.byClass[result.class] ?? 0) + 1;
    options.onResult?.(report.links.size, order.length);
  };

  /** A URL settled without a request: not http(s), malformed, or excluded. */
  const unchecked = (url: string, cls: LinkClass, reason: string) =>
    settle({ url, class: cls, reason, hops: NO_HOPS, checkedAt: stamp(now()), observations: NO_OBSERVATIONS });

  /** Confirms, records, finds a capture for and settles a URL that was just checked. */
  const conclude = async (q: LinkQuery, url: string, trace: Trace, verdict: Verdict, at: string) => {
    // Only a hard-dead verdict reads the earlier observations (a live one clears them unread).
    const before = verdict.hardDead ? cache.observations(url) : [];
    const result = confirm(resultOf(url, trace, verdict, at), verdict, before, q, options, now());
    cache.record(result, verdict.hardDead, now());
    await finish(result, q);
  };

  const finish = async (result: CheckedLink, q: LinkQuery) => {
    if (q.wantArchive && options.archives && wantsCapture(result, q)) await suggest(result, q);
    settle(result);
  };

  /** A URL the cache holds live: asked once when nothing else answered, to tell a dead host from a dead network. */
  let knownLive: string | undefined;

  const checkOne = async (q: LinkQuery): Promise<void> => {
    const parsed = parseUrl(q.url);
    if (!parsed.ok) return unchecked(q.url, parsed.reason === 'not-http' ? 'skipped' : 'invalid-url', parsed.detail);
    // q.url is in normal form already (merged above): the result keeps that string, not an equal copy.
    const url = parsed.url === q.url ? q.url : parsed.url;
    if (options.exclude.some((re) => re.test(url))) return unchecked(url, 'skipped', 'excluded by --exclude');
    const cached = cache.fresh(url, now());
    if (cached) {
      report.stats.fromCache++;
      if (cached.class === 'live') knownLive ??= url;
      return finish(cached, q);
    }
    if (stopReason()) return;
    const at = stamp(now());
    const { trace, verdict } = await checker.check(url, q.urlAccess ? { urlAccess: q.urlAccess } : {});
    // Stopped before its answer: left unsettled (and uncached) for the next run.
    if (trace.final?.kind === 'error' && trace.final.code === 'STOPPED') return;
    report.stats.checked++;
    // A host that "does not exist" means little until something has answered: offline, every host fails so.
    if (verdict.hardDead && trace.final?.kind === 'error' && prober.responses === 0) {
      unproven.push({ q, url, trace, verdict, at });
      return;
    }
    await conclude(q, url, trace, verdict, at);
  };

  const suggest = async (result: CheckedLink, q: LinkQuery) => {
    const cited = accessStamp(q.accessDate, now());
    const access = cited ?? accessStamp(q.addedOn, now());
    if (access)
      result.captureAgainst = cited
        ? { date: dateOf(access), from: 'access-date' }
        : { date: dateOf(access), from: 'url-added', ...(q.addedAtOrBefore ? { atOrBefore: true } : {}) };
    const key = `${result.url} ${access ?? 'latest'}`;
    const known = cache.archiveLookup(key, now()) as Capture | null | undefined;
    if (known !== undefined) {
      result.capture = known;
      return;
    }
    if (stopReason()) return;
    const capture = await wayback.bestCapture(result.url, access);
    if (capture === undefined) {
      result.captureNote = wayback.stoppedBy ?? 'the archive could not be asked';
      return;
    }
    result.capture = capture;
    // Found captures stay; "none" is asked again the next day, as the archive grows.
    cache.storeArchiveLookup(key, capture, capture ? 30 * 86_400_000 : 86_400_000, now());
  };

  const unproven: { q: LinkQuery; url: string; trace: Trace; verdict: Verdict; at: string }[] = [];
  /** Network failures held back until something answered, then judged as usual, or as `transient` when nothing did. */
  const settleUnproven = async () => {
    if (!unproven.length) return;
    if (prober.responses === 0 && options.archives && !stopReason()) await wayback.reachable();
    // A rerun that found the rest in the cache has asked nothing else: ask one URL known live.
    const live = knownLive;
    if (prober.responses === 0 && live && !stopReason())
      await gate.run(new URL(live).hostname, () => prober.exchange(live, 'GET'));
    for (const { q, url, trace, verdict, at } of unproven.splice(0)) {
      if (prober.responses > 0) await conclude(q, url, trace, verdict, at);
      else
        settle({
          ...resultOf(url, trace, verdict, at),
          class: 'transient',
          reason: `${verdict.reason}, but no host answered in this run: the network or DNS looks unreachable from here`,
        });
    }
  };

  try {
    // A bounded window of URLs in flight, so the queues stay small however many URLs there are
    // (the results are all kept: the report needs them).
    const window = Math.max(options.concurrency * 4, 64);
    let next = 0;
    const worker = async () => {
      while (next < order.length && next < options.maxUrls && !stopReason()) await checkOne(order[next++]!);
    };
    await Promise.all(Array.from({ length: Math.min(window, order.length) }, worker));
    await settleUnproven();
    // Offline (links were asked and nothing answered), every archive would look broken too.
    if (options.archives && !(prober.responses === 0 && report.stats.checked > 0)) {
      for (const url of new Set(archiveUrls)) {
        if (stopReason()) break;
        report.archives.set(url, await wayback.verify(url));
      }
    }
  } finally {
    try {
      cache.close();
    } finally {
      await prober.close();
    }
  }
  const why =
    stopReason() ?? (order.length > options.maxUrls ? `more than --max-urls ${options.maxUrls} URLs` : undefined);
  if (why && report.links.size < order.length) report.stats.incomplete = why;
  if (wayback.stoppedBy) report.stats.archiveStoppedBy = wayback.stoppedBy;
  if (prober.responses === 0 && report.stats.checked > 0)
    report.stats.incomplete ??=
      'no host answered: the network or DNS looks unreachable from here, so nothing was called dead';
  return report;
}

function wantsCapture(result: LinkResult, q: LinkQuery): boolean {
  if (result.class === 'dead' || result.class === 'dead-suspected' || result.class === 'soft-404') return true;
  return Boolean(q.markedDead) && result.class !== 'live' && result.class !== 'redirected';
}

function resultOf(url: string, trace: Trace, verdict: Verdict, at: string): CheckedLink {
  const final = trace.final;
  return {
    url,
    class: verdict.class,
    reason: verdict.reason,
    ...(final?.kind === 'response' ? { status: final.status, finalUrl: final.url } : {}),
    ...(final?.kind === 'error' ? { error: final.code } : {}),
    ...(trace.stop ? { error: trace.stop } : {}),
    hops: trace.hops.length ? trace.hops : NO_HOPS,
    checkedAt: at,
    observations: NO_OBSERVATIONS,
  };
}

/**
 * Dead only when confirmed (InternetArchiveBot's rule): `confirmChecks` hard-dead
 * observations spanning `confirmSpan`, or an editor's dead mark plus this one. A live or
 * inconclusive check resets the count (LinkCache.record).
 */
function confirm(
  result: CheckedLink,
  verdict: Verdict,
  before: Observation[],
  q: LinkQuery,
  options: LinkCheckOptions,
  now: number,
): CheckedLink {
  if (!verdict.hardDead) return result;
  const observations = [
    ...before,
    {
      at: new Date(now).toISOString(),
      ...(result.status ? { status: result.status } : {}),
      ...(result.error ? { error: result.error } : {}),
    },
  ];
  result.observations = observations;
  if (q.markedDead) return { ...result, class: 'dead', confirmedBy: 'dead-link-tag' };
  const span = Date.parse(observations.at(-1)!.at) - Date.parse(observations[0]!.at);
  if (observations.length >= options.confirmChecks && span >= options.confirmSpan)
    return { ...result, class: 'dead', confirmedBy: 'observations' };
  return result;
}
