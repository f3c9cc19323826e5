/**
 * A real HTTP test server for the link checker's tests: a handful of loopback "sites" that all
 * serve the same route table of scenarios (redirects, loops, flaky and rate-limited routes, bot
 * challenges, slow and endless bodies, gzip bombs, socket resets, soft 404s...), a fake Wayback
 * Machine (CDX, availability and replay endpoints over an in-memory capture table), a raw TCP
 * server that speaks no HTTP, and an origin where nothing listens.
 *
 * Addresses: host i listens on 127.0.0.(2+i); the Wayback Machine on the next address, the
 * non-HTTP server on the one after, and the refused origin on the one after that. Every port is
 * chosen by the kernel, so several servers can run at once. Nothing binds outside 127.0.0.0/8.
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';

export interface ServedRequest {
  /** Local address the request arrived on, e.g. '127.0.0.3'. */
  host: string;
  port: number;
  method: string;
  /** Path + query as received. */
  path: string;
  userAgent?: string;
  /** performance.now() when the request arrived. */
  start: number;
  /** performance.now() when the response finished or the socket closed. */
  end?: number;
}

/** One capture in the fake Wayback Machine. */
export interface WaybackCapture {
  /** 'YYYYMMDDhhmmss' */
  timestamp: string;
  /** '200', '404', '302'... */
  status: string;
  /** Default 'text/html'. */
  mimetype?: string;
  /** Default: a base32 SHA-1 of the original URL and timestamp. */
  digest?: string;
}

export interface HostStats {
  requests: number;
  peakInFlight: number;
  minGapMs: number;
}

export interface ScenarioServer {
  /** Origin for host i (0-based) e.g. 'http://127.0.0.2:PORT'. Host i listens on 127.0.0.(2+i). */
  origin(i: number): string;
  /** Origin of the fake Wayback Machine (its own address). */
  wayback: string;
  /** 'http://127.0.0.X:PORT' of a raw TCP server that answers any connection with a non-HTTP banner then closes. */
  nonHttp: string;
  /** An origin on a port where nothing listens (connection refused). */
  refused: string;
  /** Every HTTP request received so far, in arrival order (all hosts including wayback). */
  log: ServedRequest[];
  /**
   * The fake Wayback Machine's captures: original URL → captures. Lookups ignore the scheme, a
   * leading 'www.' and a trailing '/' on both sides. Not cleared by reset().
   */
  captures: Map<string, WaybackCapture[]>;
  /** When true every Wayback endpoint answers 429 with Retry-After: 60. reset() sets it back to false. */
  waybackRateLimited: boolean;
  /** Per host address: requests, peak requests in flight at once, smallest gap in ms between two request starts (Infinity with fewer than two). Computed from log. */
  stats(): Map<string, HostStats>;
  /** Forget per-scenario state (first-time counters for flaky routes, waybackRateLimited) and clear the log. */
  reset(): void;
  close(): Promise<void>;
}

/** Records a capture of `original` in the fake Wayback Machine. */
export function addCapture(
  server: ScenarioServer,
  original: string,
  timestamp: string,
  status = '200',
  extra: { mimetype?: string; digest?: string } = {},
): void {
  let list = server.captures.get(original);
  if (!list) {
    list = [];
    server.captures.set(original, list);
  }
  list.push({ timestamp, status, ...extra });
}

// ---------------------------------------------------------------------------------------------
// Pages

const HOMEPAGE =
  '<html><head><title>Example Site — Home</title></head><body><h1>Welcome</h1>' +
  '<p>Welcome to the Example Site, a small publication about nothing in particular. ' +
  'Here you will find our latest articles, news from the community and the occasional essay. ' +
  'Use the navigation above to browse the archive or search for a topic.</p></body></html>';

const page = (title: string, body: string): string =>
  `<html><head><title>${title}</title></head><body>${body}</body></html>`;

const NOT_FOUND = page('404 Not Found', '<h1>Not Found</h1><p>The requested URL was not found on this server.</p>');

const FILLER = [
  'The committee met on a Tuesday and reviewed the proposals one by one, taking notes on each.',
  'Residents said the new bridge had shortened their commute by almost a quarter of an hour.',
  'Historians disagree about the date, but most sources place the founding in the late 1800s.',
  'The report recommends further study before any funding decision is taken by the council.',
  'Several species of migratory birds were observed along the river during the spring survey.',
  'Attendance at the annual festival rose again this year, according to the organisers.',
  'The library extended its opening hours after a petition signed by hundreds of students.',
];

function articlePage(n: string): string {
  const num = Number(n);
  const sentences = [0, 1, 2, 3].map((k) => FILLER[(num + k * 3) % FILLER.length]).join(' ');
  return page(
    `Article ${n} — Example Site`,
    `<h1>Article ${n}</h1><p>This is article number ${n} of the Example Site, a normal live page. ` +
      `${sentences}</p><p>Article ${n} was last updated recently; cite it as "Example Site, article ${n}".</p>`,
  );
}

const CHALLENGE_PAGE =
  '<!DOCTYPE html><html lang="en-US"><head><title>Just a moment...</title>' +
  '<meta http-equiv="Content-Type" content="text/html; charset=UTF-8"><meta name="robots" content="noindex,nofollow">' +
  '</head><body><div class="main-wrapper" role="main"><div class="main-content">' +
  '<h1 class="zone-name-title h1">example.org</h1><h2 class="h2" id="challenge-running">Checking if the site connection is secure</h2>' +
  '<noscript><div class="h2"><span id="challenge-error-text">Enable JavaScript and cookies to continue</span></div></noscript>' +
  '</div></div><script>(function(){window._cf_chl_opt={cvId: "3",cType: "managed"};' +
  "var a=document.createElement('script');a.src='/cdn-cgi/challenge-platform/h/g/orchestrate/chl_page/v1?ray=8a1b2c3d4e5f';" +
  "document.getElementsByTagName('head')[0].appendChild(a);}());</script></body></html>";

const PARKED_PAGE = page(
  'example-parked.com - This domain is for sale!',
  '<div class="parking"><h1>This domain is for sale!</h1><p>example-parked.com may be available for purchase.</p>' +
    '<a class="buy" href="https://sedo.com/search/details/?domain=example-parked.com">Buy this domain</a>' +
    '<p>Related searches: Hosting, Domains, Insurance</p>' +
    '<script src="https://sedoparking.com/frmpark/example-parked.com/IONOSParkCOM/park.js"></script></div>',
);

const HTML = 'text/html; charset=utf-8';

// ---------------------------------------------------------------------------------------------
// Helpers

function send(
  res: http.ServerResponse,
  status: number,
  body: string,
  headers: Record<string, string> = {},
  statusMessage?: string,
): void {
  const buf = Buffer.from(body, 'utf8');
  const all: Record<string, string | number> = { 'content-type': HTML, 'content-length': buf.length, ...headers };
  if (statusMessage !== undefined) res.writeHead(status, statusMessage, all);
  else res.writeHead(status, all);
  res.end(buf); // Node drops the body by itself for HEAD.
}

function redirect(res: http.ServerResponse, status: number, location: string): void {
  send(res, status, page('Moved', `<p>Moved to <a href="${location}">${location}</a>.</p>`), { location });
}

function splitTarget(url: string): { pathname: string; query: URLSearchParams } {
  const q = url.indexOf('?');
  return q < 0
    ? { pathname: url, query: new URLSearchParams() }
    : { pathname: url.slice(0, q), query: new URLSearchParams(url.slice(q + 1)) };
}

/** Wayback-style leniency: no scheme, no leading 'www.', no trailing '/'. */
function normalizeOriginal(url: string): string {
  return url
    .replace(/^[a-z][a-z0-9+.-]*:\/\//i, '')
    .replace(/^www\./i, '')
    .replace(/\/+$/, '');
}

/** 'YYYYMMDDhhmmss' (or a prefix) → ms since the epoch, missing parts taken as their smallest value. */
function timestampMs(ts: string): number {
  const d = ts.replace(/\D/g, '');
  const part = (from: number, to: number, dflt: number): number => {
    const s = d.slice(from, to);
    return s.length === to - from ? Number(s) : dflt;
  };
  return Date.UTC(
    part(0, 4, 1970),
    Math.max(part(4, 6, 1), 1) - 1,
    Math.max(part(6, 8, 1), 1),
    part(8, 10, 0),
    part(10, 12, 0),
    part(12, 14, 0),
  );
}

function base32(buf: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of buf) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  return out;
}

interface CaptureRow {
  original: string;
  capture: WaybackCapture;
}

const CDX_FIELDS = ['urlkey', 'timestamp', 'original', 'mimetype', 'statuscode', 'digest', 'length'] as const;
type CdxField = (typeof CDX_FIELDS)[number];
const DEFAULT_FL: CdxField[] = ['timestamp', 'original', 'statuscode', 'mimetype', 'digest'];

function cdxValue(row: CaptureRow, field: CdxField): string {
  switch (field) {
    case 'urlkey':
      return normalizeOriginal(row.original).toLowerCase();
    case 'timestamp':
      return row.capture.timestamp;
    case 'original':
      return row.original;
    case 'mimetype':
      return row.capture.mimetype ?? 'text/html';
    case 'statuscode':
      return row.capture.status;
    case 'digest':
      return (
        row.capture.digest ??
        base32(
          createHash('sha1')
            .update(row.original + ' ' + row.capture.timestamp)
            .digest(),
        )
      );
    case 'length':
      return '1234';
  }
}

// ---------------------------------------------------------------------------------------------
// Server

let gzipBomb: Promise<Buffer> | undefined;

/** gzip of 200 MiB of zero bytes (about 200 KB), built once per process on first use. */
function gzipBombBody(): Promise<Buffer> {
  gzipBomb ??= new Promise<Buffer>((resolve, reject) => {
    const gz = zlib.createGzip({ level: 9 });
    const out: Buffer[] = [];
    gz.on('data', (c: Buffer) => out.push(c));
    gz.on('end', () => resolve(Buffer.concat(out)));
    gz.on('error', reject);
    const zeros = Buffer.alloc(1024 * 1024);
    let left = 200;
    const pump = (): void => {
      while (left > 0) {
        left--;
        if (!gz.write(zeros)) {
          gz.once('drain', pump);
          return;
        }
      }
      gz.end();
    };
    pump();
  });
  return gzipBomb;
}

function listen(server: net.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => {
      server.off('error', reject);
      resolve((server.address() as net.AddressInfo).port);
    });
  });
}

export async function startScenarioServer(options: { hosts?: number } = {}): Promise<ScenarioServer> {
  const hostCount = options.hosts ?? 4;
  if (!Number.isInteger(hostCount) || hostCount < 1 || hostCount > 200) throw new Error('hosts must be 1..200');
  const hostAddress = (i: number): string => `127.0.0.${2 + i}`;
  const waybackAddress = hostAddress(hostCount);
  const nonHttpAddress = hostAddress(hostCount + 1);
  const refusedAddress = hostAddress(hostCount + 2);
  const CATCH_ALL = 2;

  const sockets = new Set<net.Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const seen = new Map<string, number>();
  const origins: string[] = [];
  let closed = false;

  const later = (ms: number, fn: () => void): NodeJS.Timeout => {
    const t = setTimeout(() => {
      timers.delete(t);
      fn();
    }, ms);
    timers.add(t);
    return t;
  };
  const cancel = (t: NodeJS.Timeout | undefined): void => {
    if (t === undefined) return;
    clearTimeout(t);
    clearInterval(t);
    timers.delete(t);
  };
  /** How many times before this one `pathname` was requested on `host` since start/reset. */
  const timesSeen = (host: string, pathname: string): number => {
    const key = `${host} ${pathname}`;
    const n = seen.get(key) ?? 0;
    seen.set(key, n + 1);
    return n;
  };

  const scenario: ScenarioServer = {
    origin(i: number): string {
      const o = origins[i];
      if (o === undefined) throw new Error(`no host ${i} (hosts: ${hostCount})`);
      return o;
    },
    wayback: '',
    nonHttp: '',
    refused: '',
    log: [],
    captures: new Map(),
    waybackRateLimited: false,
    stats,
    reset(): void {
      seen.clear();
      scenario.log.length = 0;
      scenario.waybackRateLimited = false;
    },
    close,
  };

  function stats(): Map<string, HostStats> {
    const byHost = new Map<string, ServedRequest[]>();
    for (const r of scenario.log) {
      let list = byHost.get(r.host);
      if (!list) byHost.set(r.host, (list = []));
      list.push(r);
    }
    const result = new Map<string, HostStats>();
    for (const [host, reqs] of byHost) {
      // Sweep over [start, end): at equal times an end is counted before a start.
      const events: [number, number][] = [];
      for (const r of reqs) {
        events.push([r.start, 1]);
        events.push([r.end ?? Infinity, -1]);
      }
      events.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
      let inFlight = 0;
      let peakInFlight = 0;
      for (const [, delta] of events) {
        inFlight += delta;
        peakInFlight = Math.max(peakInFlight, inFlight);
      }
      const starts = reqs.map((r) => r.start).sort((a, b) => a - b);
      let minGapMs = Infinity;
      for (let k = 1; k < starts.length; k++) minGapMs = Math.min(minGapMs, starts[k]! - starts[k - 1]!);
      result.set(host, { requests: reqs.length, peakInFlight, minGapMs });
    }
    return result;
  }

  function track(server: net.Server): void {
    server.on('connection', (socket: net.Socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      if (closed) socket.destroy();
    });
  }

  function logRequest(req: http.IncomingMessage, res: http.ServerResponse): void {
    const entry: ServedRequest = {
      host: req.socket.localAddress ?? '',
      port: req.socket.localPort ?? 0,
      method: req.method ?? 'GET',
      path: req.url ?? '',
      start: performance.now(),
    };
    const ua = req.headers['user-agent'];
    if (ua !== undefined) entry.userAgent = ua;
    scenario.log.push(entry);
    res.once('close', () => {
      entry.end ??= performance.now();
    });
  }

  function makeHttpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void): http.Server {
    const server = http.createServer((req, res) => {
      logRequest(req, res);
      try {
        handler(req, res);
      } catch (err) {
        if (!res.headersSent) send(res, 500, page('Internal Server Error', `<pre>${String(err)}</pre>`));
        else res.destroy();
      }
    });
    server.on('clientError', (_err, socket) => socket.destroy());
    track(server);
    return server;
  }

  // ----- the sites -----

  function handleSite(index: number, req: http.IncomingMessage, res: http.ServerResponse): void {
    const host = hostAddress(index);
    const { pathname, query } = splitTarget(req.url ?? '/');
    const isHead = req.method === 'HEAD';
    const firstTime = (): boolean => timesSeen(host, pathname) === 0;

    switch (pathname) {
      case '/':
        return send(res, 200, HOMEPAGE);
      case '/ok':
        return send(
          res,
          200,
          page(
            'OK — Example Site',
            `<h1>Everything is fine</h1><p>This page exists and answers 200. ${FILLER.join(' ')}</p>`,
          ),
        );
      case '/moved':
        return redirect(res, 301, '/article/7');
      case '/moved-abs':
        return redirect(res, 301, `${origins[index]}/article/8`);
      case '/deep/news/2009/story.html':
        return redirect(res, 301, '/');
      case '/loop/a':
        return redirect(res, 302, '/loop/b');
      case '/loop/b':
        return redirect(res, 302, '/loop/a');
      case '/missing':
        return send(res, 404, NOT_FOUND);
      case '/gone':
        return send(res, 410, page('410 Gone', '<h1>Gone</h1><p>This page has been removed permanently.</p>'));
      case '/flaky':
        return firstTime()
          ? send(res, 500, page('500 Internal Server Error', '<h1>Internal Server Error</h1>'))
          : send(res, 200, page('Flaky page', '<h1>Flaky page</h1><p>It works now.</p>'));
      case '/always-500':
        return send(res, 500, page('500 Internal Server Error', '<h1>Internal Server Error</h1>'));
      case '/busy':
        return firstTime()
          ? send(res, 503, page('503 Service Unavailable', '<h1>Service Unavailable</h1>'), { 'retry-after': '1' })
          : send(res, 200, page('Busy page', '<h1>Busy page</h1><p>Available again.</p>'));
      case '/limited':
        return firstTime()
          ? send(res, 429, page('429 Too Many Requests', '<h1>Too Many Requests</h1>'), { 'retry-after': '1' })
          : send(res, 200, page('Limited page', '<h1>Limited page</h1><p>Welcome back.</p>'));
      case '/limited-bare':
        return firstTime()
          ? send(res, 429, page('429 Too Many Requests', '<h1>Too Many Requests</h1>'))
          : send(res, 200, page('Limited page', '<h1>Limited page</h1><p>Welcome back.</p>'));
      case '/limited-date': {
        if (!firstTime()) return send(res, 200, page('Limited page', '<h1>Limited page</h1><p>Welcome back.</p>'));
        // The next whole second at least 1 s away, so the wait is 1–2 s despite the date's 1 s resolution.
        const when = new Date(Math.ceil((Date.now() + 1000) / 1000) * 1000).toUTCString();
        return send(res, 429, page('429 Too Many Requests', '<h1>Too Many Requests</h1>'), { 'retry-after': when });
      }
      case '/limited-always':
        return send(res, 429, page('429 Too Many Requests', '<h1>Too Many Requests</h1>'), { 'retry-after': '1' });
      case '/challenge':
        return send(res, 403, CHALLENGE_PAGE, {
          'cf-mitigated': 'challenge',
          server: 'cloudflare',
          'cf-ray': '8a1b2c3d4e5f-AMS',
          'cache-control': 'private, max-age=0, no-store, no-cache, must-revalidate',
        });
      case '/forbidden':
        return send(
          res,
          403,
          page('403 Forbidden', "<h1>Forbidden</h1><p>You don't have permission to access this resource.</p>"),
        );
      case '/li':
        return send(res, 999, '<html><head></head><body></body></html>', {}, 'Request denied');
      case '/no-head':
        return isHead
          ? send(res, 405, page('405 Method Not Allowed', '<h1>Method Not Allowed</h1>'), { allow: 'GET' })
          : send(res, 200, page('No HEAD here', '<h1>No HEAD here</h1><p>This page only answers GET.</p>'));
      case '/slow-headers': {
        const ms = Number(query.get('ms') ?? 5000);
        const t = later(Number.isFinite(ms) && ms >= 0 ? ms : 5000, () => {
          if (!res.destroyed) send(res, 200, page('Slow page', '<h1>Slow page</h1><p>Sorry for the wait.</p>'));
        });
        res.once('close', () => cancel(t));
        return;
      }
      case '/drip': {
        res.writeHead(200, { 'content-type': HTML });
        if (isHead) return void res.end();
        res.flushHeaders();
        const text = Buffer.from(page('Drip', '<p>' + 'drip '.repeat(80) + '</p>'));
        let k = 0;
        const started = Date.now();
        const t = setInterval(() => {
          if (res.destroyed || Date.now() - started >= 60_000) {
            cancel(t);
            if (!res.destroyed) res.end();
            return;
          }
          res.write(text.subarray(k % text.length, (k % text.length) + 1));
          k++;
        }, 200);
        timers.add(t);
        res.once('close', () => cancel(t));
        return;
      }
      case '/endless': {
        res.writeHead(200, { 'content-type': HTML });
        if (isHead) return void res.end();
        const chunk = Buffer.alloc(16 * 1024, 'endless '.repeat(2048));
        let gone = false;
        res.once('close', () => (gone = true));
        const pump = (): void => {
          while (!gone && !res.destroyed) {
            if (!res.write(chunk)) {
              res.once('drain', pump);
              return;
            }
          }
        };
        pump();
        return;
      }
      case '/gzip-bomb':
        gzipBombBody().then(
          (body) => {
            if (res.destroyed) return;
            res.writeHead(200, { 'content-type': HTML, 'content-encoding': 'gzip' });
            res.end(body);
          },
          () => res.destroy(),
        );
        return;
      case '/reset':
        req.socket.resetAndDestroy();
        return;
      case '/empty-reply':
        req.socket.destroy();
        return;
      case '/soft-404':
        return send(
          res,
          200,
          page('Page not found', '<h1>Oops!</h1><p>Sorry, the page you requested could not be found.</p>'),
        );
      case '/to-notfound':
        return redirect(res, 302, '/errors/notfound.html');
      case '/errors/notfound.html':
        return send(
          res,
          200,
          page(
            'Error — Example Site',
            '<h1>Something went wrong</h1><p>We could not find what you were looking for. Return to the <a href="/">homepage</a>.</p>',
          ),
        );
      case '/parked':
        return send(res, 200, PARKED_PAGE);
      case '/subscribe':
        return send(res, 401, page('401 Unauthorized', '<h1>Subscribers only</h1><p>Please log in.</p>'), {
          'www-authenticate': 'Basic realm="Subscribers"',
        });
      case '/payment':
        return send(res, 402, page('402 Payment Required', '<h1>Payment Required</h1><p>Subscribe to read.</p>'));
      case '/redirect-to-missing':
        return redirect(res, 301, '/missing');
      case '/redirect-offsite': {
        const to = query.get('to');
        if (!to) return send(res, 400, page('400 Bad Request', '<p>Missing ?to=</p>'));
        return redirect(res, 302, to);
      }
      case '/echo-ua':
        return send(res, 200, req.headers['user-agent'] ?? '', { 'content-type': 'text/plain; charset=utf-8' });
    }

    const article = /^\/article\/(\d+)$/.exec(pathname);
    if (article) return send(res, 200, articlePage(article[1]!));

    const hops = /^\/hops\/(\d+)$/.exec(pathname);
    if (hops && Number(hops[1]) <= 50) {
      const n = Number(hops[1]);
      return n === 0
        ? send(res, 200, page('Arrived', '<h1>Arrived</h1><p>The end of the redirect chain.</p>'))
        : redirect(res, 302, `/hops/${n - 1}`);
    }

    if (index === CATCH_ALL) return send(res, 200, HOMEPAGE);
    return send(res, 404, NOT_FOUND);
  }

  // ----- the Wayback Machine -----

  function capturesOf(url: string): CaptureRow[] {
    const want = normalizeOriginal(url);
    const rows: CaptureRow[] = [];
    for (const [original, list] of scenario.captures) {
      if (normalizeOriginal(original) !== want) continue;
      for (const capture of list) rows.push({ original, capture });
    }
    return rows.sort((a, b) =>
      a.capture.timestamp < b.capture.timestamp ? -1 : a.capture.timestamp > b.capture.timestamp ? 1 : 0,
    );
  }

  function closest(rows: CaptureRow[], ts: string | null): CaptureRow | undefined {
    const target = ts ? timestampMs(ts) : Date.now();
    let best: CaptureRow | undefined;
    let bestDistance = Infinity;
    for (const row of rows) {
      const distance = Math.abs(timestampMs(row.capture.timestamp) - target);
      if (distance < bestDistance) {
        best = row;
        bestDistance = distance;
      }
    }
    return best;
  }

  function sendJson(res: http.ServerResponse, status: number, value: unknown): void {
    send(res, status, JSON.stringify(value), { 'content-type': 'application/json' });
  }

  function handleWayback(req: http.IncomingMessage, res: http.ServerResponse): void {
    if (scenario.waybackRateLimited) {
      return send(res, 429, page('429 Too Many Requests', '<h1>Too Many Requests</h1>'), { 'retry-after': '60' });
    }
    const target = req.url ?? '/';
    const { pathname, query } = splitTarget(target);

    if (pathname === '/cdx/search/cdx') {
      const url = query.get('url');
      if (!url)
        return send(res, 400, 'org.archive.util.io.RuntimeIOException: Missing url', { 'content-type': 'text/plain' });
      const fl = query.get('fl');
      const fields = fl
        ? fl
            .split(',')
            .map((f) => f.trim())
            .filter((f): f is CdxField => (CDX_FIELDS as readonly string[]).includes(f))
        : DEFAULT_FL;
      let rows = capturesOf(url);
      for (const filter of query.getAll('filter')) {
        const m = /^(!?)([a-z]+):(.*)$/.exec(filter);
        if (!m || !(CDX_FIELDS as readonly string[]).includes(m[2]!)) continue;
        const negate = m[1] === '!';
        const field = m[2] as CdxField;
        const re = new RegExp(`^(?:${m[3]})$`);
        rows = rows.filter((row) => re.test(cdxValue(row, field)) !== negate);
      }
      const from = query.get('from');
      if (from) rows = rows.filter((row) => row.capture.timestamp >= from.padEnd(14, '0'));
      const to = query.get('to');
      if (to) rows = rows.filter((row) => row.capture.timestamp <= to.padEnd(14, '9'));
      const limit = Number(query.get('limit') ?? NaN);
      if (Number.isInteger(limit) && limit > 0) rows = rows.slice(0, limit);
      else if (Number.isInteger(limit) && limit < 0) rows = rows.slice(limit);
      const table = rows.map((row) => fields.map((f) => cdxValue(row, f)));
      if (query.get('output') === 'json') return sendJson(res, 200, table.length ? [fields, ...table] : []);
      return send(res, 200, table.map((r) => r.join(' ') + '\n').join(''), { 'content-type': 'text/plain' });
    }

    if (pathname === '/wayback/available') {
      const url = query.get('url') ?? '';
      const ok = capturesOf(url).filter((row) => row.capture.status === '200');
      const best = closest(ok, query.get('timestamp'));
      if (!best) return sendJson(res, 200, { url, archived_snapshots: {} });
      const ts = best.capture.timestamp;
      return sendJson(res, 200, {
        url,
        archived_snapshots: {
          closest: {
            available: true,
            url: `http://web.archive.org/web/${ts}/${best.original}`,
            timestamp: ts,
            status: '200',
          },
        },
      });
    }

    const replay = /^\/web\/(\d{1,14})([a-z]{2}_)?\/(.+)$/.exec(target);
    if (replay) {
      const ts = replay[1]!;
      const flag = replay[2] ?? '';
      const original = replay[3]!;
      const rows = capturesOf(original);
      const exact = rows.find((row) => row.capture.timestamp === ts);
      if (exact && exact.capture.status === '200') {
        return send(
          res,
          200,
          page(`Wayback replay of ${original}`, `<p>Archived copy of ${original} captured at ${ts}.</p>`),
          { 'memento-datetime': new Date(timestampMs(ts)).toUTCString() },
        );
      }
      if (exact && /^[45]\d\d$/.test(exact.capture.status)) {
        return send(
          res,
          Number(exact.capture.status),
          page(`Wayback replay of ${original}`, `<p>Archived error page, status ${exact.capture.status}.</p>`),
        );
      }
      const ok = rows.filter((row) => row.capture.status === '200' && row.capture.timestamp !== ts);
      const others = rows.filter((row) => row.capture.timestamp !== ts && !/^3/.test(row.capture.status));
      const best = closest(ok.length ? ok : others, ts);
      if (best) return redirect(res, 302, `${scenario.wayback}/web/${best.capture.timestamp}${flag}/${original}`);
    }

    return send(
      res,
      404,
      page('Wayback Machine', "<h1>Hrm.</h1><p>Wayback Machine doesn't have that page archived.</p>"),
    );
  }

  // ----- start everything -----

  const servers: net.Server[] = [];
  try {
    for (let i = 0; i < hostCount; i++) {
      const server = makeHttpServer((req, res) => handleSite(i, req, res));
      servers.push(server);
      const port = await listen(server, hostAddress(i));
      origins.push(`http://${hostAddress(i)}:${port}`);
    }

    const waybackServer = makeHttpServer(handleWayback);
    servers.push(waybackServer);
    scenario.wayback = `http://${waybackAddress}:${await listen(waybackServer, waybackAddress)}`;

    const nonHttpServer = net.createServer((socket) => {
      socket.on('error', () => {});
      socket.resume(); // drain whatever the client sends, so closing does not turn into a RST
      socket.end('SSH-2.0-OpenSSH_9.6\r\n');
    });
    track(nonHttpServer);
    servers.push(nonHttpServer);
    scenario.nonHttp = `http://${nonHttpAddress}:${await listen(nonHttpServer, nonHttpAddress)}`;

    // A port the kernel just handed out and got back, on an address nothing else here listens on.
    const probe = net.createServer();
    const refusedPort = await listen(probe, refusedAddress);
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    scenario.refused = `http://${refusedAddress}:${refusedPort}`;
  } catch (err) {
    await close();
    throw err;
  }

  async function close(): Promise<void> {
    closed = true;
    for (const t of timers) {
      clearTimeout(t);
      clearInterval(t);
    }
    timers.clear();
    const done = servers.map(
      (server) =>
        new Promise<void>((resolve) => {
          if (!server.listening) return resolve();
          server.close(() => resolve());
        }),
    );
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    await Promise.all(done);
  }

  return scenario;
}
