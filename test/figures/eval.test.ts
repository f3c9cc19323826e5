import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_CORPUS } from '../support/corpus.ts';
import { ROOT } from '../support/pack.ts';

/**
 * The labeled set is data the eval script reads by quote: every label must point into its
 * page exactly once (the script exits 1 and names each one that does not). The scores
 * themselves are reported by `npm run eval:figures`, not asserted here.
 */
describe('fixtures/figures/eval.json', () => {
  const labels = JSON.parse(readFileSync(resolve(ROOT, 'fixtures/figures/eval.json'), 'utf8')) as {
    pages: { source: string; groups: { verdict: string; values: unknown[] }[] }[];
  };

  it('holds at least 40 labeled groups from real articles, mismatches and consistent ones', () => {
    const groups = labels.pages.flatMap((p) => p.groups);
    expect(groups.length).toBeGreaterThanOrEqual(40);
    expect(groups.filter((g) => g.verdict === 'mismatch').length).toBeGreaterThan(0);
    expect(groups.filter((g) => g.verdict === 'consistent').length).toBeGreaterThan(0);
    for (const g of groups) expect(g.values.length).toBeGreaterThanOrEqual(2);
  });

  it
    .skipIf(!HAS_CORPUS)
    .each([
      'fixtures/figures/eval.json',
      'fixtures/figures/holdout.json',
      'fixtures/figures/blind2.json',
      'fixtures/figures/blind3.json',
      'fixtures/figures/blind4.json',
      'fixtures/figures/blind5.json',
    ])('every label of %s points into its page, and the script prints the scores', (file) => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'scripts/eval-figures.ts', '--labels', file], {
      cwd: ROOT,
      encoding: 'utf8',
    });
    expect(out).toContain(`labels: ${file}\n`);
    expect(out).toMatch(/labeled pages read: (\d+) of \1\n/);
    // Precision is n/a when nothing is flagged at all, recall when no mismatch is labelled
    // (blind4.json holds consistent groups only).
    expect(out).toMatch(/\| figure-mismatch \(groups\) \| (?:\d\.\d{3}| {2}n\/a) \| (?:\d\.\d{3}| {2}n\/a) \|/);
    expect(out).toMatch(/\| quantities \(span\) \| \d\.\d{3} \| \d\.\d{3} \|/);
    expect(out).not.toMatch(/do not point into their page/);
  });
});
