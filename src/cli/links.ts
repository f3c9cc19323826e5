import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { Command } from 'commander';
import { fingerprintFindings, linkFindings, linkQueries, type LinkTarget, type RulePack } from '../audit/index.ts';
import { checkLinks, DEFAULT_LINK_OPTIONS, type LinkCheckOptions, type LinkCheckReport } from '../links/index.ts';
import { countFindings } from '../pipeline/index.ts';
import type { PageReport, Summary } from '../report/index.ts';
import { UsageError, type CliIO } from './io.ts';
import { packageVersion } from './pack.ts';

/** The link-check flags, as commander hands them over. */
export interface LinkFlags {
  cache?: string | false;
  concurrency?: string;
  perHost?: string;
  hostInterval?: string;
  timeout?: string;
  maxUrls?: string;
  maxTime?: string;
  allowPrivate?: boolean;
  userAgent?: string;
  contact?: string;
  exclude?: string[];
  deadAfter?: string;
  deadSpan?: string;
  archives?: boolean;
  waybackEndpoint?: string;
  archiveRate?: string;
  resolve?: string[];
  retries?: string;
  retryDelay?: string;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds the options of the link check to `audit --check-links` and `links`. */
export function linkOptions(command: Command): Command {
  return command
    .option('--cache <file>', 'SQLite link cache (default: $XDG_CACHE_HOME/citeaudit/links.sqlite)')
    .option('--no-cache', 'keep no results between runs')
    .option('--concurrency <n>', 'requests in flight at once', String(DEFAULT_LINK_OPTIONS.concurrency))
    .option('--per-host <n>', 'requests in flight at once per registrable domain', String(DEFAULT_LINK_OPTIONS.perHost))
    .option(
      '--host-interval <ms>',
      'least time between two requests to one domain',
      String(DEFAULT_LINK_OPTIONS.hostInterval),
    )
    .option(
      '--timeout <seconds>',
      'bound on one request, body included',
      String(DEFAULT_LINK_OPTIONS.timeouts.request / 1000),
    )
    .option('--max-urls <n>', 'check at most this many distinct URLs', String(DEFAULT_LINK_OPTIONS.maxUrls))
    .option('--max-time <seconds>', 'start no request after this long', String(DEFAULT_LINK_OPTIONS.maxTime / 1000))
    .option('--dead-after <n>', 'hard-dead checks that confirm a link dead', String(DEFAULT_LINK_OPTIONS.confirmChecks))
    .option(
      '--dead-span <hours>',
      '...spanning at least this long',
      String(DEFAULT_LINK_OPTIONS.confirmSpan / 3_600_000),
    )
    .option('--exclude <regex>', 'skip URLs matching this (repeatable)', collect)
    .option('--contact <email-or-url>', 'how site owners reach you; goes into the User-Agent')
    .option('--user-agent <string>', 'the whole User-Agent instead')
    .option('--no-archives', 'neither verify archive URLs nor look up captures')
    .option(
      '--wayback-endpoint <url>',
      'a stand-in for the Wayback Machine (CDX, availability and replay under one base URL)',
    )
    .option(
      '--archive-rate <n>',
      'requests a minute to the Wayback Machine, one at a time',
      String(DEFAULT_LINK_OPTIONS.archiveRate),
    )
    .option('--allow-private', 'let probes reach loopback and private addresses (tests)')
    .option(
      '--resolve <host=address>',
      'answer a host name with this address, like curl --resolve (repeatable)',
      collect,
    )
    .option('--retries <n>', 'retries of a 5xx, timeout or reset', String(DEFAULT_LINK_OPTIONS.retries))
    .option(
      '--retry-delay <ms>',
      'first backoff before a retry; doubles each time',
      String(DEFAULT_LINK_OPTIONS.retryDelay),
    );
}

function count(flag: string, value: string | undefined, fallback: number, min = 1): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isFinite(n) || n < min) throw new UsageError(`${flag}: "${value}" is not a number ≥ ${min}`);
  return n;
}

export function defaultCacheFile(env: CliIO['env']): string {
  const base = env['XDG_CACHE_HOME'] || join(env['HOME'] || homedir(), '.cache');
  return join(base, 'citeaudit', 'links.sqlite');
}

export function linkCheckOptionsOf(flags: LinkFlags, io: CliIO): LinkCheckOptions {
  const d = DEFAULT_LINK_OPTIONS;
  const exclude = (flags.exclude ?? []).map((p) => {
    try {
      return new RegExp(p, 'i');
    } catch {
      throw new UsageError(`--exclude: "${p}" is not a regular expression`);
    }
  });
  const resolveMap: Record<string, string> = {};
  for (const r of flags.resolve ?? []) {
    const m = /^([^=\s]+)=([0-9a-fA-F:.]+)$/.exec(r);
    if (!m) throw new UsageError(`--resolve: "${r}" is not host=address`);
    resolveMap[m[1]!.toLowerCase()] = m[2]!;
  }
  if (flags.waybackEndpoint !== undefined && !/^https?:\/\/[^/]+/i.test(flags.waybackEndpoint))
    throw new UsageError(`--wayback-endpoint: "${flags.waybackEndpoint}" is not an http(s) URL`);
  const contact = flags.contact ? `; ${flags.contact}` : '';
  const request = Math.round(count('--timeout', flags.timeout, d.timeouts.request / 1000) * 1000);
  return {
    ...d,
    cacheFile:
      flags.cache === false ? ':memory:' : flags.cache ? resolve(io.cwd, flags.cache) : defaultCacheFile(io.env),
    userAgent:
      flags.userAgent ??
      `citeaudit/${packageVersion()} (link check of Wikipedia citations${contact}; +https://www.npmjs.com/package/citeaudit)`,
    concurrency: count('--concurrency', flags.concurrency, d.concurrency),
    perHost: count('--per-host', flags.perHost, d.perHost),
    hostInterval: count('--host-interval', flags.hostInterval, d.hostInterval, 0),
    // Each within the bound; the prober holds the bound on the whole exchange however they add up.
    timeouts: {
      connect: Math.min(d.timeouts.connect, request),
      headers: Math.min(d.timeouts.headers, request),
      body: Math.min(d.timeouts.body, request),
      request,
    },
    maxUrls: count('--max-urls', flags.maxUrls, d.maxUrls),
    maxTime: count('--max-time', flags.maxTime, d.maxTime / 1000) * 1000,
    confirmChecks: count('--dead-after', flags.deadAfter, d.confirmChecks),
    confirmSpan: count('--dead-span', flags.deadSpan, d.confirmSpan / 3_600_000, 0) * 3_600_000,
    exclude,
    allowPrivate: Boolean(flags.allowPrivate),
    ...(Object.keys(resolveMap).length ? { resolve: resolveMap } : {}),
    archives: flags.archives !== false,
    ...(flags.waybackEndpoint ? { waybackEndpoint: flags.waybackEndpoint } : {}),
    archiveRate: count('--archive-rate', flags.archiveRate, d.archiveRate),
    retries: count('--retries', flags.retries, d.retries, 0),
    retryDelay: count('--retry-delay', flags.retryDelay, d.retryDelay, 0),
  };
}

/**
 * Checks the URLs of the audited pages and adds the link-probe findings to each page and
 * the summary. Ctrl-C stops starting new checks; what was checked is kept (in the cache
 * and in the report) and `interrupted` says so.
 */
export async function checkPageLinks(
  pages: ReadonlyMap<PageReport, LinkTarget[]>,
  pack: RulePack,
  options: LinkCheckOptions,
  summary: Summary,
  io: CliIO,
  quiet: boolean,
): Promise<{ checked: LinkCheckReport; interrupted: boolean }> {
  const queries = [];
  const archives = [];
  for (const targets of pages.values()) {
    const q = linkQueries(targets);
    queries.push(...q.queries);
    archives.push(...(options.archives ? q.archives : []));
  }
  const abort = new AbortController();
  const onSigint = () => {
    if (!quiet)
      io.stderr.write('\nciteaudit: interrupted: finishing the requests in flight, then writing what is done\n');
    abort.abort();
  };
  // Ctrl-C, or a CI job's time limit (SIGTERM): the requests in flight finish, the reports are written.
  process.once('SIGINT', onSigint);
  process.once('SIGTERM', onSigint);
  let lastShown = 0;
  let checked: LinkCheckReport;
  try {
    checked = await checkLinks(queries, archives, {
      ...options,
      signal: abort.signal,
      onResult: (done, total) => {
        if (quiet || !io.stderr.isTTY || Date.now() - lastShown < 500) return;
        lastShown = Date.now();
        io.stderr.write(`\rciteaudit: links ${done}/${total}`);
      },
    });
  } finally {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigint);
  }
  for (const [page, targets] of pages) {
    const found = linkFindings(targets, checked, pack, { confirmChecks: options.confirmChecks });
    if (!found.length) continue;
    page.findings = fingerprintFindings(
      page.title,
      [...page.findings, ...found].sort((a, b) => a.line - b.line || a.column - b.column),
    );
    countFindings(summary, found);
  }
  const { stats } = checked;
  summary.links = {
    urls: stats.urls,
    checked: stats.checked,
    fromCache: stats.fromCache,
    byClass: stats.byClass,
    archivesChecked: checked.archives.size,
    ...(stats.archiveStoppedBy ? { archiveStoppedBy: stats.archiveStoppedBy } : {}),
    ...(stats.incomplete ? { incomplete: stats.incomplete } : {}),
  };
  if (!quiet) {
    const classes = Object.entries(stats.byClass)
      .map(([c, n]) => `${n} ${c}`)
      .join(', ');
    io.stderr.write(
      `${io.stderr.isTTY ? '\r' : ''}citeaudit: links: ${stats.urls} distinct URLs, ${stats.checked} checked, ${stats.fromCache} from the cache${classes ? `: ${classes}` : ''}\n`,
    );
    if (stats.archiveStoppedBy) io.stderr.write(`citeaudit: archive: ${stats.archiveStoppedBy}\n`);
    if (stats.incomplete) io.stderr.write(`citeaudit: link check incomplete: ${stats.incomplete}\n`);
  }
  return { checked, interrupted: abort.signal.aborted };
}
