import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Finding } from '../../src/audit/index.ts';
import { auditDump } from '../../src/pipeline/index.ts';
import { openSource } from '../../src/source/index.ts';
import { parseReport, PROJECT_ROOT, removeTempDirs, runMain, tempDir } from '../support/cli-io.ts';
import { enwikiPack } from '../support/pack.ts';
import { SITEINFO } from '../support/synthetic.ts';
import { addCapture, startScenarioServer, type ScenarioServer } from './scenario-server.ts';

let server: ScenarioServer;
let dir: string;

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** One revision of a history dump: `id` 1 is the page's first (no parent), each other's parent the one before. */
const revisionXml = (id: number, day: string, user: string, text: string) =>
  `    <revision>\n      <id>${id}</id>\n${id > 1 ? `      <parentid>${id - 1}</parentid>\n` : ''}` +
  `      <timestamp>${day}T00:00:00Z</timestamp>\n` +
  `      <contributor><username>${user}</username><id>${id}</id></contributor>\n` +
  `      <text xml:space="preserve">${escapeXml(text)}</text>\n    </revision>\n`;

/** A history dump of one page: the revisions in place of dumpOf's single one. */
const historyOf = (title: string, revisions: string) =>
  dumpOf(title, '').replace(/ {4}<revision>[\s\S]*<\/revision>\n/, revisions);

function dumpOf(title: string, text: string): string {
  return (
    `<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n${SITEINFO}` +
    `  <page>\n    <title>${escapeXml(title)}</title>\n    <ns>0</ns>\n    <id>1</id>\n    <revision>\n      <id>10</id>\n` +
    `      <timestamp>2026-11-01T00:00:00Z</timestamp>\n      <contributor><username>Ed</username><id>1</id></contributor>\n` +
    `      <model>wikitext</model>\n      <format>text/x-wiki</format>\n` +
    `      <text xml:space="preserve">${escapeXml(text)}</text>\n    </revision>\n  </page>\n</mediawiki>\n`
  );
}

beforeAll(async () => {
  server = await startScenarioServer({ hosts: 4 });
  dir = tempDir('citeaudit-links-');
  const o = server.origin(0);
  addCapture(server, `${o}/missing`, '20100301000000');
  addCapture(server, `${o}/gone`, '20150505000000');
  const text = [
    `'''Linkpage''' is a test page.<ref>{{cite web |url=${o}/missing |title=Missing report |access-date=2011-06-01}}</ref>`,
    `A live source.<ref>{{cite web |url=${o}/ok |title=Live page}}</ref>`,
    `A parked one.<ref>{{cite news |url=${o}/parked |title=Parked |access-date=2011-06-01}}</ref>`,
    `Back again.<ref>{{cite web |url=${o}/article/3 |title=Back again |url-status=dead |archive-url=https://web.archive.org/web/20090101000000/${o}/article/3 |archive-date=2009-01-01}}</ref>`,
    `Gone.<ref>{{cite web |url=${o}/gone |title=Gone page |access-date=2016-01-01}} {{dead link|date=May 2020}}</ref>`,
    `Walled.<ref>{{cite web |url=${o}/challenge |title=Behind a wall}}</ref>`,
    `Broken archive.<ref>{{cite web |url=${o}/old-page |title=Old |archive-url=https://web.archive.org/web/20090101000000/${o}/never-archived |archive-date=2009-01-01 |url-status=dead}}</ref>`,
    `See [${server.origin(1)}/moved the moved page].`,
    '== References ==',
    '{{reflist}}',
  ].join('\n');
  addCapture(server, `${o}/article/3`, '20090101000000');
  writeFileSync(path.join(dir, 'links.xml'), dumpOf('Linkpage', text));
  // The same page after an editor replaced the dead /missing source with a live one.
  writeFileSync(
    path.join(dir, 'links-fixed.xml'),
    dumpOf('Linkpage', text.replace(`url=${o}/missing |title=Missing report`, `url=${o}/ok2 |title=New source`)),
  );
});
afterAll(async () => {
  await server.close();
  removeTempDirs();
});
beforeEach(() => server.reset());

/** `audit --check-links` of the link page against the fake Wayback, with short delays; `extra` adds flags. */
const checkLinksArgs = (out: string, ...extra: string[]) => [
  'audit',
  path.join(dir, 'links.xml'),
  '--check-links',
  '--wayback-endpoint',
  server.wayback,
  ...['--host-interval', '0', '--retry-delay', '10', '--timeout', '2', '--archive-rate', '60000'],
  '--out',
  out,
  ...extra,
];

describe('audit --check-links', () => {
  it('without --check-links nothing goes on the network', async () => {
    const out = tempDir();
    const r = await runMain(['audit', path.join(dir, 'links.xml'), '--out', out, '-q'], dir);
    expect(r.code).toBe(0);
    expect(server.log).toHaveLength(0);
  });

  it('without --allow-private the server receives no request at all', async () => {
    const out = tempDir();
    const r = await runMain(checkLinksArgs(out, '--no-cache', '-q'), dir);
    expect(r.code).toBe(0);
    expect(server.log).toHaveLength(0);
    const report = parseReport(readFileSync(path.join(out, 'report.json'), 'utf8'));
    // Every one of the page's 8 distinct URLs refused before any connection.
    expect(report.summary.links).toMatchObject({ urls: 8, checked: 8, byClass: { skipped: 8 } });
  });

  describe('with a loopback server and a fake Wayback Machine', () => {
    let findings: Finding[];
    let markdown: string;
    let out: string;
    beforeAll(async () => {
      server.reset();
      out = tempDir();
      const r = await runMain(checkLinksArgs(out, '--allow-private', '--cache', path.join(dir, 'cache.sqlite')), dir);
      expect(r.stderr).toMatch(/links: \d+ distinct URLs/);
      expect(r.code).toBe(0);
      const report = parseReport(readFileSync(path.join(out, 'report.json'), 'utf8'));
      findings = report.pages[0]!.findings;
      markdown = readFileSync(path.join(out, 'Linkpage.md'), 'utf8');
    }, 30_000);
    const of = (rule: string, url: string) => findings.filter((f) => f.rule === rule && f.evidence['url'] === url);

    it("'link-dead': a 404, suspected until confirmed, with the capture before the access date and the fix", () => {
      const url = `${server.origin(0)}/missing`;
      const [f] = of('link-dead', url);
      expect(f).toMatchObject({ severity: 'medium', messageId: 'suspected' });
      expect(f!.evidence).toMatchObject({
        class: 'dead-suspected',
        status: 404,
        confirmed: false,
        observations: [{ status: 404 }],
        suggestedArchive: { timestamp: '20100301000000', relation: 'before' },
        fix: `|archive-url=https://web.archive.org/web/20100301000000/${url} |archive-date=2010-03-01 |url-status=dead`,
      });
    });

    it("'link-soft-404': a parked domain, with a usurped fix", () => {
      const [f] = of('link-soft-404', `${server.origin(0)}/parked`);
      expect(f!.evidence['reason']).toMatch(/parked/);
      expect(f!.evidence['suggestedArchive']).toBeNull();
      expect(f!.evidence['fix']).toMatch(/^\{\{Dead link \|date=\w+ \d{4} \|fix-attempted=yes\}\}$/);
    });

    it("'link-live-marked-dead': url-status=dead on a page that answers", () => {
      const [f] = of('link-live-marked-dead', `${server.origin(0)}/article/3`);
      expect(f!.evidence).toMatchObject({ class: 'live', markedBy: ['url-status=dead'], fix: '|url-status=live' });
    });

    it("'archive-suggested': an editor's {{dead link}} with no archive, confirmed dead by one check", () => {
      const [f] = of('archive-suggested', `${server.origin(0)}/gone`);
      expect(f!.evidence).toMatchObject({
        class: 'dead',
        confirmedBy: 'dead-link-tag',
        suggestedArchive: { timestamp: '20150505000000', relation: 'before' },
      });
      expect(of('link-dead', `${server.origin(0)}/gone`)).toHaveLength(0);
    });

    it("'link-blocked': a bot challenge is unverifiable, not dead", () => {
      const [f] = of('link-blocked', `${server.origin(0)}/challenge`);
      expect(f).toMatchObject({ severity: 'info' });
      expect(f!.evidence['class']).toBe('blocked');
    });

    it("'archive-broken': an archive that replays nothing; a good one passes", () => {
      const broken = findings.filter((f) => f.rule === 'archive-broken');
      expect(broken).toHaveLength(1);
      expect(broken[0]!.evidence).toMatchObject({ url: `${server.origin(0)}/old-page`, status: 404 });
    });

    it('a live or permanently moved link makes no finding', () => {
      const urls = findings.map((f) => f.evidence['url']);
      expect(urls).not.toContain(`${server.origin(0)}/ok`);
      expect(urls).not.toContain(`${server.origin(1)}/moved`);
    });

    it('as a baseline: link findings whose links got no verdict are carried, not resolved', async () => {
      const probed = [
        'link-dead',
        'link-soft-404',
        'link-live-marked-dead',
        'link-blocked',
        'archive-broken',
        'archive-suggested',
      ];
      const before = findings.filter((f) => probed.includes(f.rule));
      expect(before.length).toBeGreaterThanOrEqual(5);
      // One URL checked of nine, no archives asked: the others say nothing of their links.
      const cut = tempDir();
      const baseline = ['--baseline', path.join(out, 'report.json'), '--format', 'json', '-q'];
      const r = await runMain(
        checkLinksArgs(cut, '--allow-private', '--no-cache', '--max-urls', '1', '--no-archives', ...baseline),
        dir,
      );
      expect(r.code).toBe(0);
      const report = parseReport(readFileSync(path.join(cut, 'report.json'), 'utf8'));
      const page = report.pages[0]!;
      expect(page.resolved!.filter((f) => probed.includes(f.rule))).toEqual([]);
      const carried = report.baseline!.carried.flatMap((p) => p.findings);
      const open = page.findings.filter((f) => probed.includes(f.rule) && f.baseline === 'open');
      expect(carried.length + open.length).toBe(before.length);
      expect(carried.length).toBeGreaterThan(0);
    }, 30_000);

    it('as a baseline: a dead link the page no longer cites is resolved, even when the check is cut short', async () => {
      const fixed = tempDir();
      const args = checkLinksArgs(fixed, '--allow-private', '--no-cache', '--max-urls', '1', '--no-archives');
      args[1] = path.join(dir, 'links-fixed.xml');
      const r = await runMain([...args, '--baseline', path.join(out, 'report.json'), '--format', 'json', '-q'], dir);
      expect(r.code).toBe(0);
      const report = parseReport(readFileSync(path.join(fixed, 'report.json'), 'utf8'));
      const missing = `${server.origin(0)}/missing`;
      expect(report.pages[0]!.resolved!.filter((f) => f.evidence['url'] === missing).map((f) => f.rule)).toEqual([
        'link-dead',
      ]);
      const carried = report.baseline!.carried.flatMap((p) => p.findings);
      expect(carried.filter((f) => f.evidence['url'] === missing)).toEqual([]);
    }, 30_000);

    it('the Markdown has the triage table, worst first', () => {
      expect(markdown).toContain('## Dead citations');
      const table = markdown.slice(markdown.indexOf('## Dead citations'));
      const rows = table.split('\n').filter((l) => l.startsWith('| 127.0.0.'));
      expect(rows.length).toBeGreaterThanOrEqual(5);
      expect(rows[0]).toMatch(/\| dead-suspected \|/);
      expect(rows.at(-1)).toMatch(/\| blocked \|/);
    });
  });
});

describe('audit --check-links with the history', () => {
  it('a dead link dates from the revision that wrote its URL; with no access-date the capture is picked against that date', async () => {
    const o = server.origin(1);
    addCapture(server, `${o}/lost`, '20130101000000');
    addCapture(server, `${o}/lost`, '20180101000000');
    const refs = '\n== References ==\n{{reflist}}';
    const lost = (head: string) => `A claim.<ref>${head} |url=${o}/lost |title=Lost page}}</ref>`;
    const file = path.join(dir, 'history-dead.xml');
    writeFileSync(
      file,
      historyOf(
        'Lostpage',
        revisionXml(1, '2012-01-01', 'Ann', `'''Lostpage''' is a page.${refs}`) +
          revisionXml(2, '2013-05-01', 'Bob', `'''Lostpage''' is a page. ${lost('{{cite web')}${refs}`) +
          // A later edit restyles the citation and moves it to a paragraph of its own: the URL
          // is still cited since Bob's edit.
          revisionXml(
            3,
            '2020-01-01',
            'Cy',
            `'''Lostpage''' is a page. More.\n\nNew paragraph. ${lost('{{Cite web')}${refs}`,
          ),
      ),
    );
    const out = tempDir();
    const common = ['--allow-private', '--no-cache', '--wayback-endpoint', server.wayback, '-q'];
    const r = await runMain(['audit', file, '--check-links', '--out', out, ...common, '--archive-rate', '60000'], dir);
    expect(r.code).toBe(0);
    const [f, ...rest] = parseReport(readFileSync(path.join(out, 'report.json'), 'utf8')).pages[0]!.findings.filter(
      (x) => x.rule === 'link-dead',
    );
    expect(rest).toEqual([]);
    expect(f!.introducedIn).toEqual({ revision: '2', timestamp: '2013-05-01T00:00:00Z', user: 'Bob' });
    expect(f!.ageDays).toBe(2436);
    // The latest capture at or before the day the URL came, not the latest of all (2018).
    expect(f!.evidence).toMatchObject({
      suggestedArchive: { timestamp: '20130101000000', relation: 'before' },
      captureAgainst: { date: '2013-05-01', from: 'url-added' },
    });
    const cdx = server.log.filter((e) => e.path.startsWith('/cdx/')).map((e) => e.path);
    expect(cdx[0]).toContain('&to=20130501&');
    const row = readFileSync(path.join(out, 'Lostpage.md'), 'utf8')
      .split('\n')
      .find((l) => l.startsWith('| 127.0.0.3 |'));
    expect(row).toMatch(/\| \[2013-05-01 by Bob\]\([^)]*oldid=2\) \|/);
    expect(row).toContain(') (no usable access-date; URL cited since 2013-05-01) |');

    // The latest revision alone (a pages-articles dump): the URL has no date, so the latest capture.
    const alone = tempDir();
    const latest = path.join(dir, 'history-dead-latest.xml');
    writeFileSync(
      latest,
      dumpOf('Lostpage', `'''Lostpage''' is a page. More.\n\nNew paragraph. ${lost('{{Cite web')}${refs}`),
    );
    const single = await runMain(
      ['audit', latest, '--check-links', '--out', alone, ...common, '--archive-rate', '60000'],
      dir,
    );
    expect(single.code).toBe(0);
    const g = parseReport(readFileSync(path.join(alone, 'report.json'), 'utf8')).pages[0]!.findings.find(
      (x) => x.rule === 'link-dead',
    );
    expect(g!.introducedIn).toBeUndefined();
    expect(g!.evidence['suggestedArchive']).toMatchObject({ timestamp: '20180101000000', relation: 'latest' });
    expect(g!.evidence['captureAgainst']).toBeUndefined();
  }, 30_000);
});

describe('link targets with the history (no network)', () => {
  it('a URL dates from when the page began holding it: moves and restyling keep the date, an archive URL has its own', async () => {
    const a = 'http://example.com/a';
    const archive = `https://web.archive.org/web/20150101000000/${a}`;
    const bare = 'http://bare.example/x/y';
    const dotted = 'http://dot.example/story.';
    const refs = '\n== References ==\n{{reflist}}';
    const two = (url: string) => `Two, ${'and a long paragraph around it '.repeat(8)}.<ref>${url}</ref>`;
    const dot = `<ref>{{cite web |url=${dotted} |title=D}}</ref>`;
    const first = `One.<ref>{{cite web |url=${a} |title=A}}</ref>${dot}\n\n${two(bare)}${refs}`;
    // Bot puts the archive URL before the url (it holds the original URL whole) and turns the
    // bare URL to https.
    const cite = `{{cite web |archive-url=${archive} |archive-date=2015-01-01 |url=${a} |title=A}}`;
    const https = bare.replace('http:', 'https:');
    const second = `One.<ref>${cite}</ref>${dot}\n\n${two(https)}${refs}`;
    // Cy moves the citations to the end of the other paragraph, the longer: a diff keeps that in
    // place and sees the citations deleted and written anew.
    const third = `One.\n\n${two(https)} Moved.<ref>${cite}</ref>${dot}${refs}`;
    const file = path.join(dir, 'history-targets.xml');
    writeFileSync(
      file,
      historyOf(
        'Targets',
        revisionXml(1, '2010-01-01', 'Ann', first) +
          revisionXml(2, '2015-01-01', 'Bot', second) +
          revisionXml(3, '2020-01-01', 'Cy', third),
      ),
    );
    const dated = new Map<string, string | undefined>();
    for await (const _ of auditDump(await openSource(file), {
      pack: enwikiPack(),
      onLinkTargets: (_page, targets) => {
        for (const t of targets) dated.set(`${t.role} ${t.url}`, t.introducedIn?.user);
      },
    }));
    expect(Object.fromEntries(dated)).toEqual({
      [`citation ${a}`]: 'Ann',
      [`archive ${archive}`]: 'Bot',
      [`citation ${dotted}`]: 'Ann',
      [`citation ${https}`]: 'Ann',
    });
  });
});

describe('citeaudit links', () => {
  it('checks the URLs of each page’s latest revision only, as audit --check-links does', async () => {
    const o = server.origin(0);
    const revision = (id: number, text: string) => revisionXml(id, `2026-11-0${id}`, 'Ed', text);
    const cite = (p: string) => `A claim.<ref>{{cite web |url=${o}${p} |title=${p}}}</ref>`;
    // The first revision cites a page the later ones no longer do.
    const file = path.join(dir, 'history-links.xml');
    writeFileSync(
      file,
      historyOf(
        'History',
        revision(1, cite('/old-page')) +
          revision(2, `${cite('/ok')}\n\n${cite('/missing')}`) +
          revision(3, `${cite('/ok')}\n\n${cite('/missing')} More.`),
      ),
    );
    const common = ['--allow-private', '--no-cache', '--no-archives', '-q'];
    const links = await runMain(['links', file, '--json', ...common], dir);
    expect(links.code).toBe(0);
    const listed = (JSON.parse(links.stdout) as { links: { url: string; class: string; pages: string[] }[] }).links;
    expect(listed.map((l) => [l.url, l.class, l.pages]).sort()).toEqual([
      [`${o}/missing`, 'dead-suspected', ['History']],
      [`${o}/ok`, 'live', ['History']],
    ]);
    // The audit of the same dump finds the same dead link, and the history besides.
    const out = tempDir();
    const audit = await runMain(['audit', file, '--check-links', '--out', out, '--format', 'json', ...common], dir);
    expect(audit.code).toBe(0);
    const page = parseReport(readFileSync(path.join(out, 'report.json'), 'utf8')).pages[0]!;
    expect(page.findings.filter((f) => f.rule === 'link-dead').map((f) => f.evidence['url'])).toEqual([`${o}/missing`]);
    expect(page.changes.length).toBeGreaterThan(0);
    // What links reads: the latest revision's URLs, with no history followed and no rule run.
    const seen: string[] = [];
    for await (const report of auditDump(await openSource(file), {
      pack: enwikiPack(),
      linksOnly: true,
      onLinkTargets: (_page, targets) => seen.push(...targets.map((t) => t.url)),
    })) {
      expect([report.revisionsRead, report.changes, report.findings]).toEqual([3, [], []]);
    }
    expect([...new Set(seen)].sort()).toEqual([`${o}/missing`, `${o}/ok`]);
  }, 30_000);
});

describe('citeaudit links, interrupted', () => {
  it('SIGINT leaves the cache consistent, exits 130, and a rerun skips what was done', async () => {
    const urls = [0, 1, 2, 3].flatMap((h) =>
      Array.from({ length: 8 }, (_, i) => `${server.origin(h)}/slow-headers?ms=300&n=${i}`),
    );
    const text = urls.map((u, i) => `Claim ${i}.<ref>{{cite web |url=${u} |title=T${i}}}</ref>`).join('\n');
    const file = path.join(dir, 'slow.xml');
    writeFileSync(file, dumpOf('Slow', text));
    const cache = path.join(dir, 'slow.sqlite');
    const args = [
      '--import',
      'tsx',
      'src/cli/bin.ts',
      'links',
      file,
      '--allow-private',
      '--cache',
      cache,
      '--no-archives',
      '--per-host',
      '1',
      '--host-interval',
      '0',
      '-q',
    ];
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Interrupt once a few answers have gone out.
    while (server.log.filter((r) => r.end !== undefined).length < 6) await new Promise((r) => setTimeout(r, 20));
    child.kill('SIGINT');
    expect(await exited).toBe(130);

    const db = new Database(cache, { readonly: true });
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const done = (db.prepare('SELECT url FROM link').all() as { url: string }[]).map((r) => r.url);
    db.close();
    expect(done.length).toBeGreaterThan(0);
    expect(done.length).toBeLessThan(urls.length);

    server.reset();
    const rerun = spawn(process.execPath, args, { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    expect(await new Promise((resolve) => rerun.on('exit', resolve))).toBe(0);
    const asked = new Set(server.log.map((r) => `http://${r.host}:${r.port}${r.path}`));
    for (const url of done) expect(asked.has(url), url).toBe(false);
    for (const url of urls.filter((u) => !done.includes(u))) expect(asked.has(url), url).toBe(true);
  }, 60_000);
});
