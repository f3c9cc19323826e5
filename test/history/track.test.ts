import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readRevisions } from '../../src/dump/index.ts';
import { PageHistory, applyDiff, blameAt, carryRuns, diffTexts, latestOrigin } from '../../src/history/index.ts';
import { tokens } from '../../src/history/diff.ts';
import { auditDump } from '../../src/pipeline/index.ts';
import { REPORT_SCHEMA, renderPageMarkdown, type PageReport } from '../../src/report/index.ts';
import { openSource } from '../../src/source/index.ts';
import { extract } from '../../src/wikitext/index.ts';
import { enwikiCatalog, enwikiPack, ROOT } from '../support/pack.ts';
import { mulberry32 } from '../support/prng.ts';

const pack = enwikiPack();
const ANARCHISM = resolve(ROOT, '../shared/corpus/xml-history/enwiki-Anarchism-50revs-2007-10-01_02.xml');

async function auditFile(path: string): Promise<PageReport[]> {
  const pages: PageReport[] = [];
  for await (const page of auditDump(await openSource(path), { pack, namespaces: 'all' })) pages.push(page);
  return pages;
}

describe('blame runs', () => {
  it('carry authorship across a diff: kept text keeps its revision, new text gets the new one', () => {
    const a = 'One two three.\nFour five.\n';
    const b = 'One two three.\nFour and a half five.\n';
    const runs = carryRuns([{ length: a.length, origin: 0 }], diffTexts(a, b).ops, 1);
    expect(runs.reduce((n, r) => n + r.length, 0)).toBe(b.length);
    expect(latestOrigin(runs, b.indexOf('three'), 1)).toBe(0);
    expect(latestOrigin(runs, b.indexOf('half'), 1)).toBe(1);
    expect(latestOrigin(runs, b.length, 1)).toBeUndefined();
  });

  it('along 4 x 300 random edits: each character keeps its author, and no earlier list of runs changes', () => {
    for (let seed = 1; seed <= 4; seed++) {
      const random = mulberry32(seed);
      const words = ['alpha ', 'beta ', 'gamma ', '\n', 'delta. ', '\n\n'];
      const piece = () =>
        Array.from({ length: 1 + Math.floor(random() * 4) }, () => words[Math.floor(random() * 6)]).join('');
      let text = Array.from({ length: 3 }, piece).join('');
      // Each character's author, kept by hand beside the runs.
      let authors: number[] = Array.from(text, () => 0);
      let runs = carryRuns([], [{ op: 'insert', text }], 0);
      const history: { runs: typeof runs; copy: string }[] = [];
      for (let rev = 1; rev <= 300; rev++) {
        const at = Math.floor(random() * (text.length + 1));
        const cut = Math.floor(random() * 14);
        const added = random() < 0.8 ? piece() : '';
        const next = text.slice(0, at) + added + text.slice(at + cut);
        const { ops } = diffTexts(text, next);
        // What the diff says, character by character: kept text keeps its author.
        const carried: number[] = [];
        let old = 0;
        for (const op of ops) {
          if (op.op === 'insert') carried.push(...Array.from(op.text, () => rev));
          else if (op.op === 'equal') carried.push(...authors.slice(old, old + op.text.length));
          if (op.op !== 'insert') old += op.text.length;
        }
        history.push({ runs, copy: JSON.stringify(runs) });
        runs = carryRuns(runs, ops, rev);
        authors = carried;
        text = next;
        expect(runs.flatMap((r) => Array.from({ length: r.length }, () => r.origin))).toEqual(authors);
        expect(runs.every((r, i) => i === 0 || runs[i - 1]!.origin !== r.origin)).toBe(true);
      }
      for (const { runs: earlier, copy } of history) expect(JSON.stringify(earlier)).toBe(copy);
    }
  });
});

describe('reverts by sha1', () => {
  const history = (texts: [string, string][]) => {
    const h = new PageHistory(enwikiCatalog(), 'https://en.wikipedia.org');
    texts.forEach(([sha1, text], i) => h.add({ id: String(i + 1), sha1, text }));
    return h.finish();
  };
  const tagged = 'Intro.\n\nA claim.{{cn|date=May 2020}}\n\nEnd.\n';
  const edited = 'Intro.\n\nA claim.{{cn|date=May 2020}} More.\n\nEnd.\n';

  it('take a revision whose sha1 is one of the last 15 as a revert to it', () => {
    const r = history([
      ['x', tagged],
      ['y', edited],
      ['x', tagged],
    ]);
    expect(r.changes.map((c) => c.kind)).toEqual(['revert']);
  });

  it('do not trust a sha1 given to another text of the same length: the edit is diffed and scanned as any other', () => {
    // {{cn}} and {{xx}} are the same length: only the texts tell the two revisions apart.
    const untagged = tagged.replace('{{cn|', '{{xx|');
    const r = history([
      ['x', tagged],
      ['x', untagged],
      ['z', `${untagged}Added.\n`],
    ]);
    expect(r.changes.map((c) => [c.kind, c.revision.id])).toEqual([['tag-removed-unresolved', '2']]);
    expect(r.revisions.map((v) => v.counts?.citationNeeded)).toEqual([1, 0, 0]);
  });

  it('do not trust a sha1 given to a text of another length: it is diffed and scanned as any other', () => {
    const other = 'Intro.\n\nOther words here, with no tag at all in this longer paragraph.\n\nEnd.\n';
    const r = history([
      ['x', tagged],
      ['y', edited],
      ['x', other],
      ['z', `${other}Added.\n`],
    ]);
    expect(r.changes.map((c) => [c.kind, c.revision.id])).toEqual([['tag-removed', '3']]);
    expect(r.revisions.map((v) => v.counts?.citationNeeded)).toEqual([1, 1, 0, 0]);
  });
});

describe('hand-made histories (fixtures/history/scenarios.xml)', () => {
  const pages = auditFile(resolve(ROOT, 'fixtures/history/scenarios.xml'));
  const page = async (title: string) => (await pages).find((p) => p.title === title)!;

  it('folds vandalism and its revert, and the restored tag keeps its original blame', async () => {
    const p = await page('Vandalism and revert');
    expect(p.changes.map((c) => [c.kind, c.revision.id])).toEqual([['revert', '103']]);
    expect(p.changes[0]!.detail).toMatchObject({ revertedTo: '101', reverted: ['102'], foldedChanges: 2 });
    const tag = p.findings.find((f) => f.rule === 'citation-needed')!;
    expect(tag.introducedIn).toEqual({ revision: '101', timestamp: '2020-01-01T00:00:00Z', user: 'Alice' });
    expect(tag.ageDays).toBe(31);
  });

  it('reports a {{citation needed}} removed while its claim stays uncited', async () => {
    const p = await page('Tag removed unresolved');
    expect(p.changes.map((c) => c.kind)).toEqual(['tag-removed-unresolved']);
    expect(p.changes[0]!.detail).toMatchObject({
      canonical: 'Citation needed',
      claim: 'The river is the longest in the region.',
    });
    expect(p.changes[0]!.diffUrl).toBe('https://en.wikipedia.org/w/index.php?diff=202&oldid=201');
    expect(p.changes[0]!.revision.user).toBe('Carol');
  });

  it('flags a figure changed with no source as unsourced, and one changed with a new ref as sourced', async () => {
    const p = await page('Figure changed');
    const figures = p.changes.filter((c) => c.kind.startsWith('figure-'));
    expect(figures.map((c) => [c.kind, c.revision.id, c.detail['from'], c.detail['to']])).toEqual([
      ['figure-changed-unsourced', '402', '12,400', '21,400'],
      ['figure-changed-unsourced', '402', '12,400', '21,400'],
      ['figure-changed', '403', '40', '45'],
    ]);
    // The two 402 events are the infobox field and the sentence: one each.
    expect(new Set(figures.slice(0, 2).map((c) => c.detail['context'])).size).toBe(2);
    expect(figures[0]!.detail['context']).toContain('population_total');
  });

  it('classes a conflict a sourced update of one mention made, leaving its sibling at the old figure, as a stale sibling', async () => {
    const p = await page('Stale sibling');
    const [mismatch, ...rest] = p.findings.filter((f) => f.rule === 'figure-mismatch');
    expect(rest).toEqual([]);
    expect(mismatch!.severity).toBe('high');
    expect(mismatch!.message).toMatch(/: stale sibling$/);
    const values = mismatch!.evidence['values'] as { text: string; introducedIn?: { revision?: string } }[];
    expect(values.map((v) => [v.text, v.introducedIn?.revision])).toEqual([
      ['9,500', '502'],
      ['8,000', '501'],
    ]);
    expect(mismatch!.evidence).toMatchObject({
      class: 'stale-sibling',
      change: {
        revision: { revision: '502', user: 'Ivy' },
        diffUrl: 'https://en.wikipedia.org/w/index.php?diff=502&oldid=501',
        from: '8,000',
        to: '9,500',
        changed: 0,
        stale: [1],
        sourced: true,
      },
    });
    // The Markdown row names the edit, with its diff.
    const markdown = renderPageMarkdown(p, {
      schema: REPORT_SCHEMA,
      generator: { name: 'citeaudit', version: 'test' },
      input: { file: 'scenarios.xml', compression: 'none', decoder: 'none', encoding: 'utf-8' },
      site: {},
      rulePack: { wiki: pack.wiki, baseUrl: pack.baseUrl },
    });
    expect(markdown).toContain(
      'stale sibling<br>8,000 → 9,500 in value 1, 2016-01-01 by Ivy ([diff](https://en.wikipedia.org/w/index.php?diff=502&oldid=501))',
    );
  });

  it('classes a conflict an unsourced change of one mention made as an unsourced figure change, naming nothing stale', async () => {
    const p = await page('Unsourced figure change');
    const [mismatch] = p.findings.filter((f) => f.rule === 'figure-mismatch');
    expect(mismatch!.evidence).toMatchObject({
      class: 'unsourced-figure-change',
      change: { revision: { revision: '602' }, from: '106', to: '160', changed: 0, sourced: false },
    });
    // The mention it left alone is not the stale one: the change is the suspect.
    expect(mismatch!.evidence['change']).not.toHaveProperty('stale');
    expect(mismatch!.severity).toBe('high');
  });

  it('ties a change to a value only at its place, and only when the dump holds the revision before it', async () => {
    // Revision 702 changed a museum's 7,000 paintings to 9,500 and added an army of 9,500
    // soldiers: the same number, another place; the army's 7,000 was never edited.
    const elsewhere = (await page('Same number elsewhere')).findings.find((f) => f.rule === 'figure-mismatch')!;
    expect(elsewhere.evidence['class']).toBe('source-disagreement');
    expect(elsewhere.evidence).not.toHaveProperty('change');
    // Revision 803's parent, 802, is not in the dump: who changed 106 to 160 is not known.
    const skipped = (await page('Skipped revisions')).findings.find((f) => f.rule === 'figure-mismatch')!;
    expect(skipped.evidence['class']).toBe('digit-transposition');
    expect(skipped.evidence).not.toHaveProperty('change');
    // A {{cn}} added after the changed figure later does not untie the change.
    const tagged = (await page('Tagged after the change')).findings.find((f) => f.rule === 'figure-mismatch')!;
    expect(tagged.evidence).toMatchObject({
      class: 'unsourced-figure-change',
      change: { revision: { revision: '902' }, from: '106', to: '160' },
    });
  });

  it('keeps the class read from the text when only the latest revision is read', async () => {
    const dir = mkdtempSync(resolve(tmpdir(), 'citeaudit-stale-'));
    try {
      const xml = readFileSync(resolve(ROOT, 'fixtures/history/scenarios.xml'), 'utf8');
      // The page's last revision alone, as a pages-articles dump holds it.
      const latest = xml.replace(/<revision>\s*<id>501<\/id>[\s\S]*?<\/revision>\s*/, '');
      writeFileSync(resolve(dir, 'latest.xml'), latest);
      const p = (await auditFile(resolve(dir, 'latest.xml'))).find((x) => x.title === 'Stale sibling')!;
      const [mismatch] = p.findings.filter((f) => f.rule === 'figure-mismatch');
      expect(mismatch!.evidence['class']).toBe('source-disagreement');
      expect(mismatch!.evidence).not.toHaveProperty('change');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('follows a citation marked dead and later archived', async () => {
    const p = await page('Dead then archived');
    expect(
      p.changes.map((c) => [c.kind, c.revision.id, c.detail['urlStatus'], c.detail['archiveUrl'] !== undefined]),
    ).toEqual([
      ['citation-changed', '302', 'dead', false],
      ['citation-changed', '303', 'dead', true],
    ]);
    const archived = p.findings.find((f) => f.rule === 'archived-link')!;
    expect(archived.introducedIn?.revision).toBe('301');
  });
});

describe.skipIf(!existsSync(ANARCHISM))('the 50 Anarchism revisions of 2007-10-01/02', () => {
  const load = (async () => {
    const texts: { id: string; text: string }[] = [];
    for await (const r of readRevisions((await openSource(ANARCHISM)).bytes))
      texts.push({ id: r.revision.id!, text: r.text });
    const history = new PageHistory(enwikiCatalog(), 'https://en.wikipedia.org');
    for (const { id, text } of texts) history.add({ id, text });
    return { texts, result: history.finish() };
  })();

  it('counts citation-needed tags per revision as the full wikiparser-node extraction does', async () => {
    const { texts, result } = await load;
    const catalog = enwikiCatalog();
    const full = texts.map(
      ({ text }) => extract(text, catalog).tags.filter((t) => t.rule === 'citation-needed').length,
    );
    expect(result.revisions.map((r) => r.counts?.citationNeeded)).toEqual(full);
    expect([full[0], full.at(-1)]).toEqual([11, 4]);
  });

  it('has tag events that account for the fall from 11 to 4', async () => {
    const { result } = await load;
    const cn = result.changes.filter((c) => c.detail['canonical'] === 'Citation needed');
    const net = cn.reduce((n, c) => n + (c.kind === 'tag-added' ? 1 : c.kind.startsWith('tag-removed') ? -1 : 0), 0);
    expect(net).toBe(4 - 11);
  });

  it('finds the reverts that hashing each revision text establishes', async () => {
    const { texts, result } = await load;
    // Independently: a revision whose text equals one of the 15 before it, unless it equals the
    // one right before (a null edit, such as the protection at 161468383), which is no revert.
    const hashes = texts.map(({ text }) => createHash('md5').update(text, 'utf8').digest('hex'));
    const expected = texts
      .filter(
        (_t, i) =>
          hashes[i] !== hashes[i - 1] && hashes.slice(Math.max(0, i - 15), Math.max(0, i - 1)).includes(hashes[i]!),
      )
      .map((t) => t.id);
    expect(result.changes.filter((c) => c.kind === 'revert').map((c) => c.revision.id)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(0);
  });

  it('gives every final finding its blame through the pipeline', async () => {
    const [page] = await auditFile(ANARCHISM);
    expect(page!.findings.length).toBeGreaterThan(0);
    for (const f of page!.findings) expect(f.introducedIn?.revision).toMatch(/^\d+$/);
  });
});

describe('history edge cases (from review)', () => {
  const catalog = enwikiCatalog();
  const run = (texts: string[]) => {
    const h = new PageHistory(catalog, 'https://en.wikipedia.org');
    texts.forEach((text, i) => h.add({ id: String(100 + i), text }));
    return h.finish();
  };
  const kinds = (texts: string[]) => run(texts).changes.map((c) => [c.kind, c.detail['canonical'] ?? c.detail['from']]);

  it('keeps a tag the same tag when the text before it changes', () => {
    const before = 'The town had 400 people{{dubious|date=May 2020}}{{citation needed|date=May 2020}}.\n';
    const after =
      'The town had 400 people<ref>{{cite web|url=http://x.org|title=X}}</ref>{{citation needed|date=May 2020}}.\n';
    expect(kinds([before, after])).toEqual([
      ['tag-removed', 'Dubious'],
      ['citation-added', undefined],
    ]);
    expect(
      kinds(['It is about 40 km long.{{cn|date=May 2020}}\n', 'It is around 40 km long.{{cn|date=May 2020}}\n']),
    ).toEqual([]);
  });

  it('takes no figure from a citation template and reports one event per changed figure', () => {
    const cite = (p: number) => `Claim.<ref>{{cite book\n| title = Census\n| pages = ${p}\n}}</ref>\n`;
    expect(kinds([cite(112), cite(113)]).filter(([k]) => String(k).startsWith('figure'))).toEqual([]);
    // Formatting a figure changes nothing it says.
    expect(kinds(['Population 12400 in total.\n', 'Population 12,400 in total.\n'])).toEqual([]);
    expect(kinds(['Population 12,400 in total.\n', 'Population 13,100 in total.\n'])).toEqual([
      ['figure-changed-unsourced', '12,400'],
    ]);
  });

  it.each(['Infobox settlement', 'Infobox_settlement', 'Template:Infobox settlement', 'infobox settlement'])(
    'reads an infobox field as a claim however the name is spelled: {{%s}}',
    (name) => {
      const box = (n: string) => `{{${name}\n| population_total = ${n}\n}}\nText.\n`;
      expect(kinds([box('12,400'), box('21,400')])).toEqual([['figure-changed-unsourced', '12,400']]);
    },
  );

  it('counts a figure as sourced when the citation beside it changed in the same edit', () => {
    const t = (n: string, y: string) => `Population ${n}.<ref>{{cite web|url=http://a.org/${y}|title=Census}}</ref>\n`;
    expect(kinds([t('12,400', '2010'), t('13,100', '2020')]).map((k) => k[0])).toEqual([
      'url-changed',
      'figure-changed',
    ]);
  });

  it('blames a tag written over another on the revision that wrote it', () => {
    const result = run([
      'A claim{{dubious|date=May 2020}} ends.\n',
      'A claim{{citation needed|date=May 2020}} ends.\n',
    ]);
    expect(blameAt(result, 'A claim'.length)?.revision.id).toBe('101');
  });

  it('looks for identity reverts among the last 15 revisions only', () => {
    const texts = ['A\n', ...Array.from({ length: 15 }, (_, i) => `B${i}\n`), 'A\n'];
    expect(run(texts).changes.filter((c) => c.kind === 'revert')).toEqual([]);
    expect(run([...texts.slice(1, 16), 'B0\n']).changes.filter((c) => c.kind === 'revert')).toHaveLength(1);
  });

  it('diffs a long paragraph in Thai without segmenting it whole', () => {
    const thai = 'ประเทศไทยมีประชากร'.repeat(3000);
    const edited = `${thai.slice(0, 27_000)}X${thai.slice(27_000)}`;
    // Segmented in pieces: whole, ICU would put no word boundary at 1,000 characters in.
    let offset = 0;
    const boundaries = new Set<number>();
    for (const t of tokens(thai)) boundaries.add((offset += t.length));
    expect(boundaries.has(1000)).toBe(true);
    const { ops } = diffTexts(`${thai}\n`, `${edited}\n`);
    expect(applyDiff(`${thai}\n`, ops)).toBe(`${edited}\n`);
  });
});
