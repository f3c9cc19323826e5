import { createServer, type Server } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classify, type Trace } from '../../src/links/classify.ts';
import { checkLinks, DEFAULT_LINK_OPTIONS, type LinkCheckOptions } from '../../src/links/index.ts';
import type { Exchange } from '../../src/links/probe.ts';
import { parseUrl } from '../../src/links/url.ts';

/** A 200 answer at `url` (after `hops`) with this HTML, as the prober gives it. */
function answered(url: string, html: string, extra: Partial<Trace> = {}, from = url): Trace {
  const final: Exchange = { kind: 'response', url, method: 'GET', status: 200, headers: {}, text: html };
  const parsed = parseUrl(from);
  return {
    url: from,
    hops: from === url ? [] : [{ url: from, status: 301 }],
    final,
    deep: parsed.ok && parsed.deep,
    ...extra,
  };
}

const page = (title: string, body: string) => `<html><head><title>${title}</title></head><body>${body}</body></html>`;
const article = (words: string) => `<p>${`${words} `.repeat(700)}</p>`;
const classOf = (t: Trace) => classify(t).class;

describe('classify: a live page is not called missing for its words', () => {
  const url = 'https://news.example.org/2019/story';
  it('titles that only mention 404 or "not found" are pages; titles that are such a notice are not', () => {
    for (const title of ['Peugeot 404 review', 'Missing hikers not found after search', 'What is an HTTP 404 error?'])
      expect(classOf(answered(url, page(title, article('text'))))).toBe('live');
    for (const title of ['404 Not Found', 'Page not found | Example News', 'Error 404', 'Seite nicht gefunden'])
      expect(classOf(answered(url, page(title, '<p>Sorry.</p>'))), title).toBe('soft-404');
  });

  it('the usual sentence counts on a short page, not in a long article, a script, or on a site that answers 404', () => {
    const sentence = 'The page you are looking for could not be found.';
    expect(classOf(answered(url, page('Oops', `<p>${sentence}</p>`)))).toBe('soft-404');
    expect(classOf(answered(url, page('Census', `<p>${sentence}</p>${article('census figures')}`)))).toBe('live');
    expect(classOf(answered(url, page('App', `<script>const t = "${sentence}";</script><p>Welcome.</p>`)))).toBe(
      'live',
    );
    expect(classOf(answered(url, page('Oops', `<p>${sentence}</p>`), { randomPathStatus: 404 }))).toBe('live');
  });

  it('a parking page is short; an article naming a domain broker is no parking page', () => {
    expect(classOf(answered(url, page('example.org', '<p>This domain is for sale. Buy this domain.</p>')))).toBe(
      'soft-404',
    );
    expect(
      classOf(answered(url, page('Brokers', `<p>Afternic and HugeDomains sell names.</p>${article('news')}`))),
    ).toBe('live');
  });
});

describe('classify: where a redirect ends', () => {
  const home = page('Example', article('welcome'));
  it('a front page sent to / is the front page; a deep URL sent there, with or without a tracking query, is gone', () => {
    for (const from of ['/index.html', '/default.aspx', '/home', '/en/', '/?lang=en'])
      // Moved for good (301) to the front page it already was.
      expect(classOf(answered('https://example.org/', home, {}, `https://example.org${from}`)), from).toBe(
        'redirected',
      );
    for (const to of ['/', '/?utm_source=oldsite', '/en/', '/home.html'])
      expect(
        classOf(answered(`https://example.org${to}`, home, {}, 'https://example.org/news/2009/story.html')),
        to,
      ).toBe('soft-404');
  });

  it('an error page is a path segment of its own, not a slug that holds the word', () => {
    const from = 'https://example.org/old';
    for (const to of ['/posts/trial-and-error/', '/cars/peugeot-404', '/2010/05/launch/?p=404'])
      expect(classOf(answered(`https://example.org${to}`, home, {}, from)), to).toBe('redirected');
    for (const to of ['/errors/404.html', '/notfound', '/page?error=gone'])
      expect(classOf(answered(`https://example.org${to}`, home, {}, from)), to).toBe('soft-404');
  });
});

describe('classify: failures on the checker’s side are no sign of death', () => {
  const failed = (code: string, message = '') =>
    classify({
      url: 'https://example.org/a',
      hops: [],
      deep: true,
      final: { kind: 'error', url: 'https://example.org/a', method: 'GET', code, message },
    });
  it('no route from here, an incomplete certificate chain, an answer browsers forgive: unverified, not dead', () => {
    for (const code of ['ENETUNREACH', 'EHOSTUNREACH', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'])
      expect(failed(code), code).toMatchObject({ class: 'transient', hardDead: false });
    expect(
      failed(
        'HTTPParserError',
        'Response does not match the HTTP/1.1 protocol (Missing expected CR after response line)',
      ),
    ).toMatchObject({ class: 'transient', hardDead: false });
    // No HTTP at all is a dead link; so is a host that does not exist.
    expect(
      failed('HTTPParserError', 'Response does not match the HTTP/1.1 protocol (Expected HTTP/, RTSP/ or ICE/)'),
    ).toMatchObject({ class: 'dead-suspected', hardDead: true });
    expect(failed('ENOTFOUND')).toMatchObject({ class: 'dead-suspected', hardDead: true });
  });

  it('an onion address is not checked', () => {
    expect(parseUrl('http://duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad.onion/')).toMatchObject({
      ok: false,
      reason: 'not-http',
    });
  });
});

describe('checkLinks against answers that bend HTTP', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  const asked: string[] = [];
  const replies: Record<string, string> = {
    '/bare-lf': 'HTTP/1.1 200 OK\nContent-Length: 2\n\nok',
    '/twice': 'HTTP/1.1 301 Moved\r\nLocation: /new\r\nLocation: /new\r\nContent-Length: 0\r\n\r\n',
    '/utf8': 'HTTP/1.1 301 Moved\r\nLocation: /café\r\nContent-Length: 0\r\n\r\n',
    '/long': `HTTP/1.1 302 Found\r\nLocation: /sso?${'x'.repeat(3000)}&RelayState=back\r\nContent-Length: 0\r\n\r\n`,
  };
  beforeAll(async () => {
    server = createServer((socket) => {
      socket.once('data', (chunk) => {
        const [, method = '', path = ''] = /^(\w+) (\S+)/.exec(chunk.toString('latin1')) ?? [];
        seen.push(path);
        asked.push(`${method} ${path}`);
        if (path === '/big-missing') {
          // A 1.4 MB "not found" page, gzipped: more than the 1 MiB of text kept.
          const html = `<html><head><title>Page not found</title></head><body>${'<p>lorem ipsum dolor</p>'.repeat(60_000)}</body></html>`;
          const body = gzipSync(html);
          return void socket.end(
            Buffer.concat([
              Buffer.from(
                `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`,
              ),
              body,
            ]),
          );
        }
        if (method === 'HEAD' && path === '/report.pdf')
          return void socket.end('HTTP/1.1 500 Oops\r\nContent-Length: 0\r\nConnection: close\r\n\r\n');
        const body = '<html><head><title>Here</title></head><body><p>A page.</p></body></html>';
        socket.end(
          replies[path] ??
            `HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`,
        );
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('a bare LF is unverified, a repeated or UTF-8 or long Location is followed as a browser would', async () => {
    const options: LinkCheckOptions = {
      ...DEFAULT_LINK_OPTIONS,
      cacheFile: ':memory:',
      userAgent: 'citeaudit-test',
      allowPrivate: true,
      hostInterval: 0,
      retries: 0,
      archives: false,
      siteProbe: false,
    };
    const r = await checkLinks(
      ['/bare-lf', '/twice', '/utf8', '/long'].map((p) => ({ url: `${base}${p}` })),
      [],
      options,
    );
    expect(r.links.get(`${base}/bare-lf`)).toMatchObject({ class: 'transient' });
    // 301s to a page of their own, and a 302 (temporary: the page itself is live).
    expect(['/twice', '/utf8', '/long'].map((p) => r.links.get(`${base}${p}`)!.class)).toEqual([
      'redirected',
      'redirected',
      'live',
    ]);
    expect(seen).toContain('/new');
    expect(seen).toContain('/caf%C3%A9');
    expect(seen.some((p) => p.startsWith('/sso?') && p.endsWith('&RelayState=back'))).toBe(true);
  });

  it('a page past the 1 MiB of text kept keeps its first part: a large gzipped "not found" page says so', async () => {
    const r = await checkLinks([{ url: `${base}/big-missing` }], [], {
      ...DEFAULT_LINK_OPTIONS,
      cacheFile: ':memory:',
      userAgent: 'citeaudit-test',
      allowPrivate: true,
      hostInterval: 0,
      archives: false,
      siteProbe: false,
    });
    expect(r.links.get(`${base}/big-missing`)).toMatchObject({ class: 'soft-404' });
  });

  it('a HEAD that fails is not asked again: the GET after it is the answer', async () => {
    asked.length = 0;
    const r = await checkLinks([{ url: `${base}/report.pdf` }], [], {
      ...DEFAULT_LINK_OPTIONS,
      cacheFile: ':memory:',
      userAgent: 'citeaudit-test',
      allowPrivate: true,
      hostInterval: 0,
      retryDelay: 10,
      archives: false,
      siteProbe: false,
    });
    expect(r.links.get(`${base}/report.pdf`)!.class).toBe('live');
    expect(asked).toEqual(['HEAD /report.pdf', 'GET /report.pdf']);
  });
});
