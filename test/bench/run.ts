/**
 * Throughput and peak-memory benchmark: `npm run bench` (add `-- --history` for the full
 * Anarchism history through the history pipeline, `-- --large` for that and the 1 GB reader row).
 * The link-checking section (links.ts: citeaudit against linkinator on a local server, 10,000
 * URLs, ~45 s; `--link-urls N` for another number) runs by default; `--links-large` (or `--large`) adds its 100,000-URL memory run,
 * `--links-only` runs that section alone, `--no-links` skips it. The report-writing memory section
 * (reports.ts: NDJSON and the other formats against a report held in memory, ~2 min) runs by default;
 * `--reports-only` runs it alone, `--no-reports` skips it.
 *
 * The parent process runs every measured case in a child of its own
 * (`node --import tsx test/bench/run.ts --case NAME`), so each peak RSS belongs to one
 * case, and times the system-tool baselines (`cat`, `bzip2 -dc`, ...) itself, in the
 * same run, so the ratios compare like with like. The children print one JSON line;
 * the parent prints a plain-text table on stdout (progress goes to stderr).
 *
 * MB are 10^6 bytes throughout, peak RSS included. Missing corpus files skip their rows.
 */
import { fmt, renderTable } from './table.ts';
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { diffWords } from 'diff';
import { loadPack } from '../../src/cli/pack.ts';
import { readRevisions } from '../../src/dump/index.ts';
import { diffTexts } from '../../src/history/index.ts';
import { auditDump, emptySummary } from '../../src/pipeline/index.ts';
import { findOnPath, openSource } from '../../src/source/index.ts';
import { LINK_URLS, linkSection } from './links.ts';
import { reportSection } from './reports.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
/** ../shared/corpus beside the checkout; BENCH_CORPUS_DIR overrides it (e.g. to check the skipped rows). */
const CORPUS = path.resolve(ROOT, process.env['BENCH_CORPUS_DIR'] ?? '../shared/corpus');

const FILES = {
  anarchism: path.join(CORPUS, 'xml-history/enwiki-Anarchism-50revs-2007-10-01_02.xml'),
  gensim: path.join(CORPUS, 'xml-articles/enwiki-gensim-206articles-2016-05.xml.bz2'),
  seed: path.join(ROOT, 'fixtures/seed/azerbaijani-armed-forces.xml'),
  large: path.join(CORPUS, 'xml-history/enwiki-Anarchism-full-history-15180revs-2001-2010.xml.lzma'),
  pairs: path.join(CORPUS, 'revision-pairs/wikidiff2-recentchanges-250pairs-en-hi-ru-th-zh.json.gz'),
} as const;

const MB = 1e6;
/** The history target: revisions per CPU-second (one core busy for one second). */
const HISTORY_TARGET = 1000;
/** Per-pair budget of the naive whole-text word diff, so one pathological pair cannot stall the run. */
const NAIVE_TIMEOUT_MS = 5000;

// ---------------------------------------------------------------------------
// Child side: one case, measured in this process, reported as one JSON line.
// ---------------------------------------------------------------------------

interface AuditStats {
  pagesRead: number;
  pagesAudited: number;
  redirects: number;
  findings: number;
  /** UTF-8 bytes of the wikitext of the audited revisions. */
  wikitextBytes: number;
  /** The reader alone on the same file, in the same process: median seconds. */
  readerSeconds: number;
}

interface CaseResult {
  case: string;
  file: string;
  compression: string;
  decoder: string;
  /** Decompressed XML bytes per pass. */
  xmlBytes: number;
  revisions: number;
  /** Seconds of each timed pass (warm-up passes excluded). */
  passes: number[];
  /** process.resourceUsage().maxRSS: KB (KiB) of this process alone, not its decompressor child. */
  maxRssKB: number;
  /** System-tool baselines, timed in the same process, interleaved pass by pass with the reader. */
  baselines: BaselineResult[];
  audit?: AuditStats;
  history?: HistoryStats;
  diff?: DiffStats;
}

/** CPU seconds: this process (all its threads), and its reaped children (the decompressor; Linux only). */
interface CpuSeconds {
  self: number;
  children?: number;
}

interface HistoryStats {
  pagesRead: number;
  pagesAudited: number;
  findings: number;
  /** CPU of the history pass. */
  cpu: CpuSeconds;
  /** The reader alone over a fresh openSource of the same file, one pass, run before the history pass. */
  reader: { seconds: number; xmlBytes: number; revisions: number; cpu: CpuSeconds; maxRssKB: number };
}

/** Milliseconds per pair. */
interface PairTimes {
  median: number;
  /** Nearest rank: the 248th of 250 sorted times. */
  p99: number;
  max: number;
  /** Sum over all pairs. */
  total: number;
}

interface DiffStats {
  pairs: number;
  byLanguage: Record<string, number>;
  /** UTF-16 length of all old and new texts together. */
  chars: number;
  ours: PairTimes;
  naive: PairTimes;
  naiveTimeoutMs: number;
  /** Pairs whose naive diff gave up at the timeout: `lang#index (old -> new chars, ms)`. */
  timedOut: string[];
  /** Pairs where diffTexts replaced at least one block whole, and the blocks so replaced. */
  pairsReplaced: number;
  blocksReplaced: number;
}

interface BaselineResult {
  label: string;
  /** Seconds of each timed pass, spawn included; empty when the tool is missing or failed. */
  passes: number[];
  /** Why there are no passes. */
  error?: string;
}

/** `tool args > /dev/null`; the tool is looked up on PATH when the case runs. */
interface BaselineSpec {
  label: string;
  tool: string;
  args: string[];
  /** Listed as a row only when the tool exists (lbzip2); otherwise a note says it is missing. */
  optional?: boolean;
}

interface CaseSpec {
  name: string;
  label: string;
  file: string | undefined;
  kind: 'idle' | 'read' | 'audit' | 'history' | 'diff';
  warmup: number;
  passes: number;
  baselines?: BaselineSpec[];
  /** Run only when one of these flags is given (the default run stays under ~90 s). */
  optIn?: string[];
}

const CASES: CaseSpec[] = [
  { name: 'idle', label: 'node + tsx + modules', file: undefined, kind: 'idle', warmup: 0, passes: 0 },
  {
    name: 'read-anarchism',
    label: 'reader',
    file: FILES.anarchism,
    kind: 'read',
    warmup: 1,
    passes: 5,
    baselines: [{ label: 'cat > /dev/null', tool: 'cat', args: [FILES.anarchism] }],
  },
  {
    name: 'read-gensim',
    label: 'reader',
    file: FILES.gensim,
    kind: 'read',
    warmup: 1,
    passes: 5,
    baselines: [
      { label: 'bzip2 -dc > /dev/null', tool: 'bzip2', args: ['-dc', FILES.gensim] },
      { label: 'lbzip2 -dc > /dev/null', tool: 'lbzip2', args: ['-dc', FILES.gensim], optional: true },
    ],
  },
  // ~10 s a pass on a 2-core EPYC: three passes, the first one warming up as it goes.
  { name: 'audit-gensim', label: 'audit', file: FILES.gensim, kind: 'audit', warmup: 0, passes: 3 },
  { name: 'audit-seed', label: 'audit', file: FILES.seed, kind: 'audit', warmup: 1, passes: 10 },
  // Whole seconds at most: diffTexts with one warm-up pass, the naive baseline once, pair by pair.
  { name: 'diff-pairs', label: 'diffTexts', file: FILES.pairs, kind: 'diff', warmup: 1, passes: 1 },
  {
    name: 'read-large',
    label: 'reader (--large)',
    file: FILES.large,
    kind: 'read',
    warmup: 0,
    passes: 1,
    baselines: [{ label: 'xz --format=lzma -dc > /dev/null', tool: 'xz', args: ['--format=lzma', '-dc', FILES.large] }],
    optIn: ['--large'],
  },
  // ~40 s: the reader alone once, then the history pipeline once (every revision diffed against the last).
  {
    name: 'history-anarchism',
    label: 'history pipeline',
    file: FILES.large,
    kind: 'history',
    warmup: 0,
    passes: 1,
    optIn: ['--history', '--large'],
  },
];

interface ReadPass {
  seconds: number;
  xmlBytes: number;
  revisions: number;
  /** UTF-16 length of all the texts: reading it makes sure every text was materialized. */
  chars: number;
  compression: string;
  decoder: string;
}

async function* counting(bytes: AsyncIterable<Buffer>, add: (n: number) => void): AsyncIterable<Buffer> {
  for await (const chunk of bytes) {
    add(chunk.length);
    yield chunk;
  }
}

/** openSource + readRevisions over the whole file, touching every revision's text. */
async function readPass(file: string, texts?: Map<string, number>): Promise<ReadPass> {
  const start = performance.now();
  const source = await openSource(file);
  let xmlBytes = 0;
  let revisions = 0;
  let chars = 0;
  for await (const record of readRevisions(
    counting(source.bytes, (n) => (xmlBytes += n)),
    { file },
  )) {
    revisions++;
    chars += record.text.length;
    texts?.set(`${record.page.id}/${record.revision.id}`, Buffer.byteLength(record.text));
  }
  const seconds = (performance.now() - start) / 1000;
  return { seconds, xmlBytes, revisions, chars, compression: source.compression, decoder: source.decoder };
}

interface AuditPass {
  seconds: number;
  xmlBytes: number;
  summary: ReturnType<typeof emptySummary>;
  wikitextBytes: number;
}

async function auditPass(file: string, texts: Map<string, number>): Promise<AuditPass> {
  const { pack } = loadPack(undefined, ROOT);
  const start = performance.now();
  const source = await openSource(file);
  const summary = emptySummary();
  let wikitextBytes = 0;
  for await (const report of auditDump(source, { pack }, summary)) {
    wikitextBytes += texts.get(`${report.pageId}/${report.revision.id}`) ?? 0;
  }
  const seconds = (performance.now() - start) / 1000;
  return { seconds, xmlBytes: summary.bytesRead, summary, wikitextBytes };
}

/** Clock ticks per second of /proc/self/stat, asked once (100 on every common Linux). */
let clockTicks: number | undefined;

/** CPU so far: process.cpuUsage(), and cutime + cstime of /proc/self/stat (children already reaped). */
function cpuNow(): CpuSeconds {
  const usage = process.cpuUsage();
  const self = (usage.user + usage.system) / 1e6;
  try {
    clockTicks ??= Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // After "pid (comm) ", fields start at 3 (state): cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const children = (Number(fields[13]) + Number(fields[14])) / clockTicks;
    return Number.isFinite(children) ? { self, children } : { self };
  } catch {
    return { self };
  }
}

function cpuSince(start: CpuSeconds): CpuSeconds {
  const now = cpuNow();
  const self = now.self - start.self;
  return now.children === undefined || start.children === undefined
    ? { self }
    : { self, children: now.children - start.children };
}

interface HistoryPass {
  seconds: number;
  summary: ReturnType<typeof emptySummary>;
  cpu: CpuSeconds;
}

/** The whole history pipeline: every revision read and diffed against the one before, the last audited. */
async function historyPass(file: string): Promise<HistoryPass> {
  const { pack } = loadPack(undefined, ROOT);
  const cpu = cpuNow();
  const start = performance.now();
  const source = await openSource(file);
  const summary = emptySummary();
  let reports = 0;
  for await (const _report of auditDump(source, { pack, namespaces: 'all' }, summary)) reports++;
  const seconds = (performance.now() - start) / 1000;
  if (reports !== summary.pagesAudited) throw new Error(`${reports} reports for ${summary.pagesAudited} pages`);
  return { seconds, summary, cpu: cpuSince(cpu) };
}

interface RevisionPair {
  lang: string;
  index: number;
  old: string;
  new: string;
}

/** `{en: [[old, new], ...], hi, ...}`, gzipped. */
function loadPairs(file: string): RevisionPair[] {
  const data = JSON.parse(gunzipSync(readFileSync(file)).toString('utf8')) as Record<string, unknown>;
  const pairs: RevisionPair[] = [];
  for (const [lang, list] of Object.entries(data)) {
    if (!Array.isArray(list)) throw new Error(`${file}: ${lang} is not a list of pairs`);
    list.forEach((pair: unknown, index) => {
      if (!Array.isArray(pair) || typeof pair[0] !== 'string' || typeof pair[1] !== 'string')
        throw new Error(`${file}: ${lang}[${index}] is not an [old, new] pair of strings`);
      pairs.push({ lang, index, old: pair[0], new: pair[1] });
    });
  }
  return pairs;
}

function pairTimes(ms: number[]): PairTimes {
  const sorted = [...ms].sort((a, b) => a - b);
  return {
    median: median(ms),
    p99: sorted[Math.max(0, Math.ceil(0.99 * sorted.length) - 1)]!,
    max: sorted[sorted.length - 1]!,
    total: ms.reduce((a, b) => a + b, 0),
  };
}

/**
 * diffTexts pair by pair (after warm-up passes), each pair followed at once by the naive
 * whole-text diffWords, so that load from elsewhere hits both alike.
 */
function diffCase(base: CaseBase, spec: CaseSpec, file: string): CaseResult {
  const start = performance.now();
  const pairs = loadPairs(file);
  for (let i = 0; i < spec.warmup; i++) for (const p of pairs) diffTexts(p.old, p.new);
  const ours: number[] = [];
  const naive: number[] = [];
  const timedOut: string[] = [];
  let pairsReplaced = 0;
  let blocksReplaced = 0;
  for (const p of pairs) {
    let t = performance.now();
    const result = diffTexts(p.old, p.new);
    ours.push(performance.now() - t);
    if (result.blocksReplaced > 0) pairsReplaced++;
    blocksReplaced += result.blocksReplaced;
    t = performance.now();
    const words = diffWords(p.old, p.new, { timeout: NAIVE_TIMEOUT_MS });
    const ms = performance.now() - t;
    naive.push(ms);
    if (!words) timedOut.push(`${p.lang}#${p.index} (${p.old.length} -> ${p.new.length} chars, ${ms.toFixed(0)} ms)`);
  }
  const byLanguage: Record<string, number> = {};
  for (const p of pairs) byLanguage[p.lang] = (byLanguage[p.lang] ?? 0) + 1;
  return {
    ...base,
    revisions: 2 * pairs.length,
    passes: [(performance.now() - start) / 1000],
    maxRssKB: process.resourceUsage().maxRSS,
    diff: {
      pairs: pairs.length,
      byLanguage,
      chars: pairs.reduce((n, p) => n + p.old.length + p.new.length, 0),
      ours: pairTimes(ours),
      naive: pairTimes(naive),
      naiveTimeoutMs: NAIVE_TIMEOUT_MS,
      timedOut,
      pairsReplaced,
      blocksReplaced,
    },
  };
}

/** The reader alone first (its peak RSS read before the pipeline runs), then the history pipeline. */
async function historyCase(base: CaseBase, file: string): Promise<CaseResult> {
  const readCpu = cpuNow();
  const read = await readPass(file);
  const reader = {
    seconds: read.seconds,
    xmlBytes: read.xmlBytes,
    revisions: read.revisions,
    cpu: cpuSince(readCpu),
    maxRssKB: process.resourceUsage().maxRSS,
  };
  const pass = await historyPass(file);
  return {
    ...base,
    compression: read.compression,
    decoder: read.decoder,
    xmlBytes: pass.summary.bytesRead,
    revisions: pass.summary.revisionsRead,
    passes: [pass.seconds],
    maxRssKB: process.resourceUsage().maxRSS,
    history: {
      pagesRead: pass.summary.pagesRead,
      pagesAudited: pass.summary.pagesAudited,
      findings: pass.summary.findings,
      cpu: pass.cpu,
      reader,
    },
  };
}

type CaseBase = Omit<CaseResult, 'passes' | 'maxRssKB'>;

async function runCase(spec: CaseSpec): Promise<CaseResult> {
  const base: CaseBase = {
    case: spec.name,
    file: spec.file ?? '',
    compression: '',
    decoder: '',
    xmlBytes: 0,
    revisions: 0,
    baselines: [],
  };
  if (spec.kind === 'idle' || !spec.file) {
    return { ...base, passes: [], maxRssKB: process.resourceUsage().maxRSS };
  }
  const file = spec.file;
  if (spec.kind === 'history') return historyCase(base, file);
  if (spec.kind === 'diff') return diffCase(base, spec, file);
  if (spec.kind === 'read') {
    // Reader and baselines take turns, pass by pass, so that a burst of load elsewhere on
    // the machine hits both alike rather than skewing the ratio.
    const tools = (spec.baselines ?? [])
      .map((b) => ({ spec: b, path: findOnPath(b.tool), result: { label: b.label, passes: [] } as BaselineResult }))
      .filter((t) => t.path || !t.spec.optional);
    for (const t of tools) if (!t.path) t.result.error = `${t.spec.tool} not on PATH`;
    const passes: ReadPass[] = [];
    for (let i = 0; i < spec.warmup + spec.passes; i++) {
      const pass = await readPass(file);
      if (i >= spec.warmup) passes.push(pass);
      for (const t of tools) {
        if (!t.path || t.result.error) continue;
        try {
          const seconds = timeTool(t.path, t.spec.args);
          if (i >= spec.warmup) t.result.passes.push(seconds);
        } catch (err) {
          t.result.error = (err as Error).message;
        }
      }
    }
    const last = passes[passes.length - 1]!;
    return {
      ...base,
      baselines: tools.map((t) => t.result),
      compression: last.compression,
      decoder: last.decoder,
      xmlBytes: last.xmlBytes,
      revisions: last.revisions,
      passes: passes.map((p) => p.seconds),
      maxRssKB: process.resourceUsage().maxRSS,
    };
  }
  // Audit: first the reader alone (which also maps each revision to its wikitext size), then the audit.
  const texts = new Map<string, number>();
  const reads: ReadPass[] = [await readPass(file, texts)];
  for (let i = 1; i < Math.max(3, spec.passes); i++) reads.push(await readPass(file));
  for (let i = 0; i < spec.warmup; i++) await auditPass(file, texts);
  const passes: AuditPass[] = [];
  for (let i = 0; i < spec.passes; i++) passes.push(await auditPass(file, texts));
  const last = passes[passes.length - 1]!;
  return {
    ...base,
    compression: reads[0]!.compression,
    decoder: reads[0]!.decoder,
    xmlBytes: last.xmlBytes,
    revisions: last.summary.revisionsRead,
    passes: passes.map((p) => p.seconds),
    maxRssKB: process.resourceUsage().maxRSS,
    audit: {
      pagesRead: last.summary.pagesRead,
      pagesAudited: last.summary.pagesAudited,
      redirects: last.summary.pagesSkipped.redirect,
      findings: last.summary.findings,
      wikitextBytes: last.wikitextBytes,
      readerSeconds: median(reads.map((r) => r.seconds)),
    },
  };
}

// ---------------------------------------------------------------------------
// Parent side: children, baselines, table.
// ---------------------------------------------------------------------------

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function spawnCase(name: string): Promise<CaseResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', SELF, '--case', name], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => {
      if (code !== 0) return reject(new Error(`failed (exit ${code})`));
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as CaseResult);
      } catch {
        reject(new Error(`failed (no JSON on stdout: ${JSON.stringify(line.slice(0, 80))})`));
      }
    });
  });
}

/** Runs `tool args > /dev/null` synchronously: wall-clock seconds, spawn included. */
function timeTool(tool: string, args: string[]): number {
  const devNull = openSync('/dev/null', 'w');
  try {
    const start = performance.now();
    const r = spawnSync(tool, args, { stdio: ['ignore', devNull, 'pipe'] });
    const seconds = (performance.now() - start) / 1000;
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${tool} exited ${r.status}: ${r.stderr.toString().trim()}`);
    return seconds;
  } finally {
    closeSync(devNull);
  }
}

interface Row {
  case: string;
  input: string;
  mb?: number;
  median?: number;
  min?: number;
  mbps?: number;
  pagesPerSec?: number;
  revsPerSec?: number;
  baseMbps?: number;
  ratio?: number;
  /** Best reader pass against the best baseline pass: less sensitive to load from elsewhere. */
  bestRatio?: number;
  rssMB?: number;
  /** Replaces the numeric columns: skipped or failed rows, and diff-pairs (ms per pair, not MB). */
  note?: string;
}

function table(rows: Row[]): string {
  const header = [
    'case',
    'input',
    'MB (XML)',
    's (median)',
    's (min)',
    'MB/s',
    'pages/s',
    'revs/s',
    'baseline MB/s',
    'ratio',
    'peak RSS MB',
  ];
  const cells = rows.map((r) =>
    r.note
      ? [r.case, r.input, r.note]
      : [
          r.case,
          r.input,
          fmt(r.mb, 2),
          fmt(r.median, 3),
          fmt(r.min, 3),
          fmt(r.mbps, 1),
          fmt(r.pagesPerSec, 1),
          fmt(r.revsPerSec, 0),
          fmt(r.baseMbps, 1),
          r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
          fmt(r.rssMB, 1),
        ],
  );
  return renderTable(header, cells, 2);
}

function short(file: string): string {
  return path.basename(file).replace(/^enwiki-/, '');
}

/** Milliseconds to three significant digits, never in exponent form. */
function ms(x: number): string {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x >= 1 ? x.toFixed(2) : x.toFixed(3);
}

const cpuText = (c: CpuSeconds) =>
  c.children === undefined
    ? `CPU ${c.self.toFixed(1)} s (Node process; decompressor not counted)`
    : `CPU ${(c.self + c.children).toFixed(1)} s (Node ${c.self.toFixed(1)} s + decompressor ${c.children.toFixed(1)} s)`;

const cpuTotal = (c: CpuSeconds) => c.self + (c.children ?? 0);

async function parent(flags: string[]): Promise<void> {
  const large = flags.includes('--large');
  const selected = (spec: CaseSpec) => !spec.optIn || spec.optIn.some((f) => flags.includes(f));
  const started = performance.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const rows: Row[] = [];
  const notes: string[] = [];
  const audits: string[] = [];
  const histories: string[] = [];
  const diffs: string[] = [];
  let historyTarget: string | undefined;
  const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);
  const linksLarge = large || flags.includes('--links-large');
  const linkUrlsAt = flags.indexOf('--link-urls');
  const linkUrls = linkUrlsAt === -1 ? LINK_URLS : Number(flags[linkUrlsAt + 1]);
  if (!Number.isInteger(linkUrls) || linkUrls < 100)
    throw new Error('--link-urls needs a whole number of at least 100');
  if (flags.includes('--reports-only')) {
    const lines = await reportSection(FILES.gensim, progress);
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }
  if (flags.includes('--links-only')) {
    const lines = await linkSection(linksLarge, progress, linkUrls);
    lines.push('', `total bench time: ${((performance.now() - started) / 1000).toFixed(1)} s`);
    process.stdout.write(`${lines.join('\n')}\n`);
    return;
  }

  const results = new Map<string, CaseResult | Error>();
  for (const spec of CASES) {
    if (!selected(spec)) continue;
    if (spec.file && !existsSync(spec.file)) continue;
    progress(`${spec.name} ...`);
    try {
      results.set(spec.name, await spawnCase(spec.name));
    } catch (err) {
      results.set(spec.name, err as Error);
    }
  }

  const links = flags.includes('--no-links') ? undefined : await linkSection(linksLarge, progress, linkUrls);
  const reports = flags.includes('--no-reports') ? undefined : await reportSection(FILES.gensim, progress);

  const spawnCost: number[] = [];
  for (let i = 0; i < 6; i++) spawnCost.push(timeTool('true', []));
  spawnCost.shift();

  for (const spec of CASES) {
    if (!selected(spec)) continue;
    const input = spec.file ? short(spec.file) : '(no input)';
    if (spec.file && !existsSync(spec.file)) {
      rows.push({ case: spec.name, input, note: 'skipped (corpus absent)' });
      continue;
    }
    const result = results.get(spec.name);
    if (!result || result instanceof Error) {
      rows.push({ case: spec.name, input, note: result?.message ?? 'not run' });
      continue;
    }
    const rssMB = (result.maxRssKB * 1024) / MB;
    if (spec.kind === 'idle') {
      rows.push({ case: spec.name, input: `${input}: RSS floor`, rssMB });
      continue;
    }
    if (result.diff) {
      const d = result.diff;
      const ratio = d.ours.median / d.naive.median;
      rows.push({
        case: spec.name,
        input,
        note:
          `diffTexts ms/pair: median ${ms(d.ours.median)}, p99 ${ms(d.ours.p99)}, max ${ms(d.ours.max)}; ` +
          `${d.pairsReplaced} of ${d.pairs} pairs with a block replaced whole; ` +
          `median ratio ${ratio.toFixed(3)} (${(1 / ratio).toFixed(1)}x faster); peak RSS ${rssMB.toFixed(1)} MB`,
      });
      rows.push({
        case: '  baseline',
        input: 'diffWords(old, new), whole text',
        note:
          `ms/pair: median ${ms(d.naive.median)}, p99 ${ms(d.naive.p99)}, max ${ms(d.naive.max)}; ` +
          `${d.timedOut.length} of ${d.pairs} timed out at ${d.naiveTimeoutMs} ms`,
      });
      const langs = Object.entries(d.byLanguage)
        .map(([l, n]) => `${n} ${l}`)
        .join(', ');
      diffs.push(
        `${spec.name}: ${d.pairs} pairs (${langs}), ${(d.chars / 1e6).toFixed(2)} M chars old + new; ` +
          `total ${(d.ours.total / 1000).toFixed(2)} s diffTexts, ${(d.naive.total / 1000).toFixed(2)} s diffWords ` +
          `(${result.passes[0]!.toFixed(1)} s in all); diffTexts after ${spec.warmup} warm-up pass, each pair timed once, ` +
          `diffWords right after it on the same pair, once; p99 = nearest rank (${Math.ceil(0.99 * d.pairs)}th of ${d.pairs}); ` +
          `a timed-out pair counts with the time it ran`,
      );
      diffs.push(
        `${spec.name}: diffTexts replaced ${d.blocksReplaced} blocks whole in ${d.pairsReplaced} pairs ` +
          `(its budgets count work, not time: the same count on any machine)`,
      );
      if (d.timedOut.length) diffs.push(`${spec.name}: diffWords timed out on ${d.timedOut.join(', ')}`);
      continue;
    }
    const med = median(result.passes);
    const mb = result.xmlBytes / MB;
    const row: Row = {
      case: spec.name,
      input,
      mb,
      median: med,
      min: Math.min(...result.passes),
      mbps: mb / med,
      rssMB,
    };
    if (spec.kind === 'read') {
      const list = result.baselines.filter((b) => b.passes.length);
      for (const b of spec.baselines ?? [])
        if (b.optional && !result.baselines.some((r) => r.label === b.label))
          notes.push(`${spec.name}: ${b.tool} is not on PATH, so no ${b.tool} baseline`);
      for (const b of result.baselines) if (b.error) notes.push(`${spec.name}: baseline ${b.label}: ${b.error}`);
      // Compare with the tool the reader actually ran (lbzip2 or bzip2), else the first baseline.
      const decoderTool = result.decoder.split(' ')[0]?.split('/').pop() ?? '';
      const match = list.find((b) => b.label.startsWith(`${decoderTool} `)) ?? list[0];
      if (match) {
        row.baseMbps = mb / median(match.passes);
        row.ratio = row.mbps! / row.baseMbps;
        row.bestRatio = Math.min(...match.passes) / row.min!;
      }
      rows.push(row);
      for (const b of list) {
        const bm = median(b.passes);
        rows.push({
          case: `  baseline`,
          input: b.label,
          mb,
          median: bm,
          min: Math.min(...b.passes),
          mbps: mb / bm,
        });
      }
      notes.push(
        `${spec.name}: ${result.revisions} revisions, decoder ${result.decoder}, ` +
          `${result.passes.length} timed pass(es) after ${spec.warmup} warm-up, baselines interleaved`,
      );
    } else if (result.history) {
      const h = result.history;
      const r = h.reader;
      const readerMb = r.xmlBytes / MB;
      row.revsPerSec = result.revisions / med;
      row.baseMbps = readerMb / r.seconds;
      row.ratio = row.mbps! / row.baseMbps;
      rows.push(row);
      rows.push({
        case: '  baseline',
        input: 'reader alone, same process',
        mb: readerMb,
        median: r.seconds,
        min: r.seconds,
        mbps: readerMb / r.seconds,
        revsPerSec: r.revisions / r.seconds,
        rssMB: (r.maxRssKB * 1024) / MB,
      });
      const perCpu = result.revisions / cpuTotal(h.cpu);
      histories.push(
        `${spec.name}: ${result.revisions} revisions, ${h.pagesRead} page(s) read, ${h.pagesAudited} audited, ` +
          `${h.findings} findings; decoder ${result.decoder}; one pass each, the reader first`,
      );
      histories.push(
        `${spec.name}: history pipeline ${med.toFixed(1)} s = ${row.revsPerSec.toFixed(0)} revisions/s, ` +
          `${cpuText(h.cpu)} = ${perCpu.toFixed(0)} revisions per CPU-second; peak RSS ${rssMB.toFixed(1)} MB`,
      );
      histories.push(
        `${spec.name}: reader alone ${r.seconds.toFixed(1)} s = ${(r.revisions / r.seconds).toFixed(0)} revisions/s, ` +
          `${cpuText(r.cpu)}; peak RSS ${((r.maxRssKB * 1024) / MB).toFixed(1)} MB (measured before the pipeline ran)`,
      );
      if (r.revisions !== result.revisions || r.xmlBytes !== result.xmlBytes)
        notes.push(
          `${spec.name}: the reader saw ${r.revisions} revisions / ${r.xmlBytes} bytes, ` +
            `the pipeline ${result.revisions} / ${result.xmlBytes}`,
        );
      historyTarget =
        `target (history pipeline >= ${HISTORY_TARGET} revisions/s per core): ${perCpu.toFixed(0)} revisions per ` +
        `CPU-second${h.cpu.children === undefined ? ' (Node process only)' : ' (Node process + decompressor)'}, ` +
        `${row.revsPerSec.toFixed(0)}/s wall on ${os.cpus().length} cores -> ${perCpu >= HISTORY_TARGET ? 'met' : 'NOT met'}`;
    } else if (result.audit) {
      const a = result.audit;
      row.pagesPerSec = a.pagesAudited / med;
      row.baseMbps = mb / a.readerSeconds;
      row.ratio = row.mbps! / row.baseMbps;
      rows.push(row);
      audits.push(
        `${spec.name}: ${a.pagesRead} pages read, ${a.pagesAudited} audited, ${a.redirects} redirects skipped, ` +
          `${a.findings} findings; wikitext audited ${(a.wikitextBytes / MB).toFixed(2)} MB -> ` +
          `${(a.wikitextBytes / MB / med).toFixed(2)} MB/s of wikitext, ${(a.pagesAudited / med).toFixed(1)} pages audited/s ` +
          `(${result.passes.length} passes, ${spec.warmup} warm-up)`,
      );
    }
  }

  const out: string[] = [];
  out.push('citeaudit benchmark (MB = 10^6 bytes; each case in its own child process, so peak RSS is per case)');
  out.push('');
  out.push(table(rows));
  out.push('');
  out.push('ratio: reader rows = reader MB/s / baseline MB/s (1.00x = as fast as the tool alone);');
  out.push('       audit rows  = audit MB/s / the reader alone on the same file, same process;');
  out.push('       history row = history pipeline MB/s (= revisions/s) / the reader alone, same file, same process;');
  out.push('       diff-pairs  = median ms per pair of diffTexts / of a naive whole-text diffWords, same run.');
  out.push(
    `baseline times are wall clock of a spawned tool with stdout on /dev/null, spawn included ` +
      `(spawning \`true\` alone: ${(median(spawnCost) * 1000).toFixed(1)} ms).`,
  );
  out.push('peak RSS is the Node process alone (process.resourceUsage().maxRSS), not its decompressor child.');
  const gensim = rows.find((r) => r.case === 'read-gensim');
  if (gensim?.ratio !== undefined) {
    const within = gensim.ratio >= 0.9;
    out.push(
      `target (bz2 reader within 10% of decompression alone): ${gensim.ratio.toFixed(2)}x of medians ` +
        `(${fmt(gensim.bestRatio, 2)}x best against best) -> ${within ? 'met' : 'NOT met'}`,
    );
  }
  if (historyTarget) out.push(historyTarget);
  const history = CASES.find((c) => c.kind === 'history');
  if (!large)
    out.push(
      history && selected(history)
        ? '(run with --large for the 1 GB reader row too)'
        : '(run with --history for the full Anarchism history through the history pipeline, ~40 s more; ' +
            '--large for that and the 1 GB reader row)',
    );
  if (history && !selected(history))
    notes.push(
      `${history.name}: not run (~40 s: the full Anarchism history, 15,180 revisions, through the history ` +
        `pipeline); run it with \`npm run bench -- --history\` (or --large)`,
    );
  const parts = [
    ['notes', notes],
    ['audit', audits],
    ['history', histories],
    ['diff', diffs],
  ] as const;
  for (const [title, lines] of parts) if (lines.length) out.push('', `${title}:`, ...lines.map((l) => `  ${l}`));
  if (links) out.push('', ...links);
  if (reports) out.push('', ...reports);
  out.push('');
  const cpus = os.cpus();
  out.push(
    `machine: ${cpus[0]?.model ?? 'unknown CPU'}, ${cpus.length} cores, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ` +
      `node ${process.version}, ${os.platform()} ${os.release()}`,
  );
  out.push(
    `total bench time: ${((performance.now() - started) / 1000).toFixed(1)} s; ` +
      `1-min load average ${loadBefore.toFixed(2)} before, ${(os.loadavg()[0] ?? 0).toFixed(2)} after ` +
      `(well above 1: other processes shared the CPUs, so trust ratios over absolute speeds)`,
  );
  process.stdout.write(`${out.join('\n')}\n`);
}

async function main(argv: string[]): Promise<void> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(
      'usage: npm run bench [-- --history] [-- --large] [-- --links-large | --links-only | --no-links] [-- --link-urls N] [-- --reports-only | --no-reports]   ' +
        '(internal: --case NAME)\n',
    );
    return;
  }
  const at = argv.indexOf('--case');
  if (at >= 0) {
    const name = argv[at + 1];
    const spec = CASES.find((c) => c.name === name);
    if (!spec) throw new Error(`unknown case ${name}; one of ${CASES.map((c) => c.name).join(', ')}`);
    const result = await runCase(spec);
    process.stdout.write(`${JSON.stringify(result)}\n`);
    return;
  }
  await parent(argv);
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
