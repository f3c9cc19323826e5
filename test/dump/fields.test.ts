/** Field-by-field checks of what readRevisions makes of small, hand-written exports. */
import { describe, expect, it } from 'vitest';
import { decodeXml, readRevisions, type RevisionRecord } from '../../src/dump/index.ts';
import { openSource } from '../../src/source/index.ts';
import { collect, summary, whole } from '../support/helpers.ts';

const SITEINFO = `<siteinfo>
    <sitename>Wikipedia</sitename>
    <dbname>enwiki</dbname>
    <base>https://en.wikipedia.org/wiki/Main_Page</base>
    <generator>MediaWiki 1.43.0-wmf.1</generator>
    <case>first-letter</case>
    <namespaces>
      <namespace key="-2" case="first-letter">Media</namespace>
      <namespace key="-1" case="first-letter">Special</namespace>
      <namespace key="0" case="first-letter" />
      <namespace key="1" case="first-letter">Talk</namespace>
      <namespace key="2" case="first-letter">User</namespace>
      <namespace key="3" case="first-letter">User talk</namespace>
      <namespace key="4" case="first-letter">Wikipedia</namespace>
      <namespace key="101" case="first-letter">Portal talk</namespace>
      <namespace key="828" case="case-sensitive">Module</namespace>
    </namespaces>
  </siteinfo>`;

function doc(pages: string, { version = '0.11', siteinfo = SITEINFO } = {}): string {
  return (
    `<mediawiki xmlns="http://www.mediawiki.org/xml/export-${version}/" ` +
    `xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" version="${version}" xml:lang="en">\n` +
    `  ${siteinfo}\n${pages}</mediawiki>\n`
  );
}

function page(title: string, revisions: string[], extra = '<ns>0</ns><id>1</id>'): string {
  return `  <page>\n    <title>${title}</title>\n    ${extra}\n${revisions.join('')}  </page>\n`;
}

function revision(inner: string): string {
  return `    <revision>\n${inner}\n    </revision>\n`;
}

const textRevision = (id: string, text: string, more = '') =>
  revision(
    `<id>${id}</id><timestamp>2020-01-01T00:00:00Z</timestamp>` +
      `<contributor><username>U</username><id>1</id></contributor>${more}` +
      `<model>wikitext</model><format>text/x-wiki</format>` +
      `<text bytes="${Buffer.byteLength(text)}" xml:space="preserve">${text}</text><sha1>abc</sha1>`,
  );

const read = (xml: string) => collect(readRevisions(whole(xml)));
/** The records of one page "T" made of these `<revision>` insides. */
const readRevisionsOfT = (...insides: string[]) =>
  read(
    doc(
      page(
        'T',
        insides.map((inner) => revision(inner)),
      ),
    ),
  );

async function readOne(xml: string): Promise<RevisionRecord> {
  const records = await read(xml);
  expect(records).toHaveLength(1);
  return records[0]!;
}

describe('values that look like numbers stay strings', () => {
  it('titles, ids, sha1, usernames and ips are kept as written', async () => {
    const records = await read(
      doc(
        page(
          '1984',
          [textRevision('1e5', 'x').replace('<sha1>abc</sha1>', '<sha1>0x1F</sha1>')],
          '<ns>0</ns><id>00123</id>',
        ) +
          page(
            '0x10',
            [
              revision(
                '<id>0042</id><parentid>007</parentid><timestamp>2020-01-01T00:00:00Z</timestamp>' +
                  '<contributor><username>1e3</username><id>000</id></contributor><text>y</text><sha1>1.50</sha1>',
              ),
              revision(
                '<id>12345678901234567890</id><contributor><ip>127.000.000.001</ip></contributor><text>z</text>',
              ),
            ],
            '<ns>0</ns><id>Infinity</id>',
          ),
      ),
    );
    expect(records.map((r) => r.page.title)).toEqual(['1984', '0x10', '0x10']);
    expect(records.map((r) => r.page.id)).toEqual(['00123', 'Infinity', 'Infinity']);
    expect(records.map((r) => r.revision.id)).toEqual(['1e5', '0042', '12345678901234567890']);
    expect(records[0]!.revision.sha1).toBe('0x1F');
    expect(records[1]!.revision.sha1).toBe('1.50');
    expect(records[1]!.revision.parentId).toBe('007');
    expect(records[1]!.revision.contributor).toEqual({ kind: 'user', name: '1e3', id: '000' });
    expect(records[2]!.revision.contributor).toEqual({ kind: 'ip', ip: '127.000.000.001' });
    for (const r of records) {
      expect(typeof r.page.title).toBe('string');
      expect(typeof r.page.id).toBe('string');
      expect(typeof r.revision.id).toBe('string');
      expect(r.page.ns).toBe(0);
    }
  });
});

describe('text is kept exactly', () => {
  it('leading and trailing whitespace and newlines are not trimmed', async () => {
    const texts = ['   leading and trailing   ', '\n\n  indented\n\t\ttabs\t\n\n', '   ', '\n', ' a ', 'x'];
    const records = await read(
      doc(
        page(
          'T',
          texts.map((t, i) => textRevision(String(i + 1), t)),
        ),
      ),
    );
    expect(records.map((r) => r.text)).toEqual(texts);
    expect(records.map((r) => r.revision.textStatus)).toEqual(texts.map(() => 'ok'));
  });

  it('decodes character references and the five entities once, not twice', async () => {
    const r = await readOne(
      doc(
        page('T', [
          textRevision(
            '1',
            'a &#169; b &#x2014; c &amp;nbsp; d &lt;ref&gt;x&lt;/ref&gt; e &quot;q&quot; &apos;s&apos; f &amp;amp; g &#x1F600; &#128512; &#X41;',
          ),
        ]),
      ),
    );
    expect(r.text).toBe('a © b — c &nbsp; d <ref>x</ref> e "q" \'s\' f &amp; g 😀 😀 A');
  });

  it('turns references to forbidden code points into U+FFFD without throwing', async () => {
    const r = await readOne(doc(page('T', [textRevision('1', '[&#0;][&#xD800;][&#x110000;][&#xFFFE;][&#8;]')])));
    expect(r.text).toBe('[\uFFFD][\uFFFD][\uFFFD][\uFFFD][\uFFFD]');
    expect(r.revision.textStatus).toBe('ok');
  });

  it('decodeXml: the same rules, directly', () => {
    expect(decodeXml('&#169;&#x2014;&amp;nbsp;&lt;ref&gt;')).toBe('©—&nbsp;<ref>');
    expect(decodeXml('&#0;&#xD800;&#x110000;')).toBe('\uFFFD\uFFFD\uFFFD');
    expect(decodeXml('&#9;&#10;&#13;')).toBe('\t\n\r');
    expect(decodeXml('no entities at all')).toBe('no entities at all');
    // Names XML does not define are left as written (they are wikitext's business).
    expect(decodeXml('&nbsp;&mdash;&unknown;')).toBe('&nbsp;&mdash;&unknown;');
    expect(decodeXml('&amp;lt;')).toBe('&lt;');
    expect(decodeXml('a & b')).toBe('a & b');
  });

  it('decodes entities in titles, comments, usernames and the redirect target', async () => {
    const r = await readOne(
      doc(
        page(
          'AT&amp;T &#x2013; &quot;Q&quot;',
          [
            revision(
              '<id>1</id><contributor><username>A&amp;B</username><id>2</id></contributor>' +
                '<comment>fix &lt;ref&gt; &amp;nbsp;</comment><text>t</text>',
            ),
          ],
          '<ns>0</ns><id>1</id><redirect title="Foo &amp; Bar &quot;baz&quot;" />',
        ),
      ),
    );
    expect(r.page.title).toBe('AT&T – "Q"');
    expect(r.page.redirect).toBe('Foo & Bar "baz"');
    expect(r.revision.contributor).toEqual({ kind: 'user', name: 'A&B', id: '2' });
    expect(r.revision.comment).toBe('fix <ref> &nbsp;');
  });
});

describe('text status', () => {
  it('deleted text, a blanked page, text the dump could not load, and no <text> at all', async () => {
    const records = await readRevisionsOfT(
      '<id>1</id><text deleted="deleted" bytes="-1"/>',
      '<id>2</id><text bytes="-1" deleted="deleted" />',
      '<id>3</id><text bytes="0" xml:space="preserve" />',
      '<id>4</id><text bytes="123" />',
      '<id>5</id><sha1>x</sha1>',
      '<id>6</id><text xml:space="preserve"></text>',
      '<id>7</id><text />',
    );
    expect(records.map((r) => [r.revision.id, r.revision.textStatus, r.text, r.revision.bytes])).toEqual([
      ['1', 'deleted', '', -1],
      ['2', 'deleted', '', -1],
      ['3', 'ok', '', 0],
      ['4', 'missing', '', 123],
      ['5', 'missing', '', undefined],
      ['6', 'ok', '', undefined],
      ['7', 'ok', '', undefined],
    ]);
  });
});

describe('contributors, comments, minor', () => {
  it('user (with and without id), ip, deleted, and none', async () => {
    const records = await readRevisionsOfT(
      '<id>1</id><contributor><username>Alice</username><id>99</id></contributor><text>a</text>',
      '<id>2</id><contributor><username>Bob</username></contributor><text>b</text>',
      '<id>3</id><contributor><ip>192.0.2.1</ip></contributor><text>c</text>',
      '<id>4</id><contributor deleted="deleted" /><text>d</text>',
      '<id>5</id><text>e</text>',
    );
    expect(records.map((r) => r.revision.contributor)).toEqual([
      { kind: 'user', name: 'Alice', id: '99' },
      { kind: 'user', name: 'Bob', id: undefined },
      { kind: 'ip', ip: '192.0.2.1' },
      { kind: 'deleted' },
      { kind: 'unknown' },
    ]);
  });

  it('comment present, deleted, absent; minor flag', async () => {
    const records = await readRevisionsOfT(
      '<id>1</id><minor/><comment>typo</comment><text>a</text>',
      '<id>2</id><minor /><comment deleted="deleted"/><text>b</text>',
      '<id>3</id><comment deleted="deleted" /><text>c</text>',
      '<id>4</id><text>d</text>',
    );
    expect(records.map((r) => [r.revision.minor, r.revision.comment, r.revision.commentDeleted])).toEqual([
      [true, 'typo', false],
      [true, undefined, true],
      [false, undefined, true],
      [false, undefined, false],
    ]);
  });

  it('model, format, timestamp, parentId, bytes and an empty <sha1/>', async () => {
    const r = await readOne(
      doc(
        page('T', [
          revision(
            '<id>5</id><parentid>4</parentid><timestamp>2001-01-15T13:15:00Z</timestamp>' +
              '<model>wikitext</model><format>text/x-wiki</format><text bytes="3" sha1="zzz">abc</text><sha1/>',
          ),
        ]),
      ),
    );
    expect(r.revision).toMatchObject({
      id: '5',
      parentId: '4',
      timestamp: '2001-01-15T13:15:00Z',
      model: 'wikitext',
      format: 'text/x-wiki',
      bytes: 3,
      sha1: undefined,
      textStatus: 'ok',
    });
    expect(r.text).toBe('abc');
  });
});

describe('pages', () => {
  it('redirect: a target, a bare schema-0.3 <redirect/>, and none', async () => {
    const records = await read(
      doc(
        page(
          'A',
          [textRevision('1', '#REDIRECT [[Foo &amp; Bar]]')],
          '<ns>0</ns><id>1</id><redirect title="Foo &amp; Bar"/>',
        ) +
          page('B', [textRevision('2', '#REDIRECT [[C]]')], '<id>2</id><redirect />') +
          page('C', [textRevision('3', 'article')], '<ns>0</ns><id>3</id>'),
      ),
    );
    expect(records.map((r) => r.page.redirect)).toEqual(['Foo & Bar', '', undefined]);
    expect(records[0]!.text).toBe('#REDIRECT [[Foo & Bar]]');
  });

  it('schema 0.3 without <ns>: the namespace comes from the title prefix and the siteinfo names', async () => {
    const titles = [
      'Talk:X',
      'User talk:Y',
      'User_talk:Y',
      'Portal talk:Z',
      'Wikipedia:About',
      'Module:Citation',
      'Plain',
      'Foo:Bar',
      'Talk',
    ];
    const records = await read(
      doc(titles.map((t, i) => page(t, [textRevision(String(i + 1), 'x')], `<id>${i + 1}</id>`)).join(''), {
        version: '0.3',
      }),
    );
    expect(records.map((r) => [r.page.title, r.page.ns])).toEqual([
      ['Talk:X', 1],
      ['User talk:Y', 3],
      ['User_talk:Y', 3],
      ['Portal talk:Z', 101],
      ['Wikipedia:About', 4],
      ['Module:Citation', 828],
      ['Plain', 0],
      ['Foo:Bar', 0],
      ['Talk', 0],
    ]);
    expect(records[0]!.site.schemaVersion).toBe('0.3');
  });

  it('an explicit <ns> is used as given', async () => {
    const records = await read(
      doc(
        page('Talk:X', [textRevision('1', 'x')], '<ns>1</ns><id>1</id>') +
          page('Special:Y', [textRevision('2', 'y')], '<ns>-1</ns><id>2</id>') +
          page('Talk:Z', [textRevision('3', 'z')], '<ns>0</ns><id>3</id>'),
      ),
    );
    expect(records.map((r) => r.page.ns)).toEqual([1, -1, 0]);
  });

  it('lastOfPage is true only on the last revision of each page', async () => {
    const counts = [3, 1, 2, 1, 4];
    let id = 0;
    const records = await read(
      doc(
        counts
          .map((n, p) =>
            page(
              `P${p}`,
              Array.from({ length: n }, () => textRevision(String(++id), `r${id}`)),
              `<ns>0</ns><id>${p}</id>`,
            ),
          )
          .join(''),
      ),
    );
    expect(records.map((r) => r.lastOfPage)).toEqual(
      counts.flatMap((n) => Array.from({ length: n }, (_, i) => i === n - 1)),
    );
    expect(records.map((r) => r.page.title)).toEqual(counts.flatMap((n, p) => Array(n).fill(`P${p}`)));
  });

  it('a page without revisions yields nothing and does not disturb its neighbours', async () => {
    const records = await read(
      doc(
        page('A', [textRevision('1', 'a'), textRevision('2', 'b')]) +
          page('Empty', [], '<ns>0</ns><id>2</id>') +
          page('C', [textRevision('3', 'c')], '<ns>0</ns><id>3</id>'),
      ),
    );
    expect(records.map((r) => [r.page.title, r.revision.id, r.lastOfPage])).toEqual([
      ['A', '1', false],
      ['A', '2', true],
      ['C', '3', true],
    ]);
  });

  it('<upload> and <discussionthreadinginfo> elements inside a page are not revisions', async () => {
    const records = await read(
      doc(
        page(
          'File:X.png',
          [
            textRevision('1', 'first'),
            textRevision('2', 'second'),
            '    <upload>\n      <timestamp>2020-01-01T00:00:00Z</timestamp>\n' +
              '      <contributor><username>U</username><id>1</id></contributor>\n' +
              '      <comment>upload</comment>\n      <filename>X.png</filename>\n' +
              '      <src>https://upload.example/X.png</src>\n      <size>123</size>\n    </upload>\n',
            '    <discussionthreadinginfo><ThreadSubject>s</ThreadSubject></discussionthreadinginfo>\n',
          ],
          '<ns>6</ns><id>1</id>',
        ) + page('Y', [textRevision('3', 'third')], '<ns>0</ns><id>2</id>'),
      ),
    );
    expect(records.map((r) => [r.page.title, r.revision.id, r.text, r.lastOfPage])).toEqual([
      ['File:X.png', '1', 'first', false],
      ['File:X.png', '2', 'second', true],
      ['Y', '3', 'third', true],
    ]);
  });

  it('comments in the page header and inside a revision are ignored', async () => {
    const r = await readOne(
      doc(
        '  <page>\n    <!-- header comment -->\n    <title>T</title>\n    <ns>0</ns>\n    <id>1</id>\n' +
          revision('<!-- revision comment --><id>7</id><text>kept</text>') +
          '  </page>\n',
      ),
    );
    expect(r.page.title).toBe('T');
    expect(r.revision.id).toBe('7');
    expect(r.text).toBe('kept');
  });
});

describe('multi-content revisions', () => {
  it('the text is the main slot only; the mediainfo <content> slot is left out', async () => {
    const json = '{&quot;type&quot;:&quot;mediainfo&quot;,&quot;id&quot;:&quot;M1&quot;}';
    const r = await readOne(
      doc(
        page(
          'File:Painting.jpg',
          [
            revision(
              '<id>374872926</id><parentid>1</parentid><timestamp>2019-11-11T19:04:00Z</timestamp>' +
                '<contributor><username>U</username><id>1</id></contributor>' +
                '<origin>374872926</origin><model>wikitext</model><format>text/x-wiki</format>' +
                '<text bytes="27" sha1="mainsha" xml:space="preserve">== Summary ==\n{{Information}}</text>\n' +
                '<content>\n<role>mediainfo</role>\n<origin>374872926</origin>\n<model>wikibase-mediainfo</model>\n' +
                `<format>application/json</format>\n<text bytes="44" sha1="slotsha" xml:space="preserve">${json}</text>\n` +
                '</content>\n<sha1>revsha</sha1>',
            ),
          ],
          '<ns>6</ns><id>5</id>',
        ),
      ),
    );
    expect(r.text).toBe('== Summary ==\n{{Information}}');
    expect(r.text).not.toContain('mediainfo');
    expect(r.revision.model).toBe('wikitext');
    expect(r.revision.format).toBe('text/x-wiki');
    expect(r.revision.sha1).toBe('revsha');
    expect(r.revision.bytes).toBe(27);
    expect(r.revision.textStatus).toBe('ok');
    expect(r.page.ns).toBe(6);
  });
});

describe('siteinfo', () => {
  it('every field is reachable from each record, and all records share it', async () => {
    const records = await read(
      doc(page('A', [textRevision('1', 'a')]) + page('B', [textRevision('2', 'b')], '<ns>0</ns><id>2</id>')),
    );
    expect(records).toHaveLength(2);
    const site = records[0]!.site;
    expect(site).toEqual({
      sitename: 'Wikipedia',
      dbname: 'enwiki',
      base: 'https://en.wikipedia.org/wiki/Main_Page',
      generator: 'MediaWiki 1.43.0-wmf.1',
      case: 'first-letter',
      schemaVersion: '0.11',
      namespaces: [
        { key: -2, name: 'Media', case: 'first-letter' },
        { key: -1, name: 'Special', case: 'first-letter' },
        { key: 0, name: '', case: 'first-letter' },
        { key: 1, name: 'Talk', case: 'first-letter' },
        { key: 2, name: 'User', case: 'first-letter' },
        { key: 3, name: 'User talk', case: 'first-letter' },
        { key: 4, name: 'Wikipedia', case: 'first-letter' },
        { key: 101, name: 'Portal talk', case: 'first-letter' },
        { key: 828, name: 'Module', case: 'case-sensitive' },
      ],
    });
    expect(records[1]!.site).toEqual(site);
  });

  it('schemaVersion follows the version attribute of <mediawiki>', async () => {
    for (const version of ['0.3', '0.10', '0.11']) {
      const r = await readOne(doc(page('A', [textRevision('1', 'a')]), { version }));
      expect(r.site.schemaVersion).toBe(version);
    }
  });

  it('bare <page> fragments with no root have no siteinfo and no schema version', async () => {
    const xml = page('A', [textRevision('1', 'a')]) + page('Talk:B', [textRevision('2', 'b')], '<id>2</id>');
    const records = await read(xml);
    expect(records.map((r) => [r.page.title, r.page.ns, r.revision.id, r.lastOfPage])).toEqual([
      ['A', 0, '1', true],
      ['Talk:B', 0, '2', true],
    ]);
    expect(records[0]!.site).toEqual({ namespaces: [] });
  });
});

describe('byte offsets and the openSource path', () => {
  it('page and revision offsets are the byte positions of their start tags', async () => {
    const xml = doc(
      page('Ünïcödé ☃', [textRevision('1', 'ä😀'), textRevision('2', 'ö')]) + page('B', [textRevision('3', 'x')]),
    );
    const buffer = Buffer.from(xml, 'utf8');
    const records = await read(xml);
    expect(records.map((r) => r.revision.offset)).toEqual([
      buffer.indexOf('<revision>'),
      buffer.indexOf('<revision>', buffer.indexOf('<revision>') + 1),
      buffer.lastIndexOf('<revision>'),
    ]);
    expect(records.map((r) => r.page.offset)).toEqual([
      buffer.indexOf('<page>'),
      buffer.indexOf('<page>'),
      buffer.lastIndexOf('<page>'),
    ]);
  });

  it("openSource('-', { stream }) gives the same records as readRevisions on the bytes", async () => {
    const xml = doc(page('A', [textRevision('1', '  a &amp; b  ')]) + page('B', [textRevision('2', 'b')]));
    const source = await openSource('-', { stream: whole(xml) });
    expect(source.name).toBe('<stdin>');
    expect(source.size).toBeUndefined();
    expect(source.compression).toBe('none');
    expect(source.encoding).toBe('utf-8');
    expect(source.notices).toEqual([]);
    const viaSource = await collect(readRevisions(source.bytes));
    expect(viaSource.map(summary)).toEqual((await read(xml)).map(summary));
    expect(source.rawBytesRead()).toBe(Buffer.byteLength(xml));
  });
});
