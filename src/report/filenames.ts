import { createHash } from 'node:crypto';

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_BYTES = 150;

const hash8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

/** At most `max` bytes of UTF-8, cut on a character boundary. */
function cutToBytes(s: string, max: number): string {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= max) return s;
  let end = max;
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString('utf8');
}

/** Leading and trailing dots and spaces, which some file systems drop or hide, as `_`. */
function guardEnds(s: string): string {
  let start = 0;
  while (start < s.length && (s[start] === '.' || s[start] === ' ')) start++;
  let end = s.length;
  while (end > start && (s[end - 1] === '.' || s[end - 1] === ' ')) end--;
  return (start ? '_' : '') + s.slice(start, end) + (end < s.length ? '_' : '');
}

/**
 * A file name for each page title, given as the pages come: safe on every common file
 * system (no path separators or reserved characters, no leading or trailing dots, no
 * Windows device names, at most 150 bytes) and distinct from every name given before,
 * ignoring case. A title that had to be changed or cut, that collides with an earlier
 * one when case is ignored, or that is `index` gets `~` and a hash of the exact title
 * (and of how many times it came before, for a title the dump holds twice).
 */
export class FileNamer {
  readonly #used = new Set<string>(['index.md']);
  readonly #seen = new Map<string, number>();

  next(title: string): string {
    let base = guardEnds(title.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_'));
    if (RESERVED.test(base)) base = `_${base}`;
    base = cutToBytes(base, MAX_BYTES);
    const repeat = this.#seen.get(title) ?? 0;
    this.#seen.set(title, repeat + 1);
    let name = `${base}.md`;
    if (base !== title || this.#used.has(name.toLowerCase()))
      name = `${base}~${hash8(repeat ? `${title}\u0000${repeat}` : title)}.md`;
    this.#used.add(name.toLowerCase());
    return name;
  }
}

/** The names FileNamer gives these titles in this order. */
export function reportFileNames(titles: readonly string[]): string[] {
  const namer = new FileNamer();
  return titles.map((t) => namer.next(t));
}
