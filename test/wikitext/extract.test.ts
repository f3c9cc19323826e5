import { describe, expect, it } from 'vitest';
import {
  addTemplateRedirect,
  extract,
  normalizeTemplateName,
  parseDay,
  parseTagMonth,
  lastSentence,
} from '../../src/wikitext/index.ts';
import { enwikiCatalog } from '../support/pack.ts';

const catalog = enwikiCatalog();

describe('template names', () => {
  it.each([
    ['cite web', 'Cite web'],
    ['Template:Cite_web', 'Cite web'],
    ['template : cite  web ', 'Cite web'],
    ['cn<!-- why -->', 'Cn'],
    ['CITE WEB', 'CITE WEB'],
    ['édition', 'Édition'],
  ])('%s → %s', (raw, name) => expect(normalizeTemplateName(raw)).toBe(name));

  it('keeps case after the first letter: Citation Needed is another page', () => {
    expect(normalizeTemplateName('citation Needed')).toBe('Citation Needed');
  });
});

describe('dates', () => {
  it.each([
    ['February 2010', '2010-02'],
    ['Feb 2010', '2010-02'],
    ['february, 2010', '2010-02'],
    ['2010-02', '2010-02'],
    ['5 February 2010', '2010-02'],
    ['February 5, 2010', '2010-02'],
    ['jan13', undefined],
    ['Smarch 2010', undefined],
    ['May 1066', undefined],
  ])('tag month %s → %s', (raw, month) => expect(parseTagMonth(raw)).toBe(month));

  it.each([
    ['May 30, 2012', '2012-05-30'],
    ['30 May 2012', '2012-05-30'],
    ['2012-05-30', '2012-05-30'],
    ['30 Smarch 2012', undefined],
    ['2012-13-01', undefined],
  ])('day %s → %s', (raw, day) => expect(parseDay(raw)).toBe(day));
});

describe('claims', () => {
  it('takes the last sentence, not cut at abbreviations', () => {
    expect(lastSentence('First one. The U.S. Navy trained them in c. 1990.')).toBe(
      'The U.S. Navy trained them in c. 1990.',
    );
  });
});

describe('extract', () => {
  const text = [
    'Lead text.<ref name="a">{{cite web |url=https://example.org/a |title=A |archive-url=https://web.archive.org/web/20100101000000/https://example.org/a |archive-date=1 January 2010}}</ref>',
    '== History ==',
    '=== Early ===',
    'It began in 1901.{{cn|date=May 2010|reason=no source}} More text.<ref name="a" />',
    '== Later ==',
    '{{Infobox thing | size = 3{{fact|date=June 2011}} }}',
  ].join('\n');
  const x = extract(text, catalog);

  it('finds sections with heading paths and lines', () => {
    expect(x.sections.map((s) => [s.title, s.path.join(' > '), s.line])).toEqual([
      ['(lead)', '', 1],
      ['History', 'History', 2],
      ['Early', 'History > Early', 3],
      ['Later', 'Later', 5],
    ]);
  });

  it('resolves a self-closed ref to the ref that defines it', () => {
    expect(x.refs).toHaveLength(2);
    expect(x.refs[1]).toMatchObject({ name: 'a', selfClosing: true, definedBy: 0 });
  });

  it('finds reference lists: <references/> with its group and list-defined refs, and {{Reflist}}', () => {
    const lists = extract(
      'a<ref name=x/> <references group=n><ref name=x>def</ref></references>\n{{reflist|group=m}}',
      catalog,
    ).referenceLists;
    expect(lists.map((l) => [l.group, l.template, l.defines, l.span.line])).toEqual([
      ['n', undefined, 1, 1],
      ['m', 'Reflist', 0, 2],
    ]);
  });

  it('reads citation parameters under their aliases', () => {
    expect(x.citations[0]).toMatchObject({
      kind: 'template',
      template: 'Cite web',
      url: 'https://example.org/a',
      archiveUrl: 'https://web.archive.org/web/20100101000000/https://example.org/a',
      archiveDate: '1 January 2010',
      ref: 0,
      section: '(lead)',
    });
  });

  it('reads tags with date, reason, claim, section and location', () => {
    expect(x.tags.map((t) => [t.name, t.canonical, t.date, t.section, t.location.kind, t.claim, t.span.line])).toEqual([
      ['Cn', 'Citation needed', '2010-05', 'Early', 'body', 'It began in 1901.', 4],
      ['Fact', 'Citation needed', '2011-06', 'Later', 'infobox', '3', 6],
    ]);
    expect(x.tags[0]!.reason).toBe('no source');
    expect(x.tags[1]!.location).toEqual({ kind: 'infobox', template: 'Infobox thing', field: 'size' });
  });

  it('gives columns and lines that point at the tag', () => {
    const tag = x.tags[0]!;
    const line = text.split('\n')[tag.span.line - 1]!;
    expect(line.slice(tag.span.column - 1).startsWith('{{cn|')).toBe(true);
    expect(text.slice(tag.span.start, tag.span.end)).toBe('{{cn|date=May 2010|reason=no source}}');
  });

  it('places tags in wrapped infobox values, table cells and alias span templates', () => {
    const wrapped = extract('{{Infobox military|percent_GDP={{nowrap|2.5%{{cn|date=December 2013}}}}}}', catalog);
    expect(wrapped.tags[0]!.location).toEqual({ kind: 'infobox', template: 'Infobox military', field: 'percent_GDP' });
    expect(wrapped.tags[0]!.claim).toBe('2.5%');
    const cell = extract('{|\n| a || Foo is big{{cn|date=May 2010}}\n|}', catalog);
    expect([cell.tags[0]!.location.kind, cell.tags[0]!.claim]).toEqual(['table', 'Foo is big']);
    const span = extract('Earlier sentence. {{Cns|The wrapped claim|date=May 2010}}', catalog);
    expect(span.tags[0]!.claim).toBe('The wrapped claim');
  });

  it('does not end a claim at "et al." or "Jan."', () => {
    const x = extract('First. Smith et al. (2001) reported growth in Jan. 2010.{{cn|date=May 2010}}', catalog);
    expect(x.tags[0]!.claim).toBe('Smith et al. (2001) reported growth in Jan. 2010.');
  });

  it('counts nesting outside nowiki and comments only', () => {
    const x = extract(`${'<nowiki>{{</nowiki> '.repeat(101)}Claim.{{cn|date=May 2010}}`, catalog);
    expect(x.error).toBeUndefined();
    expect(x.tags).toHaveLength(1);
    expect(extract(`${'<!-- {{ -->'.repeat(101)}Claim.{{cn|date=May 2010}}`, catalog).error).toBeUndefined();
    expect(extract(`${'{{x|'.repeat(150)}${'}}'.repeat(150)}`, catalog).error).toMatch(/nested 150 deep/);
  });

  it('ignores what the wiki does not render', () => {
    const hidden = extract(
      '<!-- {{cn}} --><nowiki>{{cn}}</nowiki><pre>{{cn}}</pre><math>{{cn}}</math><code>{{cn}}</code>',
      catalog,
    );
    expect(hidden.tags).toEqual([]);
  });

  it('learns aliases from template redirects', () => {
    const c = enwikiCatalog();
    const before = extract('Claim.{{Needsrc|date=May 2010}}', c);
    expect(before.tags).toHaveLength(0);
    addTemplateRedirect(c, 'Template:Needsrc', 'Template:Cn');
    const after = extract('Claim.{{needsrc|date=May 2010}}', c);
    expect(after.tags.map((t) => t.canonical)).toEqual(['Citation needed']);
  });

  it('survives an unparseable mess: refused with a reason, or read, never an exception', () => {
    const braces = extract('{{'.repeat(5000) + '<ref>' + '[['.repeat(5000), catalog);
    expect(braces.error).toMatch(/nested 5000 deep/);
    expect(braces.tags).toEqual([]);
    const links = extract('Claim.{{cn|date=May 2010}}<ref>' + '[['.repeat(5000), catalog);
    expect(links.error).toBeUndefined();
    expect(links.tags.map((t) => t.canonical)).toEqual(['Citation needed']);
  });
});
