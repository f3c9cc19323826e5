/**
 * CI runs: two snapshots of five pages (fixtures/ci) where findings are fixed, added and
 * kept, and a day's adds-changes dump after them. Everything goes through the CLI as a
 * CI job runs it and is read back through the report contracts (JSON, NDJSON, wikitext).
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Parser from 'wikiparser-node';
import { afterAll, describe, expect, it } from 'vitest';
import { SEVERITIES, type Finding, type Severity } from '../../src/audit/index.ts';
import type { PageReport, Report } from '../../src/report/index.ts';
import { PROJECT_ROOT, removeTempDirs, runMain, SEED, tempDir } from '../support/cli-io.ts';
import { CORPUS_DIR } from '../support/corpus.ts';

const FIXTURES = path.join(PROJECT_ROOT, 'fixtures', 'ci');
const OCTOBER = path.join(FIXTURES, 'snapshot-2026-10.xml');
const NOVEMBER = path.join(FIXTURES, 'snapshot-2026-11.xml');
const ADDS_CHANGES = path.join(FIXTURES, 'adds-changes-2026-11-02.xml');

afterAll(removeTempDirs);

const dir = tempDir('citeaudit-ci-');
const readJson = (file: string) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as Report;
const audit = (dump: string, out: string, ...extra: string[]) =>
  runMain(['audit', dump, '--out', out, '--no-timestamp', '-q', ...extra], dir);

/** The October report, the baseline of every comparison below. */
const october = audit(OCTOBER, 'october', '--format', 'json,ndjson').then((r) => {
  expect(r.code).toBe(0);
  return readJson('october/report.json');
});
const november = october.then(async () => {
  const r = await audit(NOVEMBER, 'november', '--baseline', 'october/report.json', '--format', 'json,ndjson,md');
  expect(r.code).toBe(0);
  return readJson('november/report.json');
});

/** One page of one revision; `text` is the whole `<text>` element, so a test can hide it. */
const pageXml = (title: string, pageId: number, revision: number, text: string) =>
  `<page><title>${title}</title><ns>0</ns><id>${pageId}</id><revision><id>${revision}</id>` +
  `<timestamp>2026-11-01T00:00:00Z</timestamp>${text}</revision></page>`;
const page = (report: Report, title: string) => report.pages.find((p) => p.title === title)!;
const rules = (findings: readonly Finding[]) => findings.map((f) => f.rule).sort();
const byStatus = (report: Report, status: 'new' | 'open') =>
  report.pages.flatMap((p) => p.findings.filter((f) => f.baseline === status).map((f) => `${p.title}: ${f.rule}`));

describe('a November audit against the October baseline', () => {
  it('counts what is new, still open and resolved, page by page', async () => {
    const report = await november;
    expect(byStatus(report, 'new').sort()).toEqual([
      'Alpha: citation-needed', // the stone bridge
      'Beta: archived-link', // the dead source got its archive
      'Epsilon: dead-link', // a new page
    ]);
    expect(byStatus(report, 'open').sort()).toEqual([
      'Alpha: citation-needed', // the settlers: moved four lines down, its tag renamed {{cn}}
      'Gamma: bare-url',
      'Gamma: citation-needed',
    ]);
    expect(rules(page(report, 'Alpha').resolved!)).toEqual(['bare-url']);
    expect(rules(page(report, 'Beta').resolved!)).toEqual(['archive-mismatch', 'dead-link']);
    expect(page(report, 'Gamma').resolved).toEqual([]);
    expect(page(report, 'Epsilon').resolved).toEqual([]);
    // Delta became a redirect: a page gone from a complete run, its finding resolved.
    expect(report.baseline!.pagesGone.map((p) => [p.title, rules(p.findings)])).toEqual([
      ['Delta', ['citation-needed']],
    ]);
    expect(report.baseline).toMatchObject({ file: 'october/report.json', new: 3, open: 3, resolved: 4, carried: [] });
  });

  it('keeps a fingerprint through edits above the finding and a renamed tag, and never reuses one', async () => {
    const [before, after] = [page(await october, 'Alpha'), page(await november, 'Alpha')];
    const settlers = (p: PageReport) => p.findings.find((f) => String(f.evidence['claim']).includes('settlers'))!;
    expect(settlers(after).line).toBeGreaterThan(settlers(before).line);
    expect(settlers(after).evidence['template']).not.toBe(settlers(before).evidence['template']);
    expect(settlers(after).fingerprint).toBe(settlers(before).fingerprint);
    for (const report of [await october, await november]) {
      const all = report.pages.flatMap((p) => p.findings.map((f) => f.fingerprint));
      expect(new Set(all).size).toBe(all.length);
    }
  });

  it('with --complete-dump, a page missing from the dump is gone', async () => {
    await october;
    const text = readFileSync(NOVEMBER, 'utf8');
    const start = text.indexOf('  <page>\n    <title>Gamma');
    writeFileSync(
      path.join(dir, 'no-gamma.xml'),
      text.slice(0, start) + text.slice(text.indexOf('</page>', start) + 8),
    );
    for (const [extra, gone] of [
      [[], ['Delta']],
      [['--complete-dump'], ['Delta', 'Gamma']],
    ] as const) {
      const r = await audit(
        'no-gamma.xml',
        'no-gamma',
        '--baseline',
        'october/report.json',
        '--format',
        'json',
        ...extra,
      );
      expect(r.code).toBe(0);
      expect(readJson('no-gamma/report.json').baseline!.pagesGone.map((p) => p.title)).toEqual(gone);
    }
  });

  it('reads an NDJSON baseline the same way as a JSON one', async () => {
    await october;
    const r = await audit(NOVEMBER, 'november-nd', '--baseline', 'october/report.ndjson', '--format', 'json');
    expect(r.code).toBe(0);
    const fromNdjson = readJson('november-nd/report.json');
    expect(fromNdjson.pages).toEqual((await november).pages);
    expect({ ...fromNdjson.baseline, file: '' }).toEqual({ ...(await november).baseline, file: '' });
  });

  it('writes the statuses into every format', async () => {
    await november;
    const lines = readFileSync(path.join(dir, 'november/report.ndjson'), 'utf8').trimEnd().split('\n');
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records[0]).toMatchObject({ type: 'header', schema: 'citeaudit/ndjson@1' });
    expect(records.at(-1)).toMatchObject({ type: 'summary', findings: 6, baseline: { new: 3, resolved: 4 } });
    expect(records.filter((r) => r['type'] === 'finding' && r['baseline'] === 'new')).toHaveLength(3);
    // A resolved finding says nothing of the baseline's own comparison.
    expect(records.filter((r) => r['type'] === 'resolved' && 'baseline' in r)).toEqual([]);
    expect(records.filter((r) => r['type'] === 'resolved').map((r) => `${r['page']}: ${r['rule']}`)).toEqual([
      'Alpha: bare-url',
      'Beta: archive-mismatch',
      'Beta: dead-link',
      'Delta: citation-needed',
    ]);
    const index = readFileSync(path.join(dir, 'november/index.md'), 'utf8');
    expect(index).toContain('3 new, 3 still open, 4 resolved');
    expect(index).toContain('Delta: 1 finding resolved');
    const alpha = readFileSync(path.join(dir, 'november/Alpha.md'), 'utf8');
    expect(alpha).toContain('## Resolved since the baseline');
    expect(alpha.match(/\*\*new\*\*/g)).toHaveLength(1);
  });
});

describe('the exit policy', () => {
  const run = async (...extra: string[]) => {
    await october;
    return (await audit(NOVEMBER, 'policy', '--baseline', 'october/report.json', '--format', 'json', ...extra)).code;
  };

  it('fails on new findings only, unless --fail-on-all', async () => {
    expect(await run()).toBe(0);
    // Epsilon's dead link is new and high.
    expect(await run('--fail-on', 'high')).toBe(1);
    // Gamma's bare URL is old news: only --fail-on-all fails on it.
    expect(await run('--fail-on', 'bare-url')).toBe(0);
    expect(await run('--fail-on', 'bare-url', '--fail-on-all')).toBe(1);
    // The new tag on Alpha is medium; info and low findings that are new: archived-link.
    expect(await run('--fail-on', 'medium')).toBe(1);
    expect(await run('--fail-on', 'uncited-figure', '--fail-on', 'bare-url')).toBe(0);
  });

  it('without a baseline every finding is new', async () => {
    expect((await audit(OCTOBER, 'plain', '--fail-on', 'bare-url')).code).toBe(1);
    expect((await audit(OCTOBER, 'plain', '--fail-on', 'figure-mismatch')).code).toBe(0);
  });

  it('exits 2 on bad usage or a bad baseline, naming what is wrong', async () => {
    await october;
    writeFileSync(path.join(dir, 'not-a-report.json'), '{"schema": "something/else"}');
    writeFileSync(
      path.join(dir, 'broken.ndjson'),
      '{"type":"header","schema":"citeaudit/ndjson@1"}\n{"type":"finding"\n',
    );
    const ndjson = readFileSync(path.join(dir, 'october/report.ndjson'), 'utf8').split('\n');
    writeFileSync(path.join(dir, 'cut.ndjson'), ndjson.slice(0, 4).join('\n'));
    writeFileSync(path.join(dir, 'headless.ndjson'), `\n${ndjson.slice(1).join('\n')}`);
    const json = JSON.parse(readFileSync(path.join(dir, 'october/report.json'), 'utf8')) as Report;
    const { message: _m, ...bare } = json.pages[0]!.findings[0]!;
    writeFileSync(
      path.join(dir, 'bare.json'),
      JSON.stringify({ ...json, pages: [{ ...json.pages[0], findings: [bare] }] }),
    );
    const cases: [string[], RegExp][] = [
      [['--baseline', 'missing.json'], /--baseline: cannot read missing\.json/],
      [['--baseline', 'not-a-report.json'], /not a citeaudit report/],
      [['--baseline', 'broken.ndjson'], /broken\.ndjson, line 2: not JSON/],
      [['--baseline', 'cut.ndjson'], /cut short \(no "summary" line/],
      [['--baseline', 'headless.ndjson'], /not a citeaudit NDJSON report/],
      [['--baseline', 'bare.json'], /pages\[0\]\.findings\[0\] is not a finding/],
      [['--fail-on', 'everything'], /--fail-on: "everything"/],
      [['--fail-on-all'], /--fail-on-all needs --fail-on/],
      [['--since', 'last tuesday'], /--since: "last tuesday"/],
      [['--since', '20261101'], /could be a date or a revision id: write 2026-11-01/],
      [['--since', '2026-02-30'], /not a date the calendar has/],
      [['--pages-from', 'missing.txt'], /--pages-from: cannot read missing\.txt/],
      [['--format', 'xml'], /--format: "xml" is not one of md, json, ndjson, wikitext/],
    ];
    for (const [flags, message] of cases) {
      const r = await runMain(['audit', NOVEMBER, '--out', 'bad', '-q', ...flags], dir);
      expect([flags, r.code]).toEqual([flags, 2]);
      expect(r.stderr).toMatch(message);
    }
    // No report was started for any of them.
    expect(readdirSync(dir)).not.toContain('bad');
  });

  it('exits 2 on an input error after writing what was read, and the report says it is incomplete', async () => {
    const cut = readFileSync(NOVEMBER, 'utf8');
    writeFileSync(path.join(dir, 'cut.xml'), cut.slice(0, cut.indexOf('<title>Gamma')));
    const r = await audit('cut.xml', 'cut', '--format', 'json,ndjson', '--fail-on', 'high');
    expect(r.code).toBe(2);
    const report = readJson('cut/report.json');
    expect(report.pages.map((p) => p.title)).toEqual(['Alpha', 'Beta']);
    expect(report.summary.complete).toBe(false);
    expect(report.errors[0]!.offset).toBeGreaterThan(0);
    const last = readFileSync(path.join(dir, 'cut/report.ndjson'), 'utf8').trimEnd().split('\n').at(-1)!;
    expect(JSON.parse(last)).toMatchObject({ type: 'summary', complete: false });
    expect(readdirSync(path.join(dir, 'cut')).filter((f) => f.endsWith('.partial'))).toEqual([]);
  });
});

describe('a daily adds-changes dump', () => {
  /** The November report is the baseline; the day's dump holds only recent revisions, parents outside it. */
  const day = (...extra: string[]) =>
    november.then(() => audit(ADDS_CHANGES, 'day', '--baseline', 'november/report.json', '--format', 'json', ...extra));

  it('--since a timestamp audits only the pages edited after it', async () => {
    const r = await day('--since', '2026-11-02');
    expect(r.code).toBe(0);
    const report = readJson('day/report.json');
    expect(report.pages.map((p) => p.title)).toEqual(['Alpha', 'Gamma']);
    expect(report.summary.pagesSkipped.unchanged).toBe(1); // Beta, edited the day before
    expect(rules(page(report, 'Alpha').resolved!)).toEqual(['citation-needed']); // the bridge got its source
    expect(rules(page(report, 'Gamma').resolved!)).toEqual(['citation-needed']); // so did the fair
    // Beta and Epsilon were not audited: their findings are carried into this report as they were.
    expect(report.baseline).toMatchObject({ new: 0, open: 2, resolved: 2, pagesGone: [] });
    expect(report.baseline!.carried.map((p) => [p.title, rules(p.findings)])).toEqual([
      ['Beta', ['archived-link']],
      ['Epsilon', ['dead-link']],
    ]);
  });

  it('without --since or --complete-dump, pages missing from the day are carried, not gone', async () => {
    expect((await day()).code).toBe(0);
    const report = readJson('day/report.json');
    expect(report.pages.map((p) => p.title)).toEqual(['Beta', 'Alpha', 'Gamma']);
    expect(report.baseline!.pagesGone).toEqual([]);
    expect(report.baseline!.carried.map((p) => p.title)).toEqual(['Epsilon']);
  });

  it('chains: a partial report is a whole baseline for the next run', async () => {
    await day('--since', '2026-11-02');
    const chained = await audit(
      ADDS_CHANGES,
      'day2',
      '--baseline',
      'day/report.json',
      '--since',
      '2026-11-01',
      '--format',
      'json,ndjson',
    );
    expect(chained.code).toBe(0);
    const report = readJson('day2/report.json');
    // Beta is audited now: its archived link came from November through the carried findings.
    expect(report.pages.map((p) => p.title)).toEqual(['Beta', 'Alpha', 'Gamma']);
    expect(report.baseline).toMatchObject({ new: 0, open: 3, resolved: 0 });
    expect(report.baseline!.carried.map((p) => p.title)).toEqual(['Epsilon']);
    // And the NDJSON form of the same report carries the same.
    const again = await audit(ADDS_CHANGES, 'day3', '--baseline', 'day2/report.ndjson', '--format', 'json');
    expect(again.code).toBe(0);
    expect(readJson('day3/report.json').baseline).toMatchObject({ new: 0, open: 3, resolved: 0 });
  });

  it('--since a revision id and --since a time of day select the same way', async () => {
    for (const since of ['7001', '2026-11-01T12:00:00Z', '2026-11-01 12:00']) {
      await day('--since', since);
      expect([since, readJson('day/report.json').pages.map((p) => p.title)]).toEqual([since, ['Alpha', 'Gamma']]);
    }
    await day('--since', '2026-11-01T11:59:59Z');
    expect(readJson('day/report.json').pages.map((p) => p.title)).toEqual(['Beta', 'Alpha', 'Gamma']);
  });
});

describe('a page that cannot be audited now', () => {
  it('stays in the report and resolves nothing, with or without --check-links', async () => {
    const page = (title: string, id: number, text: string) => pageXml(title, id, id * 10, text);
    writeFileSync(
      path.join(dir, 'before.xml'),
      `<mediawiki>${page('Foo', 1, '<text>Old claim.{{cn}}</text>')}${page('Bar', 2, '<text>Bar.</text>')}</mediawiki>`,
    );
    writeFileSync(
      path.join(dir, 'hidden.xml'),
      `<mediawiki>${page('Foo', 1, '<text deleted="deleted" />')}${page('Bar', 2, '<text>Bar.</text>')}</mediawiki>`,
    );
    expect((await audit('before.xml', 'before', '--format', 'json')).code).toBe(0);
    for (const extra of [[], ['--check-links', '--no-cache', '--no-archives']]) {
      const r = await audit('hidden.xml', 'hidden', '--baseline', 'before/report.json', '--format', 'json', ...extra);
      expect([extra, r.code]).toEqual([extra, 0]);
      const report = readJson('hidden/report.json');
      expect(report.pages.map((p) => [p.title, p.status])).toEqual([
        ['Foo', 'text-deleted'],
        ['Bar', 'audited'],
      ]);
      expect(report.baseline).toMatchObject({ resolved: 0, pagesGone: [] });
      expect(report.baseline!.carried.map((p) => [p.title, rules(p.findings)])).toEqual([['Foo', ['citation-needed']]]);
    }
  });
});

describe('a title the dump holds twice', () => {
  it('is compared with the same baseline page each time: nothing old turns new, nothing is carried twice', async () => {
    const page = (id: number, text: string) => pageXml('Twice', 7, id, text);
    writeFileSync(path.join(dir, 'once.xml'), `<mediawiki>${page(1, '<text>A claim.{{cn}}</text>')}</mediawiki>`);
    writeFileSync(
      path.join(dir, 'twice.xml'),
      `<mediawiki>${page(2, '<text deleted="deleted" />')}${page(3, '<text>A claim.{{cn}}</text>')}${page(4, '<text>A claim.{{cn}}</text>')}</mediawiki>`,
    );
    expect((await audit('once.xml', 'once', '--format', 'json')).code).toBe(0);
    const r = await audit(
      'twice.xml',
      'twice',
      '--baseline',
      'once/report.json',
      '--format',
      'json',
      '--fail-on',
      'medium',
    );
    expect(r.code).toBe(0);
    const report = readJson('twice/report.json');
    expect(report.pages.map((p) => p.findings.map((f) => f.baseline))).toEqual([[], ['open'], ['open']]);
    expect(report.baseline).toMatchObject({ new: 0, resolved: 0, carried: [] });
  });

  it('counts as its last occurrence says: hidden then fixed, a redirect then audited, fixed then still there', async () => {
    const page = (id: number, text: string) => pageXml('Twice', 7, id, text);
    const hidden = page(2, '<text deleted="deleted" />');
    const fixed = page(3, '<text>A claim.</text>');
    const tagged = page(4, '<text>A claim.{{cn}}</text>');
    const redirect = page(5, '<text>#REDIRECT [[Elsewhere]]</text>');
    const cases = [
      ['hidden, then fixed', [hidden, fixed], { new: 0, open: 0, resolved: 1, carried: [], pagesGone: [] }],
      ['a redirect, then audited', [redirect, tagged], { new: 0, open: 1, resolved: 0, carried: [], pagesGone: [] }],
      ['fixed, then still there', [fixed, tagged], { new: 0, open: 1, resolved: 0, carried: [], pagesGone: [] }],
    ] as const;
    for (const [name, pages, counts] of cases) {
      writeFileSync(path.join(dir, 'twice.xml'), `<mediawiki>${pages.join('')}</mediawiki>`);
      expect((await audit('twice.xml', 'twice', '--baseline', 'once/report.json', '--format', 'json')).code).toBe(0);
      expect([name, readJson('twice/report.json').baseline]).toMatchObject([name, counts]);
    }
  });
});

describe('--pages-from', () => {
  it('audits the titles of a WikiProject list, normalized as the wiki does', async () => {
    writeFileSync(
      path.join(dir, 'project.txt'),
      '# WikiProject Places\n* [[Gamma|the village]]\n\nepsilon\n# [[alpha]]\nNo such page\n',
    );
    const r = await audit(NOVEMBER, 'listed', '--pages-from', 'project.txt', '--page', 'Beta', '--format', 'json');
    expect(r.code).toBe(0);
    expect(readJson('listed/report.json').pages.map((p) => p.title)).toEqual(['Alpha', 'Beta', 'Gamma', 'Epsilon']);
  });

  it('with a baseline, resolves a listed page that is a redirect now, and only counts the pages not listed', async () => {
    await october;
    writeFileSync(path.join(dir, 'some.txt'), 'Alpha\nDelta\n');
    const r = await audit(NOVEMBER, 'some', '--pages-from', 'some.txt', '--baseline', 'october/report.json');
    expect(r.code).toBe(0);
    const report = readJson('some/report.json');
    expect(report.pages.map((p) => p.title)).toEqual(['Alpha']);
    expect(report.baseline!.pagesGone.map((p) => p.title)).toEqual(['Delta']);
    expect(report.baseline).toMatchObject({ new: 1, open: 1, resolved: 2 });
    expect(report.baseline!.carried.map((p) => p.title)).toEqual(['Beta', 'Gamma']);
  });

  it('warns of titles the dump does not have, and reads every link of a line', async () => {
    writeFileSync(path.join(dir, 'typos.txt'), '[[Alpha]], [[Gamma|g]]\nAlhpa\nAT&amp;T\n');
    const r = await runMain(
      ['audit', NOVEMBER, '--out', 'typos', '--pages-from', 'typos.txt', '--format', 'json'],
      dir,
    );
    expect(r.code).toBe(0);
    expect(readJson('typos/report.json').pages.map((p) => p.title)).toEqual(['Alpha', 'Gamma']);
    expect(r.stderr).toContain('warning: 2 of the titles asked for are not in the dump: Alhpa, AT&T');
  });

  it('refuses a line that is no title, naming it', async () => {
    writeFileSync(path.join(dir, 'bad-list.txt'), 'Alpha\n{{Template}}\n');
    const r = await audit(NOVEMBER, 'listed', '--pages-from', 'bad-list.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad-list\.txt, line 2: not a page title/);
  });
});

describe('reproducible output', () => {
  it('gives byte-identical JSON and NDJSON for the same input with --no-timestamp', async () => {
    await october;
    const again = await audit(OCTOBER, 'october-again', '--format', 'json,ndjson');
    expect(again.code).toBe(0);
    for (const file of ['report.json', 'report.ndjson'])
      expect(readFileSync(path.join(dir, 'october-again', file))).toEqual(
        readFileSync(path.join(dir, 'october', file)),
      );
  });

  it('streams NDJSON to stdout, one parseable object a line', async () => {
    const r = await runMain(['audit', NOVEMBER, '--format', 'ndjson', '--out', '-', '-q'], dir);
    expect(r.code).toBe(0);
    const types = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => (JSON.parse(l) as { type: string }).type);
    expect(types[0]).toBe('header');
    expect(types.at(-1)).toBe('summary');
    expect(types.filter((t) => t === 'page')).toHaveLength(4);
    expect(types.filter((t) => t === 'finding')).toHaveLength(6);
  });
});

describe('GITHUB_STEP_SUMMARY', () => {
  it('appends a short summary with the policy result and the worst pages', async () => {
    await october;
    const summaryFile = path.join(dir, 'step-summary.md');
    writeFileSync(summaryFile, '# earlier step\n');
    const argv = ['audit', NOVEMBER, '--out', 'gh', '-q', '--baseline', 'october/report.json', '--fail-on', 'high'];
    const r = await runMain(argv, dir, { GITHUB_STEP_SUMMARY: summaryFile });
    expect(r.code).toBe(1);
    const text = readFileSync(summaryFile, 'utf8');
    expect(text.startsWith('# earlier step\n### citeaudit:')).toBe(true);
    expect(text).toContain('3 new, 3 still open, 4 resolved');
    expect(text).toMatch(/\*\*Failed:\*\* 1 finding met --fail-on high \(new findings\):/);
    // Which one, in the summary and in the log: why the build is red.
    expect(text).toContain('- Epsilon: dead-link (high): Citation marked dead');
    expect(r.stderr).toContain('  Epsilon: dead-link (high): Citation marked dead');
    // Worst first: Epsilon's high dead link before Alpha's and Gamma's mediums.
    const rows = text.split('\n').filter((l) => /^\| (Alpha|Beta|Gamma|Epsilon) /.test(l));
    expect(rows.map((l) => l.split(' | ')[0]!.slice(2))).toEqual(['Epsilon', 'Alpha', 'Gamma', 'Beta']);
  });
});

describe('GITHUB_STEP_SUMMARY on failure', () => {
  it('says why a run failed before any report: a bad baseline, a dump that cannot be opened', async () => {
    const summaryFile = path.join(dir, 'step-failed.md');
    writeFileSync(path.join(dir, 'junk.json'), '{"schema": "other"}');
    const bad = await runMain(['audit', NOVEMBER, '--out', 'x', '-q', '--baseline', 'junk.json'], dir, {
      GITHUB_STEP_SUMMARY: summaryFile,
    });
    expect(bad.code).toBe(2);
    const missing = await runMain(['audit', 'no-such-dump.xml', '--out', 'x', '-q'], dir, {
      GITHUB_STEP_SUMMARY: summaryFile,
    });
    expect(missing.code).toBe(2);
    const unknown = await runMain(['audit', NOVEMBER, '--bogus'], dir, { GITHUB_STEP_SUMMARY: summaryFile });
    expect(unknown.code).toBe(2);
    const text = readFileSync(summaryFile, 'utf8');
    expect(text).toContain("**citeaudit failed:** unknown option '--bogus'");
    expect(text).toContain('**citeaudit failed:** --baseline junk.json: not a citeaudit report');
    expect(text).toMatch(/no-such-dump\.xml[\s\S]*\*\*Failed:\*\*/);
  });
});

describe('the wikitext worklist of the seed', () => {
  it('is wikitext wikiparser-node reads without errors, one table row per finding', async () => {
    const r = await runMain(['audit', SEED, '--format', 'wikitext', '--out', '-', '-q'], dir);
    expect(r.code).toBe(0);
    const json = await runMain(['audit', SEED, '--format', 'json', '--out', '-', '-q'], dir);
    const findings = (JSON.parse(json.stdout) as Report).pages[0]!.findings;
    const root = Parser.parse(r.stdout);
    expect(root.lint().filter((e) => e.severity === 'error')).toEqual([]);
    const tables = root.querySelectorAll('table');
    expect(tables).toHaveLength(1);
    const rows = tables[0]!.querySelectorAll('tr').filter((tr) => tr.querySelectorAll('td').length > 0);
    expect(rows).toHaveLength(findings.length);
    expect(rows.every((tr) => tr.querySelectorAll('td').length === 5)).toBe(true);
    expect(r.stdout).toContain('<nowiki>3% (2011)</nowiki>');
    expect(r.stdout).toContain('[[:Azerbaijani Armed Forces]]');
  });

  it('keeps hostile text in its cell: no link, template, table syntax or signature escapes', async () => {
    const hostile = `'''Hostile''' page.

The claim ends here </nowiki> |} {{Delete}} [[Category:X]] ~~~~ || cell !! head {| nested.{{citation needed|date=May 2020}}
`;
    const xml = `<mediawiki><page><title>Hostile</title><ns>0</ns><id>9</id><revision><id>90</id><timestamp>2026-01-01T00:00:00Z</timestamp><text>${hostile
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')}</text></revision></page></mediawiki>`;
    writeFileSync(path.join(dir, 'hostile.xml'), xml);
    const r = await runMain(['audit', 'hostile.xml', '--format', 'wikitext', '--out', '-', '-q'], dir);
    expect(r.code).toBe(0);
    const root = Parser.parse(r.stdout);
    expect(root.lint().filter((e) => e.severity === 'error')).toEqual([]);
    expect(root.querySelectorAll('table')).toHaveLength(1);
    expect(root.querySelectorAll('template')).toHaveLength(0);
    expect(root.querySelectorAll('link').map((l) => l.toString())).toEqual(['[[:Hostile]]']);
    expect(root.querySelectorAll('category')).toHaveLength(0);
    // Outside <nowiki> nothing of the page is left: no signature to expand on save either.
    const outside = r.stdout.replace(/<nowiki>[^<]*<\/nowiki>/g, '');
    expect(outside).not.toMatch(/~~~|\{\{|Category/);
  });
});

const GENSIM = path.join(CORPUS_DIR, 'xml-articles/enwiki-gensim-206articles-2016-05.xml.bz2');

describe.skipIf(!existsSync(GENSIM))('the gensim dump (206 articles) as NDJSON and Markdown', () => {
  it('lists every audited page in index.md with its counts, worst first, as the NDJSON says them', async () => {
    const r = await audit(GENSIM, 'gensim', '--format', 'ndjson,md');
    expect(r.code).toBe(0);
    const records = readFileSync(path.join(dir, 'gensim/report.ndjson'), 'utf8')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    const pages = records.filter((x) => x['type'] === 'page');
    const summary = records.at(-1)!;
    expect(summary['type']).toBe('summary');
    expect(pages).toHaveLength(summary['pagesAudited'] as number);
    expect(records.filter((x) => x['type'] === 'finding')).toHaveLength(summary['findings'] as number);
    // Each page's findings by severity, counted from the finding lines.
    const counts = new Map<string, number[]>();
    for (const p of pages) counts.set(p['title'] as string, [0, 0, 0, 0]);
    for (const f of records.filter((x) => x['type'] === 'finding'))
      counts.get(f['page'] as string)![SEVERITIES.indexOf(f['severity'] as Severity)]!++;

    const index = readFileSync(path.join(dir, 'gensim/index.md'), 'utf8');
    const rows = index
      .split('\n')
      .filter((l) => l.startsWith('| ['))
      .map((l) => {
        const cells = l.split(' | ');
        const title = /^\| \[(.*)\]\(/.exec(cells[0]!)![1]!.replace(/\\(.)/g, '$1');
        return { title, bySeverity: cells.slice(1, 5).map(Number) };
      });
    expect(rows.map((x) => x.title).sort()).toEqual([...counts.keys()].sort());
    for (const row of rows) expect([row.title, row.bySeverity]).toEqual([row.title, counts.get(row.title)]);
    // Worst first: by high, then medium, low and info counts.
    for (let i = 1; i < rows.length; i++) {
      const [a, b] = [rows[i - 1]!.bySeverity, rows[i]!.bySeverity];
      const d = a.findIndex((n, k) => n !== b[k]);
      if (d >= 0) expect(a[d], `${rows[i - 1]!.title} before ${rows[i]!.title}`).toBeGreaterThan(b[d]!);
    }
    // Every row links a page file that exists.
    const files = new Set(readdirSync(path.join(dir, 'gensim')));
    for (const l of index.split('\n').filter((x) => x.startsWith('| [')))
      expect(files.has(decodeURIComponent(/\]\(([^)]+)\)/.exec(l)![1]!))).toBe(true);
  }, 120_000);
});
