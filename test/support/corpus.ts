/**
 * Where the shared corpus lives, and a second, independent way of reading it:
 * the system decompressors plus regular expressions over the raw XML.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { decodeEntities } from './helpers.ts';

export const SHARED_DIR = path.resolve(import.meta.dirname, '../../../shared');
export const CORPUS_DIR = path.join(SHARED_DIR, 'corpus');
export const SEEDS_DIR = path.join(SHARED_DIR, 'seeds');
export const HAS_CORPUS = existsSync(CORPUS_DIR);
export const SEED_PAGE = path.join(SEEDS_DIR, '000_e8e8d68893b678fa.txt');
export const HAS_SEED = existsSync(SEED_PAGE);

/** The folders whose every file must be read by the reader test. */
export const CORPUS_XML_DIRS = ['xml-history', 'xml-history/edge-cases', 'xml-articles'];

/** Every regular file in the XML folders, as paths relative to CORPUS_DIR, sorted. */
export function listCorpusXmlFiles(): string[] {
  if (!HAS_CORPUS) return [];
  const out: string[] = [];
  for (const dir of CORPUS_XML_DIRS) {
    const abs = path.join(CORPUS_DIR, dir);
    if (!existsSync(abs)) continue;
    for (const name of readdirSync(abs)) {
      if (statSync(path.join(abs, name)).isFile()) out.push(`${dir}/${name}`);
    }
  }
  return out.sort();
}

/** The system tool (and arguments) that decompresses a file, chosen by its extension. */
export function systemToolFor(file: string): [string, string[]] | undefined {
  if (file.endsWith('.gz')) return ['gzip', ['-dc', file]];
  if (file.endsWith('.bz2')) return ['bzip2', ['-dc', file]];
  if (file.endsWith('.xz')) return ['xz', ['-dc', file]];
  if (file.endsWith('.lzma')) return ['xz', ['--format=lzma', '-dc', file]];
  return undefined;
}

/** The raw bytes of `file`, decompressed by the system tool when it is compressed. */
export function systemDecompress(file: string): Buffer {
  const tool = systemToolFor(file);
  if (!tool) return readFileSync(file);
  return execFileSync(tool[0], tool[1], { maxBuffer: 1 << 30 });
}

/**
 * The XML text of a raw buffer: UTF-16 is recognised by its zero bytes and decoded
 * with Buffer's own codec (swapping the bytes for big-endian), not with TextDecoder.
 */
export function xmlText(raw: Buffer): string {
  if (raw.length >= 2 && raw[0] === 0x00 && raw[1] === 0x3c) return Buffer.from(raw).swap16().toString('utf16le');
  if (raw.length >= 2 && raw[0] === 0x3c && raw[1] === 0x00) return raw.toString('utf16le');
  return raw.toString('utf8');
}

/** Counts of `<page>` and `<revision>` start tags, by regex. */
export function countTags(xml: string): { pages: number; revisions: number } {
  return {
    pages: (xml.match(/<page(?=[\s>])/g) ?? []).length,
    revisions: (xml.match(/<revision(?=[\s>])/g) ?? []).length,
  };
}

export interface ExpectedRevision {
  title: string;
  ns: number | undefined;
  pageId: string | undefined;
  revisionId: string | undefined;
  timestamp: string | undefined;
  textStatus: 'ok' | 'deleted' | 'missing';
  text: string;
  /** `sha1` attribute of the main `<text>` (schema 0.11), else undefined. */
  textSha1: string | undefined;
  /** The revision's `<sha1>` element, undefined when absent or empty. */
  sha1: string | undefined;
  hasContentSlots: boolean;
  lastOfPage: boolean;
}

/** What each revision should look like, read with regular expressions only. */
export function expectedRevisions(xml: string): ExpectedRevision[] {
  const out: ExpectedRevision[] = [];
  for (const pageMatch of xml.matchAll(/<page(?=[\s>])[^>]*>([\s\S]*?)<\/page>/g)) {
    const body = pageMatch[1]!;
    const firstRevision = body.search(/<revision(?=[\s>])/);
    const header = firstRevision === -1 ? body : body.slice(0, firstRevision);
    const title = decodeEntities(/<title>([^<]*)<\/title>/.exec(header)?.[1] ?? '');
    const nsText = /<ns>([^<]*)<\/ns>/.exec(header)?.[1];
    const pageId = /<id>([^<]*)<\/id>/.exec(header)?.[1];
    const revisions = [...body.matchAll(/<revision(?=[\s>])[^>]*>([\s\S]*?)<\/revision>/g)];
    revisions.forEach((m, i) => {
      const block = m[1]!;
      const withoutContributor = block.replace(/<contributor[\s\S]*?(?:<\/contributor>|\/>)/, '');
      const revisionId = /<id>([^<]*)<\/id>/.exec(withoutContributor)?.[1];
      const timestamp = /<timestamp>([^<]*)<\/timestamp>/.exec(block)?.[1];
      const textMatch = /<text\b([^>]*?)(?:\/>|>([\s\S]*?)<\/text>)/.exec(block);
      let textStatus: ExpectedRevision['textStatus'] = 'ok';
      let text = '';
      let textSha1: string | undefined;
      if (!textMatch) textStatus = 'missing';
      else {
        const attrs = textMatch[1]!;
        textSha1 = /\bsha1="([^"]*)"/.exec(attrs)?.[1];
        const bytes = /\bbytes="(-?\d+)"/.exec(attrs)?.[1];
        if (/\bdeleted="deleted"/.test(attrs)) textStatus = 'deleted';
        else if (textMatch[2] !== undefined) text = decodeEntities(textMatch[2]);
        else if (bytes !== undefined && Number(bytes) > 0) textStatus = 'missing';
      }
      const sha1 = /<sha1>([^<]*)<\/sha1>/.exec(block)?.[1] || undefined;
      out.push({
        title,
        ns: nsText === undefined ? undefined : Number(nsText),
        pageId,
        revisionId,
        timestamp,
        textStatus,
        text,
        textSha1,
        sha1,
        hasContentSlots: /<content>/.test(block),
        lastOfPage: i === revisions.length - 1,
      });
    });
  }
  return out;
}
