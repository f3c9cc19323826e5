import { createHash } from 'node:crypto';

const RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_BYTES = 150;

const hash8 = (s: string) => createHash('sha256').update(s).digest('hex').slice(0, 8);

/**
 * A file name for a page title that is safe on every common file system: no path
 * separators or reserved characters, no `..`, no Windows device names, at most 150
 * bytes. Titles that had to be changed, were cut, or collide with another title when
 * case is ignored get a short hash of the exact title, so no two pages share a file.
 */
export function reportFileNames(titles: readonly string[]): Map<string, string> {
  const names = new Map<string, string>();
  const taken = new Map<string, number>();
  const bases = titles.map((title) => {
    let base = title
      .normalize('NFC')
      .replace(/[\u0000-\u001f\u007f/\\:*?"<>|]/g, '_')
      .replace(/^[.\s]+|[.\s]+$/g, '_');
    if (RESERVED.test(base)) base = `_${base}`;
    let cut = false;
    while (Buffer.byteLength(base) > MAX_BYTES) {
      base = base.slice(0, -1);
      cut = true;
    }
    // Never end on half a surrogate pair.
    if (/[\ud800-\udbff]$/.test(base)) base = base.slice(0, -1);
    const changed = cut || base !== title;
    const key = base.toLowerCase();
    taken.set(key, (taken.get(key) ?? 0) + 1);
    return { title, base, changed, key };
  });
  for (const { title, base, changed, key } of bases) {
    const clash = taken.get(key)! > 1 || key === 'index';
    names.set(title, `${changed || clash ? `${base}~${hash8(title)}` : base}.md`);
  }
  return names;
}
