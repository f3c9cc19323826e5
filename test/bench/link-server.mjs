/**
 * The link-check benchmark's HTTP server, run as a process of its own (test/bench/links.ts forks it):
 * one port on the loopback addresses 127.0.0.1 ... 127.0.0.<hosts>, so that a checker sees
 * <hosts> distinct hosts.
 *
 *   node test/bench/link-server.mjs [--hosts 100] [--delay 20 | --delay 0-5] [--port 18080]
 *
 * Every /page/... path answers 200 with a ~80-byte HTML page after the delay (ms; MIN-MAX draws
 * each delay uniformly). Any other path answers 404 after the same delay, as a real site
 * would: citeaudit's site probe (a GET of a random path) must not see the page it is checking,
 * or it classifies every URL a soft 404. Control paths, answered at once and not counted:
 *
 *   /__stats  JSON: requests by method and status, peak in flight in total and per address
 *   /__reset  zeroes the counters (?delay=MS or MIN-MAX changes the delay too)
 *   /list.html?n=N[&hosts=H]  (counted) an HTML page linking the first N benchmark URLs,
 *             http://127.0.0.{(i % H) + 1}:PORT/page/i for i = 0 ... N-1, for linkinator
 *
 * The port is the first free one from --port on (every address must take it). The server
 * tells its parent { port } over IPC when forked (else prints `listening PORT`), and exits
 * when the parent goes away.
 */
import http from 'node:http';
import { setTimeout } from 'node:timers';
import { URL } from 'node:url';

function flag(name, fallback) {
  const at = process.argv.indexOf(name);
  return at >= 0 && process.argv[at + 1] !== undefined ? process.argv[at + 1] : fallback;
}

/** `20` or `0-5` → [min, max] in ms. */
function parseDelay(text) {
  const m = /^(\d+(?:\.\d+)?)(?:-(\d+(?:\.\d+)?))?$/.exec(String(text));
  if (!m) throw new Error(`--delay: expected MS or MIN-MAX, got ${text}`);
  const min = Number(m[1]);
  const max = m[2] === undefined ? min : Number(m[2]);
  if (max < min) throw new Error(`--delay: ${text} has MAX below MIN`);
  return [min, max];
}

const HOSTS = Number(flag('--hosts', '100'));
const FIRST_PORT = Number(flag('--port', '18080'));
let [delayMin, delayMax] = parseDelay(flag('--delay', '20'));
if (!Number.isInteger(HOSTS) || HOSTS < 1 || HOSTS > 254) throw new Error('--hosts: 1 ... 254');

const ADDRESSES = Array.from({ length: HOSTS }, (_, i) => `127.0.0.${i + 1}`);
/** 80 bytes with the number of the page (padded to 8 digits). */
const page = (n) =>
  `<!doctype html><html><head><title>Page</title></head><body>${String(n).padStart(8, '0')}</body></html>\n`;
const NOT_FOUND = '<!doctype html><html><head><title>Not found</title></head><body>none</body></html>\n';

function emptyStats() {
  return {
    requests: 0,
    inFlight: 0,
    peakInFlight: 0,
    byMethod: {},
    byStatus: {},
    /** address → { requests, inFlight, peakInFlight } */
    perAddress: {},
    since: Date.now(),
  };
}

let stats = emptyStats();

function addressStats(address) {
  let s = stats.perAddress[address];
  if (!s) stats.perAddress[address] = s = { requests: 0, inFlight: 0, peakInFlight: 0 };
  return s;
}

function snapshot() {
  const per = Object.values(stats.perAddress);
  return {
    requests: stats.requests,
    inFlight: stats.inFlight,
    peakInFlight: stats.peakInFlight,
    maxPeakPerAddress: per.reduce((m, s) => Math.max(m, s.peakInFlight), 0),
    addressesSeen: per.length,
    byMethod: stats.byMethod,
    byStatus: stats.byStatus,
    perAddress: stats.perAddress,
    delay: [delayMin, delayMax],
    seconds: (Date.now() - stats.since) / 1000,
  };
}

function send(res, status, body, head) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(head ? undefined : body);
}

function listPage(port, n, hosts) {
  const links = [];
  for (let i = 0; i < n; i++) links.push(`<a href="http://127.0.0.${(i % hosts) + 1}:${port}/page/${i}">${i}</a>`);
  return `<!doctype html><html><head><title>Links</title></head><body>\n${links.join('\n')}\n</body></html>\n`;
}

function handler(port) {
  return (req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/__stats') {
      const body = JSON.stringify(snapshot());
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
      return res.end(body);
    }
    if (url.pathname === '/__reset') {
      const delay = url.searchParams.get('delay');
      if (delay !== null) [delayMin, delayMax] = parseDelay(delay);
      stats = emptyStats();
      return send(res, 200, 'reset\n', false);
    }
    const mine = stats;
    const address = req.socket.localAddress ?? '?';
    const per = addressStats(address);
    mine.requests++;
    mine.byMethod[req.method] = (mine.byMethod[req.method] ?? 0) + 1;
    per.requests++;
    mine.peakInFlight = Math.max(mine.peakInFlight, ++mine.inFlight);
    per.peakInFlight = Math.max(per.peakInFlight, ++per.inFlight);
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      mine.inFlight--;
      per.inFlight--;
    };
    res.on('close', finish);
    const head = req.method === 'HEAD';
    const answer = () => {
      let status = 404;
      let body = NOT_FOUND;
      if (url.pathname.startsWith('/page/')) {
        status = 200;
        body = page(url.pathname.slice(6));
      } else if (url.pathname === '/list.html') {
        status = 200;
        body = listPage(
          port,
          Number(url.searchParams.get('n') ?? 2000),
          Number(url.searchParams.get('hosts') ?? HOSTS),
        );
      }
      mine.byStatus[status] = (mine.byStatus[status] ?? 0) + 1;
      send(res, status, body, head);
      finish();
    };
    const delay = delayMin + Math.random() * (delayMax - delayMin);
    if (url.pathname === '/list.html' || delay <= 0) answer();
    else setTimeout(answer, delay);
  };
}

/** Listens on `port` on every address, or closes what it opened and rejects. */
async function listenAll(port) {
  const servers = [];
  try {
    for (const address of ADDRESSES) {
      const server = http.createServer(handler(port));
      server.keepAliveTimeout = 10_000;
      servers.push(server);
      await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen({ port, host: address, backlog: 2048 }, () => {
          server.off('error', reject);
          resolve();
        });
      });
    }
    return servers;
  } catch (err) {
    await Promise.all(servers.map((s) => new Promise((resolve) => s.close(() => resolve()))));
    throw err;
  }
}

async function main() {
  for (let port = FIRST_PORT; port < FIRST_PORT + 200 && port < 65536; port++) {
    try {
      await listenAll(port);
    } catch (err) {
      if (err.code === 'EADDRINUSE' || err.code === 'EACCES') continue;
      throw err;
    }
    if (process.send) {
      process.send({ port, hosts: HOSTS });
      // The parent went away (or disconnected on purpose): nothing more to serve.
      process.on('disconnect', () => process.exit(0));
    } else process.stdout.write(`listening ${port}\n`);
    return;
  }
  throw new Error(`no port free on all ${HOSTS} addresses from ${FIRST_PORT} on`);
}

main().catch((err) => {
  process.stderr.write(`link-server: ${err.stack ?? err}\n`);
  process.exit(1);
});
