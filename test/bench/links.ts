/**
 * Link-checking benchmark, a section of `npm run bench` (test/bench/run.ts calls linkSection).
 *
 * A local HTTP server in a process of its own (link-server.mjs) listens on one port on
 * 127.0.0.1 ... 127.0.0.100 and answers every benchmark URL 200 after a delay (20 ms here).
 * Over the same 10,000 URLs (100 per address; `--link-urls N` for another number), each in a
 * fresh child process:
 *
 *   - citeaudit's checkLinks with politeness on (concurrency 32, 2 per host), no site probe,
 *     hostInterval 0; then again with the site probe (the default) on; then with the global
 *     limit widened to 128 (still 2 per host);
 *   - linkinator 7.6.1: its CLI (wall clock of the process) and its LinkChecker API (its own
 *     clock), both over /list.html, which links the same URLs;
 *   - then citeaudit and linkinator's API, both with their default limits (citeaudit's interval
 *     per host still 0), against answers in 0-5 ms, where the global limit no longer caps the
 *     rate and each checker's cost per URL decides it;
 *   - last, citeaudit with every default, its interval per host included, on the first 1,000
 *     URLs (10 a host): the rate a real run gets, about one request a second per domain.
 *
 * The server counts the requests and their peak in flight, in total and per address.
 * `--links-large` (or `--large`) adds checkLinks over 100,000 URLs (server delay 0-5 ms),
 * sampling RSS and heap every 250 ms, once with V8's own heap sizing and once with the old
 * space capped at 100 MB. Nothing here asserts: it measures and prints.
 *
 * Internal: `node --import tsx test/bench/links.ts --child JSON` runs one measured case and
 * prints one JSON line.
 */
import { DEFAULT_LINK_OPTIONS } from '../../src/links/index.ts';
import { fmt, renderTable } from './table.ts';
import { fork, spawn } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const SERVER = path.join(import.meta.dirname, 'link-server.mjs');
const LINKINATOR_DIR = path.join(ROOT, 'node_modules/linkinator');

/** Loopback addresses the server listens on: 127.0.0.1 ... 127.0.0.HOSTS. */
const HOSTS = 100;
/**
 * URLs of the throughput rows by default (100 per address): enough that each row measures
 * the checker's steady rate, not its first second of start-up (connections opened, code not
 * yet optimized); `npm run bench -- --link-urls 2000` measures the short run.
 */
export const LINK_URLS = 10_000;
/** URLs of the memory run (--links-large). */
const LARGE_URLS = 100_000;
const DELAY = '20';
const LARGE_DELAY = '0-5';
/** The server delay of the rows where the checkers' own cost decides the rate. */
const FAST_DELAY = '0-5';
/** The old-space cap of the second memory run. */
const LARGE_HEAP_CAP_MB = 100;
const SAMPLE_MS = 250;
const MARKS = [10_000, 50_000, 100_000];
/** citeaudit's default least time between two requests to one domain (ms), and the URLs of its row. */
const DEFAULT_HOST_INTERVAL = DEFAULT_LINK_OPTIONS.hostInterval;
const DEFAULTS_URLS = 1_000;
const DEFAULTS_ROW = `citeaudit, every default (--host-interval ${DEFAULT_HOST_INTERVAL}), ${FAST_DELAY} ms`;
/** The issue's target: citeaudit checks/s at least this many times linkinator's, politeness on. */
const TARGET_RATIO = 2;
const MB = 1e6;

/** The benchmark URLs, the same as the server's /list.html?n=N links, round-robin over the addresses. */
function benchUrls(port: number, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `http://127.0.0.${(i % HOSTS) + 1}:${port}/page/${i}`);
}

// ---------------------------------------------------------------------------
// Child side: one measured case, in a fresh process, reported as one JSON line.
// ---------------------------------------------------------------------------

type ChildSpec =
  | { kind: 'citeaudit'; port: number; urls: number; siteProbe: boolean; concurrency?: number; hostInterval?: number }
  | { kind: 'memory'; port: number; urls: number; heapCapMB?: number }
  | { kind: 'linkinator-api'; port: number; urls: number };

interface MemoryMark {
  done: number;
  seconds: number;
  rssMB: number;
  heapMB: number;
}

interface ChildResult {
  /** The check itself, by the child's own clock (imports and start-up excluded). */
  seconds: number;
  checked: number;
  live: number;
  /** citeaudit: results by class; linkinator: by state. */
  byClass: Record<string, number>;
  maxRssKB: number;
  memory?: {
    before: { rssMB: number; heapMB: number };
    samples: number;
    peakRssMB: number;
    peakHeapMB: number;
    marks: MemoryMark[];
    /** After checkLinks and a forced full GC (the child runs with --expose-gc), its result still held. */
    afterGc?: { rssMB: number; heapMB: number; resultsMB: number };
  };
}

const mbOf = (bytes: number) => bytes / MB;

async function citeauditChild(spec: Extract<ChildSpec, { kind: 'citeaudit' | 'memory' }>): Promise<ChildResult> {
  const { checkLinks, DEFAULT_LINK_OPTIONS } = await import('../../src/links/index.ts');
  const urls = benchUrls(spec.port, spec.urls);
  const memory = spec.kind === 'memory';
  // The memory run keeps its cache in a file, as a real run does (an in-memory database
  // would hold every result twice); the throughput rows keep theirs in memory.
  const cacheDir = memory ? mkdtempSync(path.join(os.tmpdir(), 'citeaudit-bench-cache-')) : undefined;
  const before = process.memoryUsage();
  let peakRss = before.rss;
  let peakHeap = before.heapUsed;
  let samples = 0;
  const sample = () => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
    samples++;
  };
  const timer = memory ? setInterval(sample, SAMPLE_MS) : undefined;
  const marks: MemoryMark[] = [];
  const start = performance.now();
  try {
    const checked = await checkLinks(
      urls.map((url) => ({ url })),
      [],
      {
        ...DEFAULT_LINK_OPTIONS,
        cacheFile: cacheDir ? path.join(cacheDir, 'links.sqlite') : ':memory:',
        userAgent: 'citeaudit-bench',
        allowPrivate: true,
        archives: false,
        siteProbe: spec.kind === 'citeaudit' ? spec.siteProbe : false,
        ...(spec.kind === 'citeaudit' && spec.concurrency ? { concurrency: spec.concurrency } : {}),
        // 0 unless the row says otherwise: the default (a second between two requests to one
        // domain) caps 100 hosts at 100 checks a second, whatever the checker costs.
        hostInterval: spec.kind === 'citeaudit' ? (spec.hostInterval ?? 0) : 0,
        maxUrls: Math.max(DEFAULT_LINK_OPTIONS.maxUrls, spec.urls),
        ...(memory
          ? {
              onResult: (done: number) => {
                if (!MARKS.includes(done)) return;
                const m = process.memoryUsage();
                marks.push({
                  done,
                  seconds: (performance.now() - start) / 1000,
                  rssMB: mbOf(m.rss),
                  heapMB: mbOf(m.heapUsed),
                });
              },
            }
          : {}),
      },
    );
    const seconds = (performance.now() - start) / 1000;
    if (memory) sample();
    let live = 0;
    for (const r of checked.links.values()) if (r.class === 'live') live++;
    const gc = (globalThis as { gc?: () => void }).gc;
    let afterGc: { rssMB: number; heapMB: number; resultsMB: number } | undefined;
    const byClass: Record<string, number> = {};
    for (const [k, v] of Object.entries(checked.stats.byClass)) if (v) byClass[k] = v;
    const size = checked.links.size;
    if (memory && gc) {
      gc();
      const m = process.memoryUsage();
      // What the results hold: the heap with them, less the heap once they are let go (the
      // URL strings stay: the caller has them either way).
      checked.links.clear();
      gc();
      const without = process.memoryUsage().heapUsed;
      afterGc = { rssMB: mbOf(m.rss), heapMB: mbOf(m.heapUsed), resultsMB: mbOf(m.heapUsed - without) };
      if (!urls.length) throw new Error('unreachable'); // keeps the URL strings alive until here
    }
    return {
      seconds,
      checked: size,
      live,
      byClass,
      maxRssKB: process.resourceUsage().maxRSS,
      ...(memory
        ? {
            memory: {
              before: { rssMB: mbOf(before.rss), heapMB: mbOf(before.heapUsed) },
              samples,
              peakRssMB: mbOf(peakRss),
              peakHeapMB: mbOf(peakHeap),
              marks,
              ...(afterGc ? { afterGc } : {}),
            },
          }
        : {}),
    };
  } finally {
    if (timer) clearInterval(timer);
    if (cacheDir) rmSync(cacheDir, { recursive: true, force: true });
  }
}

async function linkinatorChild(spec: Extract<ChildSpec, { kind: 'linkinator-api' }>): Promise<ChildResult> {
  const { LinkChecker } = await import('linkinator');
  const list = listUrl(spec.port, spec.urls);
  const start = performance.now();
  const result = await new LinkChecker().check({ path: list });
  const seconds = (performance.now() - start) / 1000;
  return { seconds, ...linkinatorCounts(result.links, list), maxRssKB: process.resourceUsage().maxRSS };
}

async function child(spec: ChildSpec): Promise<ChildResult> {
  return spec.kind === 'linkinator-api' ? linkinatorChild(spec) : citeauditChild(spec);
}

// ---------------------------------------------------------------------------
// Parent side: the server, the children, linkinator's CLI, the table.
// ---------------------------------------------------------------------------

const listUrl = (port: number, n: number) => `http://127.0.0.1:${port}/list.html?n=${n}&hosts=${HOSTS}`;

/** linkinator's results without the list page itself: OK links and the states of all. */
function linkinatorCounts(
  links: readonly { url: string; state: string }[],
  list: string,
): Pick<ChildResult, 'checked' | 'live' | 'byClass'> {
  const byClass: Record<string, number> = {};
  let checked = 0;
  let live = 0;
  for (const l of links) {
    if (l.url === list) continue;
    checked++;
    if (l.state === 'OK') live++;
    byClass[l.state] = (byClass[l.state] ?? 0) + 1;
  }
  return { checked, live, byClass };
}

interface ServerStats {
  requests: number;
  peakInFlight: number;
  maxPeakPerAddress: number;
  addressesSeen: number;
  byMethod: Record<string, number>;
  byStatus: Record<string, number>;
}

/** Children without proxy variables: every request goes straight to the loopback server. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const k of Object.keys(env)) if (/^(?:https?|all|no)_proxy$/i.test(k)) delete env[k];
  return env;
}

/** A GET to the server's control paths on 127.0.0.1, on a connection of its own. */
function control(port: number, pathAndQuery: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: '127.0.0.1', port, path: pathAndQuery, agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (d: string) => (body += d));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(body) : reject(new Error(`${pathAndQuery}: ${res.statusCode}`)),
      );
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error(`${pathAndQuery}: timed out`)));
  });
}

class LinkServer {
  private constructor(
    private readonly proc: ReturnType<typeof fork>,
    readonly port: number,
  ) {}

  static start(): Promise<LinkServer> {
    const proc = fork(SERVER, ['--hosts', String(HOSTS), '--delay', DELAY, '--port', '18080'], {
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: cleanEnv(),
    });
    return new Promise((resolve, reject) => {
      const fail = (err: Error) => {
        proc.kill('SIGKILL');
        reject(err);
      };
      const timer = setTimeout(() => fail(new Error('the link server did not start within 30 s')), 30_000);
      proc.once('error', (err) => (clearTimeout(timer), fail(err)));
      proc.once('exit', (code) => (clearTimeout(timer), reject(new Error(`the link server exited (${code})`))));
      proc.once('message', (msg: { port?: number }) => {
        clearTimeout(timer);
        proc.removeAllListeners('exit');
        if (typeof msg.port !== 'number') return fail(new Error('the link server sent no port'));
        resolve(new LinkServer(proc, msg.port));
      });
    });
  }

  async reset(delay: string): Promise<void> {
    await control(this.port, `/__reset?delay=${delay}`);
  }

  async stats(): Promise<ServerStats> {
    return JSON.parse(await control(this.port, '/__stats')) as ServerStats;
  }

  /** Kills the server and waits for it to go (SIGKILL after 5 s). */
  async stop(): Promise<void> {
    const proc = this.proc;
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const gone = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), 5000);
    await gone;
    clearTimeout(timer);
  }
}

/** Runs `cmd args`: wall-clock seconds and stdout, killed after `timeoutMs`. */
function runProcess(
  cmd: string,
  args: string[],
  timeoutMs: number,
): Promise<{ seconds: number; code: number | null; stdout: string }> {
  // Stdout goes to a file, not a pipe: a program that calls process.exit() right after a
  // large write to a pipe (linkinator's CLI with 10,000 links) loses what the pipe had not
  // taken yet, while writes to a file are synchronous.
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citeaudit-bench-out-'));
  const outFile = path.join(dir, 'stdout');
  const fd = openSync(outFile, 'w');
  return new Promise<{ seconds: number; code: number | null; stdout: string }>((resolve, reject) => {
    const start = performance.now();
    const proc = spawn(cmd, args, { cwd: ROOT, env: cleanEnv(), stdio: ['ignore', fd, 'inherit'] });
    const timer = setTimeout(() => proc.kill('SIGKILL'), timeoutMs);
    proc.on('error', (err) => (clearTimeout(timer), reject(err)));
    proc.on('close', (code, signal) => {
      const seconds = (performance.now() - start) / 1000;
      clearTimeout(timer);
      if (signal)
        return reject(new Error(`killed by ${signal}${signal === 'SIGKILL' ? ` after ${timeoutMs} ms` : ''}`));
      resolve({ seconds, code, stdout: readFileSync(outFile, 'utf8') });
    });
  }).finally(() => {
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  });
}

/** One case in a fresh `node --import tsx links.ts --child` process. */
async function runChild(spec: ChildSpec, timeoutMs: number): Promise<ChildResult & { processSeconds: number }> {
  const gc = spec.kind === 'memory' ? ['--expose-gc'] : [];
  if (spec.kind === 'memory' && spec.heapCapMB) gc.push(`--max-old-space-size=${spec.heapCapMB}`);
  const r = await runProcess(
    process.execPath,
    [...gc, '--import', 'tsx', SELF, '--child', JSON.stringify(spec)],
    timeoutMs,
  );
  if (r.code !== 0) throw new Error(`failed (exit ${r.code})`);
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return { ...(JSON.parse(line) as ChildResult), processSeconds: r.seconds };
  } catch {
    throw new Error(`failed (no JSON on stdout: ${JSON.stringify(line.slice(0, 80))})`);
  }
}

/** linkinator's CLI, its bin run directly with node: wall clock of the whole process. */
async function runLinkinatorCli(port: number, n: number): Promise<ChildResult & { processSeconds: number }> {
  const pkg = JSON.parse(readFileSync(path.join(LINKINATOR_DIR, 'package.json'), 'utf8')) as {
    bin?: string | Record<string, string>;
  };
  const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.['linkinator'];
  if (!bin) throw new Error('linkinator/package.json names no bin');
  const list = listUrl(port, n);
  const r = await runProcess(process.execPath, [path.join(LINKINATOR_DIR, bin), list, '--format', 'json'], 120_000);
  let result: { passed?: boolean; links?: { url: string; state: string }[] };
  try {
    result = JSON.parse(r.stdout) as typeof result;
  } catch {
    throw new Error(`exit ${r.code}, no JSON on stdout: ${JSON.stringify(r.stdout.slice(0, 80))}`);
  }
  if (!Array.isArray(result.links)) throw new Error(`exit ${r.code}, JSON without links`);
  return {
    seconds: r.seconds,
    processSeconds: r.seconds,
    ...linkinatorCounts(result.links, list),
    maxRssKB: 0,
  };
}

interface LinkRow {
  tool: string;
  urls: number;
  /** Seconds the checks/s rest on; `clock` says whose. */
  seconds?: number;
  clock?: 'own' | 'process';
  processSeconds?: number;
  live?: number;
  server?: ServerStats;
  rssMB?: number;
  note?: string;
}

const rate = (r: LinkRow) => (r.seconds ? r.urls / r.seconds : undefined);

function table(rows: LinkRow[]): string {
  const header = [
    'tool',
    'URLs',
    's',
    'checks/s',
    's (process)',
    'all live',
    'requests',
    'peak in flight',
    'max per host',
    'peak RSS MB',
  ];
  const cells = rows.map((r) =>
    r.note
      ? [r.tool, String(r.urls), r.note]
      : [
          r.tool,
          String(r.urls),
          `${fmt(r.seconds, 2)}${r.clock === 'process' ? '*' : ''}`,
          fmt(rate(r), 0),
          fmt(r.processSeconds, 2),
          r.live === undefined ? '-' : r.live === r.urls ? `yes (${r.live})` : `NO (${r.live})`,
          fmt(r.server?.requests, 0),
          fmt(r.server?.peakInFlight, 0),
          fmt(r.server?.maxPeakPerAddress, 0),
          r.rssMB ? fmt(r.rssMB, 1) : '-',
        ],
  );
  return renderTable(header, cells, 1);
}

const methods = (s: ServerStats) =>
  Object.entries(s.byMethod)
    .map(([m, n]) => `${n} ${m}`)
    .join(' + ');
const statuses = (s: ServerStats) =>
  Object.entries(s.byStatus)
    .map(([c, n]) => `${n}x${c}`)
    .join(', ');
const classes = (byClass: Record<string, number>) =>
  Object.entries(byClass)
    .map(([c, n]) => `${n} ${c}`)
    .join(', ');

/**
 * The link-checking section: lines to print. `large` adds the 100,000-URL memory run.
 * The server process is always stopped before this returns or throws.
 */
export async function linkSection(
  large: boolean,
  progress: (msg: string) => void,
  urls = LINK_URLS,
): Promise<string[]> {
  const out: string[] = [];
  const rows: LinkRow[] = [];
  const notes: string[] = [];
  const memoryLines: string[] = [];
  const haveLinkinator = existsSync(path.join(LINKINATOR_DIR, 'package.json'));
  let linkinatorVersion = '';
  if (haveLinkinator)
    linkinatorVersion = (
      JSON.parse(readFileSync(path.join(LINKINATOR_DIR, 'package.json'), 'utf8')) as { version: string }
    ).version;
  const server = await LinkServer.start();
  try {
    const port = server.port;
    progress(`links: server on 127.0.0.1-${HOSTS}:${port} (delay ${DELAY} ms)`);

    const cases: {
      tool: string;
      run: () => Promise<ChildResult & { processSeconds: number }>;
      clock: 'own' | 'process';
      /** The server's answer delay for this row, when not DELAY. */
      delay?: string;
      /** URLs of this row, when not the section's. */
      urls?: number;
    }[] = [
      {
        tool: 'citeaudit checkLinks',
        run: () => runChild({ kind: 'citeaudit', port, urls, siteProbe: false }, 120_000),
        clock: 'own',
      },
      {
        tool: `linkinator ${linkinatorVersion} CLI`,
        run: () => runLinkinatorCli(port, urls),
        clock: 'process',
      },
      {
        tool: `linkinator ${linkinatorVersion} API`,
        run: () => runChild({ kind: 'linkinator-api', port, urls }, 120_000),
        clock: 'own',
      },
      {
        tool: 'citeaudit, site probe on',
        run: () => runChild({ kind: 'citeaudit', port, urls, siteProbe: true }, 120_000),
        clock: 'own',
      },
      // The same per-host politeness (2 in flight per host) with a wider global limit, as
      // `--concurrency 128` gives: the default 32 caps any checker at 1,600/s at 20 ms an answer.
      {
        tool: 'citeaudit, --concurrency 128',
        run: () => runChild({ kind: 'citeaudit', port, urls, siteProbe: false, concurrency: 128 }, 120_000),
        clock: 'own',
      },
      // Both tools with their default limits (citeaudit's interval still 0) against a server that answers in 0-5 ms, where 32 in
      // flight no longer caps the rate: what each checker costs per URL decides it.
      {
        tool: `citeaudit checkLinks, ${FAST_DELAY} ms`,
        run: () => runChild({ kind: 'citeaudit', port, urls, siteProbe: false }, 120_000),
        clock: 'own',
        delay: FAST_DELAY,
      },
      {
        tool: `linkinator ${linkinatorVersion} API, ${FAST_DELAY} ms`,
        run: () => runChild({ kind: 'linkinator-api', port, urls }, 120_000),
        clock: 'own',
        delay: FAST_DELAY,
      },
      // Every citeaudit default, the minimum interval per host included, on fewer URLs (10 a
      // host): what a run on a real dump gets, about one request a second per domain.
      {
        tool: DEFAULTS_ROW,
        run: () =>
          runChild(
            {
              kind: 'citeaudit',
              port,
              urls: Math.min(urls, DEFAULTS_URLS),
              siteProbe: false,
              hostInterval: DEFAULT_HOST_INTERVAL,
            },
            120_000,
          ),
        clock: 'own',
        delay: FAST_DELAY,
        urls: Math.min(urls, DEFAULTS_URLS),
      },
    ];
    for (const c of cases) {
      if (c.tool.startsWith('linkinator') && !haveLinkinator) {
        rows.push({ tool: c.tool, urls: c.urls ?? urls, note: 'skipped (linkinator not installed: npm install)' });
        continue;
      }
      progress(`links: ${c.tool} ...`);
      await server.reset(c.delay ?? DELAY);
      try {
        const r = await c.run();
        const stats = await server.stats();
        rows.push({
          tool: c.tool,
          urls: c.urls ?? urls,
          seconds: r.seconds,
          clock: c.clock,
          processSeconds: r.processSeconds,
          live: r.live,
          server: stats,
          ...(r.maxRssKB ? { rssMB: (r.maxRssKB * 1024) / MB } : {}),
        });
        notes.push(
          `${c.tool}: ${r.checked} results (${classes(r.byClass)}); server saw ${methods(stats)} ` +
            `(${statuses(stats)}) on ${stats.addressesSeen} addresses`,
        );
      } catch (err) {
        rows.push({ tool: c.tool, urls: c.urls ?? urls, note: (err as Error).message });
      }
    }

    // The memory run twice: with V8's own heap sizing (it lets garbage pile up while memory
    // is plentiful, so RSS climbs), then with the old space capped at 100 MB, which shows
    // what the run needs: the live heap grows only by the results the report keeps.
    for (const heapCapMB of large ? [undefined, LARGE_HEAP_CAP_MB] : []) {
      const label = heapCapMB ? `citeaudit, memory run, heap cap ${heapCapMB} MB` : 'citeaudit, memory run';
      progress(`links: ${label}: checkLinks over ${LARGE_URLS} URLs (delay ${LARGE_DELAY} ms) ...`);
      await server.reset(LARGE_DELAY);
      try {
        const r = await runChild(
          { kind: 'memory', port, urls: LARGE_URLS, ...(heapCapMB ? { heapCapMB } : {}) },
          15 * 60_000,
        );
        const stats = await server.stats();
        const m = r.memory!;
        rows.push({
          tool: label,
          urls: LARGE_URLS,
          seconds: r.seconds,
          clock: 'own',
          processSeconds: r.processSeconds,
          live: r.live,
          server: stats,
          rssMB: (r.maxRssKB * 1024) / MB,
        });
        memoryLines.push(
          `${label}: ${LARGE_URLS} URLs over ${HOSTS} addresses, server delay ${LARGE_DELAY} ms, politeness as above ` +
            `(32 / 2 per host, no site probe); ${fmt(r.seconds, 1)} s = ${fmt(LARGE_URLS / r.seconds, 0)} checks/s; ` +
            `results: ${classes(r.byClass)}`,
        );
        memoryLines.push(
          `RSS before checkLinks ${fmt(m.before.rssMB, 1)} MB (heap ${fmt(m.before.heapMB, 1)} MB); ` +
            `peak of ${m.samples} samples every ${SAMPLE_MS} ms: RSS ${fmt(m.peakRssMB, 1)} MB, ` +
            `heap ${fmt(m.peakHeapMB, 1)} MB; maxRSS ${fmt((r.maxRssKB * 1024) / MB, 1)} MB`,
        );
        memoryLines.push(
          m.marks
            .map(
              (k) =>
                `${k.done / 1000}k done at ${fmt(k.seconds, 1)} s: RSS ${fmt(k.rssMB, 1)} MB, heap ${fmt(k.heapMB, 1)} MB`,
            )
            .join('; '),
        );
        if (m.afterGc)
          memoryLines.push(
            `after checkLinks and a forced full GC, its ${LARGE_URLS} results still held: ` +
              `RSS ${fmt(m.afterGc.rssMB, 1)} MB, heap ${fmt(m.afterGc.heapMB, 1)} MB, of which the results ` +
              `${fmt(m.afterGc.resultsMB, 1)} MB (${fmt((m.afterGc.resultsMB * MB) / LARGE_URLS, 0)} bytes a URL) ` +
              `(the rest of the peak heap was garbage; the cache is an SQLite file, as in a real run)`,
          );
        memoryLines.push(
          `server: ${methods(stats)} (${statuses(stats)}), peak in flight ${stats.peakInFlight}, ` +
            `max per address ${stats.maxPeakPerAddress}`,
        );
      } catch (err) {
        rows.push({ tool: label, urls: LARGE_URLS, note: (err as Error).message });
      }
    }
  } finally {
    await server.stop();
  }

  out.push(
    `link checking (local server in its own process: ${HOSTS} addresses 127.0.0.1-${HOSTS}, one port, ` +
      `every answer after ${DELAY} ms, or ${FAST_DELAY} ms where the row says so; client and server share the CPUs)`,
  );
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push(
    's: the check by the tool itself (child process, imports excluded); * = wall clock of the whole process ' +
      '(linkinator CLI, node start-up and the list page included). checks/s = URLs / s.',
  );
  out.push(
    'citeaudit rows: politeness on (concurrency 32, 2 per host), hostInterval 0 (but in the "every default" row), archives off; ' +
      'linkinator: defaults (concurrency 100, HEAD), over /list.html, which links the same URLs.',
  );
  out.push(
    'requests, peak in flight, max per host: counted by the server (linkinator adds the GET of /list.html; ' +
      'the site probe one GET of a random path, 404, per host).',
  );
  const row = (tool: string) => rows.find((r) => r.tool === tool);
  const ratio = (a: number | undefined, b: number | undefined) => (a && b ? a / b : undefined);
  /** One ratio line: citeaudit's row against linkinator's, checks/s each by its own clock, and the target. */
  const versus = (label: string, ours: LinkRow | undefined, theirs: LinkRow | undefined) => {
    const r = ratio(ours && rate(ours), theirs && rate(theirs));
    if (r !== undefined)
      out.push(`${label}: ${r.toFixed(2)}x; target (>= ${TARGET_RATIO}x) -> ${r >= TARGET_RATIO ? 'met' : 'NOT met'}`);
  };
  const api = row(`linkinator ${linkinatorVersion} API`);
  const ours = row('citeaudit checkLinks');
  const cli = row(`linkinator ${linkinatorVersion} CLI`);
  versus('ratio citeaudit / linkinator checks/s, each by its own clock (API), politeness on', ours, api);
  const wallRatio = ratio(
    ours?.processSeconds && urls / ours.processSeconds,
    cli?.processSeconds && urls / cli.processSeconds,
  );
  if (wallRatio !== undefined)
    out.push(
      `ratio citeaudit / linkinator, whole process wall clock (citeaudit child under tsx vs the CLI): ` +
        `${wallRatio.toFixed(2)}x`,
    );
  versus('ratio with --concurrency 128 (still 2 per host) / linkinator API', row('citeaudit, --concurrency 128'), api);
  versus(
    `ratio with answers in ${FAST_DELAY} ms, both with their default limits (citeaudit 32 in flight, 2 per host; no interval) / linkinator API`,
    row(`citeaudit checkLinks, ${FAST_DELAY} ms`),
    row(`linkinator ${linkinatorVersion} API, ${FAST_DELAY} ms`),
  );
  versus(
    `ratio with every citeaudit default, its ${DEFAULT_HOST_INTERVAL} ms per host included (${DEFAULTS_URLS} URLs) / linkinator API, ${FAST_DELAY} ms`,
    row(DEFAULTS_ROW),
    row(`linkinator ${linkinatorVersion} API, ${FAST_DELAY} ms`),
  );
  if (!large)
    out.push(`(run with --links-large for checkLinks over ${LARGE_URLS.toLocaleString('en')} URLs, memory sampled)`);
  if (notes.length) out.push('', 'links:', ...notes.map((l) => `  ${l}`));
  if (memoryLines.length) out.push('', 'links memory run:', ...memoryLines.map((l) => `  ${l}`));
  return out;
}

// ---------------------------------------------------------------------------
// Entry point of the child processes.
// ---------------------------------------------------------------------------

if (process.argv[1] && path.resolve(process.argv[1]) === SELF) {
  const at = process.argv.indexOf('--child');
  const text = at >= 0 ? process.argv[at + 1] : undefined;
  if (!text) {
    process.stderr.write('links.ts is run by test/bench/run.ts (npm run bench); internal: --child JSON\n');
    process.exitCode = 2;
  } else
    child(JSON.parse(text) as ChildSpec).then(
      // Exit at once: a library's idle keep-alive sockets must not hold the child open.
      (result) => process.stdout.write(`${JSON.stringify(result)}\n`, () => process.exit(0)),
      (err: unknown) => {
        process.stderr.write(`bench links: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        process.exitCode = 1;
      },
    );
}
