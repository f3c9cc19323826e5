/**
 * The reader must not care where the byte stream is cut: the same document fed in
 * chunks of any size gives identical records, with byte offsets that match the
 * positions of `<page>` and `<revision>` in the document.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRevisions, type RevisionRecord } from '../../src/dump/index.ts';
import { openSource } from '../../src/source/index.ts';
import { chunked, collect, cutAt, indexesOf, prng, summary, whole } from '../support/helpers.ts';
import { syntheticDump } from '../support/synthetic.ts';

const FIXTURE = path.resolve(import.meta.dirname, '../../fixtures/dump/multibyte-history.xml');
const XML = readFileSync(FIXTURE);
const SIZES = [1, 2, 3, 7, 64, 4096];

const read = (bytes: AsyncIterable<Buffer>) => collect(readRevisions(bytes));
const view = (records: RevisionRecord[]) => records.map(summary);

async function viaStdin(bytes: AsyncIterable<Buffer>) {
  const source = await openSource('-', { stream: bytes });
  return { source, records: await read(source.bytes) };
}

const baseline = await read(whole(XML));

describe('the multi-byte fixture read whole', () => {
  it('has the records the fixture spells out', () => {
    expect(baseline.map((r) => [r.page.title, r.revision.id, r.lastOfPage])).toEqual([
      ['ภาษาไทย', '9001', false],
      ['ภาษาไทย', '9002', true],
      ['พูดคุย:ภาษาไทย', '9003', true],
      ['中文 & 日本語 — Ελληνικά', '9004', false],
      ['中文 & 日本語 — Ελληνικά', '9005', true],
    ]);
    expect(baseline[0]!.text).toBe("'''ภาษาไทย''' เป็นภาษาราชการของประเทศไทย<ref>{{cite web|title=ภาษา}}</ref>");
    expect(baseline[1]!.text).toBe("  '''ภาษาไทย''' 😀😀 เป็นภาษา 👨‍👩‍👧‍👦 </revision> not a tag &nbsp; 𝄞 😀  ");
    expect(baseline[1]!.revision.comment).toBe('emoji 😀👍🏽 and combining e\u0301');
    expect(baseline[1]!.revision.contributor).toEqual({ kind: 'ip', ip: '2001:db8::1' });
    expect(baseline[1]!.revision.minor).toBe(true);
    expect(baseline[2]!.revision.textStatus).toBe('deleted');
    expect(baseline[2]!.revision.contributor).toEqual({ kind: 'deleted' });
    expect(baseline[2]!.revision.commentDeleted).toBe(true);
    expect(baseline[2]!.revision.sha1).toBeUndefined();
    expect(baseline[2]!.page.ns).toBe(1);
    expect(baseline[3]!.revision.textStatus).toBe('ok');
    expect(baseline[3]!.text).toBe('');
    expect(baseline[4]!.page.redirect).toBe('العربية & עברית');
    expect(baseline[4]!.text).toBe('#REDIRECT [[العربية & עברית]]\n漢字かなカナ한국어\nไทย🇹🇭');
    expect(baseline[0]!.site.sitename).toBe('วิกิพีเดีย');
    expect(baseline[0]!.site.namespaces).toEqual([
      { key: 0, name: '', case: 'first-letter' },
      { key: 1, name: 'พูดคุย', case: 'first-letter' },
    ]);
  });

  it('gives byte offsets equal to the positions of <page> and <revision> in the buffer', () => {
    const pageTags = indexesOf(XML, '<page>');
    const revisionTags = indexesOf(XML, '<revision>');
    expect(pageTags).toHaveLength(3);
    expect(revisionTags).toHaveLength(5);
    expect(baseline.map((r) => r.revision.offset)).toEqual(revisionTags);
    expect([...new Set(baseline.map((r) => r.page.offset))]).toEqual(pageTags);
    // Byte offsets, not character offsets: the document is full of multi-byte characters before them.
    expect(XML.toString('utf8').indexOf('<revision>', pageTags[1])).not.toBe(revisionTags[2]);
  });
});

describe('the same document in chunks', () => {
  it('the chunk sizes really split multi-byte characters', () => {
    for (const size of [2, 3, 7, 64]) {
      let splits = 0;
      for (let at = size; at < XML.length; at += size) if ((XML[at]! & 0xc0) === 0x80) splits++;
      expect(splits, `chunks of ${size}`).toBeGreaterThan(0);
    }
  });

  for (const size of SIZES) {
    it(`readRevisions, chunks of ${size} bytes: identical records`, async () => {
      expect(view(await read(chunked(XML, size)))).toEqual(view(baseline));
    });

    it(`openSource('-', { stream }), chunks of ${size} bytes: identical records`, async () => {
      const { source, records } = await viaStdin(chunked(XML, size));
      expect(source.compression).toBe('none');
      expect(source.encoding).toBe('utf-8');
      expect(view(records)).toEqual(view(baseline));
    });

    it(`openSource(file, { chunkBytes: ${size} }): identical records`, async () => {
      const source = await openSource(FIXTURE, { chunkBytes: size });
      expect(view(await read(source.bytes))).toEqual(view(baseline));
      expect(source.rawBytesRead()).toBe(XML.length);
    });
  }

  it('a cut at every single position gives identical records', async () => {
    const expected = view(baseline);
    for (let at = 1; at < XML.length; at++) {
      const records = await read(cutAt(XML, [at]));
      // toEqual on every cut would be slow to report; compare serialised views and name the cut on failure.
      if (JSON.stringify(view(records)) !== JSON.stringify(expected)) {
        expect(view(records), `cut at byte ${at}`).toEqual(expected);
      }
    }
  });

  it('random cuts (seeded) give identical records', async () => {
    const next = prng(20240611);
    for (let trial = 0; trial < 60; trial++) {
      const count = 1 + Math.floor(next() * 40);
      const cuts = Array.from({ length: count }, () => 1 + Math.floor(next() * (XML.length - 1)));
      const records = await read(cutAt(XML, cuts));
      expect(view(records), `cuts ${cuts.join(',')}`).toEqual(view(baseline));
    }
  });

  it('a UTF-8 byte-order mark shifts every offset by 3 and changes nothing else', async () => {
    const withBom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), XML]);
    for (const size of [1, 2, 5, 4096]) {
      const records = await read(chunked(withBom, size));
      expect(records.map((r) => r.revision.offset)).toEqual(baseline.map((r) => r.revision.offset + 3));
      expect(records.map((r) => r.page.offset)).toEqual(baseline.map((r) => r.page.offset + 3));
      const strip = (r: RevisionRecord) => ({
        ...summary(r),
        page: { ...r.page, offset: 0 },
        revision: { ...r.revision, offset: 0 },
      });
      expect(records.map(strip)).toEqual(baseline.map(strip));
    }
  });

  for (const [label, encode] of [
    ['UTF-16LE with a BOM', (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')])],
    [
      'UTF-16BE with a BOM',
      (s: string) => Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(s, 'utf16le').swap16()]),
    ],
    ['UTF-16LE without a BOM', (s: string) => Buffer.from(s, 'utf16le')],
    ['UTF-16BE without a BOM', (s: string) => Buffer.from(s, 'utf16le').swap16()],
  ] as const) {
    it(`${label}, split at odd sizes (halves of code units and of surrogate pairs): identical records`, async () => {
      const wide = encode(XML.toString('utf8'));
      for (const size of [1, 3, 7, 4096]) {
        const { source, records } = await viaStdin(chunked(wide, size));
        expect(source.encoding).toBe(label.startsWith('UTF-16LE') ? 'utf-16le' : 'utf-16be');
        // Offsets count the UTF-8 re-encoding, which is the fixture itself.
        expect(view(records), `chunks of ${size}`).toEqual(view(baseline));
      }
    });
  }

  it('a generated 60-revision dump reads back exactly what was generated, in any chunking', async () => {
    const dump = syntheticDump({ pages: 20, revisionsPerPage: 3, words: 300, seed: 5 });
    const buffer = Buffer.from(dump.xml, 'utf8');
    const expected = dump.pages.flatMap((p) =>
      p.revisions.map((r, i) => ({
        title: p.title,
        pageId: p.id,
        id: r.id,
        text: r.text,
        lastOfPage: i === p.revisions.length - 1,
      })),
    );
    const revisionTags = indexesOf(buffer, '<revision>');
    for (const size of [7, 64, 4096, 65536, buffer.length]) {
      const records = await read(chunked(buffer, size));
      expect(
        records.map((r) => ({
          title: r.page.title,
          pageId: r.page.id,
          id: r.revision.id,
          text: r.text,
          lastOfPage: r.lastOfPage,
        })),
        `chunks of ${size}`,
      ).toEqual(expected);
      expect(records.map((r) => r.revision.offset)).toEqual(revisionTags);
    }
  });
});
