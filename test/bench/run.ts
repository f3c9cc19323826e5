/**
 * Throughput and peak-memory benchmark: `npm run bench` (add `-- --large` for the 1 GB history).
 *
 * The parent process runs every measured case in a child of its own
 * (`node --import tsx test/bench/run.ts --case NAME`), so each peak RSS belongs to one
 * case, and times the system-tool baselines (`cat`, `bzip2 -dc`, ...) itself, in the
 * same run, so the ratios compare like with like. The children print one JSON line;
 * the parent prints a plain-text table on stdout (progress goes to stderr).
 *
 * MB are 10^6 bytes throughout, peak RSS included. Missing corpus files skip their rows.
 */
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPack } from '../../src/cli/pack.ts';
import { readRevisions } from '../../src/dump/index.ts';
import { auditDump, emptySummary } from '../../src/pipeline/index.ts';
import { findOnPath, openSource } from '../../src/source/index.ts';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
/** ../shared/corpus beside the checkout; BENCH_CORPUS_DIR overrides it (e.g. to check the skipped rows). */
const CORPUS = path.resolve(ROOT, process.env['BENCH_CORPUS_DIR'] ?? '../shared/corpus');

const FILES = {
  anarchism: path.join(CORPUS, 'xml-history/enwiki-Anarchism-50revs-2007-10-01_02.xml'),
  gensim: path.join(CORPUS, 'xml-articles/enwiki-gensim-206articles-2016-05.xml.bz2'),
  seed: path.join(ROOT, 'fixtures/seed/azerbaijani-armed-forces.xml'),
  large: path.join(CORPUS, 'xml-history/enwiki-Anarchism-full-history-15180revs-2001-2010.xml.lzma'),
} as const;

const MB = 1e6;

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
  kind: 'idle' | 'read' | 'audit';
  warmup: number;
  passes: number;
  baselines?: BaselineSpec[];
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
  {
    name: 'read-large',
    label: 'reader (--large)',
    file: FILES.large,
    kind: 'read',
    warmup: 0,
    passes: 1,
    baselines: [{ label: 'xz --format=lzma -dc > /dev/null', tool: 'xz', args: ['--format=lzma', '-dc', FILES.large] }],
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

async function runCase(spec: CaseSpec): Promise<CaseResult> {
  const base = {
    case: spec.name,
    file: spec.file ?? '',
    compression: '',
    decoder: '',
    xmlBytes: 0,
    revisions: 0,
    baselines: [] as BaselineResult[],
  };
  if (spec.kind === 'idle' || !spec.file) {
    return { ...base, passes: [], maxRssKB: process.resourceUsage().maxRSS };
  }
  const file = spec.file;
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
  baseMbps?: number;
  ratio?: number;
  /** Best reader pass against the best baseline pass: less sensitive to load from elsewhere. */
  bestRatio?: number;
  rssMB?: number;
  /** Replaces the numeric columns: skipped or failed rows. */
  note?: string;
}

const fmt = (x: number | undefined, digits: number) =>
  x === undefined || !Number.isFinite(x) ? '-' : x.toFixed(digits);

function renderTable(rows: Row[]): string {
  const header = [
    'case',
    'input',
    'MB (XML)',
    's (median)',
    's (min)',
    'MB/s',
    'pages/s',
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
          fmt(r.baseMbps, 1),
          r.ratio === undefined ? '-' : `${r.ratio.toFixed(2)}x`,
          fmt(r.rssMB, 1),
        ],
  );
  // Case and input widths count the skipped rows too; the numeric ones only the full rows.
  const widths = header.map((h, i) =>
    Math.max(h.length, ...cells.filter((c) => i < 2 || c.length === header.length).map((c) => c[i]!.length)),
  );
  const line = (c: string[]) =>
    c.length === header.length
      ? c.map((v, i) => (i < 2 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join('  ')
      : `${c[0]!.padEnd(widths[0]!)}  ${c[1]!.padEnd(widths[1]!)}  ${c[2]}`;
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return [line(header), rule, ...cells.map(line)].join('\n');
}

function short(file: string): string {
  return path.basename(file).replace(/^enwiki-/, '');
}

async function parent(large: boolean): Promise<void> {
  const started = performance.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const rows: Row[] = [];
  const notes: string[] = [];
  const audits: string[] = [];
  const progress = (msg: string) => process.stderr.write(`bench: ${msg}\n`);

  const results = new Map<string, CaseResult | Error>();
  for (const spec of CASES) {
    if (spec.name === 'read-large' && !large) continue;
    if (spec.file && !existsSync(spec.file)) continue;
    progress(`${spec.name} ...`);
    try {
      results.set(spec.name, await spawnCase(spec.name));
    } catch (err) {
      results.set(spec.name, err as Error);
    }
  }

  const spawnCost: number[] = [];
  for (let i = 0; i < 6; i++) spawnCost.push(timeTool('true', []));
  spawnCost.shift();

  for (const spec of CASES) {
    if (spec.name === 'read-large' && !large) continue;
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
  out.push(renderTable(rows));
  out.push('');
  out.push('ratio: reader rows = reader MB/s / baseline MB/s (1.00x = as fast as the tool alone);');
  out.push('       audit rows  = audit MB/s / the reader alone on the same file, same process.');
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
  if (!large) out.push('(run with --large for the 1 GB Anarchism full history)');
  if (notes.length) {
    out.push('');
    out.push('notes:');
    for (const n of notes) out.push(`  ${n}`);
  }
  if (audits.length) {
    out.push('');
    out.push('audit:');
    for (const a of audits) out.push(`  ${a}`);
  }
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
    process.stdout.write('usage: npm run bench [-- --large]   (internal: --case NAME)\n');
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
  await parent(argv.includes('--large'));
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
