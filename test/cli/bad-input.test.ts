/**
 * Bad input through the CLI: a truncated dump, random bytes, an entity bomb and a
 * truncated .bz2 must each end in exit code 2 with a message that says where, after
 * writing the reports of every page completed before the error. Most cases run
 * main() in-process; a few spawn the real bin to check the process boundary.
 */
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findOnPath } from '../../src/source/index.ts';
import {
  countByRule,
  parseReport,
  removeTempDirs,
  runBin,
  runMain,
  SEED,
  SEED_TITLE,
  tempDir,
  PROJECT_ROOT,
} from '../support/cli-io.ts';
import { randomBytes } from '../support/helpers.ts';

const HAS_BZIP2 = findOnPath('bzip2') !== undefined;

/** A small page with two dated {{citation needed}} tags (braces need no XML escaping). */
function page(title: string, id: number): string {
  return [
    '  <page>',
    `    <title>${title}</title>`,
    '    <ns>0</ns>',
    `    <id>${id}</id>`,
    '    <revision>',
    `      <id>${1000 + id}</id>`,
    '      <timestamp>2020-01-01T00:00:00Z</timestamp>',
    `      <contributor><username>Editor ${id}</username><id>${id}</id></contributor>`,
    '      <model>wikitext</model>',
    '      <format>text/x-wiki</format>',
    '      <text bytes="200" xml:space="preserve">' +
      `'''${title}''' is a test page.{{citation needed|date=May 2010}} It goes on &amp; on.\n\n` +
      '==History==\nAnother claim.{{citation needed|date=May 2010}} And a last sentence.</text>',
    '    </revision>',
    '  </page>',
    '',
  ].join('\n');
}

const HEADER =
  '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n' +
  '  <siteinfo>\n    <sitename>Wikipedia</sitename>\n    <dbname>enwiki</dbname>\n' +
  '    <base>https://en.wikipedia.org/wiki/Main_Page</base>\n  </siteinfo>\n';

const FULL_DUMP = `${HEADER}${page('Alpha', 1)}${page('Beta', 2)}${page('Gamma', 3)}</mediawiki>\n`;
/** Byte where the third page starts, and a cut in the middle of its <text>. */
const THIRD_PAGE = Buffer.from(FULL_DUMP).indexOf('<page>', Buffer.from(FULL_DUMP).indexOf('Beta'));
const CUT = Buffer.from(FULL_DUMP).indexOf('is a test page', THIRD_PAGE);
const TRUNCATED = Buffer.from(FULL_DUMP).subarray(0, CUT);

/** Nine levels of ten: &i; would expand to 10^9 characters. */
function entityBomb(): { xml: string; doctypeAt: number } {
  const names = 'abcdefghi'.split('');
  const decls = names.map((n, i) =>
    i === 0 ? `<!ENTITY a "aaaaaaaaaa">` : `<!ENTITY ${n} "${`&${names[i - 1]};`.repeat(10)}">`,
  );
  const prolog = '<?xml version="1.0" encoding="UTF-8"?>\n';
  const xml =
    `${prolog}<!DOCTYPE mediawiki [\n${decls.join('\n')}\n]>\n` +
    `<mediawiki>\n${page('&i;', 1).replace('is a test page.', 'is &i;.')}</mediawiki>\n`;
  return { xml, doctypeAt: Buffer.byteLength(prolog) };
}

const RANDOM_SEED = 20240229;

interface Inputs {
  dir: string;
  truncated: string;
  random: string;
  bomb: string;
  bombDoctypeAt: number;
  bz2Half?: string;
  bz2Full?: string;
}

let inputs: Inputs;

beforeAll(() => {
  const dir = tempDir('citeaudit-bad-');
  const file = (name: string, data: Buffer | string) => {
    const p = path.join(dir, name);
    writeFileSync(p, data);
    return p;
  };
  const bomb = entityBomb();
  inputs = {
    dir,
    truncated: file('truncated.xml', TRUNCATED),
    random: file('random.bin', randomBytes(64 * 1024, RANDOM_SEED)),
    bomb: file('bomb.xml', bomb.xml),
    bombDoctypeAt: bomb.doctypeAt,
  };
  if (HAS_BZIP2) {
    const bz2 = execFileSync('bzip2', ['-c', SEED], { timeout: 30_000, maxBuffer: 16 << 20 });
    inputs.bz2Full = file('seed.xml.bz2', bz2);
    inputs.bz2Half = file('seed-half.xml.bz2', bz2.subarray(0, Math.floor(bz2.length / 2)));
  }
});

afterAll(removeTempDirs);

const readReport = (out: string) => parseReport(readFileSync(path.join(out, 'report.json'), 'utf8'));

describe('the fixtures themselves', () => {
  it('the untruncated three-page dump audits cleanly (so the truncation is what fails)', async () => {
    const dir = tempDir();
    const full = path.join(dir, 'full.xml');
    writeFileSync(full, FULL_DUMP);
    const r = await runMain(['audit', full, '--out', '-', '-q'], dir);
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages.map((p) => p.title)).toEqual(['Alpha', 'Beta', 'Gamma']);
    for (const p of report.pages) expect(countByRule(p.findings)).toEqual({ 'citation-needed': 2 });
    expect(report.summary.complete).toBe(true);
    expect(report.site).toMatchObject({ sitename: 'Wikipedia', dbname: 'enwiki' });
  });

  it('the cut falls inside the third page <text>', () => {
    const tail = TRUNCATED.toString('utf8', THIRD_PAGE);
    expect(tail).toContain('<title>Gamma</title>');
    expect(tail).toContain('<text');
    expect(tail).not.toContain('</text>');
  });
});

describe('a truncated dump (cut in the third page <text>)', () => {
  it('returns 2, names the byte, and reports the two completed pages', async () => {
    const out = path.join(inputs.dir, 'out-truncated');
    const r = await runMain(['audit', inputs.truncated, '--out', out], inputs.dir);
    expect(r.code).toBe(2);

    const report = readReport(out);
    expect(report.summary.complete).toBe(false);
    expect(report.errors).toHaveLength(1);
    const error = report.errors[0]!;
    expect(typeof error.offset).toBe('number');
    expect(Number.isInteger(error.offset)).toBe(true);
    // Somewhere in the third page, at most the end of the input.
    expect(error.offset!).toBeGreaterThanOrEqual(THIRD_PAGE);
    expect(error.offset!).toBeLessThanOrEqual(TRUNCATED.length);
    expect(error.message).toContain(`byte ${error.offset}`);
    expect(error.file).toBe(inputs.truncated);

    expect(r.stderr).toContain('citeaudit: error: ');
    expect(r.stderr).toContain('byte ');
    expect(r.stderr).toContain(`byte ${error.offset}`);

    expect(report.pages.map((p) => p.title)).toEqual(['Alpha', 'Beta']);
    for (const p of report.pages) {
      expect(p.status).toBe('audited');
      expect(countByRule(p.findings)).toEqual({ 'citation-needed': 2 });
      expect(p.findings.map((f) => f.evidence['date'])).toEqual(['2010-05', '2010-05']);
      expect(p.findings.map((f) => f.section)).toEqual(['(lead)', 'History']);
    }
    expect(report.summary).toMatchObject({ pagesRead: 2, pagesAudited: 2, findings: 4 });
    expect(report.summary.byRule['citation-needed']).toBe(4);

    // The Markdown of the completed pages, and an index that carries the error.
    expect(readdirSync(out).sort()).toEqual(['Alpha.md', 'Beta.md', 'index.md', 'report.json']);
    const index = readFileSync(path.join(out, 'index.md'), 'utf8');
    expect(index).toContain(`byte ${error.offset}`);
    expect(index).toContain('Alpha.md');
    expect(index).toContain('Beta.md');
  });

  it('--fail-on does not turn an input error into 1: still 2', async () => {
    const r = await runMain(['audit', inputs.truncated, '--out', '-', '-q', '--fail-on', 'info'], inputs.dir);
    expect(r.code).toBe(2);
    expect(parseReport(r.stdout).pages).toHaveLength(2);
  });

  it('--out - prints the partial JSON report, error included', async () => {
    const r = await runMain(['audit', inputs.truncated, '--out', '-', '-q'], inputs.dir);
    expect(r.code).toBe(2);
    const report = parseReport(r.stdout);
    expect(report.pages).toHaveLength(2);
    expect(report.summary.complete).toBe(false);
    expect(r.stderr).toMatch(/^citeaudit: error: .*byte \d+/m);
  });

  it('stats on the truncated dump returns 2 and counts the two complete pages', async () => {
    const r = await runMain(['stats', inputs.truncated, '--json', '-q'], inputs.dir);
    expect(r.code).toBe(2);
    const stats = JSON.parse(r.stdout) as { pages: number; complete: boolean; error: string };
    expect(stats.pages).toBe(2);
    expect(stats.complete).toBe(false);
    expect(stats.error).toMatch(/byte \d+/);
  });
});

describe('64 KiB of random bytes', () => {
  it('returns 2 at a byte offset, with no page', async () => {
    const out = path.join(inputs.dir, 'out-random');
    const r = await runMain(['audit', inputs.random, '--out', out], inputs.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/citeaudit: error: .*byte \d+/);
    const report = readReport(out);
    expect(report.pages).toEqual([]);
    expect(report.summary).toMatchObject({ pagesRead: 0, complete: false });
    expect(report.errors).toHaveLength(1);
    expect(typeof report.errors[0]!.offset).toBe('number');
    expect(report.errors[0]!.message).toContain(`byte ${report.errors[0]!.offset}`);
    expect(existsSync(path.join(out, 'index.md'))).toBe(true);
  });

  it.each([1, 2, 3, 4, 5, 6, 7, 8])('random bytes of seed %i: 2, never an exception', async (seed) => {
    const file = path.join(inputs.dir, `random-${seed}.bin`);
    writeFileSync(file, randomBytes(64 * 1024, seed));
    const r = await runMain(['audit', file, '--out', '-', '-q'], inputs.dir);
    expect(r.code).toBe(2);
    expect(parseReport(r.stdout).pages).toEqual([]);
    expect(r.stderr).toMatch(/citeaudit: error: /);
  });
});

describe('an entity bomb', () => {
  it('returns 2, naming the byte offset of <!DOCTYPE', async () => {
    const out = path.join(inputs.dir, 'out-bomb');
    const r = await runMain(['audit', inputs.bomb, '--out', out], inputs.dir);
    expect(r.code).toBe(2);
    expect(inputs.bombDoctypeAt).toBe(readFileSync(inputs.bomb).indexOf('<!DOCTYPE'));
    expect(r.stderr).toContain(`byte ${inputs.bombDoctypeAt}`);
    const report = readReport(out);
    expect(report.pages).toEqual([]);
    expect(report.errors[0]!.offset).toBe(inputs.bombDoctypeAt);
    // Nothing was expanded: the report stays small.
    expect(readFileSync(path.join(out, 'report.json')).length).toBeLessThan(10_000);
  });

  it('a DOCTYPE after a complete page is refused there too', async () => {
    const { xml } = entityBomb();
    const doctype = xml.slice(xml.indexOf('<!DOCTYPE'), xml.indexOf(']>') + 2);
    const text = `${HEADER}${page('Alpha', 1)}${doctype}\n${page('Beta', 2)}</mediawiki>\n`;
    const file = path.join(inputs.dir, 'late-doctype.xml');
    writeFileSync(file, text);
    const r = await runMain(['audit', file, '--out', '-', '-q'], inputs.dir);
    expect(r.code).toBe(2);
    const report = parseReport(r.stdout);
    expect(report.errors[0]!.offset).toBe(Buffer.from(text).indexOf('<!DOCTYPE'));
    expect(report.pages.map((p) => p.title)).toEqual(['Alpha']);
  });
});

describe.skipIf(!HAS_BZIP2)('a truncated .bz2 of the seed', () => {
  it('the whole .bz2 audits like the XML', async () => {
    const r = await runMain(['audit', inputs.bz2Full!, '--out', '-', '-q'], inputs.dir);
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.input.compression).toBe('bzip2');
    expect(report.pages.map((p) => p.title)).toEqual([SEED_TITLE]);
    // The same findings as the plain XML gives (test/cli/main.test.ts counts them by rule).
    expect(report.pages[0]!.findings).toHaveLength(42);
  });

  it('half of it returns 2 with the decompressor failure in the message', async () => {
    const out = path.join(inputs.dir, 'out-bz2');
    const r = await runMain(['audit', inputs.bz2Half!, '--out', out], inputs.dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/citeaudit: error: .*seed-half\.xml\.bz2: .*bzip2 -dc failed \(exit \d+\)/);
    const report = readReport(out);
    expect(report.pages).toEqual([]);
    expect(report.summary.complete).toBe(false);
    expect(report.input.compression).toBe('bzip2');
    expect(report.errors[0]!.message).toMatch(/bzip2 .*failed/);
  });
});

describe('through the real bin (process boundary)', () => {
  it('the seed with --format json --out - exits 0 and prints valid JSON', () => {
    const r = runBin(['audit', SEED, '--format', 'json', '--out', '-']);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages).toHaveLength(1);
    // The same findings as the plain XML gives (test/cli/main.test.ts counts them by rule).
    expect(report.pages[0]!.findings).toHaveLength(42);
    expect(r.stderr).toContain('audited 1 page');
  });

  it.each([
    ['truncated', /byte \d+, page "Gamma"/],
    ['random', /byte \d+/],
    ['bomb', /byte \d+/],
  ] as const)('the %s input exits 2 with the error on stderr', (which, pattern) => {
    const out = path.join(inputs.dir, `bin-out-${which}`);
    const r = runBin(['audit', inputs[which], '--out', out]);
    expect(r.signal).toBeNull();
    expect(r.code, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/^citeaudit: error: /m);
    expect(r.stderr).toMatch(pattern);
    expect(r.stderr).not.toContain('internal error');
    expect(r.stdout).toBe('');
    const report = readReport(out);
    expect(report.summary.complete).toBe(false);
    expect(report.pages).toHaveLength(which === 'truncated' ? 2 : 0);
  });

  it.skipIf(!HAS_BZIP2)(
    'the truncated .bz2 exits 2 with both decoders (system bzip2, and pure JS with no PATH)',
    () => {
      const system = runBin(['audit', inputs.bz2Half!, '--out', '-', '-q']);
      expect(system.code, system.stderr).toBe(2);
      expect(system.stderr).toMatch(/bzip2 -dc failed/);

      const js = runBin(['audit', inputs.bz2Half!, '--out', '-'], { PATH: path.join(inputs.dir, 'no-tools-here') });
      expect(js.code, js.stderr).toBe(2);
      expect(js.stderr).toMatch(/bz2 \(pure JS\) failed/);
      expect(js.stderr).toContain('pure-JS bz2 decoder');
      expect(js.stderr).not.toContain('internal error');

      // diff opens its inputs as audit does: the same notice, the same error.
      const diff = runBin(['diff', inputs.bz2Full!, inputs.bz2Half!, '--out', '-'], {
        PATH: path.join(inputs.dir, 'no-tools-here'),
      });
      expect(diff.code, diff.stderr).toBe(2);
      expect(diff.stderr).toContain('pure-JS bz2 decoder');
      expect(diff.stderr).toMatch(/bz2 \(pure JS\) failed/);
    },
  );

  it('usage errors exit 2 through the bin', () => {
    const r = runBin(['audit', SEED, '--format', 'xml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--format');
  });
});

/** Regressions for bugs the fuzzing found (all fixed): broken XML inside a page, deep nesting. */
describe('regressions', () => {
  const seed = () => readFileSync(SEED, 'utf8');
  const nonWellFormed: [string, () => string][] = [
    // Was: the wikitext dropped, the page reported `text-missing`, exit 0.
    ['the <text> start tag is missing (a stray </text>)', () => seed().replace('<text xml:space="preserve">', '')],
    // Was: contributor and text both vanished, exit 0.
    ['the <contributor> start tag is missing', () => seed().replace('<contributor>\n', '')],
    // Was: audited as if nothing were wrong.
    ['an end tag does not match (</timestam>)', () => seed().replace('</timestamp>', '</timestam>')],
    // From fuzz seed 49790: bytes 52–3390 cut; was: 0 pages, complete, exit 0.
    [
      'a cut from inside <ns> into the wikitext (fuzz seed 49790)',
      () => {
        const b = readFileSync(SEED);
        return Buffer.concat([b.subarray(0, 52), b.subarray(52 + 3338)]).toString('utf8');
      },
    ],
  ];

  it.each(nonWellFormed)('non-well-formed XML inside a page is an input error (2): %s', async (_name, make) => {
    const dir = tempDir();
    const file = path.join(dir, 'broken.xml');
    writeFileSync(file, make());
    const r = await runMain(['audit', file, '--out', '-', '-q', '--ns', 'all'], dir);
    expect(r.code).toBe(2);
    // An input error naming its byte, not a usage error (which exits 2 too).
    expect(r.stderr).toMatch(/^citeaudit: error: .*byte \d+/m);
  });

  // Was: at 500–1,000 levels the parse fit the stack but printing the tree did not, and the
  // RangeError ended the whole run (exit 3, no report at all). A fresh process, so the
  // depth that overflows does not depend on what this test worker ran before.
  it('a page with templates nested 600 deep is a parse-error page, not a crash of the whole run', () => {
    const n = 600;
    const deep = `${'{{citation needed|date=May 2010|1='.repeat(n)}x${'}}'.repeat(n)}`;
    const text = `${HEADER}${page('Before', 1)}${page('Deep', 2).replace('is a test page.', deep)}${page('After', 3)}</mediawiki>\n`;
    const file = path.join(tempDir(), 'deep.xml');
    writeFileSync(file, text);
    const r = runBin(['audit', file, '--out', '-', '-q']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages.map((p) => p.title)).toEqual(['Before', 'Deep', 'After']);
    expect(report.pages[0]!.findings).toHaveLength(2);
  });

  it('links nested 25,000 deep, 600 sentences of conflicting figures and 70 KB of stray UTF-8 bytes: pages, not crashes or hangs', () => {
    const hostile = {
      Links: `${'[['.repeat(25_000)}//x.y ${']]'.repeat(25_000)}`,
      Figures: 'In 2009 the budget was $2.46 billion. In 2009 the budget was $1.5 billion. '.repeat(300),
      Bytes: 'STRAY',
    };
    let text = `${HEADER}${page('Before', 1)}`;
    Object.keys(hostile).forEach(
      (title, i) => (text += page(title, i + 2).replace('is a test page.', hostile[title as keyof typeof hostile])),
    );
    text += `${page('After', 9)}</mediawiki>\n`;
    const stray = Buffer.concat([Buffer.from('A'), Buffer.alloc(70_000, 0x80)]);
    const at = text.indexOf('STRAY');
    const bytes = Buffer.concat([Buffer.from(text.slice(0, at)), stray, Buffer.from(text.slice(at + 5))]);
    const file = path.join(tempDir(), 'hostile.xml');
    writeFileSync(file, bytes);
    const r = runBin(['audit', file, '--out', '-', '-q']);
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages.map((p) => [p.title, p.status])).toEqual([
      ['Before', 'audited'],
      ['Links', 'parse-error'],
      ['Figures', 'audited'],
      ['Bytes', 'audited'],
      ['After', 'audited'],
    ]);
    expect(report.pages[1]!.error).toMatch(/links nested 25000 deep/);
  });
});

describe('figures in hostile prose', () => {
  it('a megabyte of mixed-script letters, thousands of shares, GDP parts and open brackets: pages, not hangs', () => {
    const hostile = {
      // "aéaé…": every letter a word start for an ASCII-only \b (a backtracking past-tense test hung on it).
      Letters: `The country is ${'aé'.repeat(250_000)} and 5% of GDP. In 2009 it was 4% of GDP.`,
      Shares: `The ethnic groups are ${'Ovimbundu 37%, '.repeat(7_000)}and others.`,
      Infobox: `{{Infobox country\n|ethnic_groups = ${'36% Ovimbundu '.repeat(7_000)}\n}}`,
      Parts: `Military spending is ${'4% of GDP, '.repeat(9_000)}in all.`,
      Brackets: `${'$1 ('.repeat(50_000)}`,
      Sentences: 'Oil is 5% of GDP in 2009. '.repeat(20_000),
    };
    let text = `${HEADER}${page('Before', 1)}`;
    Object.keys(hostile).forEach(
      (title, i) => (text += page(title, i + 2).replace('is a test page.', hostile[title as keyof typeof hostile])),
    );
    text += `${page('After', 20)}</mediawiki>\n`;
    const file = path.join(tempDir(), 'figures.xml');
    writeFileSync(file, text);
    const r = runBin(['audit', file, '--out', '-', '-q'], {}, 60_000);
    expect(r.signal, 'killed at the time limit: a hang').toBeNull();
    expect(r.stderr).not.toContain('internal error');
    expect(r.code).toBe(0);
    const report = parseReport(r.stdout);
    expect(report.pages.map((p) => p.status)).toEqual(Array(8).fill('audited'));
  });
});

describe('a run stopped while it reads', () => {
  it.each(['SIGTERM', 'SIGINT'] as const)(
    '%s: exit 128+n, no .partial file left, the last complete report kept',
    async (signal) => {
      const out = tempDir();
      writeFileSync(path.join(out, 'report.json'), '{"earlier": true}\n');
      const pages = Array.from({ length: 6000 }, (_, i) =>
        page(`Page ${i}`, i + 1).replace('is a test page.', `is page ${i}.{{citation needed|date=May 2020}}`),
      );
      const file = path.join(out, 'many.xml');
      writeFileSync(file, `${HEADER}${pages.join('')}</mediawiki>\n`);
      const child = spawn(
        process.execPath,
        ['--import', 'tsx', 'src/cli/bin.ts', 'audit', file, '--out', out, '--format', 'json,ndjson,md', '-q'],
        { cwd: PROJECT_ROOT, stdio: ['ignore', 'ignore', 'pipe'] },
      );
      let stderr = '';
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      // Once the first page file exists, the run is reading and writing.
      while (!readdirSync(out).some((f) => f.startsWith('Page '))) await new Promise((r) => setTimeout(r, 50));
      child.kill(signal);
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(code).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(stderr).toContain(`stopped by ${signal}`);
      expect(readdirSync(out).filter((f) => f.endsWith('.partial'))).toEqual([]);
      expect(readFileSync(path.join(out, 'report.json'), 'utf8')).toBe('{"earlier": true}\n');
    },
    60_000,
  );
});
