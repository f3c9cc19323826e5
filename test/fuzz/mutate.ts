/**
 * Seeded mutations for the fuzz tests: each mutation applies 1–3 operations (cut a
 * span, duplicate a span elsewhere, swap two spans) to bytes or to a string. Every
 * choice comes from one mulberry32 stream, so a seed reproduces its mutation exactly.
 * No vitest import here: the fuzz worker threads load this module too.
 */

import { mulberry32 } from '../support/prng.ts';

/** The operations a mutation can apply to a sequence (bytes or UTF-16 units). */
interface Seq<T> {
  length: number;
  slice(start: number, end?: number): T;
}

interface Ops<T extends Seq<T>> {
  concat(parts: T[]): T;
  /** Positions spans like to start at, in two classes: structure first, then finer markup. */
  anchors(x: T): [number[], number[]];
}

function indexesWhere<T extends Seq<T>>(x: T, at: (x: T, i: number) => number, wanted: [Set<number>, Set<number>]) {
  const out: [number[], number[]] = [[], []];
  for (let i = 0; i < x.length; i++) {
    const c = at(x, i);
    if (wanted[0].has(c)) out[0].push(i);
    else if (wanted[1].has(c)) out[1].push(i);
  }
  return out;
}

const code = (s: string) => new Set([...s].map((c) => c.charCodeAt(0)));

const bufferOps: Ops<Buffer> = {
  concat: (parts) => Buffer.concat(parts),
  // A literal < is always XML markup (the text escapes its own); & starts an entity reference.
  anchors: (x) => indexesWhere(x, (b, i) => b[i]!, [code('<'), code('&>"')]),
};

const stringOps: Ops<string> = {
  concat: (parts) => parts.join(''),
  anchors: (x) => indexesWhere(x, (s, i) => s.charCodeAt(i), [code('{[<'), code("}]>|=\n'!-")]),
};

/** Span lengths: mostly small (breaks a tag or a template), sometimes large (moves whole sections). */
function spanLength(rand: () => number, size: number): number {
  const r = rand();
  const max = r < 0.45 ? 16 : r < 0.8 ? 256 : r < 0.95 ? 4096 : Math.max(1, Math.floor(size / 2));
  return 1 + Math.floor(rand() * max);
}

/** A position: a quarter of the time at a structural anchor, a sixth at a finer one, else anywhere. */
function position<T extends Seq<T>>(rand: () => number, x: T, ops: Ops<T>): number {
  const r = rand();
  const [structure, markup] = r < 0.4 ? ops.anchors(x) : [[], []];
  const pool = r < 0.25 ? structure : r < 0.4 ? markup : [];
  if (pool.length) return pool[Math.floor(rand() * pool.length)]!;
  return Math.floor(rand() * (x.length + 1));
}

function applyOne<T extends Seq<T>>(x: T, rand: () => number, ops: Ops<T>): { x: T; op: string } {
  const n = x.length;
  const kind = rand();
  if (n === 0) return { x, op: 'noop(empty)' };
  if (kind < 0.4) {
    const a = Math.min(position(rand, x, ops), n - 1);
    const len = Math.min(spanLength(rand, n), n - a);
    return { x: ops.concat([x.slice(0, a), x.slice(a + len)]), op: `cut(${a},+${len})` };
  }
  if (kind < 0.75) {
    const a = Math.min(position(rand, x, ops), n - 1);
    const len = Math.min(spanLength(rand, n), n - a);
    const b = position(rand, x, ops);
    return {
      x: ops.concat([x.slice(0, b), x.slice(a, a + len), x.slice(b)]),
      op: `dup(${a},+${len}->${b})`,
    };
  }
  // swap two non-overlapping spans
  let a = Math.min(position(rand, x, ops), n - 1);
  let b = Math.min(position(rand, x, ops), n - 1);
  if (a > b) [a, b] = [b, a];
  if (a === b) return { x: ops.concat([x.slice(0, a), x.slice(a + 1)]), op: `cut(${a},+1)` };
  const lenA = Math.min(spanLength(rand, n), b - a);
  const lenB = Math.min(spanLength(rand, n), n - b);
  return {
    x: ops.concat([x.slice(0, a), x.slice(b, b + lenB), x.slice(a + lenA, b), x.slice(a, a + lenA), x.slice(b + lenB)]),
    op: `swap(${a},+${lenA}<->${b},+${lenB})`,
  };
}

export interface Mutation<T> {
  seed: number;
  value: T;
  /** What was done, in order: enough to reason about a failure; the seed alone reproduces it. */
  ops: string[];
}

function mutate<T extends Seq<T>>(input: T, seed: number, ops: Ops<T>): Mutation<T> {
  const rand = mulberry32(seed);
  const count = 1 + Math.floor(rand() * 3);
  let x = input;
  const done: string[] = [];
  for (let i = 0; i < count; i++) {
    const step = applyOne(x, rand, ops);
    x = step.x;
    done.push(step.op);
  }
  return { seed, value: x, ops: done };
}

/** 1–3 operations on the bytes (so a cut may split a UTF-8 sequence or a tag). */
export const mutateBytes = (input: Buffer, seed: number): Mutation<Buffer> => mutate(input, seed, bufferOps);

/** 1–3 operations on the UTF-16 string (so a cut may split a surrogate pair or a template). */
export const mutateText = (input: string, seed: number): Mutation<string> => mutate(input, seed, stringOps);

/** Chunk boundaries for a buffer, from the seed: one chunk half the time, else 2–8 random cuts. */
export function chunkCuts(length: number, seed: number): number[] {
  const rand = mulberry32(seed ^ 0x5eed);
  if (rand() < 0.5 || length < 2) return [];
  const count = 2 + Math.floor(rand() * 7);
  const cuts = new Set<number>();
  for (let i = 0; i < count; i++) cuts.add(1 + Math.floor(rand() * (length - 1)));
  return [...cuts].sort((a, b) => a - b);
}

/** Pathological wikitext that parsers tend to choke on. */
export function adversarialWikitext(): Record<string, string> {
  const cn = '{{citation needed|date=May 2010}}';
  return {
    'ten thousand unclosed {{': '{{'.repeat(10_000),
    'ten thousand nested {{x}}': `${'{{'.repeat(10_000)}x${'}}'.repeat(10_000)}`,
    'ten thousand unclosed }}': '}}'.repeat(10_000),
    // Deeper than MediaWiki's own limit (100) is refused as a parse error, quickly.
    'nested citation needed, 300 deep': `${'{{citation needed|date=May 2010|1='.repeat(300)}x${'}}'.repeat(300)}`,
    'nested citation needed, 2,000 deep': `${'{{citation needed|date=May 2010|1='.repeat(2000)}x${'}}'.repeat(2000)}`,
    // Inputs that once took seconds to minutes in claim and heading text (quadratic patterns).
    'fifty thousand [[ before a tag': `Text ${'[['.repeat(50_000)}${cn}`,
    'a hundred thousand commas before a tag': `Text ${','.repeat(100_000)}x{{cn}}`,
    'a heading of fifty thousand [[': `== ${'[['.repeat(50_000)} ==\nfoo`,
    'four thousand tags on one line': 'Sentence here. {{cn}} '.repeat(4_000),
    'four thousand after-ref tags': 'A.<ref name=a/>{{fv}} '.repeat(4_000),
    'thirty thousand nested tables': '{|\n'.repeat(33_333),
    'a redirect followed by spaces': `#redirect${' '.repeat(100_000)}x`,
    'ten thousand {{{': '{{{'.repeat(10_000),
    'unclosed <ref> with a citation': `Claim.${cn}<ref>{{cite web |url=http://example.com |title=T}} and on`,
    'a thousand unclosed <ref>': 'Claim.<ref>{{cite web|url=http://example.com}}'.repeat(1_000),
    'nested <ref>': `${'<ref>'.repeat(2_000)}http://example.com/${'</ref>'.repeat(2_000)}`,
    '<ref> closed without opening': `${'</ref>'.repeat(2_000)}${cn}`,
    '<references> left open': `<ref name=a>[http://a.example/ A]</ref>{{dead link|date=May 2010}}<references>${cn}`,
    'ten thousand unclosed [[': '[['.repeat(10_000),
    'unclosed [ external link': `[http://example.com/${'a'.repeat(50_000)}`,
    'fifty thousand [': '['.repeat(50_000),
    'unclosed <!--': `Claim.${cn}<!--${'hidden '.repeat(20_000)}`,
    'comment opened inside a template': `{{citation needed|date=<!--May 2010}}`,
    'a 200 KB line': 'x'.repeat(200 * 1024),
    'a 200 KB line of words and tags': `${'word '.repeat(40 * 1024)}${cn}`,
    'a 200 KB line of URLs': `${'http://example.com/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa '.repeat(2_800)}`,
    'two thousand headings': '==a==\n'.repeat(2_000),
    'heading inside a template': `{{citation needed|date=May 2010|\n==x==\n}}`,
    'a thousand refs': '<ref>[http://a.example/x]</ref>'.repeat(1_000),
    'five thousand tables': '{|\n'.repeat(5_000),
    'template name only braces': '{{|}}{{||}}{{=}}{{#if:}}{{:}}{{Template:}}{{ }}',
    'dates that are not dates': [
      '{{citation needed|date=}}',
      '{{citation needed|date=February 30}}',
      '{{citation needed|date=Month 99999999999999999999}}',
      '{{citation needed|date=May -2010}}',
      '{{citation needed|date=0000-00}}',
      '{{dead link|date=9999999999}}',
      '{{webarchive|url=https://web.archive.org/web/99999999999999999999/http://x|date=}}',
      '{{webarchive|url=https://web.archive.org/web/2/|url2=|url10=http://a}}',
    ].join('\n'),
    'NUL, DEL, lone surrogates and BOMs': `a\u0000b\u007f\ud800c\udc00\ufeff${cn}\u0000`,
    'CR and CRLF line ends': `==H==\r\nClaim.${cn}\r\rMore\r\n`,
    empty: '',
  };
}
