/** What the first bytes of an input say it is. Extensions lie; magic bytes rarely do. */
export type Compression = 'none' | 'gzip' | 'bzip2' | 'xz' | 'lzma';

export type Detected =
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
  if (startsWith(head, [0x5d, 0x00, 0x00]) && (name.endsWith('.lzma') || looksLikeLzmaAlone(head))) {
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

/** LZMA-alone: properties 0x5D, a power-of-two-ish dictionary size, then a 64-bit size (often all FF). */
function looksLikeLzmaAlone(head: Uint8Array): boolean {
  if (head.length < 13) return false;
  const unknownSize = head.subarray(5, 13).every((b) => b === 0xff);
  return unknownSize;
}

export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

/**
 * MediaWiki writes UTF-8, but re-encoded exports exist (pywikibot ships a UTF-16BE one
 * with no byte-order mark). An XML document must start with `<` (after an optional BOM),
 * so the zero bytes around the first `<` tell the byte order.
 */
export function detectEncoding(head: Uint8Array): TextEncoding {
  if (startsWith(head, [0xff, 0xfe])) return 'utf-16le';
  if (startsWith(head, [0xfe, 0xff])) return 'utf-16be';
  if (startsWith(head, [0x3c, 0x00]) && head.length >= 4 && head[3] === 0x00) return 'utf-16le';
  if (startsWith(head, [0x00, 0x3c]) && head.length >= 4 && head[2] === 0x00) return 'utf-16be';
  return 'utf-8';
}
