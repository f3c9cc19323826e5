import { readRevisions } from '../../dump/index.ts';
import { InputError } from '../../source/index.ts';
import { openInput, type CliIO } from '../io.ts';
import { startProgress } from '../progress.ts';

export interface StatsFlags {
  json?: boolean;
  quiet?: boolean;
}

export interface DumpStats {
  file: string;
  compression: string;
  decoder: string;
  pages: number;
  revisions: number;
  /** XML bytes after decompression. */
  xmlBytes: number;
  /** Raw bytes read from the file. */
  rawBytes: number;
  /** UTF-16 code units of wikitext, summed over revisions. */
  textChars: number;
  revisionsByTextStatus: { ok: number; deleted: number; missing: number };
  pagesByNamespace: Record<string, number>;
  schemaVersion?: string;
  dbname?: string;
  seconds: number;
  mbPerSecond: number;
  complete: boolean;
  error?: string;
}

/** `citeaudit stats <dump>`: what is in a dump, and how fast the reader got through it. */
export async function runStats(dump: string, flags: StatsFlags, io: CliIO): Promise<number> {
  const started = performance.now();
  const stats: DumpStats = {
    file: dump === '-' ? '<stdin>' : dump,
    compression: 'unknown',
    decoder: 'unknown',
    pages: 0,
    revisions: 0,
    xmlBytes: 0,
    rawBytes: 0,
    textChars: 0,
    revisionsByTextStatus: { ok: 0, deleted: 0, missing: 0 },
    pagesByNamespace: {},
    seconds: 0,
    mbPerSecond: 0,
    complete: false,
  };
  try {
    const source = await openInput(dump, io, Boolean(flags.quiet));
    stats.compression = source.compression;
    stats.decoder = source.decoder;
    const progress = startProgress(io, source.size, Boolean(flags.quiet), () => ({
      raw: source.rawBytesRead(),
      pages: stats.pages,
      revisions: stats.revisions,
    }));
    try {
      for await (const r of readRevisions(source.bytes, { file: source.name })) {
        stats.revisions++;
        stats.textChars += r.text.length;
        stats.revisionsByTextStatus[r.revision.textStatus]++;
        if (r.lastOfPage) {
          stats.pages++;
          stats.pagesByNamespace[r.page.ns] = (stats.pagesByNamespace[r.page.ns] ?? 0) + 1;
          if (stats.pages === 1) {
            if (r.site.schemaVersion) stats.schemaVersion = r.site.schemaVersion;
            if (r.site.dbname) stats.dbname = r.site.dbname;
          }
        }
      }
      stats.complete = true;
    } finally {
      progress.stop();
      stats.rawBytes = source.rawBytesRead();
      stats.xmlBytes = source.xmlBytesRead();
    }
  } catch (err) {
    if (!(err instanceof InputError)) throw err;
    stats.error = err.message;
  }
  stats.seconds = (performance.now() - started) / 1000;
  stats.mbPerSecond = stats.xmlBytes / 1e6 / Math.max(stats.seconds, 1e-6);
  if (flags.json) {
    io.stdout.write(`${JSON.stringify(stats, null, 2)}\n`);
  } else {
    const ns = Object.entries(stats.pagesByNamespace)
      .map(([k, n]) => `${k}: ${n}`)
      .join(', ');
    io.stdout.write(
      [
        `file         ${stats.file} (${stats.compression}${stats.decoder !== 'none' ? `, via ${stats.decoder}` : ''})`,
        `schema       ${stats.schemaVersion ?? 'unknown (no <mediawiki> root)'}${stats.dbname ? `, ${stats.dbname}` : ''}`,
        `pages        ${stats.pages}`,
        `revisions    ${stats.revisions} (text: ${stats.revisionsByTextStatus.ok} ok, ${stats.revisionsByTextStatus.deleted} deleted, ${stats.revisionsByTextStatus.missing} missing)`,
        `namespaces   ${ns || 'none'}`,
        `bytes        ${stats.xmlBytes} of XML from ${stats.rawBytes} read; ${stats.textChars} characters of wikitext`,
        `time         ${stats.seconds.toFixed(2)} s (${stats.mbPerSecond.toFixed(1)} MB/s of XML)`,
        '',
      ].join('\n'),
    );
  }
  if (stats.error) io.stderr.write(`citeaudit: error: ${stats.error}\n`);
  return stats.error !== undefined ? 2 : 0;
}
