/**
 * The wikitext of a revision, from its escaped UTF-8 bytes to a string in one pass: the
 * five XML entities and numeric references are decoded on the bytes (the runs between
 * `&`s are found and copied natively), then the result is decoded as UTF-8 once. This
 * gives the same string as decoding UTF-8 first and then decodeXml, at about 60% of the
 * cost: the text is most of a dump's bytes, and `&lt;ref&gt;` and `&quot;` are everywhere.
 */

const DECODE_PIECE = 64 * 1024;

/**
 * UTF-8 to a string in pieces of at most 64 KiB, never splitting a character: decoding a
 * large non-ASCII buffer in one call is many times slower in V8 than in pieces.
 */
export function decodeUtf8(buf: Buffer, start: number, end: number): string {
  if (end - start <= DECODE_PIECE) return buf.toString('utf8', start, end);
  const parts: string[] = [];
  for (let i = start; i < end;) {
    let j = Math.min(end, i + DECODE_PIECE);
    while (j < end && j > i && (buf[j]! & 0xc0) === 0x80) j--;
    // A piece of nothing but continuation bytes (a hostile text): stray bytes, each one
    // U+FFFD however they are cut, so cut anywhere rather than loop on an empty piece.
    if (j === i) j = Math.min(end, i + DECODE_PIECE);
    parts.push(buf.toString('utf8', i, j));
    i = j;
  }
  return parts.join('');
}

/** The decoded bytes of the last text, reused: a revision's text is at most the reader's revision bound. */
let scratch = Buffer.alloc(1 << 20);

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
  // Decoding only ever shortens: the text fits in its own length.
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
  const text = decodeUtf8(out, 0, j);
  // One huge revision should not keep its buffer for the rest of the run.
  if (scratch.length > 8 << 20) scratch = Buffer.alloc(1 << 20);
  return text;
}
