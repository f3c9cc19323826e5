import { lineIndex, plainText, sectionTitleAt, type Extraction, type TemplateCatalog } from '../wikitext/index.ts';
import { claimsOf, isPartSize, readPassage, type Claim, type Reading, type Sentence } from './claims.ts';
import { groupClaims, type ConflictClass, type Pair } from './groups.ts';
import { proseOf, type Passage } from './prose.ts';
import { restatementsOf } from './restatement.ts';
import { populationShares } from './shares.ts';
import type { Quantity } from './quantity.ts';

export { findQuantities, type Quantity, type Dimension } from './quantity.ts';
export type { ConflictClass, Pair, Relation } from './groups.ts';

/** One stated value of a figure group, located in the wikitext. */
export interface FigureValue {
  /** As written: `$2.46 billion`. */
  text: string;
  lo: number;
  hi: number;
  unit: string;
  approx: boolean;
  bound?: 'min' | 'max';
  /** UTF-16 offset of the figure in the wikitext, and its line, column and section. */
  offset: number;
  line: number;
  column: number;
  section: string;
  /** The sentence (or infobox value) that states it, as plain text. */
  sentence: string;
  /** `body`, or `infobox:<field>`. */
  location: string;
  cited: boolean;
  source?: string;
  time?: string;
  /** With the history: the revision that wrote the figure (see blameAt). */
  introducedIn?: { revision?: string; timestamp?: string; user?: string; atOrBefore?: boolean };
}

/** With the history, a conflict's cause: the revision that changed one value (`changed`), `from` one figure `to` another. */
export interface FigureChange {
  revision: { revision?: string; timestamp?: string; user?: string };
  diffUrl?: string;
  from: string;
  to: string;
  /** Index of the value the revision wrote. */
  changed: number;
  /** Indexes of the values it left with the old figure (`stale-sibling` only). */
  stale?: number[];
  /** Whether the revision added or edited a source on the line. */
  sourced: boolean;
}

export interface FigureGroupReport {
  subject: string;
  measure: string;
  time?: string;
  unit: string;
  qualifiers: string[];
  values: FigureValue[];
  /** Every pair of values, by index into `values`. */
  pairs: Pair[];
  conflict?: { class: ConflictClass; severity: 'high' | 'medium' | 'low' };
  /** Set when the history shows the change behind the conflict. */
  change?: FigureChange;
}

/** A prose sentence that states a figure and cites nothing. */
export interface UncitedFigure {
  offset: number;
  line: number;
  column: number;
  section: string;
  sentence: string;
  figures: string[];
  /** A ref later in the same paragraph may cover it (Wikipedia often cites once per paragraph). */
  coveredLater: boolean;
}

export interface FigureAnalysis {
  /** Groups of two or more claims about one quantity; those with `conflict` disagree. */
  groups: FigureGroupReport[];
  uncited: UncitedFigure[];
}

const MAX_SENTENCE = 400;

/** Reads the figures of one revision: groups of claims about the same quantity and uncited figures. */
export function analyzeFigures(
  wikitext: string,
  extraction: Extraction,
  catalog: TemplateCatalog,
  title = '',
  /** The revision's timestamp (ISO 8601), when known: years after it are projections. */
  timestamp?: string,
): FigureAnalysis {
  if (extraction.error) return { groups: [], uncited: [] };
  const readings = proseOf(wikitext, extraction, catalog).map(readPassage);
  const claims = [
    ...claimsOf(readings, extraction, title, leadNames(wikitext, extraction.sections)),
    ...populationShares(readings, extraction),
  ];
  const spanAt = lineIndex(wikitext);
  const place = (offset: number) => {
    const { line, column } = spanAt(offset, offset);
    return { offset, line, column, section: sectionTitleAt(extraction.sections, offset) };
  };
  const writtenIn = timestamp && /^\d{4}-/.test(timestamp) ? Number(timestamp.slice(0, 4)) : undefined;
  const groups = [...groupClaims(claims, writtenIn), ...restatementsOf(readings, extraction, claims)].map((g) => ({
    subject: g.subject,
    measure: g.measure,
    ...(g.time ? { time: g.time } : {}),
    unit: g.unit,
    qualifiers: g.qualifiers,
    values: g.claims.map((c) => valueOf(c, place)),
    pairs: g.pairs,
    ...(g.conflict ? { conflict: g.conflict } : {}),
  }));
  return { groups, uncited: uncitedFigures(readings, extraction, claims, place) };
}

/** The names the lead sets in bold ("The '''Ruritanian Armed Forces''' are …"), as text, at most five. */
function leadNames(wikitext: string, sections: Extraction['sections']): string[] {
  const lead = wikitext.slice(0, Math.min(sections[1]?.start ?? wikitext.length, 20_000));
  const names: string[] = [];
  for (const m of lead.matchAll(/'''([^'\n]{2,80}?)'''/g)) {
    // "'''[[Ruritania]]n Armed Forces'''": the link's text, as the reader sees it.
    names.push(plainText(m[1]!));
    if (names.length >= 5) break;
  }
  return names;
}

function sentenceText(passage: Passage, sentence: Sentence): string {
  const s = passage.text.slice(sentence.start, sentence.end).trim();
  return s.length > MAX_SENTENCE ? `${s.slice(0, MAX_SENTENCE)}…` : s;
}

type Place = (offset: number) => { offset: number; line: number; column: number; section: string };

function valueOf(c: Claim, place: Place): FigureValue {
  const q = c.quantity;
  return {
    text: q.text,
    lo: q.lo,
    hi: q.hi,
    unit: q.unit,
    approx: q.approx,
    ...(q.bound ? { bound: q.bound } : {}),
    ...place(c.passage.map[q.start] ?? 0),
    sentence: sentenceText(c.passage, c.sentence),
    location: c.passage.infobox ? `infobox:${c.passage.infobox.field}` : 'body',
    cited: c.provenance.cited,
    ...(c.provenance.source ? { source: c.provenance.source } : {}),
    ...(c.time ? { time: c.time } : {}),
  };
}

/** A figure worth a citation: money, a share, a measurement (not a part's size), a large count, or any figure with a measure. */
function notable(q: Quantity, claimed: boolean): boolean {
  if (isPartSize(q)) return false;
  return claimed || q.dimension !== 'count' || q.hi >= 1000 || q.text.includes(',');
}

function uncitedFigures(
  readings: readonly Reading[],
  extraction: Extraction,
  claims: readonly Claim[],
  place: Place,
): UncitedFigure[] {
  const claimedAt = new Set(claims.map((c) => c.passage.map[c.quantity.start]));
  const tagged = extraction.tags.filter((t) => t.rule === 'citation-needed').map((t) => t.span.start);
  const out: UncitedFigure[] = [];
  for (const { passage, sentences, quantities } of readings) {
    if (passage.infobox) continue;
    // Both lists are in text order: one sweep pairs each sentence with its figures, and a
    // sweep from the end says which sentences have a ref after them (a paragraph of
    // thousands of sentences would cost the square of them otherwise).
    const refLater: boolean[] = new Array<boolean>(sentences.length).fill(false);
    for (let k = sentences.length - 2; k >= 0; k--) refLater[k] = refLater[k + 1]! || sentences[k + 1]!.refs.length > 0;
    let next = 0;
    sentences.forEach((sentence, k) => {
      const inSentence: Quantity[] = [];
      while (next < quantities.length && quantities[next]!.start < sentence.end) {
        const q = quantities[next++]!;
        if (q.start >= sentence.start) inSentence.push(q);
      }
      if (sentence.refs.length) return;
      const figures = inSentence.filter((q) => notable(q, claimedAt.has(passage.map[q.start])));
      if (!figures.length) return;
      const from = passage.map[sentence.start] ?? 0;
      const to = (passage.map[sentence.end - 1] ?? from) + 60;
      // A {{citation needed}} already says it: the tag's own finding covers the sentence.
      if (tagged.some((at) => at >= from && at <= to)) return;
      out.push({
        ...place(passage.map[figures[0]!.start] ?? from),
        sentence: sentenceText(passage, sentence),
        figures: figures.map((q) => q.text),
        coveredLater: refLater[k]!,
      });
    });
  }
  return out;
}
