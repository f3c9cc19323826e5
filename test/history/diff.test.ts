import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it, vi } from 'vitest';
import { sharedLines } from '../../src/history/diff.ts';
import { applyDiff, diffTexts, tokens } from '../../src/history/index.ts';
import { ROOT } from '../support/pack.ts';
import { mulberry32 } from '../support/prng.ts';

const PAIRS = resolve(ROOT, '../shared/corpus/revision-pairs/wikidiff2-recentchanges-250pairs-en-hi-ru-th-zh.json.gz');

/** The old text rebuilt from the ops that keep or delete it: the other half of exactness. */
const oldOf = (ops: { op: string; text: string }[]) =>
  ops
    .filter((o) => o.op !== 'insert')
    .map((o) => o.text)
    .join('');

describe('diffTexts', () => {
  it('rebuilds both texts of a small edit and finds the changed word', () => {
    const before = 'The army had 100 tanks.\n\nIt also had boats.\n';
    const after = 'The army had 120 tanks.\n\nIt also had boats.\n';
    const { ops } = diffTexts(before, after);
    expect(applyDiff(before, ops)).toBe(after);
    expect(ops.filter((o) => o.op !== 'equal')).toEqual([
      { op: 'delete', text: '100' },
      { op: 'insert', text: '120' },
    ]);
  });

  it('segments Thai and Chinese into words, not whole lines', () => {
    expect(tokens('ภาษาไทยง่ายนิดเดียว').length).toBeGreaterThan(2);
    const { ops } = diffTexts('我们是中国人。\n', '我们是美国人。\n');
    expect(ops.some((o) => o.op === 'equal' && o.text.includes('我们'))).toBe(true);
  });

  it('finds the lines two texts share at either end as comparing their lists of lines does', () => {
    const lines = (t: string) => t.match(/[^\n]*\n|[^\n]+$/g) ?? [];
    const reference = (a: string, b: string): [number, number] => {
      const x = lines(a);
      const y = lines(b);
      let head = 0;
      while (head < x.length && head < y.length && x[head] === y[head]) head++;
      let tail = 0;
      while (tail < x.length - head && tail < y.length - head && x[x.length - 1 - tail] === y[y.length - 1 - tail])
        tail++;
      const length = (list: string[]) => list.reduce((n, l) => n + l.length, 0);
      return [length(x.slice(0, head)), length(x.slice(x.length - tail))];
    };
    const random = mulberry32(3);
    const parts = ['a', 'b', 'ab\n', '\n', '\n\n', 'x y'];
    const text = () =>
      Array.from({ length: Math.floor(random() * 12) }, () => parts[Math.floor(random() * 6)]).join('');
    for (let n = 0; n < 20_000; n++) {
      const a = text();
      const b =
        random() < 0.5
          ? text()
          : a.slice(0, Math.floor(random() * a.length)) + text() + a.slice(Math.floor(random() * a.length));
      // (diffTexts keeps equal texts whole before it asks.)
      if (a !== b) expect([a, b, sharedLines(a, b)]).toEqual([a, b, reference(a, b)]);
    }
  });

  it('diffs whole words in a long paragraph, wherever the edit falls against the shared ends', () => {
    // A paragraph long enough that its shared start and end are cut off as characters
    // before it is split into words: the cut must never split a word or a run of spaces.
    const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit. '.repeat(40);
    const cases: [string, string, [string, string]][] = [
      ['barbaz qux', 'barqux qux', ['barbaz', 'barqux']], // the texts part in the middle of a word
      ['beta gamma', 'betax gamma', ['beta', 'betax']], // a letter added at a word's end
      ['a  b', 'a   b', ['  ', '   ']], // a run of spaces made longer
      ['x ภาษาไทยง่าย y', 'x ภาษาไทยยาก y', ['ง่าย', 'ยาก']], // Thai, split by ICU
    ];
    for (const [was, now, [deleted, inserted]] of cases) {
      const before = `${filler}${was} ${filler}\n`;
      const after = `${filler}${now} ${filler}\n`;
      const { ops } = diffTexts(before, after);
      expect(applyDiff(before, ops)).toBe(after);
      expect(ops.filter((o) => o.op !== 'equal')).toEqual([
        { op: 'delete', text: deleted },
        { op: 'insert', text: inserted },
      ]);
    }
  });
  it('replaces a block whole when the word diff runs out of budget, and stays exact', () => {
    const r1 = mulberry32(1);
    const r2 = mulberry32(2);
    const words = (r: () => number) =>
      Array.from({ length: 6_000 }, () => Math.floor(r() * 1e6).toString(36)).join(' ');
    const before = words(r1);
    const after = words(r2);
    const result = diffTexts(before, after, { wordWork: 2_000_000, maxEditLength: 2_000 });
    // The few words both random texts hold once anchor the diff; every stretch between
    // them is past the budget and replaced whole.
    expect(result.blocksReplaced).toBeGreaterThanOrEqual(1);
    const kept = result.ops.filter((o) => o.op === 'equal').map((o) => o.text.trim());
    expect(kept.every((w) => before.split(' ').includes(w) && after.split(' ').includes(w))).toBe(true);
    expect(
      result.ops
        .filter((o) => o.op !== 'equal')
        .map((o) => o.text)
        .join('').length,
    ).toBeGreaterThan(0.9 * (before.length + after.length));
    expect(applyDiff(before, result.ops)).toBe(after);
  });

  it('does not depend on the clock: the same texts give the same diff on a slow machine', () => {
    const before = 'Intro.\n\nThe army had 56,840 men in 2009 and 300 tanks.\n\nEnd.\n';
    const after = 'Intro.\n\nThe army had 85,000 men in 2011 and 300 tanks.\n\nEnd.\n';
    const normal = diffTexts(before, after);
    expect(normal.blocksReplaced).toBe(0);
    // Every reading of the clock a second later than the one before: a budget in time would run out.
    let t = performance.now();
    const clock = vi.spyOn(performance, 'now').mockImplementation(() => (t += 1000));
    try {
      expect(diffTexts(before, after)).toEqual(normal);
    } finally {
      clock.mockRestore();
    }
  });

  it('anchors on paragraphs both texts hold once: a rewrite around one untouched paragraph keeps it', () => {
    const random = mulberry32(7);
    const para = (tag: string, i: number) => `${tag} paragraph ${i} ${Math.floor(random() * 1e9)}\n`;
    const before = Array.from({ length: 300 }, (_, i) => para('old', i)).join('');
    const after = Array.from({ length: 300 }, (_, i) => para('new', i)).join('');
    const kept = 'The one paragraph nobody touched, with its citation.<ref>A</ref>\n';
    const oldText = `${before}${kept}${before.replace(/old/g, 'late')}`;
    const newText = `${after}${kept}${after.replace(/new/g, 'later')}`;
    // 1,200 changed lines: a budget of 300 edits per call cannot diff them as one block.
    const { ops } = diffTexts(oldText, newText, { lineWork: 1_200 * 300, maxEditLength: 300 });
    expect(ops.some((o) => o.op === 'equal' && o.text.includes(kept))).toBe(true);
    expect(applyDiff(oldText, ops)).toBe(newText);
    expect(oldOf(ops)).toBe(oldText);
  });

  it('thousands of anchors: once the budget is spent, the rest is replaced in one piece', () => {
    const n = 60_000;
    const oldText = Array.from({ length: n }, (_, i) => `u${i}\nx\n`).join('');
    const newText = Array.from({ length: n }, (_, i) => `u${i}\ny\n`).join('');
    const { ops } = diffTexts(oldText, newText);
    expect(applyDiff(oldText, ops)).toBe(newText);
    const [del, ins] = ops.slice(-2);
    expect([del!.op, ins!.op]).toEqual(['delete', 'insert']);
    // The whole end, anchors and all, in one delete and one insert.
    expect(del!.text.split('\n').length).toBeGreaterThan(10_000);
    expect(newText.endsWith(ins!.text)).toBe(true);
    expect(ops.length).toBeLessThan(2 * n);
  });

  it('handles empty texts, blanking and texts without a final newline', () => {
    for (const [a, b] of [
      ['', 'new page'],
      ['old page\nline 2', ''],
      ['same', 'same'],
      ['a\nb', 'a\nb\n'],
      ['\n\n\n', '\n\n'],
    ] as const) {
      const { ops } = diffTexts(a, b);
      expect(applyDiff(a, ops)).toBe(b);
      expect(oldOf(ops)).toBe(a);
    }
  });
});

describe.skipIf(!existsSync(PAIRS))('the 250 wikidiff2 revision pairs', () => {
  const pairs = existsSync(PAIRS)
    ? (JSON.parse(gunzipSync(readFileSync(PAIRS)).toString('utf8')) as Record<string, [string, string][]>)
    : {};
  for (const lang of ['en', 'hi', 'ru', 'th', 'zh']) {
    it(`${lang}: applying each diff to the old text gives the new text exactly`, () => {
      const list = pairs[lang] ?? [];
      expect(list).toHaveLength(50);
      for (const [i, [before, after]] of list.entries()) {
        const { ops } = diffTexts(before, after);
        expect(applyDiff(before, ops), `${lang} pair ${i}`).toBe(after);
        expect(oldOf(ops), `${lang} pair ${i}`).toBe(before);
      }
    });
  }
});
