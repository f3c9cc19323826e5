/**
 * decodeTextBytes must give what decoding UTF-8 and then decodeXml gives, for any bytes:
 * random mixes of entities (whole, cut, unknown, numeric of every length and range),
 * multi-byte and invalid UTF-8, texts past the 8 KiB decoding piece, and chains of edited
 * texts, where each reuses the ends it shares with the one before.
 */
import { describe, expect, it } from 'vitest';
import { decodeText, decodeTextBytes, decodeUtf8 } from '../../src/dump/text.ts';
import { tidyWikitext } from '../../src/wikitext/index.ts';
import { decodeXml } from '../../src/dump/xml.ts';
import { mulberry32 as prng } from '../support/prng.ts';

const PARTS = [
  '&lt;',
  '&gt;',
  '&amp;',
  '&quot;',
  '&apos;',
  '&amp;lt;',
  '&lt',
  '&l',
  '&',
  '&;',
  '&nbsp;',
  '&LT;',
  '&#60;',
  '&#x3C;',
  '&#X3c;',
  '&#0;',
  '&#xD800;',
  '&#xFFFE;',
  '&#x10FFFF;',
  '&#x110000;',
  '&#169;',
  '&#x1F600;',
  `&#${'9'.repeat(32)};`,
  `&#${'9'.repeat(33)};`,
  '&#;',
  '&#x;',
  '&#12',
  'ref',
  ' ',
  '\n',
  'é',
  '中文',
  '😀',
  '\u0000',
  '\r',
  '&#13;',
  '&#xD;',
  '\u007f',
  '&#127;',
  'plain text ',
];
const BYTES = [[0xc3], [0xe2, 0x82], [0x80], [0xff], [0xf0, 0x9f], [0xed, 0xa0, 0x80]];

function sample(random: () => number, parts: number): Buffer {
  const chunks: Buffer[] = [];
  for (let i = 0; i < parts; i++) {
    if (random() < 0.08) chunks.push(Buffer.from(BYTES[Math.floor(random() * BYTES.length)]!));
    else chunks.push(Buffer.from(PARTS[Math.floor(random() * PARTS.length)]!, 'utf8'));
  }
  return Buffer.concat(chunks);
}

const expected = (buf: Buffer) => decodeXml(decodeUtf8(buf, 0, buf.length));

describe('decodeTextBytes', () => {
  it('equals UTF-8 decoding then decodeXml on 2,000 random byte mixes', () => {
    const random = prng(20261128);
    for (let n = 0; n < 2000; n++) {
      const buf = sample(random, 1 + Math.floor(random() * 40));
      expect([n, decodeTextBytes(buf, 0, buf.length)]).toEqual([n, expected(buf)]);
    }
  });

  it('says a text is tidy when it holds no NUL, DEL or CR, raw or as entities, so tidyWikitext leaves it as it is', () => {
    const random = prng(20261207);
    let untidy = 0;
    for (let n = 0; n < 2000; n++) {
      const buf = sample(random, 1 + Math.floor(random() * 20));
      const { text, tidy } = decodeText(buf, 0, buf.length);
      expect([n, tidy]).toEqual([n, !/[\0\x7F\r]/.test(text)]);
      if (tidy) expect(tidyWikitext(text)).toBe(text);
      if (!tidy) untidy++;
    }
    expect(untidy).toBeGreaterThan(200);
  });

  it('equals it on texts past the 8 KiB decoding piece, and on a slice of a larger buffer', () => {
    const random = prng(7);
    for (let n = 0; n < 5; n++) {
      const buf = sample(random, 30_000);
      expect(buf.length).toBeGreaterThan(64 * 1024);
      expect(decodeTextBytes(buf, 0, buf.length)).toBe(expected(buf));
      const wrapped = Buffer.concat([Buffer.from('<text>'), buf, Buffer.from('</text>&amp;')]);
      expect(decodeTextBytes(wrapped, 6, 6 + buf.length)).toBe(expected(buf));
    }
  });

  it('decodes 70 KB of stray continuation bytes (a hostile text) without looping', () => {
    const buf = Buffer.concat([Buffer.from('A'), Buffer.alloc(70_000, 0x80), Buffer.from('&lt;z')]);
    const text = decodeTextBytes(buf, 0, buf.length);
    expect(text).toBe(`A${'\uFFFD'.repeat(70_000)}<z`);
  });

  it('does not read an entity past the end of its slice', () => {
    const buf = Buffer.from('a &lt;b&amp;');
    expect(decodeTextBytes(buf, 0, 5)).toBe('a &lt');
    expect(decodeTextBytes(buf, 0, 9)).toBe('a <b&a');
    expect(decodeTextBytes(buf, 0, 11)).toBe('a <b&amp');
  });
});

describe('decodeTextBytes on consecutive revisions', () => {
  /** One revision from the last: a few pieces inserted, deleted or replaced at random places. */
  function edit(random: () => number, buf: Buffer): Buffer {
    let out = buf;
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      const at = Math.floor(random() * (out.length + 1));
      const cut = random() < 0.5 ? Math.floor(random() * 40) : 0;
      const piece = random() < 0.7 ? sample(random, Math.floor(random() * 8)) : Buffer.alloc(0);
      out = Buffer.concat([out.subarray(0, at), piece, out.subarray(Math.min(out.length, at + cut))]);
    }
    return out;
  }

  it('equals decoding each text alone, along 300 edits of texts with every kind of character', () => {
    const random = prng(20261207);
    // Valid UTF-8 only at first (the shared ends are reused), then with stray bytes too.
    const valid = Buffer.from(
      PARTS.filter((p) => p !== '\u0000')
        .join('')
        .repeat(120),
      'utf8',
    );
    let buf: Buffer = valid;
    for (let n = 0; n < 300; n++) {
      buf = n === 150 ? Buffer.concat([buf, Buffer.from([0xc3])]) : edit(random, buf);
      const wrapped = Buffer.concat([Buffer.from('<text>'), buf, Buffer.from('</text>')]);
      expect([n, decodeTextBytes(wrapped, 6, 6 + buf.length)]).toEqual([n, expected(buf)]);
    }
  });

  it('equals decoding each text alone along 400 edits of long valid texts, edits falling in and around entities', () => {
    const random = prng(7);
    // Valid UTF-8 throughout, so every text reuses the ends it shares with the one before;
    // the edits are bits of entities, so they make and break them where the texts part.
    const bits = ['&', '#', '1', '2', ';', 'x', 'lt', 'amp', '&lt;', '&#', '&#x1F600;', 'é', '😀', ' '];
    const valid = PARTS.filter((p) => p !== '\u0000');
    const piece = (n: number) =>
      Array.from({ length: n }, () =>
        random() < 0.5 ? bits[Math.floor(random() * bits.length)]! : valid[Math.floor(random() * valid.length)]!,
      ).join('');
    let text = piece(6000);
    for (let n = 0; n < 400; n++) {
      const at = Math.floor(random() * (text.length + 1));
      const cut = Math.floor(random() * 6);
      text = text.slice(0, at) + piece(Math.floor(random() * 4)) + text.slice(at + cut);
      const buf = Buffer.from(text, 'utf8');
      const wrapped = Buffer.concat([Buffer.from('<text>'), buf, Buffer.from('</text>')]);
      expect([n, decodeTextBytes(wrapped, 6, 6 + buf.length)]).toEqual([n, expected(buf)]);
    }
  });

  it('reads an entity that an edit completes where the texts part, and breaks it again', () => {
    // The bytes before the edit are the same in both texts, but `&#12` now reads on to `&#123;`.
    const before = Buffer.from(`${'a'.repeat(4093)}&#12&lt;${'b'.repeat(100)}`);
    const after = Buffer.from(`${'a'.repeat(4093)}&#123;${'b'.repeat(100)}`);
    for (const buf of [before, after, before]) expect(decodeTextBytes(buf, 0, buf.length)).toBe(expected(buf));
    expect(decodeTextBytes(after, 0, after.length)).toContain('a{b');
  });

  it('equals it when a text grows or shrinks at either end, or is emptied and refilled', () => {
    const random = prng(11);
    const base = Buffer.from('é中😀 plain &amp; text\n'.repeat(2000), 'utf8');
    const chain: Buffer[] = [
      base,
      Buffer.concat([Buffer.from('😀'), base]),
      Buffer.concat([base, Buffer.from('€')]),
      base.subarray(0, base.length - 3000),
      base.subarray(5000),
      Buffer.alloc(0),
      base,
      Buffer.concat([base.subarray(0, 7000), sample(random, 50), base.subarray(7000)]),
      base,
    ];
    for (const [n, buf] of chain.entries())
      expect([n, decodeTextBytes(buf, 0, buf.length)]).toEqual([n, expected(buf)]);
  });
});
