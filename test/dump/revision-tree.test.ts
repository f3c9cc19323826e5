/**
 * simpleRevision reads the revisions MediaWiki writes without fast-xml-parser: whatever it
 * accepts must be well formed to the validator and give the very tree the parser gives;
 * the rest it must leave to them.
 */
import { existsSync, readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { parseFragment, simpleRevision } from '../../src/dump/xml.ts';
import { openSource } from '../../src/source/index.ts';
import { ROOT } from '../support/pack.ts';
import { mulberry32 } from '../support/prng.ts';

const HISTORY = resolve(ROOT, '../shared/corpus/xml-history');

/** The parser's tree, or the error it (or the validator) gives. */
function library(xml: string): unknown {
  try {
    return parseFragment(xml, 'revision');
  } catch (err) {
    return { error: (err as Error).message };
  }
}

/** simpleRevision agrees with the library, or declines; true when it read the revision itself. */
function agrees(xml: string): boolean {
  const simple = simpleRevision(xml);
  if (simple === undefined) return false;
  expect(XMLValidator.validate(xml), xml).toBe(true);
  expect(simple, xml).toEqual(library(xml));
  return true;
}

const pick = <T>(random: () => number, list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const CLEAN = ['1', ' 12 ', '', '  ', 'A &amp; B', '&lt;&gt;&quot;&apos;&#169;&#x1F600;', 'é 中文', 'x]]>y'];
const VALUES = [...CLEAN, '&nbsp;', 'a & b', '<b>', '&#xZZ;', '&#99999999;', 'a\r\nb', 'c\rd'];
const ATTRIBUTES = [
  '',
  ' deleted="deleted"',
  " deleted='deleted'",
  ' bytes="12"',
  ' a="1" a="2"',
  ' a="&amp;"',
  ' a="x<y"',
  ' a = "1" ',
];

/** A revision put together from MediaWiki's parts, sometimes broken. */
function revision(random: () => number): string {
  const field = (name: string) => {
    const attrs = random() < 0.15 ? pick(random, ATTRIBUTES) : '';
    if (random() < 0.2) return `<${name}${attrs}${pick(random, [' />', '/>'])}`;
    return `<${name}${attrs}>${pick(random, random() < 0.95 ? CLEAN : VALUES)}</${name}>`;
  };
  const contributor = () => {
    const kids = random() < 0.5 ? [field('username'), field('id')] : [field('ip')];
    if (random() < 0.1) kids.push(field('username'));
    if (random() < 0.05) kids.push(`<x>${field('y')}</x>`);
    return random() < 0.15 ? '<contributor deleted="deleted" />' : `<contributor>${kids.join('\n ')}</contributor>`;
  };
  const parts = [
    field('id'),
    field('parentid'),
    field('timestamp'),
    contributor(),
    random() < 0.5 ? '<minor />' : '',
    field('comment'),
    field('model'),
    field('format'),
    random() < 0.9 ? `<text xml:space="preserve" bytes="9"></text>` : '<text bytes="9">kept  </text>',
    field('sha1'),
  ];
  if (random() < 0.1) parts.push(field('id'));
  // Names the parser reads as lists, or refuses as unsafe.
  if (random() < 0.05)
    parts.push(
      field(pick(random, ['namespace', 'content', 'prototype', 'constructor', '__proto__', 'toString', 'valueOf'])),
    );
  if (random() < 0.05)
    parts.push(pick(random, ['<!-- c -->', '<![CDATA[x]]>', '<?pi x?>', 'stray text', '<content/>']));
  for (let i = parts.length - 1; i > 0; i--) {
    if (random() < 0.1) {
      const j = Math.floor(random() * (i + 1));
      [parts[i], parts[j]] = [parts[j]!, parts[i]!];
    }
  }
  // Sometimes white space around the root: XML's own, or NBSP, which XML does not allow there.
  const around = () => (random() < 0.1 ? pick(random, ['\n  ', '\u00a0', ' \t']) : '');
  let xml = `${around()}<revision>\n  ${parts.join(random() < 0.05 ? '\n\u00a0 ' : '\n  ')}\n</revision>${around()}`;
  // Broken now and then: cut, a byte changed, an end tag misspelt.
  const r = random();
  if (r < 0.05) xml = xml.slice(0, Math.floor(random() * xml.length));
  else if (r < 0.1) {
    const at = Math.floor(random() * xml.length);
    xml = xml.slice(0, at) + pick(random, ['<', '>', '/', '&', '"', ' ', 'x']) + xml.slice(at + 1);
  } else if (r < 0.13) xml = xml.replace('</timestamp>', '</timestam>');
  return xml;
}

describe('simpleRevision', () => {
  it('gives the parser’s tree for what it reads, and leaves everything else to the validator and the parser', () => {
    const random = mulberry32(20261207);
    let read = 0;
    let declined = 0;
    for (let n = 0; n < 5000; n++) {
      if (agrees(revision(random))) read++;
      else declined++;
    }
    // Both paths are taken, and most of MediaWiki's own revisions need no library.
    expect(read).toBeGreaterThan(1000);
    expect(declined).toBeGreaterThan(1000);
  });

  it.skipIf(!existsSync(HISTORY))('reads every revision of the corpus histories as the parser does', async () => {
    let read = 0;
    let revisions = 0;
    const files = readdirSync(HISTORY).filter((f) => f.endsWith('.xml') && !f.includes('UTF16'));
    for (const file of files) {
      const { bytes } = await openSource(resolve(HISTORY, file));
      const chunks: Buffer[] = [];
      for await (const chunk of bytes) chunks.push(chunk);
      const xml = Buffer.concat(chunks).toString('utf8');
      for (const m of xml.matchAll(/<revision>[\s\S]*?<\/revision>/g)) {
        // As the reader hands it over: the <text> content cut out.
        const cut = m[0].replace(/(<text\b[^>]*?)(?:\/>|>[\s\S]*?<\/text>)/, '$1></text>');
        revisions++;
        if (agrees(cut)) read++;
      }
    }
    expect(revisions).toBeGreaterThan(100);
    expect(read / revisions).toBeGreaterThan(0.5);
  });
});
