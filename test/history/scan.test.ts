import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRevisions } from '../../src/dump/index.ts';
import {
  diffTexts,
  scanParagraphs,
  scanRevision,
  urlKey,
  type ParagraphScan,
  type Scan,
} from '../../src/history/index.ts';
import { openSource } from '../../src/source/index.ts';
import { tidyWikitext } from '../../src/wikitext/index.ts';
import { enwikiCatalog, ROOT } from '../support/pack.ts';
import { mulberry32 } from '../support/prng.ts';

const HISTORY = resolve(ROOT, '../shared/corpus/xml-history/enwiki-dbpedia-minidump-27pages-191revs-2018-2021.xml.bz2');

/** The scans of these tests read URLs too. */
const URLS = { urls: true };

/** What scanParagraphs found, with each offset counted from the text's start again. */
function whole(scan: ParagraphScan): Scan {
  const out: Scan = { tags: [], citations: [], urls: [] };
  let start = 0;
  for (const s of scan.segments) {
    for (const t of s.scan.tags) out.tags.push({ ...t, offset: start + t.offset });
    for (const c of s.scan.citations) out.citations.push({ ...c, offset: start + c.offset });
    out.urls.push(...s.scan.urls);
    start += s.length;
  }
  expect(scan.urls).toEqual(out.urls);
  expect(scan.tags).toEqual(out.tags.map((t, i) => ({ ...t, offset: scan.tags[i]!.offset })));
  expect(scan.citations.length).toBe(out.citations.length);
  return out;
}

/** Pieces that open and close what a scan must not read across: templates, comments, hidden tags. */
const PIECES = [
  '{{',
  '}}',
  '{{cn}}',
  '{{citation needed|date=May 2020}}',
  '{{cite web|url=http://a.example/x|title=T}}',
  ' see http://b.example/y. ',
  '[https://c.example/z(1) c]',
  '{{dead link}}',
  '<!--',
  '-->',
  '<nowiki>',
  '</nowiki>',
  '<nowiki/>',
  '<pre ',
  '>',
  '</pre>',
  '<ref>',
  '</ref>',
  '\n',
  '\n\n',
  '\n\n\n',
  ' ',
  'word',
  'A claim. ',
  '|',
];

describe('scanRevision', () => {
  it('reads the URLs of the text as keys: cut as MediaWiki ends free links, outside comments, restyling aside', () => {
    const text =
      "See http://a.example/x. Or (http://b.example/y), ''http://c.example/z'' and http://d.example/w_(v).\n" +
      '<ref>{{cite web |url=https://e.example/1 |archive-url=https://web.archive.org/web/2015/https://e.example/1}}</ref>' +
      "[http://f.example/2 label] <!-- http://hidden.example/ --> '''http://g.example/b'''\n" +
      '{{cite web |url=http://h.example/q?a&amp;b=1&#61;2 |title=T}} {{cite web |url=//proto.example/p}} ' +
      'HTTPS://WWW.Case.Example/Path/#frag ftp://files.example/f.txt http://i.example/j&lt;k';
    // Only when asked: a history reads them to date the links it checks.
    expect(scanRevision(text, enwikiCatalog()).urls).toEqual([]);
    expect(scanRevision(text, enwikiCatalog(), URLS).urls).toEqual([
      '//a.example/x',
      '//b.example/y',
      '//c.example/z',
      '//d.example/w_(v)',
      '//e.example/1',
      '//web.archive.org/web/2015/https://e.example/1',
      '//f.example/2',
      '//g.example/b',
      '//h.example/q?a&b=1=2',
      '//proto.example/p',
      '//case.example/Path',
      '//files.example/f.txt',
      '//i.example/j',
    ]);
  });

  it('cuts a URL in time linear in its length, however long its run of punctuation', () => {
    // A run not at the end once made a backtracking pattern quadratic (100,000 dots: 16 s).
    expect(urlKey(`http://a.example/${'.'.repeat(200_000)}x`)).toBe(`//a.example/${'.'.repeat(200_000)}x`);
    expect(urlKey(`http://a.example/${')'.repeat(200_000)}x)`)).toBe(`//a.example/${')'.repeat(200_000)}x`);
    expect(urlKey(`http://a.example/x${'/'.repeat(200_000)}`)).toBe('//a.example/x');
    expect(urlKey('http://a.example/x).)')).toBe('//a.example/x');
  });
});

describe('scanParagraphs', () => {
  it('finds what one scan of the whole text finds, edit after edit, whatever is left open', () => {
    const catalog = enwikiCatalog();
    const random = mulberry32(7);
    const piece = () => PIECES[Math.floor(random() * PIECES.length)]!;
    let reusedAny = 0;
    for (let history = 0; history < 150; history++) {
      let text = Array.from({ length: 20 + Math.floor(random() * 80) }, piece).join('');
      let scan = scanParagraphs(text, catalog, undefined, URLS);
      expect(whole(scan)).toEqual(scanRevision(text, catalog, URLS));
      for (let edit = 0; edit < 20; edit++) {
        const at = Math.floor(random() * (text.length + 1));
        const cut = Math.floor(random() * 12);
        const next =
          text.slice(0, at) + Array.from({ length: Math.floor(random() * 3) }, piece).join('') + text.slice(at + cut);
        const { ops } = diffTexts(text, next);
        const after = scanParagraphs(next, catalog, { scan, ops }, URLS);
        expect(whole(after), JSON.stringify([text, next])).toEqual(scanRevision(next, catalog, URLS));
        reusedAny += after.segments.filter((s) => scan.segments.includes(s)).length;
        text = next;
        scan = after;
      }
    }
    // Paragraphs were carried over, not all scanned again.
    expect(reusedAny).toBeGreaterThan(1000);
  });

  it.skipIf(!existsSync(HISTORY))('finds what one scan of the whole text finds, on 191 real revisions', async () => {
    const catalog = enwikiCatalog();
    let previous: { title: string; text: string; scan: ParagraphScan } | undefined;
    let revisions = 0;
    for await (const record of readRevisions((await openSource(HISTORY)).bytes)) {
      if (record.revision.textStatus !== 'ok') continue;
      const text = tidyWikitext(record.text);
      const before =
        previous?.title === record.page.title
          ? { scan: previous.scan, ops: diffTexts(previous.text, text).ops }
          : undefined;
      const scan = scanParagraphs(text, catalog, before, URLS);
      expect(whole(scan)).toEqual(scanRevision(text, catalog, URLS));
      previous = { title: record.page.title, text, scan };
      revisions++;
    }
    expect(revisions).toBe(191);
  });
});
