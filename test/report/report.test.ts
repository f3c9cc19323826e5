import { describe, expect, it } from 'vitest';
import { escapeMarkdown, renderIndexMarkdown, renderJson, reportFileNames } from '../../src/report/index.ts';
import { emptySummary } from '../../src/pipeline/index.ts';
import type { Report } from '../../src/report/index.ts';

describe('report file names', () => {
  it('keeps plain titles as they are', () => {
    expect(reportFileNames(['Azerbaijani Armed Forces'])).toEqual(['Azerbaijani Armed Forces.md']);
  });

  it('makes every title safe and distinct', () => {
    const titles = [
      'AC/DC',
      '..',
      'CON',
      'a:b*c?"d<e>f|g\\h',
      'x'.repeat(400),
      'é'.repeat(300),
      'Foo',
      'FOO',
      'index',
      '.hidden',
    ];
    const names = reportFileNames(titles);
    const values = [...names.values()];
    expect(new Set(values.map((v) => v.toLowerCase())).size).toBe(titles.length);
    for (const name of values) {
      expect(name).not.toMatch(/[/\\:*?"<>|\u0000-\u001f]/);
      expect(name.startsWith('.')).toBe(false);
      expect(Buffer.byteLength(name)).toBeLessThanOrEqual(170);
      expect(name).not.toMatch(/^(con|prn|aux|nul)\./i);
    }
    // The first of two titles that differ only in case keeps its name; the later one is hashed.
    expect(values[titles.indexOf('Foo')]).toBe('Foo.md');
    expect(values[titles.indexOf('FOO')]).toMatch(/^FOO~[0-9a-f]{8}\.md$/);
    expect(values[titles.indexOf('index')]).not.toBe('index.md');
    expect(values[titles.indexOf('AC/DC')]).toMatch(/^AC_DC~[0-9a-f]{8}\.md$/);
  });
});

/** The members of a report before its pages. */
const HEAD = {
  schema: 'citeaudit/report@1' as const,
  generator: { name: 'citeaudit' as const, version: '0' },
  input: { file: 'f', compression: 'none', decoder: 'none', encoding: 'utf-8' },
  site: {},
  rulePack: { wiki: 'enwiki', baseUrl: 'https://en.wikipedia.org' },
};

describe('the index', () => {
  it('links each page file so that no title can end the link early', () => {
    const row = {
      title: 'Foo (bar',
      file: "Foo (bar)'s.md",
      status: 'audited' as const,
      bySeverity: [0, 0, 0, 0],
      byRule: [],
    };
    const md = renderIndexMarkdown(HEAD, { summary: emptySummary(), errors: [] }, [row]);
    expect(md).toContain('[Foo (bar](Foo%20%28bar%29%27s.md)');
  });
});

describe('Markdown escaping', () => {
  it('leaves no live Markdown or HTML in wiki text', () => {
    const hostile =
      '<script>alert(1)</script> [click](javascript:x) ![img](http://x) | cell | `code` **bold** <img src=x onerror=y>';
    const escaped = escapeMarkdown(hostile);
    // Code spans are inert; outside them nothing may act.
    const safe = escaped.replace(/(`+)[^`]*?\1/g, '');
    expect(escaped).toContain('`http://x)`');
    expect(safe).not.toMatch(/<[a-z]/i);
    expect(safe).not.toMatch(/(?<!\\)\[/);
    expect(safe).not.toMatch(/(?<!\\)\|/);
    expect(safe).not.toMatch(/(?<!\\)`/);
    expect(escaped).toContain('&lt;script&gt;');
  });

  it('shows URLs and addresses as code, so GitHub cannot autolink them', () => {
    const safe = escapeMarkdown('Visit www.evil.example/phish and http://evil.example/x or mail a@evil.example now');
    expect(safe).toBe('Visit `www.evil.example/phish` and `http://evil.example/x` or mail `a@evil.example` now');
  });
});

describe('JSON report', () => {
  it('is written page by page with exactly the bytes of JSON.stringify', () => {
    const page = (title: string) => ({
      title,
      pageId: '1',
      ns: 0,
      revision: { id: '2', timestamp: '2020-01-01T00:00:00Z', user: 'X' },
      url: undefined,
      revisionsRead: 1,
      status: 'audited' as const,
      findings: [],
      changes: [],
    });
    const tail = { summary: {} as Report['summary'], errors: [{ message: 'm "quoted"\n', offset: 3 }] };
    for (const pages of [[], [page('A')], [page('A'), page('B "b"\n')]]) {
      const report = { ...HEAD, pages, ...tail } as Report;
      expect(renderJson(report)).toBe(`${JSON.stringify(report, null, 2)}\n`);
    }
  });
});
