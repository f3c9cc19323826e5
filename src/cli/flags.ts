import { PackError, RULE_IDS, type RulePack } from '../audit/index.ts';
import { parseFailOn, type FailOn } from '../report/index.ts';
import { UsageError } from './io.ts';
import { loadPack } from './pack.ts';

/** Flag parsing shared by the commands: each bad value is a usage error (exit 2) naming the flag. */

/** The flags of the commands that write reports (`audit`, `diff`). */
export interface ReportFlags {
  page?: string[];
  ns?: string;
  out: string;
  format?: string[];
  rules?: string;
  failOn?: string[];
  quiet?: boolean;
  noTimestamp?: boolean;
}

export type Format = 'md' | 'json';

export function formatsOf(flags: { format?: string[]; out: string }): Format[] {
  const given = (flags.format ?? [])
    .flatMap((f) => f.split(','))
    .map((f) => f.trim().toLowerCase())
    .filter(Boolean);
  for (const f of given)
    if (f !== 'md' && f !== 'json') throw new UsageError(`--format: "${f}" is not one of md, json`);
  const unique = [...new Set(given as Format[])];
  if (flags.out === '-') {
    if (unique.length > 1) throw new UsageError('--out - prints one format: pass --format json or --format md');
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
