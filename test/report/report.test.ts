import { describe, expect, it } from 'vitest';
import { escapeMarkdown, reportFileNames } from '../../src/report/index.ts';

describe('report file names', () => {
  it('keeps plain titles as they are', () => {
    expect(reportFileNames(['Azerbaijani Armed Forces']).get('Azerbaijani Armed Forces')).toBe(
      'Azerbaijani Armed Forces.md',
    );
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
    expect(names.get('Foo')).not.toBe('Foo.md');
    expect(names.get('index')).not.toBe('index.md');
  });
});

describe('Markdown escaping', () => {
  it('leaves no live Markdown or HTML in wiki text', () => {
    const hostile =
      '<script>alert(1)</script> [click](javascript:x) ![img](http://x) | cell | `code` **bold** <img src=x onerror=y>';
    const safe = escapeMarkdown(hostile);
    expect(safe).not.toMatch(/<[a-z]/i);
    expect(safe).not.toMatch(/(?<!\\)\[/);
    expect(safe).not.toMatch(/(?<!\\)\|/);
    expect(safe).not.toMatch(/(?<!\\)`/);
    expect(safe).toContain('&lt;script&gt;');
  });
});
