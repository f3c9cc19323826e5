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

/** `--since`: a timestamp (ISO 8601, a date alone meaning its midnight UTC) or a revision id. */
export function sinceOf(value: string | undefined): Since | undefined {
  if (value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return { revision: BigInt(v) };
  const iso = /^\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.test(v);
  // A time without a zone is UTC, as every dump's timestamps are.
  const at = iso ? Date.parse(/[T ]\d{2}:\d{2}(:[\d.]+)?$/.test(v) ? `${v.replace(' ', 'T')}Z` : v) : NaN;
  if (Number.isNaN(at))
    throw new UsageError(
      `--since: "${value}" is neither a timestamp (2026-11-01, 2026-11-01T12:00:00Z) nor a revision id`,
    );
  return { timestamp: at };
}

/**
 * The titles of a `--pages-from` list: one a line, as a WikiProject's list is written or
 * pasted: `Title`, `Title_with_underscores`, `[[Title]]`, `* [[Title|label]]` or
 * `# [[:Category:X]]`; blank lines, and lines starting with `#` that hold no link
 * (comments), are skipped. Returns the titles and the lines that are
 * not one.
 */
export function titlesFromList(text: string): { titles: string[]; bad: number[] } {
  const titles: string[] = [];
  const bad: number[] = [];
  for (const [i, raw] of text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .entries()) {
    const line = raw.trim();
    const link = /\[\[:?([^\]|]+)(?:\|[^\]]*)?\]\]/.exec(line);
    if (!line || (line.startsWith('#') && !link)) continue;
    const title = (link ? link[1]! : line.replace(/^[*#]+\s*/, '')).split('#')[0]!.trim();
    // Characters no title may hold: what is left is not a title but some other markup.
    if (!title || /[[\]{}|<>]/.test(title) || title.length > 255) bad.push(i + 1);
    else titles.push(title);
  }
  return { titles, bad };
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
