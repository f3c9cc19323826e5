/**
 * The wikitext of a revision, from its escaped UTF-8 bytes to a string in one pass: the
 * five XML entities and numeric references are decoded on the bytes (the runs between
 * `&`s are found and copied natively), then the result is decoded as UTF-8 once. This
 * gives the same string as decoding UTF-8 first and then decodeXml, at about 60% of the
 * cost: the text is most of a dump's bytes, and `&lt;ref&gt;` and `&quot;` are everywhere.
 * The ends a text shares with the text decoded before it (the previous revision of the
 * page, in a history) are not decoded again.
 */

import { isUtf8 } from 'node:buffer';

/** Bytes decoded by one call: V8 decodes non-ASCII UTF-8 several times faster in pieces of this size than whole. */
const DECODE_PIECE = 8 * 1024;

/**
 * UTF-8 to a string in pieces of at most 8 KiB, never splitting a character: decoding a
 * large non-ASCII buffer in one call is many times slower in V8 than in pieces. `marks`,
 * when given, gets a (byte, character) offset pair at piece boundaries, counted from
 * `start` and shifted by `at`.
 */
export function decodeUtf8(buf: Buffer, start: number, end: number, marks?: Marks, at: Mark = [0, 0]): string {
  if (end - start <= DECODE_PIECE) return buf.toString('utf8', start, end);
  const parts: string[] = [];
  let chars = 0;
  for (let i = start; i < end;) {
    let j = Math.min(end, i + DECODE_PIECE);
    while (j < end && j > i && (buf[j]! & 0xc0) === 0x80) j--;
    // A piece of nothing but continuation bytes (a hostile text): stray bytes, each one
    // U+FFFD however they are cut, so cut anywhere rather than loop on an empty piece.
    if (j === i) j = Math.min(end, i + DECODE_PIECE);
    const part = buf.toString('utf8', i, j);
    parts.push(part);
    chars += part.length;
    i = j;
    if (marks && i < end) mark(marks, [at[0] + i - start, at[1] + chars]);
  }
  return parts.join('');
}

/** A byte offset into a text's UTF-8 and the UTF-16 offset of the same place in its string. */
type Mark = [bytes: number, chars: number];
/** Marks in increasing order, the first at [0, 0], at least MARK_GAP bytes apart. */
type Marks = Mark[];
const MARK_GAP = 4 * 1024;

function mark(marks: Marks, m: Mark): void {
  const last = marks[marks.length - 1];
  if (!last || m[0] - last[0] >= MARK_GAP) marks.push(m);
}

/** The string offset of byte `x` of valid UTF-8 `bytes`, from the nearest mark before it. */
function charOffset(bytes: Buffer, marks: Marks, x: number): number {
  let lo = 0;
  let hi = marks.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (marks[mid]![0] <= x) lo = mid;
    else hi = mid - 1;
  }
  let [i, chars] = marks[lo]!;
  // Each character starts with a byte that is no continuation byte; one of four bytes is
  // two UTF-16 units (a surrogate pair).
  for (; i < x; i++) {
    const b = bytes[i]!;
    if ((b & 0xc0) !== 0x80) chars += b >= 0xf0 ? 2 : 1;
  }
  return chars;
}

/** Compared at once when looking for where two texts start to differ: a native compare per block. */
const COMPARE_BLOCK = 1024;

/** How many bytes `a[0, an)` and `b[0, bn)` share at the start. */
function sharedHead(a: Buffer, an: number, b: Buffer, bn: number): number {
  const n = Math.min(an, bn);
  let i = 0;
  while (i + COMPARE_BLOCK <= n && a.compare(b, i, i + COMPARE_BLOCK, i, i + COMPARE_BLOCK) === 0) i += COMPARE_BLOCK;
  while (i < n && a[i] === b[i]) i++;
  return i;
}

/** How many bytes `a[0, an)` and `b[0, bn)` share at the end, within `limit`. */
function sharedTail(a: Buffer, an: number, b: Buffer, bn: number, limit: number): number {
  let k = 0;
  while (
    k + COMPARE_BLOCK <= limit &&
    a.compare(b, bn - k - COMPARE_BLOCK, bn - k, an - k - COMPARE_BLOCK, an - k) === 0
  )
    k += COMPARE_BLOCK;
  while (k < limit && a[an - 1 - k] === b[bn - 1 - k]) k++;
  return k;
}

const startsChar = (buf: Buffer, i: number, length: number) => i >= length || (buf[i]! & 0xc0) !== 0x80;

/**
 * The last text decoded, with its bytes: consecutive revisions of a page share most of
 * their text, so the next one reuses the string of the ends both hold (slices, not copies)
 * and decodes only what lies between. Only texts that are valid UTF-8 take part, where a
 * byte that is no continuation byte always starts a character in both.
 */
interface Previous {
  bytes: Buffer;
  length: number;
  text: string;
  marks: Marks;
}
let previous: Previous | undefined;
/** Less shared than this and the text is decoded whole. */
const MIN_SHARED = 2 * 1024;
/** A regular expression test flattens the string it reads (V8); this one matches at once. */
const FLATTEN = /^/;

/** `out[0, length)` (UTF-8) as a string, reusing the ends it shares with the previous text. */
function decodeNext(out: Buffer, length: number): string {
  const prev = previous;
  previous = undefined;
  if (!isUtf8(out.subarray(0, length))) return decodeUtf8(out, 0, length);
  const marks: Marks = [[0, 0]];
  const text = (prev && withSharedEnds(prev, out, length, marks)) ?? decodeUtf8(out, 0, length, marks);
  previous = { bytes: out, length, text, marks };
  return text;
}

/**
 * `out[0, length)` as the previous text's string with what lies between the ends both
 * share decoded in its place, filling `marks`; undefined when they share too little, or
 * when the result would be a mere slice of the previous string (a text that is only its
 * start or its end), which would hold the whole previous string in memory.
 */
function withSharedEnds(prev: Previous, out: Buffer, length: number, marks: Marks): string | undefined {
  let head = sharedHead(prev.bytes, prev.length, out, length);
  while (head > 0 && !(startsChar(out, head, length) && startsChar(prev.bytes, head, prev.length))) head--;
  let tail = sharedTail(prev.bytes, prev.length, out, length, Math.min(prev.length, length) - head);
  while (tail > 0 && !startsChar(out, length - tail, length)) tail--;
  if (head + tail < MIN_SHARED || (length - tail === head && (head === 0 || tail === 0))) return undefined;
  const headChars = charOffset(prev.bytes, prev.marks, head);
  const tailAt = charOffset(prev.bytes, prev.marks, prev.length - tail);
  for (const m of prev.marks) if (m[0] <= head) mark(marks, m);
  mark(marks, [head, headChars]);
  const middle = decodeUtf8(out, head, length - tail, marks, [head, headChars]);
  const middleEnd = headChars + middle.length;
  mark(marks, [length - tail, middleEnd]);
  const shift: Mark = [length - prev.length, middleEnd - tailAt];
  for (const m of prev.marks) if (m[0] > prev.length - tail) mark(marks, [m[0] + shift[0], m[1] + shift[1]]);
  const text = prev.text.slice(0, headChars) + middle + prev.text.slice(tailAt);
  // Flattened now, once: the next text slices this one, and a slice of an unflattened
  // concatenation copies the whole of it again (each reader of a text flattens it anyway).
  FLATTEN.test(text);
  return text;
}

/**
 * Where the entities of a text are decoded: two buffers taking turns, one holding the
 * previous text's bytes (see `previous`), the other the text being decoded. A revision's
 * text is at most the reader's revision bound.
 */
let scratch = Buffer.alloc(1 << 20);
let spare = Buffer.alloc(1 << 20);

const AMP = 0x26;
const SEMI = 0x3b;

/** A code point XML allows in a document (what decodeXml lets a reference stand for). */
export function xmlChar(cp: number): boolean {
  return (
    (cp === 0x9 || cp === 0xa || cp === 0xd || (cp >= 0x20 && cp <= 0xd7ff) || (cp >= 0xe000 && cp <= 0x10ffff)) &&
    cp !== 0xfffe &&
    cp !== 0xffff
  );
}

/** Writes the code point as UTF-8 at `j`; returns the next position. */
function putCodePoint(out: Buffer, j: number, cp: number): number {
  if (cp < 0x80) out[j++] = cp;
  else if (cp < 0x800) {
    out[j++] = 0xc0 | (cp >> 6);
    out[j++] = 0x80 | (cp & 63);
  } else if (cp < 0x10000) {
    out[j++] = 0xe0 | (cp >> 12);
    out[j++] = 0x80 | ((cp >> 6) & 63);
    out[j++] = 0x80 | (cp & 63);
  } else {
    out[j++] = 0xf0 | (cp >> 18);
    out[j++] = 0x80 | ((cp >> 12) & 63);
    out[j++] = 0x80 | ((cp >> 6) & 63);
    out[j++] = 0x80 | (cp & 63);
  }
  return j;
}

/**
 * The entity at `buf[i]` (an `&`): how many bytes it takes, and the code point it stands
 * for; undefined when it is none of the five names or a well-formed numeric reference
 * (up to 32 digits, as decodeXml reads them), so the `&` stays as written.
 */
function entityAt(buf: Buffer, i: number, end: number): { length: number; cp: number } | undefined {
  // Bytes past `end` read as 0, which no entity holds (no closure here: this runs once per `&`).
  const n = end - i;
  const c1 = n > 1 ? buf[i + 1] : 0;
  const c2 = n > 2 ? buf[i + 2] : 0;
  const c3 = n > 3 ? buf[i + 3] : 0;
  const c4 = n > 4 ? buf[i + 4] : 0;
  const c5 = n > 5 ? buf[i + 5] : 0;
  if ((c1 === 0x6c || c1 === 0x67) && c2 === 0x74 && c3 === SEMI) return { length: 4, cp: c1 === 0x6c ? 0x3c : 0x3e };
  if (c1 === 0x61 && c2 === 0x6d && c3 === 0x70 && c4 === SEMI) return { length: 5, cp: 0x26 };
  if (c1 === 0x71 && c2 === 0x75 && c3 === 0x6f && c4 === 0x74 && c5 === SEMI) return { length: 6, cp: 0x22 };
  if (c1 === 0x61 && c2 === 0x70 && c3 === 0x6f && c4 === 0x73 && c5 === SEMI) return { length: 6, cp: 0x27 };
  if (c1 !== 0x23 || n <= 2) return undefined;
  const hex = buf[i + 2] === 0x78 || buf[i + 2] === 0x58;
  const from = i + (hex ? 3 : 2);
  let k = from;
  let cp = 0;
  for (; k < end && k - from < 32; k++) {
    const d = buf[k]!;
    const v =
      d >= 0x30 && d <= 0x39
        ? d - 0x30
        : hex && d >= 0x61 && d <= 0x66
          ? d - 0x57
          : hex && d >= 0x41 && d <= 0x46
            ? d - 0x37
            : -1;
    if (v < 0) break;
    cp = cp * (hex ? 16 : 10) + v;
  }
  if (k === from || k >= end || buf[k] !== SEMI) return undefined;
  return { length: k + 1 - i, cp: xmlChar(cp) ? cp : 0xfffd };
}

/** `buf[start, end)`, escaped UTF-8 as MediaWiki writes `<text>`, as the wikitext it stands for. */
export function decodeTextBytes(buf: Buffer, start: number, end: number): string {
  return decodeText(buf, start, end).text;
}

/**
 * decodeTextBytes, and whether the text holds no NUL, DEL or CR, the characters that
 * tidyWikitext drops: found with a native search of the decoded bytes (in UTF-8 those
 * bytes stand only for themselves), far cheaper than a search of the string.
 */
export function decodeText(buf: Buffer, start: number, end: number): { text: string; tidy: boolean } {
  // The buffer that does not hold the previous text's bytes; decoding only ever shortens,
  // so the text fits in its own length.
  // (`previous` holds the other one: the last text's `out`, now `spare`.)
  [scratch, spare] = [spare, scratch];
  if (scratch.length < end - start) scratch = Buffer.alloc(Math.max(end - start, 2 * scratch.length));
  const out = scratch;
  let j = 0;
  let i = start;
  while (i < end) {
    let amp = buf.indexOf(AMP, i);
    if (amp === -1 || amp > end) amp = end;
    // Short runs (between two entities) are copied here: a native copy costs more than it saves.
    if (amp - i < 64) while (i < amp) out[j++] = buf[i++]!;
    else {
      j += buf.copy(out, j, i, amp);
      i = amp;
    }
    if (i >= end) break;
    const entity = entityAt(buf, i, end);
    if (!entity) {
      out[j++] = AMP;
      i++;
      continue;
    }
    j = putCodePoint(out, j, entity.cp);
    i += entity.length;
  }
  const decoded = out.subarray(0, j);
  const tidy = decoded.indexOf(0x0d) === -1 && decoded.indexOf(0x7f) === -1 && decoded.indexOf(0) === -1;
  const text = decodeNext(out, j);
  // One huge revision should not keep its buffer for the rest of the run.
  if (scratch.length > 8 << 20) {
    previous = undefined;
    scratch = Buffer.alloc(1 << 20);
  }
  return { text, tidy };
}
