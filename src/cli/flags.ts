import { PackError, RULE_IDS, type RulePack } from '../audit/index.ts';
import { parseFailOn, type FailOn } from '../report/index.ts';
import { UsageError, type CliIO } from './io.ts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { loadPack } from './pack.ts';
import type { Since } from '../pipeline/index.ts';

/** Flag parsing shared by the commands: each bad value is a usage error (exit 2) naming the flag. */

/** The flags of the commands that write reports (`audit`, `diff`). */
export interface ReportFlags {
  page?: string[];
  ns?: string;
  out: string;
  format?: string[];
  rules?: string;
  failOn?: string[];
  failOnAll?: boolean;
  pagesFrom?: string;
  quiet?: boolean;
  noTimestamp?: boolean;
}

export const FORMATS = ['md', 'json', 'ndjson', 'wikitext'] as const;
export type Format = (typeof FORMATS)[number];

export function formatsOf(flags: { format?: string[]; out: string }, allowed: readonly Format[] = FORMATS): Format[] {
  const given = (flags.format ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  for (const f of given)
    if (!(allowed as readonly string[]).includes(f))
      throw new UsageError(`--format: "${f}" is not one of ${allowed.join(', ')}`);
  const unique = [...new Set(given as Format[])];
  if (flags.out === '-') {
    if (unique.length > 1)
      throw new UsageError(`--out - prints one format: pass one of --format ${allowed.join(', ')}`);
    return [unique[0] ?? 'json'];
  }
  return unique.length ? unique : ['md', 'json'];
}

/** Articles by default; every namespace when pages are named, since a title says its namespace. */
export function namespacesOf(value: string | undefined, pagesNamed: boolean): number[] | 'all' {
  if (value === undefined) return pagesNamed ? 'all' : [0];
  if (value.trim() === 'all') return 'all';
  const list = value.split(',').map((v) => v.trim());
  if (!list.every((v) => /^-?\d+$/.test(v)))
    throw new UsageError(`--ns: "${value}" is not a list of namespace numbers or "all"`);
  return list.map(Number);
}

export function failOnOf(values: readonly string[] | undefined): FailOn[] {
  return (values ?? []).map((v) => {
    const p = parseFailOn(v);
    if (!p) {
      throw new UsageError(
        `--fail-on: "${v}" is neither a severity (high, medium, low, info) nor a rule id (${RULE_IDS.join(', ')})`,
      );
    }
    return p;
  });
}

export function packOf(rules: string | undefined, cwd: string): { pack: RulePack; path: string } {
  try {
    return loadPack(rules, cwd);
  } catch (err) {
    if (err instanceof PackError) throw new UsageError(err.message);
    throw err;
  }
}

/**
 * `--since`: a timestamp (ISO 8601, a date alone meaning its midnight UTC, a time without
 * a zone UTC as every dump's are; or MediaWiki's 14 digits, 20261101000000) or a revision
 * id. Eight digits that read as a date (20261101, as dump directories are named) are
 * refused as ambiguous rather than taken as a revision id from 2005.
 */
export function sinceOf(value: string | undefined): Since | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  const mw = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/.exec(v);
  if (mw) return { timestamp: checkedTime(value, `${mw[1]}-${mw[2]}-${mw[3]}T${mw[4]}:${mw[5]}:${mw[6]}Z`) };
  if (/^(19|20)\d{6}$/.test(v) && isDate(`${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)}`))
    throw new UsageError(
      `--since: "${value}" could be a date or a revision id: write ${v.slice(0, 4)}-${v.slice(4, 6)}-${v.slice(6)} for the date, rev:${v} for the revision`,
    );
  const rev = /^(?:rev:)?(\d{1,20})$/.exec(v);
  if (rev) return { revision: BigInt(rev[1]!) };
  if (!/^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v))
    throw new UsageError(
      `--since: "${value}" is neither a timestamp (2026-11-01, 2026-11-01T12:00:00Z) nor a revision id`,
    );
  return { timestamp: checkedTime(value, /[T ]\d{2}:\d{2}(:[\d.]+)?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v) };
}

/** Whether `YYYY-MM-DD…` starts with a day the calendar has (Date.parse takes 2026-02-30 as March 2). */
function isDate(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const day = new Date(Date.UTC(y!, m! - 1, d!));
  return !Number.isNaN(day.getTime()) && day.getUTCMonth() === m! - 1 && day.getUTCDate() === d!;
}

/** The time, refusing a day the calendar does not have. */
function checkedTime(value: string, iso: string): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at) || !isDate(iso)) throw new UsageError(`--since: "${value}" is not a date the calendar has`);
  return at;
}

/**
 * The titles of a `--pages-from` list: one a line, as a WikiProject's list is written or
 * pasted: `Title`, `Title_with_underscores`, `[[Title]]`, `* [[Title|label]]`,
 * `# [[:Category:X]]`, or several links on a line (`[[A]], [[B]]`). HTML entities and
 * %-escapes are decoded as MediaWiki decodes them in links (`AT&amp;T`, `Caf%C3%A9`);
 * a `#section` is dropped. Blank lines, and lines starting with `#` that hold no link
 * (comments), are skipped. Returns the titles and the numbers of the lines that are not
 * one.
 */
export function titlesFromList(text: string): { titles: string[]; bad: number[] } {
  const titles: string[] = [];
  const bad: number[] = [];
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    const links = [...line.matchAll(/\[\[:?([^\]|]+)(?:\|[^\]]*)?\]\]/g)].map((m) => m[1]!);
    if (!line || (line.startsWith('#') && !links.length)) continue;
    for (const name of links.length ? links : [line.replace(/^[*#]+\s*/, '')]) {
      const title = linkTarget(name);
      // Characters no title may hold: what is left is not a title but some other markup.
      if (!title || /[[\]{}|<>]/.test(title) || title.length > 255) {
        bad.push(i + 1);
        break;
      }
      titles.push(title);
    }
  }
  return { titles, bad };
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** A link's target as a title: entities and %-escapes decoded, the fragment dropped. */
function linkTarget(name: string): string {
  let t = name.replace(
    /&(?:#(\d{1,7})|#x([0-9a-f]{1,6})|([a-z]{2,8}));/gi,
    (m, dec?: string, hex?: string, named?: string) => {
      if (named) return ENTITIES[named.toLowerCase()] ?? m;
      const cp = dec ? Number(dec) : parseInt(hex!, 16);
      return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : m;
    },
  );
  if (/%[0-9a-f]{2}/i.test(t)) {
    try {
      t = decodeURIComponent(t);
    } catch {
      // Not valid UTF-8 once decoded: the % signs are part of the title.
    }
  }
  return t.split('#')[0]!.trim();
}

/** `--pages-from FILE`: its titles, or a usage error naming the file and the first line that is not a title. */
export function pagesFrom(file: string, io: CliIO): string[] {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), 'utf8');
  } catch (err) {
    throw new UsageError(`--pages-from: cannot read ${file}: ${(err as Error).message}`);
  }
  const { titles, bad } = titlesFromList(text);
  if (bad.length)
    throw new UsageError(
      `--pages-from ${file}, line ${bad[0]}: not a page title${bad.length > 1 ? ` (and ${bad.length - 1} more lines)` : ''}`,
    );
  if (!titles.length) throw new UsageError(`--pages-from ${file}: no titles in it`);
  return titles;
}
