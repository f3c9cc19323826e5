/**
 * Report-writing memory benchmark, a section of `npm run bench` (test/bench/run.ts calls
 * reportSection): does writing the reports keep memory flat as pages go by?
 *
 * The input is the gensim dump (206 articles, 106 audited) repeated REPEAT times with
 * the titles made distinct, so a report that grows with the pages has room to show it.
 * Each case runs in a child of its own (`node --expose-gc`), sampling the heap after a
 * forced GC every SAMPLE_MS:
 *
 *   - `ndjson`, and `md,json,wikitext`: the real CLI (main()) in-process, every format
 *     written page by page as citeaudit does;
 *   - `held` (the baseline): the same pipeline with every page report kept in an array
 *     until the end, as a report built in memory must.
 *
 * For each: the heap after GC at 25% of the run and at the end, the growth between them,
 * and the peak RSS. Flat means the growth is near zero while the held baseline's grows
 * with the pages. Nothing here asserts: it measures and prints.
 *
 * Internal: `node --expose-gc --import tsx test/bench/reports.ts --child MODE FILE`.
 */
import { fmt, renderTable } from './table.ts';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SELF = fileURLToPath(import.meta.url);
const ROOT = path.resolve(import.meta.dirname, '../..');
const REPEAT = 4;
const SAMPLE_MS = 200;
const MB = 1e6;
const MODES = ['held', 'ndjson', 'md,json,wikitext'] as const;

interface Sample {
  at: number;
  heap: number;
}
interface ChildResult {
  mode: string;
  seconds: number;
  pages: number;
  samples: Sample[];
  maxRssKB: number;
}

/** Reads the dump's XML and writes it back with its pages REPEAT times, titles suffixed so each page is new. */
async function repeatedDump(file: string, dir: string): Promise<string> {
  const { openSource } = await import('../../src/source/index.ts');
  const source = await openSource(file, { name: file, path: process.env['PATH'] ?? '' });
  const chunks: Buffer[] = [];
  for await (const chunk of source.bytes) chunks.push(Buffer.from(chunk));
  const xml = Buffer.concat(chunks).toString('utf8');
  const first = xml.indexOf('<page>');
  const last = xml.lastIndexOf('</page>') + '</page>'.length;
  const pages = xml.slice(first, last);
  const copies = Array.from({ length: REPEAT }, (_, i) =>
    i ? pages.replace(/<title>([^<]*)<\/title>/g, `<title>$1 (copy ${i})</title>`) : pages,
  );
  const out = path.join(dir, 'repeated.xml');
  writeFileSync(out, xml.slice(0, first) + copies.join('\n') + xml.slice(last));
  return out;
}

async function child(mode: string, file: string): Promise<void> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const samples: Sample[] = [];
  const started = performance.now();
  const sample = () => {
    gc();
    samples.push({ at: performance.now() - started, heap: process.memoryUsage().heapUsed });
  };
  sample();
  const timer = setInterval(sample, SAMPLE_MS);
  let pages: number;
  if (mode === 'held') {
    const { loadPack } = await import('../../src/cli/pack.ts');
    const { auditDump, emptySummary } = await import('../../src/pipeline/index.ts');
    const { openSource } = await import('../../src/source/index.ts');
    const { renderJsonChunks } = await import('../../src/report/index.ts');
    const { pack } = loadPack(undefined, ROOT);
    const source = await openSource(file, { name: file, path: process.env['PATH'] ?? '' });
    const held = [];
    for await (const page of auditDump(source, { pack }, emptySummary())) held.push(page);
    pages = held.length;
    // The end of a held report's run: every page in memory, before it is written.
    clearInterval(timer);
    sample();
    let bytes = 0;
    const report = { pages: held, summary: emptySummary(), errors: [] };
    for (const chunk of renderJsonChunks(report as never)) bytes += chunk.length;
    void bytes;
  } else {
    const { main } = await import('../../src/cli/main.ts');
    const out = mkdtempSync(path.join(os.tmpdir(), 'citeaudit-bench-reports-'));
    const io = {
      stdout: { write: () => true },
      stderr: { write: () => true, isTTY: false },
      cwd: ROOT,
      env: { PATH: process.env['PATH'] },
    };
    const code = await main(['audit', file, '--format', mode, '--out', out, '-q', '--no-timestamp'], io);
    if (code !== 0) throw new Error(`audit exited ${code}`);
    rmSync(out, { recursive: true, force: true });
    pages = -1;
    clearInterval(timer);
    sample();
  }
  const result: ChildResult = {
    mode,
    seconds: (performance.now() - started) / 1000,
    pages,
    samples,
    maxRssKB: process.resourceUsage().maxRSS,
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

function spawnChild(mode: string, file: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SELF, '--child', mode, file], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => (out += d.toString()));
    p.stderr.on('data', (d: Buffer) => (err += d.toString()));
    p.on('close', (code) => {
      if (code === 0) resolve(JSON.parse(out.trim().split('\n').at(-1)!) as ChildResult);
      else reject(new Error(`reports bench ${mode} exited ${code}: ${err.slice(-400)}`));
    });
  });
}

/** The heap after GC at a fraction of the run: the last sample taken by then. */
function heapAt(samples: readonly Sample[], fraction: number): number {
  const end = samples.at(-1)!.at;
  let heap = samples[0]!.heap;
  for (const s of samples) if (s.at <= end * fraction) heap = s.heap;
  return heap;
}

/** The lines of the report-writing section: the table and what it means. */
export async function reportSection(gensim: string, progress: (msg: string) => void): Promise<string[]> {
  if (!existsSync(gensim)) return ['reports: skipped (corpus absent)'];
  const dir = mkdtempSync(path.join(os.tmpdir(), 'citeaudit-bench-dump-'));
  try {
    progress(`reports: repeating ${path.basename(gensim)} ${REPEAT} times ...`);
    const file = await repeatedDump(gensim, dir);
    const results: ChildResult[] = [];
    for (const mode of MODES) {
      progress(`reports: ${mode} ...`);
      results.push(await spawnChild(mode, file));
    }
    const held = results[0]!;
    const growth = (r: ChildResult) => (r.samples.at(-1)!.heap - heapAt(r.samples, 0.25)) / MB;
    const peak = (r: ChildResult) => Math.max(...r.samples.map((s) => s.heap)) / MB;
    const cells = results.map((r) => [
      r.mode === 'held' ? 'held (baseline)' : `--format ${r.mode}`,
      fmt(r.seconds, 1),
      fmt(heapAt(r.samples, 0.25) / MB, 1),
      fmt(peak(r), 1),
      fmt(r.samples.at(-1)!.heap / MB, 1),
      fmt(growth(r), 1),
      fmt((r.maxRssKB * 1024) / MB, 0),
      r === held ? '1.00' : fmt(peak(r) / peak(held), 2),
    ]);
    return [
      `Report writing: the gensim dump ×${REPEAT} (${held.pages} pages audited), heap after a forced GC every ${SAMPLE_MS} ms`,
      '',
      renderTable(
        [
          'case',
          's',
          'heap@25% MB',
          'peak heap MB',
          'heap@end MB',
          'growth 25%→end MB',
          'peak RSS MB',
          'peak heap ×held',
        ],
        cells,
        1,
      ),
      '',
      'held: every page report kept until the end (what a report built in memory costs); the others write each page as it',
      'is audited and drop it, so their heap after GC should not grow from the first quarter of the run to its end.',
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes('--child')) {
  const at = process.argv.indexOf('--child');
  child(process.argv[at + 1]!, process.argv[at + 2]!).catch((err: unknown) => {
    process.stderr.write(`${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  });
}
