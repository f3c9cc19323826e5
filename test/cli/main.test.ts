/**
 * The CLI in-process: main(argv, io) with a fake io, on the seed article. Every run
 * gets a fresh temp directory as cwd; the fixture is passed as an absolute path.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/report/index.ts';
import {
  countByRule,
  parseReport,
  removeTempDirs,
  runBin,
  runMain,
  SEED,
  SEED_TITLE,
  tempDir,
} from '../support/cli-io.ts';
import { CORPUS_DIR } from '../support/corpus.ts';

const DBPEDIA = path.join(CORPUS_DIR, 'xml-history/enwiki-dbpedia-minidump-17pages-84revs-2018-2021-sample.xml');

const SEED_COUNTS = {
  'citation-needed': 2,
  'verification-needed': 1,
  'dead-link': 2,
  'archived-link': 19,
  'bare-url': 5,
  'figure-mismatch': 3,
  'uncited-figure': 10,
};
const SEED_TOTAL = Object.values(SEED_COUNTS).reduce((a, b) => a + b, 0);

afterAll(removeTempDirs);

describe('citeaudit audit SEED --format json --out -', () => {
  let report: Report;
  let stderr: string;
  let cwd: string;

  beforeAll(async () => {
    cwd = tempDir();
    const r = await runMain(['audit', SEED, '--format', 'json', '--out', '-'], cwd);
    expect(r.code, r.stderr).toBe(0);
    stderr = r.stderr;
    report = parseReport(r.stdout);
  });

  it('prints one JSON report for the one page, complete and without errors', () => {
    expect(report.schema).toBe('citeaudit/report@1');
    expect(report.generator.name).toBe('citeaudit');
    expect(typeof report.generatedAt).toBe('string');
    expect(report.input.file).toBe(SEED);
    expect(report.input.compression).toBe('none');
    expect(report.errors).toEqual([]);
    expect(report.pages).toHaveLength(1);
    const page = report.pages[0]!;
    expect(page.title).toBe(SEED_TITLE);
    expect(page.pageId).toBe('1088');
    expect(page.ns).toBe(0);
    expect(page.revision).toMatchObject({ id: '802477142', timestamp: '2017-09-26T11:41:12Z', user: 'Selen578' });
    expect(page.url).toBe('https://en.wikipedia.org/w/index.php?oldid=802477142');
    expect(page.revisionsRead).toBe(1);
    expect(page.status).toBe('audited');
    expect(page.changes).toEqual([]);
    expect(report.summary).toMatchObject({
      pagesRead: 1,
      revisionsRead: 1,
      pagesAudited: 1,
      findings: SEED_TOTAL,
      complete: true,
      bytesRead: readFileSync(SEED).length,
    });
  });

  it('finds exactly the expected findings, by rule', () => {
    const findings = report.pages[0]!.findings;
    expect(countByRule(findings)).toEqual(SEED_COUNTS);
    expect(findings).toHaveLength(SEED_TOTAL);
    // The summary agrees with the findings themselves.
    expect(report.summary.byRule).toMatchObject({ ...SEED_COUNTS, 'archive-mismatch': 0 });
    for (const f of findings) {
      expect(Object.keys(f).sort()).toEqual(
        [
          'column',
          'evidence',
          'fingerprint',
          'line',
          'message',
          'messageId',
          'rule',
          'section',
          'severity',
          'snippet',
        ].sort(),
      );
      expect(f.fingerprint).toMatch(/^[0-9a-f]{16}$/);
      expect(f.line).toBeGreaterThan(0);
      expect(f.column).toBeGreaterThan(0);
    }
    // Fingerprints name findings: no two of a page share one.
    expect(new Set(findings.map((f) => f.fingerprint)).size).toBe(findings.length);
  });

  it('dates the two citation-needed tags and places them', () => {
    const cn = report.pages[0]!.findings.filter((f) => f.rule === 'citation-needed');
    const byDate = Object.fromEntries(cn.map((f) => [f.evidence['date'], f]));
    expect(Object.keys(byDate).sort()).toEqual(['2010-02', '2013-12']);
    expect(byDate['2010-02']!.section).toBe('Dissolution of the Soviet armed forces');
    const infobox = byDate['2013-12']!;
    expect(infobox.evidence['field']).toBe('percent_GDP');
    expect(infobox.evidence['location']).toBe('infobox');
    expect(infobox.snippet).toContain('December 2013');
  });

  it('finds the unreliable-source tag and the two dead interesclub.org links', () => {
    const findings = report.pages[0]!.findings;
    const vn = findings.filter((f) => f.rule === 'verification-needed');
    expect(vn).toHaveLength(1);
    expect(vn[0]!.evidence['date']).toBe('2017-06');
    expect(vn[0]!.evidence['template']).toBe('Unreliable source?');
    expect(vn[0]!.section).toBe('Special forces');
    const dead = findings.filter((f) => f.rule === 'dead-link');
    expect(dead).toHaveLength(2);
    for (const f of dead) {
      expect(f.severity).toBe('high');
      expect(String(f.evidence['url'])).toContain('interesclub.org');
    }
  });

  it('says what it did on stderr, and nothing is written to the cwd', () => {
    expect(stderr).toContain('audited 1 page');
    expect(stderr).not.toContain('error');
    expect(readdirSync(cwd)).toEqual([]);
  });
});

describe('citeaudit audit SEED --out DIR', () => {
  it('writes the page Markdown and report.json, and no index for a single page', async () => {
    const cwd = tempDir();
    const out = path.join(tempDir(), 'reports');
    const r = await runMain(['audit', SEED, '--out', out], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(readdirSync(out).sort()).toEqual([`${SEED_TITLE}.md`, 'report.json']);
    expect(r.stderr).toMatch(/citeaudit: wrote .*report\.json/);

    const report = parseReport(readFileSync(path.join(out, 'report.json'), 'utf8'));
    expect(countByRule(report.pages[0]!.findings)).toEqual(SEED_COUNTS);

    const md = readFileSync(path.join(out, `${SEED_TITLE}.md`), 'utf8');
    expect(md).toMatch(new RegExp(`^# .*${SEED_TITLE}`, 'm'));
    // The counts table: one row per rule that has findings, with its count.
    expect(md).toMatch(/^\| rule \| severity \| findings \|$/m);
    for (const [rule, n] of Object.entries(SEED_COUNTS)) {
      expect(md).toMatch(new RegExp(`^\\| \\[?${rule}\\b[^\\n]*\\| ${n} \\|$`, 'm'));
    }
    // The dead citations have a section of their own, listing interesclub.org.
    const start = md.indexOf('## Dead citations without an archive');
    expect(start).toBeGreaterThan(-1);
    const next = md.indexOf('\n## ', start + 1);
    const section = md.slice(start, next === -1 ? undefined : next);
    expect(section.match(/interesclub\.org/g)?.length).toBeGreaterThanOrEqual(2);
  });

  it('resolves a relative --out against io.cwd', async () => {
    const cwd = tempDir();
    const r = await runMain(['audit', SEED, '--out', 'rel', '--format', 'json', '-q'], cwd);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    expect(readdirSync(path.join(cwd, 'rel'))).toEqual(['report.json']);
  });
});

describe('exit codes', () => {
  const audit = (...extra: string[]) => runMain(['audit', SEED, '--out', '-', '-q', ...extra], tempDir());

  it('returns 0 without --fail-on, even with findings', async () => {
    expect((await audit()).code).toBe(0);
  });

  it.each([
    ['high', 'dead-link is high'],
    ['citation-needed', 'a rule id that has findings'],
    ['info', 'info or worse: every finding'],
    ['medium', 'medium or worse'],
    ['dead-link', 'a high rule id'],
  ])('--fail-on %s returns 1 (%s)', async (value) => {
    const r = await audit('--fail-on', value);
    expect(r.code, r.stderr).toBe(1);
    // The report is still printed.
    expect(parseReport(r.stdout).pages).toHaveLength(1);
  });

  it('--fail-on archive-mismatch (no such findings) returns 0, and repeated --fail-on values combine', async () => {
    expect((await audit('--fail-on', 'archive-mismatch')).code).toBe(0);
    expect((await audit('--fail-on', 'archive-mismatch', '--fail-on', 'bare-url')).code).toBe(1);
  });

  it('--fail-on nonsense returns 2 and names the value', async () => {
    const r = await audit('--fail-on', 'nonsense');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nonsense');
    expect(r.stdout).toBe('');
  });

  it('--format xml returns 2', async () => {
    const r = await runMain(['audit', SEED, '--format', 'xml', '--out', tempDir()], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('xml');
  });

  it('--out - with two formats returns 2', async () => {
    const r = await runMain(['audit', SEED, '--out', '-', '--format', 'md,json'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const r2 = await runMain(['audit', SEED, '--out', '-', '--format', 'md', '--format', 'json'], tempDir());
    expect(r2.code).toBe(2);
  });

  it('--out - --format md prints the Markdown', async () => {
    const r = await runMain(['audit', SEED, '--out', '-', '--format', 'md', '-q'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('## Dead citations without an archive');
  });

  it('a missing file returns 2 with a message naming the file, and leaves earlier reports alone', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'out'));
    writeFileSync(path.join(cwd, 'out', 'report.json'), 'earlier run');
    const missing = path.join(cwd, 'no-such-dump.xml');
    const r = await runMain(['audit', missing, '--out', 'out'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/citeaudit: error: .*no-such-dump\.xml/);
    expect(readFileSync(path.join(cwd, 'out', 'report.json'), 'utf8')).toBe('earlier run');
    expect(existsSync(path.join(cwd, 'out', 'index.md'))).toBe(false);
  });

  it('a report that cannot be written is exit 2 with the reason, not an internal error', async () => {
    const cwd = tempDir();
    mkdirSync(path.join(cwd, 'out', 'report.json'), { recursive: true });
    const r = await runMain(['audit', SEED, '--out', 'out'], cwd);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/cannot write the reports: .*EISDIR/);
  });

  it('a relative missing file is named too', async () => {
    const r = await runMain(['audit', 'nowhere.xml', '--out', '-'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('nowhere.xml');
  });

  it('no arguments at all returns 2; an unknown command or option returns 2', async () => {
    expect((await runMain([], tempDir())).code).toBe(2);
    expect((await runMain(['frobnicate'], tempDir())).code).toBe(2);
    expect((await runMain(['audit', SEED, '--bogus'], tempDir())).code).toBe(2);
    expect((await runMain(['audit'], tempDir())).code).toBe(2);
  });

  it('--ns with garbage returns 2', async () => {
    expect((await runMain(['audit', SEED, '--ns', 'main', '--out', '-'], tempDir())).code).toBe(2);
  });
});

describe('page selection', () => {
  it('--page with underscores selects the page', async () => {
    const r = await runMain(['audit', SEED, '--out', '-', '-q', '--page', 'Azerbaijani_Armed_Forces'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages.map((p) => p.title)).toEqual([SEED_TITLE]);
    expect(countByRule(report.pages[0]!.findings)).toEqual(SEED_COUNTS);
  });

  it('--page with a lower-case first letter selects the page (first-letter wiki)', async () => {
    const r = await runMain(['audit', SEED, '--out', '-', '-q', '--page', 'azerbaijani Armed Forces'], tempDir());
    expect(parseReport(r.stdout).pages).toHaveLength(1);
  });

  it('--page Other yields zero pages, counted as not selected', async () => {
    const r = await runMain(['audit', SEED, '--out', '-', '-q', '--page', 'Other'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages).toEqual([]);
    expect(report.summary).toMatchObject({ pagesRead: 1, pagesAudited: 0, findings: 0, complete: true });
    expect(report.summary.pagesSkipped.notSelected).toBe(1);
  });

  it('--page Other with --out DIR writes an index and no page file', async () => {
    const out = tempDir();
    const r = await runMain(['audit', SEED, '--out', out, '-q', '--page', 'Other'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['index.md', 'report.json']);
  });

  it('--ns 1 skips the article; --ns all and --ns 0,1 keep it', async () => {
    const pagesWith = async (ns: string) =>
      parseReport((await runMain(['audit', SEED, '--out', '-', '-q', '--ns', ns], tempDir())).stdout).pages.length;
    expect(await pagesWith('1')).toBe(0);
    expect(await pagesWith('all')).toBe(1);
    expect(await pagesWith('0,1')).toBe(1);
  });
});

describe('reproducibility', () => {
  it('--no-timestamp twice on the same input gives byte-identical JSON, with no generatedAt', async () => {
    const argv = ['audit', SEED, '--format', 'json', '--out', '-', '--no-timestamp', '-q'];
    const a = await runMain(argv, tempDir());
    const b = await runMain(argv, tempDir());
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(a.stdout.length).toBeGreaterThan(1000);
    expect(a.stdout).toBe(b.stdout);
    expect('generatedAt' in parseReport(a.stdout)).toBe(false);
  });

  it.skipIf(!existsSync(DBPEDIA))(
    'a history dump gives byte-identical JSON too: blame and changes are not timed',
    async () => {
      // Diff budgets once counted milliseconds, so blame and change events varied from run to run.
      const argv = ['audit', DBPEDIA, '--format', 'json', '--out', '-', '--no-timestamp', '-q'];
      // Separate processes, as CI runs it: a cold process is slower than a warm one.
      const runs = [runBin(argv), runBin(argv), runBin(argv)];
      const report = parseReport(runs[0]!.stdout);
      expect(report.pages.some((p) => p.changes.length && p.findings.some((f) => f.introducedIn))).toBe(true);
      for (const r of runs.slice(1)) expect(r.stdout).toBe(runs[0]!.stdout);
    },
  );

  it('--no-timestamp report.json files are byte-identical too', async () => {
    const [d1, d2] = [tempDir(), tempDir()];
    await runMain(['audit', SEED, '--out', d1, '--no-timestamp', '-q'], tempDir());
    await runMain(['audit', SEED, '--out', d2, '--no-timestamp', '-q'], tempDir());
    expect(readFileSync(path.join(d1, 'report.json'))).toEqual(readFileSync(path.join(d2, 'report.json')));
    expect(readFileSync(path.join(d1, `${SEED_TITLE}.md`))).toEqual(readFileSync(path.join(d2, `${SEED_TITLE}.md`)));
  });
});

describe('citeaudit stats', () => {
  it('stats SEED --json counts 1 page and 1 revision', async () => {
    const r = await runMain(['stats', SEED, '--json', '-q'], tempDir());
    expect(r.code, r.stderr).toBe(0);
    const stats = JSON.parse(r.stdout) as Record<string, unknown>;
    expect(stats).toMatchObject({
      pages: 1,
      revisions: 1,
      compression: 'none',
      complete: true,
      xmlBytes: readFileSync(SEED).length,
      pagesByNamespace: { '0': 1 },
      revisionsByTextStatus: { ok: 1, deleted: 0, missing: 0 },
    });
    expect(stats['error']).toBeUndefined();
  });

  it('stats SEED prints a table', async () => {
    const r = await runMain(['stats', SEED], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^pages\s+1$/m);
    expect(r.stdout).toMatch(/^revisions\s+1 /m);
  });

  it('stats on a missing file returns 2', async () => {
    const r = await runMain(['stats', 'missing.xml', '--json'], tempDir());
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('missing.xml');
    expect((JSON.parse(r.stdout) as { complete: boolean }).complete).toBe(false);
  });
});

describe('--version and --help', () => {
  it('--version returns 0 and prints the package version', async () => {
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    const r = await runMain(['--version'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('--help returns 0 and lists the commands', async () => {
    const r = await runMain(['--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('audit');
    expect(r.stdout).toContain('stats');
  });

  it('audit --help returns 0 and lists the options', async () => {
    const r = await runMain(['audit', '--help'], tempDir());
    expect(r.code).toBe(0);
    for (const flag of ['--page', '--ns', '--out', '--format', '--rules', '--fail-on', '--no-timestamp']) {
      expect(r.stdout).toContain(flag);
    }
  });
});
