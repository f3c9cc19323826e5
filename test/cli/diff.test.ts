import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { DiffReport } from '../../src/report/index.ts';
import { countByRule, removeTempDirs, runMain, tempDir } from '../support/cli-io.ts';
import { snapshots } from '../support/snapshots.ts';
import { ROOT } from '../support/pack.ts';

const HISTORY = path.resolve(
  ROOT,
  '../shared/corpus/xml-history/enwiki-dbpedia-minidump-17pages-84revs-2018-2021-sample.xml',
);

afterAll(removeTempDirs);

describe.skipIf(!existsSync(HISTORY))('citeaudit diff on two snapshots of the DBpedia history', () => {
  const dir = tempDir();
  const { old, new: recent } = snapshots(HISTORY);
  const oldFile = path.join(dir, 'old.xml');
  const newFile = path.join(dir, 'new.xml');
  writeFileSync(oldFile, old);
  writeFileSync(newFile, recent);
  const run = (...extra: string[]) =>
    runMain(['diff', oldFile, newFile, '--ns', 'all', '--out', '-', '-q', ...extra], dir);
  const report = run().then((r) => ({ code: r.code, diff: JSON.parse(r.stdout) as DiffReport }));
  const page = async (title: string) => (await report).diff.pages.find((p) => p.title === title);

  it('exits 0 without --fail-on and reports a complete comparison', async () => {
    const { code, diff } = await report;
    expect(code).toBe(0);
    expect(diff.schema).toBe('citeaudit/diff@1');
    expect(diff.summary.complete).toBe(true);
    expect(diff.errors).toEqual([]);
  });

  it('resolves the three citation-needed tags removed from Jim Pewter', async () => {
    const p = (await page('Jim Pewter'))!;
    expect(countByRule(p.resolvedFindings)).toEqual({ 'citation-needed': 3 });
    expect(p.newFindings).toEqual([]);
    expect(p.changes.filter((c) => c.detail['canonical'] === 'Citation needed').map((c) => c.kind)).toEqual(
      expect.arrayContaining(['tag-removed']),
    );
  });

  it('reports the citation-needed tag added to Marian Breland Bailey as new', async () => {
    const p = (await page('Marian Breland Bailey'))!;
    expect(countByRule(p.newFindings)['citation-needed']).toBe(1);
  });

  it("nets Samsung's citation-needed tags from 8 to 3", async () => {
    const p = (await page('Samsung'))!;
    const net =
      (countByRule(p.resolvedFindings)['citation-needed'] ?? 0) - (countByRule(p.newFindings)['citation-needed'] ?? 0);
    expect(net).toBe(8 - 3);
  });

  it('sums the pages into the summary', async () => {
    const { diff } = await report;
    expect(diff.summary.newFindings).toBe(diff.pages.reduce((n, p) => n + p.newFindings.length, 0));
    expect(diff.summary.resolvedFindings).toBe(diff.pages.reduce((n, p) => n + p.resolvedFindings.length, 0));
  });

  it('fails on new findings only when asked: --fail-on citation-needed exits 1, --fail-on archive-mismatch 0', async () => {
    expect((await run('--fail-on', 'citation-needed')).code).toBe(1);
    expect((await run('--fail-on', 'archive-mismatch')).code).toBe(0);
  });

  it('compares a snapshot with itself as nothing new, nothing resolved', async () => {
    const r = await runMain(['diff', oldFile, oldFile, '--ns', 'all', '--out', '-', '-q'], dir);
    const diff = JSON.parse(r.stdout) as DiffReport;
    expect([diff.summary.newFindings, diff.summary.resolvedFindings, diff.pages.length]).toEqual([0, 0, 0]);
    // Every finding of the snapshot is still open (pages with nothing new are not listed, but counted).
    const audit = await runMain(['audit', oldFile, '--ns', 'all', '--out', '-', '-q'], dir);
    expect(diff.summary.openFindings).toBe(JSON.parse(audit.stdout).summary.findings);
    expect(diff.summary.pagesCompared).toBe(JSON.parse(audit.stdout).summary.pagesAudited);
  });

  it('leaves earlier reports alone when a dump cannot be opened', async () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'diff.json'), 'earlier run');
    const r = await runMain(['diff', path.join(dir, 'missing.xml'), newFile, '--out', out, '-q'], dir);
    expect(r.code).toBe(2);
    expect(readFileSync(path.join(out, 'diff.json'), 'utf8')).toBe('earlier run');
  });
});

describe('citeaudit diff with template redirects in the dumps', () => {
  it('reads the change events with the aliases the dumps teach, as the audits do', async () => {
    const dir = tempDir();
    const dump = (id: string, text: string) =>
      `<mediawiki><siteinfo><dbname>enwiki</dbname></siteinfo>
  <page><title>Template:Needsrc</title><ns>10</ns><id>1</id><redirect title="Template:Citation needed" />
    <revision><id>1</id><timestamp>2020-01-01T00:00:00Z</timestamp><text>#REDIRECT [[Template:Citation needed]]</text></revision></page>
  <page><title>A</title><ns>0</ns><id>2</id>
    <revision><id>${id}</id><timestamp>2020-0${id}-01T00:00:00Z</timestamp><text>${text}</text></revision></page>
</mediawiki>\n`;
    writeFileSync(path.join(dir, 'old.xml'), dump('2', 'A claim.'));
    writeFileSync(path.join(dir, 'new.xml'), dump('3', 'A claim.{{Needsrc|date=May 2020}}'));
    const r = await runMain(['diff', 'old.xml', 'new.xml', '--out', '-', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    const [page] = (JSON.parse(r.stdout) as DiffReport).pages;
    expect(page!.newFindings.map((f) => f.rule)).toEqual(['citation-needed']);
    expect(page!.changes.map((c) => [c.kind, c.detail['canonical']])).toEqual([['tag-added', 'Citation needed']]);
  });
});
