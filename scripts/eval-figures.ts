/**
 * `npm run eval:figures`: precision, recall and F1 of `figure-mismatch` and of quantity
 * extraction against the labeled set in fixtures/figures/eval.json (or `--labels FILE`). The labels point into
 * the seed and into ../shared/corpus by quote; pages whose file is absent are skipped and
 * counted. `--verbose` lists every miss and false alarm.
 */
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { catalogOf } from '../src/audit/index.ts';
import { loadPack } from '../src/cli/pack.ts';
import { analyzeFigures, findQuantities, type FigureGroupReport } from '../src/figures/index.ts';
import { baseFactor } from '../src/figures/quantity.ts';
import { proseOf } from '../src/figures/prose.ts';
import { openSource, readRevisions } from '../src/index.ts';
import { extract } from '../src/wikitext/index.ts';

interface LabelValue {
  quote: string;
  figure: string;
}
interface LabelGroup {
  label: string;
  verdict: 'mismatch' | 'consistent';
  values: LabelValue[];
}
interface LabelSentence {
  quote: string;
  quantities: { figure: string; lo: number; hi: number; unit: string }[];
}
interface LabelPage {
  source: string;
  title: string;
  groups: LabelGroup[];
  sentences?: LabelSentence[];
}

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = resolve(ROOT, '../shared/corpus');
const verbose = process.argv.includes('--verbose');
// `--labels fixtures/figures/holdout.json`: another labeled set of the same form.
const labelsAt = process.argv.indexOf('--labels');
const labelFile = labelsAt === -1 ? 'fixtures/figures/eval.json' : process.argv[labelsAt + 1];
if (!labelFile) throw new Error('--labels needs a file');
const labels = JSON.parse(readFileSync(resolve(process.cwd(), labelFile), 'utf8')) as { pages: LabelPage[] };
console.log(`labels: ${labelFile}`);
const catalog = catalogOf(loadPack(undefined, ROOT).pack);

/** A labeled page's text, and its revision's timestamp when the file is a dump. */
interface PageText {
  text: string;
  timestamp?: string;
}

/** The latest text of each wanted title in one dump file. */
async function pagesFrom(file: string, titles: Set<string>): Promise<Map<string, PageText>> {
  const out = new Map<string, PageText>();
  const source = await openSource(file);
  for await (const record of readRevisions(source.bytes, { file })) {
    const { timestamp } = record.revision;
    if (titles.has(record.page.title))
      out.set(record.page.title, { text: record.text, ...(timestamp ? { timestamp } : {}) });
  }
  return out;
}

async function loadTexts(): Promise<Map<LabelPage, PageText>> {
  const texts = new Map<LabelPage, PageText>();
  const byFile = new Map<string, LabelPage[]>();
  for (const page of labels.pages) {
    const file =
      page.source === 'seed'
        ? resolve(ROOT, 'fixtures/seed/azerbaijani-armed-forces.xml')
        : resolve(CORPUS, page.source.replace(/^corpus:/, ''));
    byFile.set(file, [...(byFile.get(file) ?? []), page]);
  }
  for (const [file, pages] of byFile) {
    if (!existsSync(file)) continue;
    if (file.endsWith('.txt')) {
      for (const page of pages) texts.set(page, { text: readFileSync(file, 'utf8') });
      continue;
    }
    const found = await pagesFrom(file, new Set(pages.map((p) => p.title)));
    for (const page of pages) {
      const text = found.get(page.title);
      if (text !== undefined) texts.set(page, text);
    }
  }
  return texts;
}

/** Where `quote` stands in the text, when it stands there exactly once. */
function onlyIndex(text: string, quote: string): number | undefined {
  const at = text.indexOf(quote);
  return at === -1 || text.indexOf(quote, at + 1) !== -1 ? undefined : at;
}

/** [start, end) of a labeled figure in the page text, or undefined when the quote is not there once. */
function locate(text: string, quote: string, figure: string, from = 0): [number, number] | undefined {
  const at = onlyIndex(text, quote);
  if (at === undefined) return undefined;
  const inQuote = quote.indexOf(figure, from);
  return inQuote === -1 ? undefined : [at + inQuote, at + inQuote + figure.length];
}

const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
const ratio = (tp: number, n: number) => (n === 0 ? NaN : tp / n);
const f1 = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));
const fmt = (x: number) => (Number.isNaN(x) ? '  n/a' : x.toFixed(3));

const texts = await loadTexts();
const broken: string[] = [];
let mismatchTP = 0;
let mismatchFP = 0;
let labeledMismatches = 0;
let found = 0;
let consistentQuiet = 0;
let consistentLabeled = 0;
let qTP = 0;
let qValueTP = 0;
let qFP = 0;
let qLabeled = 0;

for (const page of labels.pages) {
  const loaded = texts.get(page);
  if (loaded === undefined) continue;
  const { text, timestamp } = loaded;
  const extraction = extract(text, catalog, { title: page.title });
  const analysis = analyzeFigures(text, extraction, catalog, page.title, timestamp);
  const span = (g: FigureGroupReport) => g.values.map((v) => [v.offset, v.offset + v.text.length] as [number, number]);
  const located = page.groups.map((g) => ({
    g,
    spans: g.values.flatMap((v) => {
      const s = locate(text, v.quote, v.figure);
      if (!s) broken.push(`${page.title}: quote not found once: ${JSON.stringify(v.quote)}`);
      return s ? [s] : [];
    }),
  }));
  /** The labeled group sharing at least two values with a system group. */
  const labelOf = (g: FigureGroupReport) =>
    located.find((l) => span(g).filter((s) => l.spans.some((t) => overlaps(s, t))).length >= 2);
  const matched = new Set<LabelGroup>();
  const flagged = new Set<LabelGroup>();
  for (const g of analysis.groups.filter((x) => x.conflict)) {
    const label = labelOf(g);
    if (label) flagged.add(label.g);
    if (label?.g.verdict === 'mismatch' && !matched.has(label.g)) {
      mismatchTP++;
      matched.add(label.g);
    } else {
      mismatchFP++;
      if (verbose)
        console.log(
          `FALSE ALARM ${page.title}: ${g.measure}/${g.subject}/${g.time ?? '-'}: ${g.values.map((v) => v.text).join(' | ')}${label ? ` (labeled ${label.g.verdict}: ${label.g.label})` : ''}`,
        );
    }
  }
  for (const { g } of located) {
    if (g.verdict === 'mismatch') {
      labeledMismatches++;
      if (matched.has(g)) found++;
      else if (verbose) console.log(`MISSED ${page.title}: ${g.label}: ${g.values.map((v) => v.figure).join(' | ')}`);
    } else {
      consistentLabeled++;
      if (!flagged.has(g)) consistentQuiet++;
    }
  }

  // Quantity extraction, sentence by sentence: span, then span and value.
  const quantities = proseOf(text, extraction, catalog).flatMap((p) =>
    findQuantities(p.text).map((q) => ({ q, at: [p.map[q.start]!, p.map[q.end - 1]! + 1] as [number, number] })),
  );
  for (const sentence of page.sentences ?? []) {
    const start = onlyIndex(text, sentence.quote);
    if (start === undefined) {
      broken.push(`${page.title}: sentence not found once: ${JSON.stringify(sentence.quote.slice(0, 60))}`);
      continue;
    }
    const inSentence = quantities.filter(({ at }) => at[0] >= start && at[0] < start + sentence.quote.length);
    const used = new Set<number>();
    let from = 0;
    for (const label of sentence.quantities) {
      qLabeled++;
      const s = locate(text, sentence.quote, label.figure, from);
      if (!s) {
        broken.push(`${page.title}: figure ${label.figure} not in its sentence`);
        continue;
      }
      from = s[1] - start;
      const hit = inSentence.findIndex(({ at }, i) => !used.has(i) && overlaps(at, s));
      if (hit === -1) {
        if (verbose) console.log(`QUANTITY MISSED ${page.title}: ${label.figure} in ${sentence.quote.slice(0, 100)}`);
        continue;
      }
      used.add(hit);
      qTP++;
      const q = inSentence[hit]!.q;
      const close = (x: number, y: number) => Math.abs(x - y) <= 1e-6 * Math.max(1, Math.abs(y));
      // Labels give the value in the unit as written (600 feet is 600); the detector keeps its
      // base unit (0.18288 km), so the value is compared in the written unit.
      const inWritten = 1 / baseFactor(q.written);
      if (close(q.lo * inWritten, label.lo) && close(q.hi * inWritten, label.hi)) qValueTP++;
      else if (verbose) console.log(`VALUE WRONG ${page.title}: ${label.figure} read ${q.lo}–${q.hi} (${q.text})`);
    }
    inSentence.forEach(({ q }, i) => {
      if (used.has(i)) return;
      qFP++;
      if (verbose) console.log(`QUANTITY EXTRA ${page.title}: ${q.text} in ${sentence.quote.slice(0, 100)}`);
    });
  }
}

const pages = labels.pages.length;
console.log(
  `labeled pages read: ${texts.size} of ${pages}${texts.size < pages ? ' (the rest need ../shared/corpus)' : ''}`,
);
const p = ratio(mismatchTP, mismatchTP + mismatchFP);
const r = ratio(found, labeledMismatches);
console.log('');
console.log('| measure | precision | recall | F1 | counts |');
console.log('| --- | ---: | ---: | ---: | --- |');
console.log(
  `| figure-mismatch (groups) | ${fmt(p)} | ${fmt(r)} | ${fmt(f1(p, r))} | ${mismatchTP} true, ${mismatchFP} false alarms, ${found} of ${labeledMismatches} labeled mismatches found |`,
);
const qp = ratio(qTP, qTP + qFP);
const qr = ratio(qTP, qLabeled);
console.log(
  `| quantities (span) | ${fmt(qp)} | ${fmt(qr)} | ${fmt(f1(qp, qr))} | ${qTP} found, ${qFP} extra, ${qLabeled} labeled |`,
);
const vp = ratio(qValueTP, qTP + qFP);
const vr = ratio(qValueTP, qLabeled);
console.log(
  `| quantities (span and value) | ${fmt(vp)} | ${fmt(vr)} | ${fmt(f1(vp, vr))} | ${qValueTP} with the labeled value |`,
);
console.log('');
console.log(`consistent groups left unflagged: ${consistentQuiet} of ${consistentLabeled}`);
if (broken.length) {
  console.log(`\n${broken.length} label(s) that do not point into their page:`);
  for (const b of broken) console.log(`  ${b}`);
  process.exitCode = 1;
}
