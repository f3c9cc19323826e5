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
 * A file name for each page title (same order), safe on every common file system: no
 * path separators or reserved characters, no leading or trailing dots, no Windows device
 * names, at most 150 bytes. A title that had to be changed or cut, that collides with
 * another when case is ignored, or that appears twice in the dump gets `~` and a hash
 * of the exact title (and of its position, for repeats), so no two pages share a file.
 */
export function reportFileNames(titles: readonly string[]): string[] {
  const bases = titles.map((title) => {
    let base = guardEnds(title.normalize('NFC').replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_'));
    if (RESERVED.test(base)) base = `_${base}`;
    const cut = cutToBytes(base, MAX_BYTES);
    return { title, base: cut, changed: cut !== title, key: cut.toLowerCase() };
  });
  const count = new Map<string, number>();
  for (const b of bases) count.set(b.key, (count.get(b.key) ?? 0) + 1);
  const seen = new Map<string, number>();
  return bases.map(({ title, base, changed, key }) => {
    const repeat = seen.get(title) ?? 0;
    seen.set(title, repeat + 1);
    const clash = count.get(key)! > 1 || key === 'index';
    if (!changed && !clash) return `${base}.md`;
    return `${base}~${hash8(repeat ? `${title}\u0000${repeat}` : title)}.md`;
  });
}
