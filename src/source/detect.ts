/** What the first bytes of an input say it is. Extensions lie; magic bytes rarely do. */
export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'lzma';

type Detected =
  { kind: 'compression'; compression: Compression } | { kind: 'unsupported'; format: string; hint: string };

const startsWith = (head: Uint8Array, magic: readonly number[]): boolean =>
  head.length >= magic.length && magic.every((byte, i) => head[i] === byte);

/**
 * Detects the container from the first bytes. `name` only breaks the tie for
 * LZMA-alone, whose header has no real magic number (`5D 00 00` is the usual
 * properties byte plus the low bytes of the dictionary size).
 */
export function detectCompression(head: Uint8Array, name = ''): Detected {
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'compression', compression: 'gzip' };
  if (startsWith(head, [0x42, 0x5a, 0x68]) && head.length > 3 && head[3]! >= 0x31 && head[3]! <= 0x39) {
    return { kind: 'compression', compression: 'bzip2' };
  }
  if (startsWith(head, [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00])) return { kind: 'compression', compression: 'xz' };
  // LZMA-alone has no magic number, but its usual properties byte 0x5D (`]`) followed by
  // the low byte of a dictionary size (a multiple of 4 KiB) can never begin an XML document.
  if (startsWith(head, [0x5d, 0x00]) || (name.endsWith('.lzma') && head[0] === 0x5d)) {
    return { kind: 'compression', compression: 'lzma' };
  }
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) {
    return {
      kind: 'unsupported',
      format: '7z',
      hint: 'extract it first (7z e FILE) or pipe `7z x -so FILE` into `citeaudit ... -`',
    };
  }
  if (startsWith(head, [0x28, 0xb5, 0x2f, 0xfd])) {
    return { kind: 'unsupported', format: 'zstd', hint: 'pipe `zstd -dc FILE` into `citeaudit ... -`' };
  }
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) {
    return { kind: 'unsupported', format: 'zip', hint: 'unzip it first' };
  }
  return { kind: 'compression', compression: 'none' };
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * MediaWiki writes UTF-8, but re-encoded exports exist (pywikibot ships a UTF-16BE one
 * with no byte-order mark). An XML document starts with `<` or whitespace (after an
 * optional BOM), so the zero bytes around those first characters tell the byte order.
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  // Without a BOM, ASCII markup (`<`, or whitespace before it) shows as zero bytes in
  // every other position: after each character in LE, before it in BE.
  if (head.length >= 4) {
    if (head[0] !== 0 && head[1] === 0 && head[2] !== 0 && head[3] === 0) return 'utf-16le';
    if (head[0] === 0 && head[1] !== 0 && head[2] === 0 && head[3] !== 0) return 'utf-16be';
  }
  return 'utf-8';
}
