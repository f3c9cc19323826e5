/**
 * Reads every real dump in ../shared/corpus through openSource + readRevisions and
 * checks the result against a second reading done another way: the system
 * decompressor, then regular expressions over the raw XML.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRevisions, type RevisionRecord } from '../../src/dump/index.ts';
import { openSource, type SourceOptions } from '../../src/source/index.ts';
import {
  CORPUS_DIR,
  HAS_CORPUS,
  HAS_SEED,
  SEED_PAGE,
  countTags,
  expectedRevisions,
  listCorpusXmlFiles,
  systemDecompress,
  xmlText,
} from '../support/corpus.ts';
import { collect, decodeEntities, indexesOf, sha1Base36, summary } from '../support/helpers.ts';

const FILES = listCorpusXmlFiles();
const SLOW = process.env['CITEAUDIT_SLOW'] === '1';
const HUGE = 'xml-history/enwiki-Anarchism-full-history-15180revs-2001-2010.xml.lzma';

/** Files whose `<sha1>` values are MediaWiki's own (the hand-made fixtures carry made-up hashes). */
const GENUINE_SHA1 = new Set([
  'xml-history/commonswiki-File-59revs-MCR-mediainfo-slots-0.11.xml',
  'xml-history/enwiki-Cullu_Agdam-article+talk-4revs-0.10.xml',
  'xml-history/enwiki-dbpedia-minidump-17pages-84revs-2018-2021-sample.xml',
  'xml-history/enwiki-dbpedia-minidump-27pages-191revs-2018-2021.xml.bz2',
  'xml-history/simplewiki-2pages-history-suppressed-revs-0.11.xml',
  'xml-articles/enwiki-Pear-1rev-2014-0.10.xml',
  'xml-articles/enwiki-dbpedia-minidump-27pages-2021-12.xml.bz2',
  'xml-articles/enwiki-gensim-206articles-2016-05.xml.bz2',
  'xml-articles/enwiki-gensim-table-markup-5articles-2017.xml.bz2',
]);

const EXPECTED_COMPRESSION: [RegExp, string][] = [
  [/\.gz$/, 'gzip'],
  [/\.bz2$/, 'bzip2'],
  [/\.xz$/, 'xz'],
  [/\.lzma$/, 'lzma'],
  [/\.(xml|txt)$/, 'none'],
];

async function readAll(file: string, options: SourceOptions = {}) {
  const source = await openSource(file, options);
  const records = await collect(readRevisions(source.bytes, { file }));
  return { source, records };
}

/** Namespace number of a title, from the `<siteinfo>` namespaces found by regex (schemas without `<ns>`). */
function nsFromSiteinfo(xml: string, title: string): number {
  const names = new Map<string, number>();
  const siteinfo = /<siteinfo>([\s\S]*?)<\/siteinfo>/.exec(xml)?.[1] ?? '';
  for (const m of siteinfo.matchAll(/<namespace key="(-?\d+)"[^>]*>([^<]*)<\/namespace>/g)) {
    names.set(decodeEntities(m[2]!).toLowerCase(), Number(m[1]));
  }
  const colon = title.indexOf(':');
  if (colon <= 0) return 0;
  return names.get(title.slice(0, colon).toLowerCase()) ?? 0;
}

describe.skipIf(!HAS_CORPUS)('every dump in ../shared/corpus', () => {
  it('finds the corpus files it is meant to cover', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(23);
    expect(FILES).toContain(HUGE);
    expect(FILES.filter((f) => f.startsWith('xml-history/edge-cases/')).length).toBeGreaterThanOrEqual(7);
    expect(FILES.filter((f) => f.startsWith('xml-articles/')).length).toBeGreaterThanOrEqual(4);
  });

  for (const rel of FILES.filter((f) => f !== HUGE)) {
    it(`${rel}: counts, titles, ids and texts agree with the system tool + regex reading`, async () => {
      const file = path.join(CORPUS_DIR, rel);
      const xml = xmlText(systemDecompress(file));
      const counts = countTags(xml);
      expect(counts.revisions).toBeGreaterThan(0);

      const { source, records } = await readAll(file);

      // Counts taken two ways.
      expect(records.filter((r) => r.lastOfPage).length).toBe(counts.pages);
      expect(records.length).toBe(counts.revisions);

      // Compression by magic bytes agrees with the extension of these honestly named files.
      const compression = EXPECTED_COMPRESSION.find(([re]) => re.test(rel))?.[1];
      expect(compression).toBeDefined();
      expect(source.compression).toBe(compression);
      expect(source.size).toBe(statSync(file).size);
      expect(source.rawBytesRead()).toBe(statSync(file).size);

      // Record by record, against the regex reading.
      const expected = expectedRevisions(xml);
      expect(expected.length).toBe(records.length);
      const actualView = records.map((r, i) => ({
        title: r.page.title,
        ns: r.page.ns,
        pageId: r.page.id,
        revisionId: r.revision.id,
        timestamp: r.revision.timestamp,
        textStatus: r.revision.textStatus,
        text: r.text,
        sha1: r.revision.sha1,
        lastOfPage: r.lastOfPage,
        index: i,
      }));
      const expectedView = expected.map((e, i) => ({
        title: e.title,
        ns: e.ns ?? nsFromSiteinfo(xml, e.title),
        pageId: e.pageId,
        revisionId: e.revisionId,
        timestamp: e.timestamp,
        textStatus: e.textStatus,
        text: e.text,
        sha1: e.sha1,
        lastOfPage: e.lastOfPage,
        index: i,
      }));
      expect(actualView).toEqual(expectedView);

      // Offsets point at the tags in the UTF-8 XML (for UTF-16 input: its UTF-8 re-encoding).
      const utf8 = Buffer.from(xml, 'utf8');
      for (const r of records) {
        expect(utf8.toString('latin1', r.page.offset, r.page.offset + 6)).toBe('<page>');
        expect(utf8.toString('latin1', r.revision.offset, r.revision.offset + 10)).toBe('<revision>');
      }
      const pageOffsets = [...new Set(records.map((r) => r.page.offset))];
      expect(pageOffsets).toEqual([...xml.matchAll(/<page>/g)].map((m) => Buffer.byteLength(xml.slice(0, m.index))));

      // Where the hashes are MediaWiki's own, the text must hash to them, byte for byte.
      if (GENUINE_SHA1.has(rel)) {
        let checked = 0;
        records.forEach((r, i) => {
          const e = expected[i]!;
          const hash = e.textSha1 ?? (e.hasContentSlots ? undefined : e.sha1);
          if (r.revision.textStatus !== 'ok' || hash === undefined) return;
          expect(sha1Base36(r.text), `revision ${r.revision.id}`).toBe(hash);
          checked++;
        });
        expect(checked).toBeGreaterThan(0);
      }
    });
  }

  it.skipIf(!SLOW)(
    `${HUGE}: revision and page counts match a streaming count of xz --format=lzma -dc (CITEAUDIT_SLOW=1)`,
    { timeout: 600_000 },
    async () => {
      const file = path.join(CORPUS_DIR, HUGE);
      const counted = new Promise<{ pages: number; revisions: number; bytes: number }>((resolve, reject) => {
        const child = spawn('xz', ['--format=lzma', '-dc', file], { stdio: ['ignore', 'pipe', 'inherit'] });
        let tail = '';
        let pages = 0;
        let revisions = 0;
        let bytes = 0;
        child.stdout.on('data', (chunk: Buffer) => {
          bytes += chunk.length;
          const s = tail + chunk.toString('latin1');
          for (const m of s.matchAll(/<page>|<revision>/g)) {
            // A match lying wholly in the carried-over tail was counted with the previous chunk.
            if (m.index + m[0].length <= tail.length) continue;
            if (m[0] === '<page>') pages++;
            else revisions++;
          }
          tail = s.slice(-9);
        });
        child.on('error', reject);
        child.on('close', (code) =>
          code === 0 ? resolve({ pages, revisions, bytes }) : reject(new Error(`xz ${code}`)),
        );
      });
      const source = await openSource(file);
      expect(source.compression).toBe('lzma');
      let pages = 0;
      let revisions = 0;
      let lastOffset = -1;
      let firstTitle: string | undefined;
      for await (const r of readRevisions(source.bytes, { file })) {
        revisions++;
        if (r.lastOfPage) pages++;
        firstTitle ??= r.page.title;
        expect(r.revision.offset).toBeGreaterThan(lastOffset);
        lastOffset = r.revision.offset;
      }
      const expected = await counted;
      expect(expected.revisions).toBe(15180);
      expect(revisions).toBe(expected.revisions);
      expect(pages).toBe(expected.pages);
      expect(firstTitle).toBe('Anarchism');
      expect(lastOffset).toBeLessThan(expected.bytes);
    },
  );

  describe('the Pyrus copies', () => {
    const dir = path.join(CORPUS_DIR, 'xml-history');
    const plainFile = path.join(dir, 'enwiki-Pyrus-6revs-redirects-0.3.xml');

    it('the plain file reads as expected', async () => {
      const { records } = await readAll(plainFile);
      expect(records).toHaveLength(6);
      expect(records.map((r) => r.lastOfPage)).toEqual([false, false, false, false, false, true]);
      for (const r of records) {
        expect(r.page.title).toBe('Pyrus');
        expect(r.page.id).toBe('9261472');
        expect(r.page.ns).toBe(0);
        // Schema 0.3's bare <redirect />.
        expect(r.page.redirect).toBe('');
        expect(r.site.schemaVersion).toBe('0.3');
        expect(r.site.sitename).toBe('Wikipedia');
      }
      expect(records[0]!.revision.id).toBe('104997415');
      expect(records[0]!.text).toBe('#REDIRECT [[Pyrus (brand)]]');
      expect(records[1]!.text).toBe('#REDIRECT [[Pear]]');
    });

    for (const [ext, compression, options] of [
      ['.bz2', 'bzip2', {}],
      ['.bz2', 'bzip2', { bzip2: 'js' }],
      ['.gz', 'gzip', {}],
      ['.xz', 'xz', {}],
    ] as const) {
      it(`${ext} ${JSON.stringify(options)} yields records identical to the plain file`, async () => {
        const plain = await readAll(plainFile);
        const packed = await readAll(plainFile + ext, options);
        expect(packed.source.compression).toBe(compression);
        expect(packed.records.length).toBe(6);
        expect(packed.records.map(summary)).toEqual(plain.records.map(summary));
        expect(packed.records.map((r) => r.site)).toEqual(plain.records.map((r) => r.site));
      });
    }

    it('the UTF-16BE copy without a BOM yields the same titles, revision ids and texts', async () => {
      const utf16File = path.join(dir, 'enwiki-Pyrus-6revs-UTF16BE-noBOM-0.3.xml');
      const plain = await readAll(plainFile);
      const wide = await readAll(utf16File);
      expect(wide.source.encoding).toBe('utf-16be');
      expect(wide.source.notices.join('\n')).toMatch(/UTF-16BE/);
      expect(wide.records.length).toBe(6);
      const view = (rs: RevisionRecord[]) =>
        rs.map((r) => ({
          title: r.page.title,
          pageId: r.page.id,
          redirect: r.page.redirect,
          id: r.revision.id,
          timestamp: r.revision.timestamp,
          contributor: r.revision.contributor,
          comment: r.revision.comment,
          text: r.text,
          lastOfPage: r.lastOfPage,
        }));
      expect(view(wide.records)).toEqual(view(plain.records));
      // Offsets count the UTF-8 re-encoding of the document.
      const reencoded = Buffer.from(Buffer.from(readFileSync(utf16File)).swap16().toString('utf16le'), 'utf8');
      expect(wide.records.map((r) => r.revision.offset)).toEqual(indexesOf(reencoded, '<revision>'));
    });

    it('the UTF-16BE copy fed one byte at a time still reads the same', async () => {
      const utf16File = path.join(dir, 'enwiki-Pyrus-6revs-UTF16BE-noBOM-0.3.xml');
      const whole = await readAll(utf16File);
      const bytewise = await readAll(utf16File, { chunkBytes: 1 });
      expect(bytewise.records.map(summary)).toEqual(whole.records.map(summary));
    });
  });
});

describe.skipIf(!HAS_SEED)('the seed page (a bare <page> fragment)', () => {
  it('reads its metadata and text', async () => {
    const raw = readFileSync(SEED_PAGE, 'utf8');
    expect(raw.startsWith('<page>')).toBe(true);
    expect(raw).not.toContain('<mediawiki');
    const body = /<text xml:space="preserve">([\s\S]*?)<\/text>/.exec(raw)?.[1];
    expect(body).toBeDefined();
    const text = decodeEntities(body!);

    const { source, records } = await readAll(SEED_PAGE);
    expect(source.compression).toBe('none');
    expect(records).toHaveLength(1);
    const r = records[0]!;
    expect(r.page).toEqual({ title: 'Azerbaijani Armed Forces', ns: 0, id: '1088', redirect: undefined, offset: 0 });
    expect(r.revision.id).toBe('802477142');
    expect(r.revision.parentId).toBe('801845076');
    expect(r.revision.timestamp).toBe('2017-09-26T11:41:12Z');
    expect(r.revision.contributor).toEqual({ kind: 'user', name: 'Selen578', id: '30999675' });
    expect(r.revision.sha1).toBe('db8aepaq7bb5iuk4tyxa9irn512on7g');
    expect(r.revision.model).toBe('wikitext');
    expect(r.revision.format).toBe('text/x-wiki');
    expect(r.revision.minor).toBe(false);
    expect(r.revision.textStatus).toBe('ok');
    expect(r.revision.offset).toBe(raw.indexOf('<revision>'));
    expect(r.revision.comment).toBe(
      "/* Dissolution of the Soviet armed forces */ changed figure and added new citations, as this number wasn't mentioned in the previously referenced site.",
    );
    expect(r.lastOfPage).toBe(true);
    expect(r.site.namespaces).toEqual([]);
    expect(r.text.length).toBe(text.length);
    expect(r.text).toBe(text);
    expect(r.text).toContain('<ref name="IISS 2015">');
    expect(sha1Base36(r.text)).toBe(r.revision.sha1);
  });
});
