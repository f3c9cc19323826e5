import http from 'node:http';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { addCapture, startScenarioServer, type ScenarioServer } from './scenario-server.ts';

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** One request with no redirects followed, no keep-alive; rejects with the socket error if there is one. */
function fetchRaw(url: string, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

describe('scenario server', () => {
  let server: ScenarioServer;

  beforeAll(async () => {
    server = await startScenarioServer();
  });
  afterAll(async () => {
    await server.close();
  });
  beforeEach(() => server.reset());

  it('serves pages, redirects and the 999 / no-HEAD oddities', async () => {
    const home = await fetchRaw(server.origin(0) + '/');
    expect(home.status).toBe(200);
    expect(home.body).toContain('<title>Example Site — Home</title>');

    const article = await fetchRaw(server.origin(1) + '/article/3');
    expect(article.status).toBe(200);
    expect(article.body).toContain('Article 3');
    expect(Buffer.byteLength(article.body)).toBeGreaterThanOrEqual(500);

    const moved = await fetchRaw(server.origin(0) + '/moved');
    expect(moved.status).toBe(301);
    expect(moved.headers.location).toBe('/article/7');
    expect((await fetchRaw(server.origin(1) + '/moved-abs')).headers.location).toBe(server.origin(1) + '/article/8');
    expect((await fetchRaw(server.origin(0) + '/hops/11')).headers.location).toBe('/hops/10');

    expect((await fetchRaw(server.origin(0) + '/li')).status).toBe(999);
    const noHead = await fetchRaw(server.origin(0) + '/no-head', 'HEAD');
    expect(noHead.status).toBe(405);
    expect((await fetchRaw(server.origin(0) + '/no-head')).status).toBe(200);
    const head = await fetchRaw(server.origin(0) + '/ok', 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');

    expect(server.log.map((r) => r.path)).toContain('/article/3');
  });

  it('answers /flaky with 500 once per host, again after reset()', async () => {
    expect((await fetchRaw(server.origin(0) + '/flaky')).status).toBe(500);
    expect((await fetchRaw(server.origin(0) + '/flaky')).status).toBe(200);
    expect((await fetchRaw(server.origin(1) + '/flaky')).status).toBe(500);
    server.reset();
    expect((await fetchRaw(server.origin(0) + '/flaky')).status).toBe(500);
  });

  it('soft-404s everything on the catch-all host only', async () => {
    const home = await fetchRaw(server.origin(2) + '/');
    const random = await fetchRaw(server.origin(2) + '/no/such/page-' + Math.random().toString(36).slice(2));
    expect(random.status).toBe(200);
    expect(random.body).toBe(home.body);
    expect((await fetchRaw(server.origin(0) + '/no/such/page')).status).toBe(404);
  });

  it('gives /limited-date an HTTP-date Retry-After 1–2 s ahead, then 200', async () => {
    const first = await fetchRaw(server.origin(3) + '/limited-date');
    expect(first.status).toBe(429);
    const wait = Date.parse(first.headers['retry-after'] ?? '') - Date.now();
    expect(wait).toBeGreaterThan(500);
    expect(wait).toBeLessThanOrEqual(2000);
    expect((await fetchRaw(server.origin(3) + '/limited-date')).status).toBe(200);
  });

  it('counts requests in flight per host', async () => {
    await Promise.all([
      fetchRaw(server.origin(1) + '/slow-headers?ms=200'),
      fetchRaw(server.origin(1) + '/slow-headers?ms=200'),
    ]);
    await fetchRaw(server.origin(0) + '/ok');
    const stats = server.stats();
    expect(stats.get('127.0.0.3')).toMatchObject({ requests: 2, peakInFlight: 2 });
    expect(stats.get('127.0.0.3')!.minGapMs).toBeLessThan(200);
    expect(stats.get('127.0.0.2')).toEqual({ requests: 1, peakInFlight: 1, minGapMs: Infinity });
  });

  it('fails at the socket level for refused, non-HTTP and reset origins', async () => {
    await expect(fetchRaw(server.refused + '/')).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await expect(fetchRaw(server.nonHttp + '/')).rejects.toThrow();
    await expect(fetchRaw(server.origin(0) + '/reset')).rejects.toMatchObject({ code: 'ECONNRESET' });
    await expect(fetchRaw(server.origin(0) + '/empty-reply')).rejects.toThrow();
  });

  describe('fake Wayback Machine', () => {
    beforeAll(() => {
      addCapture(server, 'http://www.example.com/page', '20100101000000');
      addCapture(server, 'http://www.example.com/page', '20150101000000');
      addCapture(server, 'http://www.example.com/page', '20180101000000', '404');
      addCapture(server, 'http://www.example.com/page', '20200101000000');
    });

    it('filters CDX rows by status, to and limit', async () => {
      const q = 'url=https://example.com/page/&output=json&fl=timestamp,statuscode';
      const all = await fetchRaw(`${server.wayback}/cdx/search/cdx?${q}`);
      expect(JSON.parse(all.body)).toEqual([
        ['timestamp', 'statuscode'],
        ['20100101000000', '200'],
        ['20150101000000', '200'],
        ['20180101000000', '404'],
        ['20200101000000', '200'],
      ]);
      const last = await fetchRaw(`${server.wayback}/cdx/search/cdx?${q}&filter=statuscode:200&to=2019&limit=-1`);
      expect(JSON.parse(last.body)).toEqual([
        ['timestamp', 'statuscode'],
        ['20150101000000', '200'],
      ]);
      const none = await fetchRaw(`${server.wayback}/cdx/search/cdx?${q}&from=2021`);
      expect(JSON.parse(none.body)).toEqual([]);
    });

    it('finds the closest 200 capture and replays or redirects to it', async () => {
      const available = await fetchRaw(`${server.wayback}/wayback/available?url=example.com/page&timestamp=2019`);
      expect(JSON.parse(available.body).archived_snapshots.closest).toMatchObject({
        available: true,
        timestamp: '20200101000000',
        status: '200',
      });
      const exact = await fetchRaw(`${server.wayback}/web/20150101000000/http://www.example.com/page`);
      expect(exact.status).toBe(200);
      expect(exact.body).toContain('Wayback replay of http://www.example.com/page');
      const near = await fetchRaw(`${server.wayback}/web/2014id_/http://example.com/page`);
      expect(near.status).toBe(302);
      expect(near.headers.location).toBe(`${server.wayback}/web/20150101000000id_/http://example.com/page`);
      expect((await fetchRaw(`${server.wayback}/web/2014/http://example.com/other`)).status).toBe(404);

      server.waybackRateLimited = true;
      const limited = await fetchRaw(`${server.wayback}/wayback/available?url=example.com/page`);
      expect(limited.status).toBe(429);
      expect(limited.headers['retry-after']).toBe('60');
    });
  });
});
