/**
 * Broken, hostile and unreadable input: every case must end in an InputError that
 * says where (a byte offset), after yielding the records that were complete before it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readRevisions, type RevisionRecord } from '../../src/dump/index.ts';
import { InputError, findOnPath, openSource, type SourceOptions } from '../../src/source/index.ts';
import {
  chunked,
  collectUntilError,
  expectInputError,
  expectInputErrorAtByte,
  indexesOf,
  randomBytes,
  whole,
} from '../support/helpers.ts';
import { syntheticDump, type SyntheticDump } from '../support/synthetic.ts';

const HAS_TOOLS = ['bzip2', 'gzip', 'xz'].every((tool) => findOnPath(tool) !== undefined);

const readUntilError = (bytes: AsyncIterable<Buffer>, options: { file?: string; maxRevisionBytes?: number } = {}) =>
  collectUntilError(() => readRevisions(bytes, options));

function openAndRead(file: string, options: SourceOptions = {}) {
  return collectUntilError(async () => readRevisions((await openSource(file, options)).bytes, { file }));
}

/** Three pages, two revisions each, with texts long enough to cut in the middle. */
const pages = ['Alpha', 'Beta', 'Gamma'];
const DOC = [
  '<?xml version="1.0" encoding="UTF-8"?>\n',
  '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11">\n',
  '  <siteinfo><sitename>W</sitename><namespaces><namespace key="0" /></namespaces></siteinfo>\n',
  ...pages.map(
    (title, p) =>
      `  <page>\n    <title>${title}</title>\n    <ns>0</ns>\n    <id>${p + 1}</id>\n` +
      [1, 2]
        .map(
          (r) =>
            `    <revision>\n      <id>${p * 10 + r}</id>\n      <contributor><ip>192.0.2.${r}</ip></contributor>\n` +
            `      <text xml:space="preserve">Text of ${title} revision ${r}: ${'lorem ipsum '.repeat(8)}&lt;ref&gt;x&lt;/ref&gt;</text>\n` +
            `    </revision>\n`,
        )
        .join('') +
      '  </page>\n',
  ),
  '</mediawiki>\n',
].join('');
const DOC_BYTES = Buffer.from(DOC, 'utf8');
const PAGE_ENDS = indexesOf(DOC_BYTES, '</page>').map((i) => i + '</page>'.length);
const REVISION_STARTS = indexesOf(DOC_BYTES, '<revision>');

const titlesAndIds = (records: RevisionRecord[]) =>
  records.map((r) => `${r.page.title}/${r.revision.id}/${r.lastOfPage}`);
const FULL = ['Alpha/1/false', 'Alpha/2/true', 'Beta/11/false', 'Beta/12/true', 'Gamma/21/false', 'Gamma/22/true'];

describe('the well-formed document (sanity check for the cases below)', () => {
  it('reads completely', async () => {
    const { items, error } = await readUntilError(whole(DOC));
    expect(error).toBeUndefined();
    expect(titlesAndIds(items)).toEqual(FULL);
  });
});

describe('truncated documents', () => {
  for (const size of [1, 7, 4096, DOC_BYTES.length]) {
    it(`cut in the middle of a <text> (chunks of ${size}): complete pages first, then InputError`, async () => {
      const cut = DOC_BYTES.indexOf('Text of Gamma revision 2') + 12;
      const { items, error } = await readUntilError(chunked(DOC_BYTES.subarray(0, cut), size), { file: 'cut.xml' });
      const e = expectInputErrorAtByte(error);
      expect(e.where.file).toBe('cut.xml');
      expect(e.message).toContain('cut.xml');
      expect(e.where.page).toBe('Gamma');
      // The offset lies between the unfinished revision and the end of the input.
      expect(e.where.offset!).toBeGreaterThanOrEqual(REVISION_STARTS[5]!);
      expect(e.where.offset!).toBeLessThanOrEqual(cut);
      // Alpha and Beta are complete; of Gamma at most its first revision, never marked as last.
      expect(titlesAndIds(items).slice(0, 4)).toEqual(FULL.slice(0, 4));
      expect(items.length).toBeLessThanOrEqual(5);
      for (const r of items.slice(4)) {
        expect(r.page.title).toBe('Gamma');
        expect(r.lastOfPage).toBe(false);
      }
    });
  }

  it('cut between pages (no </mediawiki>): every page, then InputError', async () => {
    for (const cut of [PAGE_ENDS[1]!, PAGE_ENDS[2]!, PAGE_ENDS[2]! + 1]) {
      const { items, error } = await readUntilError(whole(DOC_BYTES.subarray(0, cut)));
      const e = expectInputErrorAtByte(error);
      expect(e.where.offset!).toBeLessThanOrEqual(cut);
      expect(titlesAndIds(items)).toEqual(FULL.slice(0, cut >= PAGE_ENDS[2]! ? 6 : 4));
    }
  });

  it('cut at every byte before the end of </mediawiki>: always InputError, never a lost complete page', async () => {
    const end = DOC_BYTES.indexOf('</mediawiki>') + '</mediawiki>'.length;
    for (let cut = 0; cut < end; cut++) {
      const { items, error } = await readUntilError(whole(DOC_BYTES.subarray(0, cut)));
      const complete = PAGE_ENDS.filter((e) => e <= cut).length;
      if (
        !(error instanceof InputError) ||
        typeof error.where.offset !== 'number' ||
        !error.message.includes('byte ')
      ) {
        expect.fail(`cut at ${cut}: expected an InputError with a byte offset, got ${String(error)}`);
      }
      const done = items.filter((r) => r.lastOfPage).length;
      if (done !== complete) expect.fail(`cut at ${cut}: ${done} complete pages yielded, ${complete} expected`);
      if (error.where.offset > cut) expect.fail(`cut at ${cut}: offset ${error.where.offset} is past the end`);
    }
    // Cut after </mediawiki>: nothing is missing.
    const { items, error } = await readUntilError(whole(DOC_BYTES.subarray(0, end)));
    expect(error).toBeUndefined();
    expect(items).toHaveLength(6);
  });
});

describe('input that is not an export', () => {
  it('random bytes (seeded, 4 KiB): InputError at a byte offset', async () => {
    for (let seed = 1; seed <= 25; seed++) {
      const noise = randomBytes(4096, seed);
      for (const prefix of ['', '<mediawiki>', '<mediawiki><page><title>T</title><revision><text>']) {
        const input = Buffer.concat([Buffer.from(prefix), noise]);
        const { items, error } = await readUntilError(chunked(input, 1000));
        expect(items, `seed ${seed}, prefix ${prefix}`).toEqual([]);
        const e = expectInputErrorAtByte(error);
        expect(e.where.offset!).toBeLessThanOrEqual(input.length);
      }
    }
  });

  it('random bytes through openSource: InputError, whatever the magic bytes say', async () => {
    for (let seed = 100; seed < 110; seed++) {
      const { error } = await collectUntilError(async () => {
        const source = await openSource('-', { stream: whole(randomBytes(4096, seed)) });
        return readRevisions(source.bytes);
      });
      expectInputError(error);
    }
  });

  it('empty input, an empty chunk, whitespace only, an empty file: InputError at a byte offset', async () => {
    const empty = (async function* (): AsyncGenerator<Buffer> {})();
    expectInputErrorAtByte((await readUntilError(empty)).error);
    expectInputErrorAtByte((await readUntilError(whole(Buffer.alloc(0)))).error);
    const e = expectInputErrorAtByte((await readUntilError(whole(' \n\t\n'))).error);
    expect(e.where.offset).toBeLessThanOrEqual(4);

    const viaStdin = await collectUntilError(async () => {
      const source = await openSource('-', { stream: (async function* (): AsyncGenerator<Buffer> {})() });
      return readRevisions(source.bytes);
    });
    expectInputErrorAtByte(viaStdin.error);

    const dir = mkdtempSync(path.join(tmpdir(), 'citeaudit-empty-'));
    try {
      const file = path.join(dir, 'empty.xml');
      writeFileSync(file, '');
      const { items, error } = await openAndRead(file);
      expect(items).toEqual([]);
      const err = expectInputErrorAtByte(error);
      expect(err.where.file).toBe(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('an XML document of another kind: InputError at a byte offset', async () => {
    const { items, error } = await readUntilError(whole('<?xml version="1.0"?>\n<rss><channel/></rss>'));
    expect(items).toEqual([]);
    expect(expectInputErrorAtByte(error).where.offset).toBe(22);
  });
});

describe('declarations XML parsers would expand', () => {
  const laughs =
    '<!DOCTYPE mediawiki [\n  <!ENTITY a "aaaaaaaaaa">\n' +
    Array.from({ length: 9 }, (_, i) => {
      const prev = String.fromCharCode(97 + i);
      return `  <!ENTITY ${String.fromCharCode(98 + i)} "${`&${prev};`.repeat(10)}">\n`;
    }).join('') +
    ']>\n';

  it('a billion-laughs DOCTYPE before <mediawiki>: InputError, nothing expanded', async () => {
    const xml = `<?xml version="1.0"?>\n${laughs}<mediawiki><page><title>&j;</title><revision><text>&j;</text></revision></page></mediawiki>`;
    const { items, error } = await readUntilError(whole(xml));
    expect(items).toEqual([]);
    const e = expectInputErrorAtByte(error);
    expect(e.where.offset).toBe(xml.indexOf('<!DOCTYPE'));
  });

  it('an <!ENTITY> inside a revision: InputError after the pages before it', async () => {
    const xml = DOC.replace(
      '<id>21</id>',
      '<id>21</id>\n      <!ENTITY x "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx">',
    ).replace('Text of Gamma revision 1', 'Text of Gamma revision 1 &x;&x;&x;');
    for (const size of [5, 4096, xml.length]) {
      const { items, error } = await readUntilError(chunked(xml, size));
      const e = expectInputErrorAtByte(error);
      expect(titlesAndIds(items)).toEqual(FULL.slice(0, 4));
      const bytes = Buffer.from(xml);
      expect(e.where.offset!).toBeGreaterThanOrEqual(REVISION_STARTS[4]!);
      expect(e.where.offset!).toBeLessThanOrEqual(bytes.indexOf('<!ENTITY'));
      expect(items.some((r) => r.text.includes('xxxx'))).toBe(false);
    }
  });

  it('a DOCTYPE inside <siteinfo>, in a page header, or between revisions: InputError', async () => {
    const doctype = '<!DOCTYPE x [<!ENTITY e "boom">]>';
    const cases = [
      DOC.replace('<sitename>', `${doctype}<sitename>`),
      DOC.replace('<title>Beta</title>', `<title>Beta</title>${doctype}`),
      DOC.replace('</revision>\n    <revision>\n      <id>12', `</revision>\n${doctype}\n    <revision>\n      <id>12`),
    ];
    for (const xml of cases) {
      expect(xml).not.toBe(DOC);
      const { error } = await readUntilError(whole(xml));
      const e = expectInputErrorAtByte(error);
      expect(e.where.offset).toBe(Buffer.from(xml).indexOf('<!DOCTYPE'));
    }
  });

  it('a CDATA section inside a revision: InputError', async () => {
    const xml = DOC.replace('Text of Beta revision 2', '<![CDATA[ <b>bold</b> ]]> Text of Beta revision 2');
    const { items, error } = await readUntilError(chunked(xml, 64));
    const e = expectInputErrorAtByte(error);
    expect(titlesAndIds(items)).toEqual(FULL.slice(0, 2));
    expect(e.where.offset!).toBeGreaterThanOrEqual(REVISION_STARTS[3]!);
    expect(e.where.offset!).toBeLessThanOrEqual(Buffer.from(xml).indexOf('<![CDATA['));
  });

  it('an undeclared entity reference is left as written, not expanded', async () => {
    const { items, error } = await readUntilError(whole(DOC.replace('Text of Alpha revision 1', '&lol9; &nbsp;')));
    expect(error).toBeUndefined();
    expect(items[0]!.text.startsWith('&lol9; &nbsp;: ')).toBe(true);
  });
});

describe('unclosed elements', () => {
  it('a <revision> missing its </revision>, followed by another revision: InputError', async () => {
    const xml = DOC.replace(/(<id>11<\/id>[\s\S]*?<\/text>\n)\s*<\/revision>\n/, '$1');
    expect(xml).not.toBe(DOC);
    const bytes = Buffer.from(xml);
    const starts = indexesOf(bytes, '<revision>');
    for (const size of [3, 4096, bytes.length]) {
      const { items, error } = await readUntilError(chunked(bytes, size));
      const e = expectInputErrorAtByte(error);
      expect(titlesAndIds(items)).toEqual(FULL.slice(0, 2));
      expect(e.where.page).toBe('Beta');
      expect(e.where.offset!).toBeGreaterThanOrEqual(starts[2]!);
      expect(e.where.offset!).toBeLessThanOrEqual(starts[3]!);
    }
  });

  it('the last <revision> of a page missing its </revision>: InputError', async () => {
    const xml = DOC.replace(/(<id>12<\/id>[\s\S]*?<\/text>\n)\s*<\/revision>\n/, '$1');
    expect(xml).not.toBe(DOC);
    const { items, error } = await readUntilError(whole(xml));
    expectInputErrorAtByte(error);
    expect(titlesAndIds(items).slice(0, 2)).toEqual(FULL.slice(0, 2));
    expect(items.filter((r) => r.page.title !== 'Alpha').every((r) => !r.lastOfPage)).toBe(true);
  });

  it('a <page> missing its </page>, followed by another page: InputError', async () => {
    const xml = DOC.replace(/(<id>12<\/id>[\s\S]*?<\/revision>\n)\s*<\/page>\n/, '$1');
    expect(xml).not.toBe(DOC);
    const { items, error } = await readUntilError(whole(xml));
    const e = expectInputErrorAtByte(error);
    expect(titlesAndIds(items).slice(0, 2)).toEqual(FULL.slice(0, 2));
    expect(e.where.offset!).toBeGreaterThan(PAGE_ENDS[0]!);
  });
});

describe('maxRevisionBytes', () => {
  const big = DOC.replace('Text of Beta revision 1', `Text of Beta revision 1 ${'B'.repeat(5000)}`);
  const bigBytes = Buffer.from(big);
  const bigStart = indexesOf(bigBytes, '<revision>')[2]!;
  const bigEnd = bigBytes.indexOf('</revision>', bigStart) + '</revision>'.length;

  for (const size of [1, 64, 512, 999]) {
    it(`a 5 KB revision with a 1000-byte limit, chunks of ${size}: InputError after the pages before it`, async () => {
      const { items, error } = await readUntilError(chunked(bigBytes, size), { maxRevisionBytes: 1000 });
      const e = expectInputErrorAtByte(error);
      expect(titlesAndIds(items)).toEqual(FULL.slice(0, 2));
      expect(e.where.offset!).toBeGreaterThanOrEqual(bigStart);
      expect(e.where.offset!).toBeLessThan(bigEnd);
      expect(e.message).toMatch(/1000/);
    });
  }

  it('the limit is per revision: many revisions under it pass, in any chunking', async () => {
    for (const size of [1, 64, 4096, DOC_BYTES.length]) {
      const { items, error } = await readUntilError(chunked(DOC_BYTES, size), { maxRevisionBytes: 1000 });
      expect(error).toBeUndefined();
      expect(titlesAndIds(items)).toEqual(FULL);
    }
  });

  // Regression (src/dump/scanner.ts, fixed): the limit is only checked while a revision is still
  // incomplete at the end of a chunk; a revision that arrives inside one chunk (the default file
  // chunk is 1 MiB) is accepted whatever its size.
  it('a 5 KB revision with a 1000-byte limit, delivered in one chunk: InputError', async () => {
    const { error } = await readUntilError(whole(bigBytes), { maxRevisionBytes: 1000 });
    expectInputErrorAtByte(error);
  });
});

describe.skipIf(!HAS_TOOLS)('compressed input that fails to decompress', () => {
  let dir: string;
  let dump: SyntheticDump;
  let full: string;
  let truncated: string;
  /** Pages whose </page> is in what `bzip2 -dc` manages to write for the truncated file. */
  let systemCompletePages: number;

  const pagesOf = (items: RevisionRecord[]) => items.map((r) => [r.page.title, r.revision.id, r.text]);
  const generatedPages = (n: number) =>
    dump.pages.slice(0, n).map((p) => [p.title, p.revisions[0]!.id, p.revisions[0]!.text]);

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'citeaudit-malformed-'));
    mkdirSync(dir, { recursive: true });
    // ~1 MB of hard-to-compress text: `bzip2 -1` makes about ten 100 kB blocks.
    dump = syntheticDump({ pages: 40, revisionsPerPage: 1, words: 5000, seed: 11 });
    const packed = execFileSync('bzip2', ['-1', '-c'], { input: dump.xml, maxBuffer: 1 << 26 });
    full = path.join(dir, 'dump.xml.bz2');
    truncated = path.join(dir, 'truncated.xml.bz2');
    writeFileSync(full, packed);
    writeFileSync(truncated, packed.subarray(0, Math.floor(packed.length * 0.6)));
    const partial = spawnSync('bzip2', ['-dc', truncated], { maxBuffer: 1 << 26 });
    expect(partial.status).not.toBe(0);
    systemCompletePages = indexesOf(partial.stdout, '</page>').length;
  });

  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the test file really is truncated after several complete pages', () => {
    expect(systemCompletePages).toBeGreaterThanOrEqual(5);
    expect(systemCompletePages).toBeLessThan(40);
  });

  it('truncated .bz2, system bzip2: the complete pages, then an InputError naming the decompressor', async () => {
    const { items, error } = await openAndRead(truncated, { bzip2: 'system' });
    const e = expectInputError(error);
    expect(e.message).toMatch(/bzip2/);
    expect(e.message).toMatch(/fail/i);
    expect(e.where.file).toBe(truncated);
    expect(typeof e.where.offset).toBe('number');
    expect(pagesOf(items)).toEqual(generatedPages(systemCompletePages));
  });

  it('truncated .bz2, pure-JS decoder: an InputError after some complete pages, no hang, no crash', async () => {
    const { items, error } = await openAndRead(truncated, { bzip2: 'js' });
    const e = expectInputError(error);
    expect(e.message).toMatch(/bz2|bzip/i);
    expect(e.message).toMatch(/fail/i);
    expect(e.where.file).toBe(truncated);
    expect(pagesOf(items)).toEqual(generatedPages(items.length));
    // Regression (src/source/decompress.ts, streamFilter, fixed): when the transform emitted
    // 'error', the output PassThrough was destroyed at once, discarding what the decoder had
    // already produced and not yet been read. unbzip2-stream decodes the last blocks in its end
    // handler, so the pure-JS path yielded 19 pages here where bzip2 -dc recovers 22.
    expect(items.length).toBeGreaterThanOrEqual(systemCompletePages);
  });

  for (const [tool, ext, packArgs] of [
    ['gzip', 'gz', ['-c']],
    ['xz', 'xz', ['-c']],
  ] as const) {
    it(`truncated .${ext}: the pages ${tool} -dc recovers, then an InputError`, async () => {
      const packed = execFileSync(tool, packArgs, { input: dump.xml, maxBuffer: 1 << 26 });
      const file = path.join(dir, `truncated.xml.${ext}`);
      writeFileSync(file, packed.subarray(0, Math.floor(packed.length * 0.6)));
      const partial = spawnSync(tool, ['-dc', file], { maxBuffer: 1 << 26 });
      expect(partial.status).not.toBe(0);
      const { items, error } = await openAndRead(file);
      const e = expectInputError(error);
      expect(e.where.file).toBe(file);
      expect(pagesOf(items)).toEqual(generatedPages(indexesOf(partial.stdout, '</page>').length));
    });
  }

  it('a truncated single-block .bz2 (nothing decodable): InputError from either decoder, no records', async () => {
    const small = execFileSync('bzip2', ['-c'], { input: DOC });
    const file = path.join(dir, 'small.xml.bz2');
    writeFileSync(file, small.subarray(0, small.length >> 1));
    for (const bzip2 of ['system', 'js'] as const) {
      const { items, error } = await openAndRead(file, { bzip2 });
      expect(items).toEqual([]);
      expect(expectInputError(error).where.file).toBe(file);
    }
  });

  it('bzip2 magic followed by garbage: InputError from either decoder', async () => {
    const file = path.join(dir, 'garbage.bz2');
    writeFileSync(file, Buffer.concat([Buffer.from('BZh91AY&SY'), randomBytes(4096, 3)]));
    for (const bzip2 of ['system', 'js'] as const) {
      const { items, error } = await openAndRead(file, { bzip2 });
      expect(items).toEqual([]);
      expectInputError(error);
    }
  });

  it('the pure-JS bz2 decoder yields the same records as the system tool', async () => {
    const system = await openAndRead(full, { bzip2: 'system' });
    const js = await openAndRead(full, { bzip2: 'js' });
    expect(system.error).toBeUndefined();
    expect(js.error).toBeUndefined();
    expect(system.items).toHaveLength(40);
    expect(pagesOf(system.items)).toEqual(generatedPages(40));
    expect(js.items.map((r) => [r.page, r.revision, r.text, r.lastOfPage])).toEqual(
      system.items.map((r) => [r.page, r.revision, r.text, r.lastOfPage]),
    );
  });

  it("with no tools on PATH (path: ''), the pure-JS decoder is used and the notices say so", async () => {
    const source = await openSource(full, { path: '' });
    expect(source.compression).toBe('bzip2');
    expect(source.notices.join('\n')).toMatch(/pure-JS/);
    expect(source.decoder).not.toMatch(/bzip2 -dc/);
    const records: RevisionRecord[] = [];
    for await (const r of readRevisions(source.bytes)) records.push(r);
    expect(pagesOf(records)).toEqual(generatedPages(40));

    const withTools = await openSource(full, {});
    expect(withTools.notices).toEqual([]);
    expect(withTools.decoder).toMatch(/bzip2/);
    for await (const _ of withTools.bytes) {
      // drain, so the child exits
    }
  });
});

describe('what openSource refuses', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'citeaudit-refuse-'));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  for (const [format, magic, hint] of [
    ['7z', [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0x00, 0x04], /7z/],
    ['zstd', [0x28, 0xb5, 0x2f, 0xfd], /zstd -dc/],
    ['zip', [0x50, 0x4b, 0x03, 0x04], /unzip/],
  ] as const) {
    it(`${format} magic bytes (misnamed .xml): InputError with a hint`, async () => {
      const file = path.join(dir, `dump-${format}.xml`);
      writeFileSync(file, Buffer.concat([Buffer.from(magic), randomBytes(200, magic[0])]));
      const { items, error } = await openAndRead(file);
      expect(items).toEqual([]);
      const e = expectInputError(error);
      expect(e.message).toContain(format);
      expect(e.message).toMatch(hint);
      expect(e.where.file).toBe(file);
      expect(e.where.offset).toBe(0);

      const viaStdin = await collectUntilError(async () => {
        const source = await openSource('-', { stream: whole(Buffer.from(magic)) });
        return source.bytes;
      });
      expect(expectInputError(viaStdin.error).message).toMatch(hint);
    });
  }

  it('a missing file: InputError naming it', async () => {
    const file = path.join(dir, 'does-not-exist.xml.bz2');
    const { error } = await openAndRead(file);
    const e = expectInputError(error);
    expect(e.where.file).toBe(file);
    expect(e.message).toContain(file);
  });

  it('a directory: InputError naming it', async () => {
    const e = expectInputError((await openAndRead(dir)).error);
    expect(e.where.file).toBe(dir);
    expect(e.message).toContain(dir);
  });

  it.skipIf(!HAS_TOOLS)("an .xz file with no xz on PATH (path: ''): InputError naming the tool", async () => {
    const file = path.join(dir, 'x.xml.xz');
    writeFileSync(file, execFileSync('xz', ['-c'], { input: DOC }));
    const e = expectInputError((await openAndRead(file, { path: '' })).error);
    expect(e.message).toMatch(/xz/);
    expect(e.where.file).toBe(file);
  });
});
