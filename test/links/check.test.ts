import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkLinks, DEFAULT_LINK_OPTIONS, type LinkCheckOptions, type LinkQuery } from '../../src/links/index.ts';
import { addCapture, startScenarioServer, type ScenarioServer } from './scenario-server.ts';

let server: ScenarioServer;
let dir: string;

beforeAll(async () => {
  server = await startScenarioServer({ hosts: 4 });
  dir = mkdtempSync(join(tmpdir(), 'citeaudit-links-'));
});
afterAll(async () => {
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});
/** Short delays, so every case runs in seconds; politeness stays on. */
function options(over: Partial<LinkCheckOptions> = {}): LinkCheckOptions {
  return {
    ...DEFAULT_LINK_OPTIONS,
    cacheFile: ':memory:',
    userAgent: 'citeaudit-test (tests@example.org)',
    allowPrivate: true,
    hostInterval: 0,
    retryDelay: 20,
    // Generous: a loaded CI machine must not turn a slow answer into a timeout. The class matrix
    // below sets tight ones of its own, for the slow scenarios.
    timeouts: { connect: 5000, headers: 5000, body: 5000, request: 8000 },
    waybackEndpoint: server.wayback,
    archiveRate: 60_000,
    ...over,
  };
}

const q = (url: string, extra: Partial<LinkQuery> = {}): LinkQuery => ({ url, ...extra });

/** The matrix's bounds: short enough for the slow scenarios, long enough for a loaded machine. */
const TIGHT = { headers: 1500, request: 2500 };

describe('link classes against a real server on 127.0.0.x', () => {
  // Each row: a scenario, the URL, the class it must get, and what else must hold.
  const scenarios: [string, () => string, string, Partial<LinkQuery>?][] = [
    ['200', () => `${server.origin(0)}/ok`, 'live'],
    ['301 to another page', () => `${server.origin(0)}/moved`, 'redirected'],
    ['301 of a deep URL to the site root', () => `${server.origin(0)}/deep/news/2009/story.html`, 'soft-404'],
    ['a redirect loop', () => `${server.origin(0)}/loop/a`, 'dead-suspected'],
    ['11 hops', () => `${server.origin(0)}/hops/11`, 'dead-suspected'],
    ['10 hops (the limit) still answers', () => `${server.origin(0)}/hops/10`, 'live'],
    ['404', () => `${server.origin(0)}/missing`, 'dead-suspected'],
    ['410', () => `${server.origin(0)}/gone`, 'dead-suspected'],
    ['500 then 200', () => `${server.origin(1)}/flaky`, 'live'],
    ['500 always', () => `${server.origin(1)}/always-500`, 'transient'],
    ['503 with Retry-After in seconds', () => `${server.origin(1)}/busy`, 'live'],
    ['429 with Retry-After in seconds', () => `${server.origin(3)}/limited`, 'live'],
    ['429 with Retry-After as an HTTP date', () => `${server.origin(2)}/limited-date`, 'live'],
    ['429 every time', () => `${server.origin(2)}/limited-always`, 'rate-limited'],
    ['403 with a challenge page', () => `${server.origin(0)}/challenge`, 'blocked'],
    ['999', () => `${server.origin(0)}/li`, 'blocked'],
    ['405 on HEAD (a .pdf is asked with HEAD first)', () => `${server.origin(0)}/no-head`, 'live'],
    ['slow headers', () => `${server.origin(1)}/slow-headers?ms=5000`, 'transient'],
    ['a slow drip body', () => `${server.origin(0)}/drip`, 'live'],
    ['an endless body', () => `${server.origin(0)}/endless`, 'live'],
    ['a gzip bomb', () => `${server.origin(0)}/gzip-bomb`, 'live'],
    ['a reset connection', () => `${server.origin(1)}/reset`, 'transient'],
    ['a refused port', () => `${server.refused}/page`, 'dead-suspected'],
    ['a 200 "page not found"', () => `${server.origin(0)}/soft-404`, 'soft-404'],
    ['a redirect to /errors/notfound.html', () => `${server.origin(0)}/to-notfound`, 'soft-404'],
    ['a parked-domain page', () => `${server.origin(0)}/parked`, 'soft-404'],
    ['a site that answers every path with its homepage', () => `${server.origin(2)}/news/2009/some-story`, 'soft-404'],
    ['a non-HTTP reply', () => `${server.nonHttp}/`, 'dead-suspected'],
    ['an invalid URL', () => 'http://exa mple.org/x', 'invalid-url'],
    ['a non-HTTP scheme', () => 'ftp://ftp.example.org/pub/file.txt', 'skipped'],
    ['an unresolvable host', () => 'http://no-such-host.invalid/page', 'dead-suspected'],
    ['401', () => `${server.origin(0)}/subscribe`, 'paywalled'],
    ['402', () => `${server.origin(0)}/payment`, 'paywalled'],
    ['a plain 403', () => `${server.origin(0)}/forbidden`, 'blocked'],
  ];

  let results: Awaited<ReturnType<typeof checkLinks>>;
  let started: number;
  let elapsed: number;
  beforeAll(async () => {
    server.reset();
    started = performance.now();
    results = await checkLinks(
      scenarios.map(([, url]) => q(url())),
      [],
      options({
        headFor: /\/no-head$|\.pdf$/i,
        hostInterval: 30,
        perHost: 2,
        timeouts: { connect: 1000, headers: TIGHT.headers, body: TIGHT.headers, request: TIGHT.request },
      }),
    );
    elapsed = performance.now() - started;
  }, 60_000);

  it.each(scenarios)('%s', (_name, url, expected) => {
    const result = [...results.links.values()].find((r) => r.url === url() || r.url === URL.parse(url())?.href);
    expect(result, url()).toBeDefined();
    expect(result!.class, `${url()}: ${result!.reason}`).toBe(expected);
  });

  it('says why, with the evidence: status, final URL, hops, error code', () => {
    const get = (path: string) => results.links.get(`${server.origin(0)}${path}`)!;
    expect(get('/moved')).toMatchObject({
      status: 200,
      finalUrl: `${server.origin(0)}/article/7`,
      hops: [{ status: 301 }],
    });
    expect(get('/hops/11').error).toBe('too-many-redirects');
    expect(get('/hops/11').hops).toHaveLength(11);
    expect(get('/loop/a').error).toBe('redirect-loop');
    expect(get('/missing')).toMatchObject({ status: 404, observations: [{ status: 404 }] });
    expect(results.links.get(`${server.refused}/page`)!.error).toBe('ECONNREFUSED');
    expect(results.links.get('http://no-such-host.invalid/page')!.error).toBe('ENOTFOUND');
    expect(results.links.get(`${server.origin(1)}/reset`)!.error).toMatch(/ECONNRESET|UND_ERR_SOCKET/);
    expect(get('/gzip-bomb').reason).toBe('200');
  });

  it('asked HEAD first only where it pays, then GET when HEAD was refused', () => {
    const noHead = server.log.filter((r) => r.path === '/no-head').map((r) => r.method);
    expect(noHead).toEqual(['HEAD', 'GET']);
    expect(server.log.filter((r) => r.path === '/ok').map((r) => r.method)).toEqual(['GET']);
  });

  it('retried 500, 503 and 429 but never 404 or 410', () => {
    const count = (path: string) => server.log.filter((r) => r.path === path).length;
    expect(count('/flaky')).toBe(2);
    expect(count('/always-500')).toBe(1 + DEFAULT_LINK_OPTIONS.retries);
    expect(count('/busy')).toBe(2);
    expect(count('/limited-date')).toBe(2);
    expect(count('/limited-always')).toBe(1 + DEFAULT_LINK_OPTIONS.rateLimitRetries);
    expect(count('/missing')).toBe(1);
    expect(count('/gone')).toBe(1);
  });

  it('waited out Retry-After before asking the host again', () => {
    for (const path of ['/busy', '/limited', '/limited-date']) {
      const hits = server.log.filter((r) => r.path === path);
      expect(hits[1]!.start - hits[0]!.start, path).toBeGreaterThanOrEqual(900);
    }
  });

  it('bounded the slow, endless and exploding bodies: the server saw the checker give up', () => {
    const timeline = (path: string) =>
      server.log.filter((r) => r.path === path).map((r) => (r.end ?? Infinity) - r.start);
    // A drip (one byte every 200 ms for a minute) is cut by the bound on the whole exchange.
    expect(timeline('/drip')).toHaveLength(1);
    expect(timeline('/drip')[0]).toBeGreaterThanOrEqual(TIGHT.request - 200);
    expect(timeline('/drip')[0]).toBeLessThan(TIGHT.request + 1000);
    // An endless body and a gzip bomb are cut at the byte limits, well before any time bound.
    for (const path of ['/endless', '/gzip-bomb']) {
      expect(timeline(path), path).toHaveLength(1);
      expect(timeline(path)[0], path).toBeLessThan(TIGHT.request);
    }
    // Headers 5 s late: each attempt given up at the header timeout, then retried.
    expect(timeline('/slow-headers?ms=5000')).toHaveLength(1 + DEFAULT_LINK_OPTIONS.retries);
    for (const t of timeline('/slow-headers?ms=5000')) expect(t).toBeLessThan(TIGHT.headers + 1000);
    expect(elapsed).toBeLessThan(60_000);
  });

  it("respected per-host limits, as the server's own log shows", () => {
    for (const [host, s] of server.stats()) expect(s.peakInFlight, host).toBeLessThanOrEqual(2);
  });

  it('sent the identifying User-Agent', () => {
    expect(server.log.every((r) => r.userAgent === 'citeaudit-test (tests@example.org)')).toBe(true);
  });
});

describe('politeness', () => {
  beforeEach(() => server.reset());

  it('keeps the minimum interval per host and the per-host limit, as the server log shows', async () => {
    const urls = Array.from({ length: 8 }, (_, i) => q(`${server.origin(0)}/article/${i + 1}`)).concat(
      Array.from({ length: 8 }, (_, i) => q(`${server.origin(1)}/article/${i + 1}`)),
    );
    const r = await checkLinks(urls, [], options({ hostInterval: 250, perHost: 2, siteProbe: false }));
    expect([...r.links.values()].every((l) => l.class === 'live')).toBe(true);
    const stats = server.stats();
    for (const i of [0, 1]) {
      const s = stats.get(new URL(server.origin(i)).hostname)!;
      expect(s.requests).toBe(8);
      // Arrival times at the server: allow the connection set-up that can delay one request.
      expect(s.minGapMs).toBeGreaterThanOrEqual(200);
      expect(s.peakInFlight).toBeLessThanOrEqual(2);
    }
  });

  it('a 429 without Retry-After pauses its whole host for the backoff, not only the URL that got it', async () => {
    const origin = server.origin(3);
    const r = await checkLinks(
      [q(`${origin}/limited-bare`), ...Array.from({ length: 4 }, (_, i) => q(`${origin}/article/${i}`))],
      [],
      options({ retryDelay: 400, perHost: 1, siteProbe: false }),
    );
    expect(r.links.get(`${origin}/limited-bare`)!.class).toBe('live');
    const log = server.log.filter((l) => l.host === new URL(origin).hostname).sort((a, b) => a.start - b.start);
    const at = log.findIndex((l) => l.path === '/limited-bare');
    // The server's own log: nothing reached the host during the backoff (at least 400 ms).
    expect(log[at + 1]!.start - (log[at]!.end ?? log[at]!.start)).toBeGreaterThanOrEqual(350);
  });

  it('a paused host does not hold back the others', async () => {
    const r = await checkLinks(
      [q(`${server.origin(3)}/limited`), ...Array.from({ length: 6 }, (_, i) => q(`${server.origin(1)}/article/${i}`))],
      [],
      options({ concurrency: 2, perHost: 2, siteProbe: false }),
    );
    expect(r.links.get(`${server.origin(3)}/limited`)!.class).toBe('live');
    const limited = server.log.filter((l) => l.path === '/limited');
    const others = server.log.filter((l) => l.path.startsWith('/article/'));
    // All six other URLs were done while the paused host waited out its second.
    expect(Math.max(...others.map((o) => o.end ?? Infinity))).toBeLessThan(limited[1]!.start);
  });
});

describe('addresses', () => {
  beforeEach(() => server.reset());

  it('without --allow-private the server receives no request at all', async () => {
    const r = await checkLinks(
      [
        q(`${server.origin(0)}/ok`),
        q(`${server.origin(1)}/moved`),
        q(`http://localhost:${new URL(server.origin(0)).port}/`),
      ],
      [`https://web.archive.org/web/20090101000000/${server.origin(0)}/ok`],
      options({ allowPrivate: false }),
    );
    expect([...r.links.values()].map((l) => l.class)).toEqual(['skipped', 'skipped', 'skipped']);
    expect([...r.links.values()][0]!.reason).toMatch(/not a public address/);
    expect(server.log).toHaveLength(0);
  });

  it('a host name that resolves to a private address is refused after DNS, before connecting', async () => {
    // The guard sits in the lookup of every connection, so each redirect hop passes it too; a test of a
    // redirect from a public host to a private one would need a public server, which tests may not reach.
    const target = `http://internal.test:${new URL(server.origin(0)).port}/ok`;
    const r = await checkLinks(
      [q(target)],
      [],
      options({ allowPrivate: false, resolve: { 'internal.test': '127.0.0.2' } }),
    );
    expect(r.links.get(target)!.class).toBe('skipped');
    expect(server.log).toHaveLength(0);
  });

  it('offline, no host that fails to resolve is called dead; once anything answers, it is', async () => {
    const nowhere = 'http://no-such-host.invalid/page';
    const alone = await checkLinks([q(nowhere)], [], options({ archives: false }));
    expect(alone.links.get(nowhere)).toMatchObject({ class: 'transient', error: 'ENOTFOUND' });
    expect(alone.links.get(nowhere)!.reason).toMatch(/no host answered/);
    expect(alone.stats.incomplete).toMatch(/unreachable/);
    // The archive answering is proof enough that the network works.
    const withArchive = await checkLinks([q(nowhere)], [], options());
    expect(withArchive.links.get(nowhere)).toMatchObject({ class: 'dead-suspected', error: 'ENOTFOUND' });
  });

  it('names and addresses: metadata, link-local, private and mapped addresses are all refused', async () => {
    const { nonPublicRange } = await import('../../src/links/index.ts');
    for (const a of [
      '169.254.169.254',
      '10.1.2.3',
      '192.168.0.1',
      '127.0.0.1',
      '::1',
      '::ffff:127.0.0.1',
      // IPv4-compatible: some stacks route it to the IPv4 address it holds.
      '::7f00:1',
      '::a9fe:a9fe',
      'fd00::1',
      '224.0.0.1',
      '0.0.0.0',
    ])
      expect(nonPublicRange(a), a).toBeDefined();
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946'])
      expect(nonPublicRange(a), a).toBeUndefined();
  });
});

describe('the cache and confirmation across runs', () => {
  beforeEach(() => server.reset());

  it('confirms dead only after 3 hard-dead checks over 48 hours; a live check resets the count', async () => {
    const file = join(dir, 'confirm.sqlite');
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const run = (url: string, extra: Partial<LinkQuery> = {}) =>
      checkLinks([q(url, extra)], [], options({ cacheFile: file, now: () => clock, archives: false }));
    const missing = `${server.origin(0)}/missing`;
    expect((await run(missing)).links.get(missing)!.class).toBe('dead-suspected');
    clock += 12 * 3_600_000; // still fresh: not asked again, no new observation
    const cached = (await run(missing)).links.get(missing)!;
    expect(cached).toMatchObject({ class: 'dead-suspected', cached: true });
    expect(server.log.filter((r) => r.path === '/missing')).toHaveLength(1);
    clock += 13 * 3_600_000;
    expect((await run(missing)).links.get(missing)!.observations).toHaveLength(2);
    clock += 25 * 3_600_000; // 50 hours after the first
    const third = (await run(missing)).links.get(missing)!;
    expect(third).toMatchObject({ class: 'dead', confirmedBy: 'observations' });
    expect(third.observations).toHaveLength(3);

    // A live answer resets the count: two earlier hard-dead observations of a page that now answers.
    const back = `${server.origin(1)}/article/42`;
    const count = () => {
      const db = new Database(file, { readonly: true });
      const row = db.prepare('SELECT count(*) n FROM observation WHERE url = ?').get(back) as { n: number };
      db.close();
      return row.n;
    };
    const seed = new Database(file);
    const insert = seed.prepare('INSERT INTO observation (url, at, status) VALUES (?, ?, 404)');
    insert.run(back, clock - 30 * 3_600_000);
    insert.run(back, clock - 5 * 3_600_000);
    seed.close();
    expect(count()).toBe(2);
    expect((await run(back)).links.get(back)).toMatchObject({ class: 'live', observations: [] });
    expect(count()).toBe(0);
  });

  it('a rerun that finds the rest in the cache still tells a refused host from a dead network', async () => {
    const file = join(dir, 'rerun.sqlite');
    let clock = Date.parse('2026-01-01T00:00:00Z');
    const refused = `${server.refused}/page`;
    const urls = [q(`${server.origin(0)}/ok`), q(refused)];
    const run = () => checkLinks(urls, [], options({ cacheFile: file, now: () => clock, archives: false, retries: 0 }));
    await run();
    clock += 25 * 3_600_000;
    // The live URL comes from the cache: one request to it shows the network works from here.
    const second = await run();
    expect(second.stats.fromCache).toBe(1);
    expect(second.stats.incomplete).toBeUndefined();
    expect(second.links.get(refused)).toMatchObject({ class: 'dead-suspected' });
    expect(second.links.get(refused)!.observations).toHaveLength(2);
  });

  it("an editor's {{dead link}} plus one hard-dead check confirms", async () => {
    const gone = `${server.origin(0)}/gone`;
    const r = await checkLinks([q(gone, { markedDead: true })], [], options({ archives: false }));
    expect(r.links.get(gone)).toMatchObject({ class: 'dead', confirmedBy: 'dead-link-tag' });
  });

  it('never caches transient errors; a rerun skips fresh entries', async () => {
    const file = join(dir, 'ttl.sqlite');
    const urls = [q(`${server.origin(0)}/ok`), q(`${server.origin(1)}/always-500`), q(`${server.origin(0)}/missing`)];
    await checkLinks(urls, [], options({ cacheFile: file, retries: 0 }));
    const before = server.log.length;
    const again = await checkLinks(urls, [], options({ cacheFile: file, retries: 0 }));
    expect(again.stats.fromCache).toBe(2);
    expect(server.log.slice(before).map((r) => r.path)).toEqual(['/always-500']);
  });
});

describe('archives (a fake Wayback Machine)', () => {
  beforeEach(() => server.reset());

  beforeAll(() => {
    addCapture(server, `${server.origin(0)}/missing`, '20080115000000');
    addCapture(server, `${server.origin(0)}/missing`, '20100301000000');
    addCapture(server, `${server.origin(0)}/missing`, '20120301000000');
    addCapture(server, `${server.origin(0)}/gone`, '20150505000000');
    addCapture(server, `${server.origin(0)}/ok`, '20090101000000');
  });

  it('suggests the latest 200 capture at or before the access date, else the first after', async () => {
    const missing = `${server.origin(0)}/missing`;
    const gone = `${server.origin(0)}/gone`;
    const r = await checkLinks(
      [
        q(missing, { accessDate: '2011-06-01', wantArchive: true }),
        q(gone, { accessDate: '2011-06-01', wantArchive: true }),
      ],
      [],
      options(),
    );
    expect(r.links.get(missing)!.capture).toMatchObject({
      timestamp: '20100301000000',
      relation: 'before',
      url: `https://web.archive.org/web/20100301000000/${missing}`,
      via: 'cdx',
    });
    expect(r.links.get(gone)!.capture).toMatchObject({ timestamp: '20150505000000', relation: 'after' });
    const paths = server.log.filter((l) => l.host === new URL(server.wayback).hostname).map((l) => l.path);
    expect(paths.every((p) => p.startsWith('/cdx/search/cdx?'))).toBe(true);
    expect(server.stats().get(new URL(server.wayback).hostname)!.peakInFlight).toBe(1);
  });

  it('verifies archive URLs: a good capture, a moved capture, none, and malformed ones', async () => {
    const ok = `https://web.archive.org/web/20090101000000/${server.origin(0)}/ok`;
    const moved = `https://web.archive.org/web/20090202000000/${server.origin(0)}/ok`;
    const none = `https://web.archive.org/web/20090101000000/${server.origin(0)}/never-archived`;
    const partial = `https://web.archive.org/web/2009/${server.origin(0)}/ok`;
    const save = `https://web.archive.org/save/${server.origin(0)}/ok`;
    const r = await checkLinks([], [ok, moved, none, partial, save], options());
    // The whole verdict as the message: a rare failure here under load must say why.
    expect(r.archives.get(ok), JSON.stringify(r.archives.get(ok))).toMatchObject({ state: 'ok' });
    expect(r.archives.get(moved), JSON.stringify(r.archives.get(moved))).toMatchObject({ state: 'ok' });
    expect(r.archives.get(none)).toMatchObject({ state: 'broken', status: 404 });
    expect(r.archives.get(partial)).toMatchObject({ state: 'broken', reason: expect.stringMatching(/14/) });
    expect(r.archives.get(save)).toMatchObject({ state: 'broken', reason: expect.stringMatching(/save/) });
  });

  it('citations that share a URL share one check: written in two forms, their marks and dates merge, and the queries are left as given', async () => {
    const url = `${server.origin(2)}/missing`;
    addCapture(server, url, '20100301000000');
    addCapture(server, url, '20140101000000');
    const upper = url.replace('http://', 'HTTP://') + '#section';
    const queries = [
      // A date that does not parse (a broken dump) stands in the way of none.
      q(url, { wantArchive: false, addedOn: 'not a date' }),
      q(url, { wantArchive: false, addedOn: '2015-01-01T00:00:00Z' }),
      q(upper, { markedDead: true, wantArchive: true, addedOn: '2011-06-01T00:00:00Z' }),
    ];
    const given = structuredClone(queries);
    const r = await checkLinks(queries, [], options());
    expect([...r.links.keys()]).toEqual([url]);
    // One check; one editor's mark confirms it; the capture is picked against the earlier day.
    expect(server.log.filter((l) => l.path === '/missing')).toHaveLength(1);
    expect(r.links.get(url)).toMatchObject({
      class: 'dead',
      confirmedBy: 'dead-link-tag',
      capture: { timestamp: '20100301000000', relation: 'before' },
      captureAgainst: { date: '2011-06-01', from: 'url-added' },
    });
    expect(queries).toEqual(given);
  });

  it('a shared URL is looked up against the earliest usable access date of its citations', async () => {
    const url = `${server.origin(2)}/missing?shared`;
    addCapture(server, url, '20100301000000');
    addCapture(server, url, '20140101000000');
    const r = await checkLinks(
      [
        q(url, { accessDate: 'Retrieved on the 5th', addedOn: '2016-01-01T00:00:00Z', wantArchive: true }),
        q(url, { accessDate: '2015-06-01' }),
        q(url, { accessDate: '2011-06-01' }),
        q(url, { accessDate: '2099-01-01' }),
      ],
      [],
      options(),
    );
    expect(r.links.get(url)).toMatchObject({
      capture: { timestamp: '20100301000000', relation: 'before' },
      captureAgainst: { date: '2011-06-01', from: 'access-date' },
    });
  });

  it("one 429 from the archive's replay stops it too: no second request after its Retry-After", async () => {
    server.waybackRateLimited = true;
    const archive = `https://web.archive.org/web/20090101000000/${server.origin(0)}/ok`;
    const r = await checkLinks([], [archive, `${archive}?again`], options());
    expect(server.log.filter((l) => l.host === new URL(server.wayback).hostname)).toHaveLength(1);
    expect(r.stats.archiveStoppedBy).toMatch(/429/);
    expect(r.archives.get(`${archive}?again`)).toMatchObject({ state: 'unverified' });
  }, 20_000);

  it('stops every archive lookup once the archive answers 429', async () => {
    const missing = `${server.origin(0)}/missing`;
    server.waybackRateLimited = true;
    const r = await checkLinks([q(missing, { wantArchive: true })], [], options());
    expect(r.stats.archiveStoppedBy).toMatch(/429/);
    expect(r.links.get(missing)!.capture).toBeUndefined();
    // One request, then nothing more to the archive.
    expect(server.log.filter((l) => l.host === new URL(server.wayback).hostname)).toHaveLength(1);
  });
});

describe('the availability API as the fallback', () => {
  it('is asked when CDX fails, and its closest 200 capture is used', async () => {
    const { Wayback } = await import('../../src/links/wayback.ts');
    const { Prober } = await import('../../src/links/probe.ts');
    const { Gate } = await import('../../src/links/gate.ts');
    const { Checker } = await import('../../src/links/check.ts');
    server.reset();
    const url = `${server.origin(3)}/lost`;
    addCapture(server, url, '20070707000000');
    const prober = new Prober({
      userAgent: 't',
      policy: { allowPrivate: true },
      connectTimeout: 1000,
      headersTimeout: 1000,
      bodyTimeout: 1000,
      requestTimeout: 2000,
      maxBodyBytes: 65_536,
      maxTextBytes: 65_536,
      connectionsPerOrigin: 2,
    });
    const gate = new Gate({ concurrency: 4, perHost: 1, hostInterval: 0 });
    const checker = new Checker(prober, gate, {
      maxHops: 10,
      retries: 0,
      retryDelay: 10,
      rateLimitRetries: 0,
      retryAfterCap: 1000,
      headFor: /$^/,
      siteProbe: false,
      stopped: () => undefined,
    });
    // A CDX endpoint that answers 404: the lookup falls back to the availability API.
    const wayback = new Wayback(
      {
        cdx: `${server.wayback}/no-cdx-here`,
        availability: `${server.wayback}/wayback/available`,
        replay: `${server.wayback}/web/`,
      },
      prober,
      gate,
      checker,
    );
    const capture = await wayback.bestCapture(url, '20100101');
    await prober.close();
    expect(capture).toMatchObject({ timestamp: '20070707000000', via: 'availability', relation: 'before' });
    expect(server.log.map((l) => l.path.split('?')[0])).toEqual(['/no-cdx-here', '/wayback/available']);
  });
});

describe('the bound on one exchange', () => {
  const prober = async (timeouts: { connect: number; headers: number; request: number }) => {
    const { Prober } = await import('../../src/links/probe.ts');
    return new Prober({
      userAgent: 't',
      policy: { allowPrivate: true },
      connectTimeout: timeouts.connect,
      headersTimeout: timeouts.headers,
      bodyTimeout: timeouts.headers,
      requestTimeout: timeouts.request,
      maxBodyBytes: 65_536,
      maxTextBytes: 65_536,
      connectionsPerOrigin: 2,
    });
  };

  it('holds while waiting for the headers when the connect and header timeouts could outlast it', async () => {
    server.reset();
    const p = await prober({ connect: 1000, headers: 5000, request: 1200 });
    const started = performance.now();
    const ex = await p.exchange(`${server.origin(1)}/slow-headers?ms=3000`);
    const took = performance.now() - started;
    await p.close();
    expect(ex.kind).toBe('error');
    expect(took).toBeGreaterThanOrEqual(1100);
    expect(took).toBeLessThan(2800);
  });

  it('cuts a slow body at the bound, counting the wait for the headers', async () => {
    server.reset();
    // Connect and headers timeouts with a second to spare in the bound: no signal, a timer on the body.
    const p = await prober({ connect: 300, headers: 700, request: 2000 });
    const ex = await p.exchange(`${server.origin(0)}/drip`);
    await p.close();
    expect(ex.kind === 'response' && ex.bodyNote).toBe('timeout');
    const [drip] = server.log.filter((r) => r.path === '/drip');
    expect((drip!.end ?? Infinity) - drip!.start).toBeGreaterThanOrEqual(1800);
    expect((drip!.end ?? Infinity) - drip!.start).toBeLessThan(3000);
  });
});
