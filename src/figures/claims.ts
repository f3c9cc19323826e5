import { lastStartingAt, plainText, sentenceBreaks, type Extraction } from '../wikitext/index.ts';
import { GDP_PARTS, MEASURES, QUALIFIERS, SUBJECT_SYNONYMS, type Measure } from './lexicon.ts';
import type { Passage, RefAnchor } from './prose.ts';
import { findQuantities, inFieldUnit, type Quantity } from './quantity.ts';

/** A sentence of a passage: [start, end) in the passage text, and the ref anchors it carries. */
export interface Sentence {
  start: number;
  end: number;
  refs: RefAnchor[];
}

/** Who a figure's value comes from. */
export interface Provenance {
  /** Publisher, work or title of the citation, or the attribution in the prose ("according to SIPRI"). */
  source?: string;
  /** One key per distinct citation: two figures cited to the same ref share it. */
  key?: string;
  cited: boolean;
}

/** One figure read as a statement about something. */
export interface Claim {
  quantity: Quantity;
  /** `article`, or the unit of it the clause names (`air force`, `land forces`). */
  subject: string;
  measure: string;
  /** The year the clause gives, or undefined when it gives none. */
  time?: string;
  /** The paragraph's last year before the figure, when the clause gives none: used to group, not shown. */
  context?: string;
  qualifiers: string[];
  provenance: Provenance;
  passage: Passage;
  sentence: Sentence;
}

/** Sentences of a passage. A ref right after the full stop belongs to the sentence before it. */
function sentencesOf(passage: Passage): Sentence[] {
  const { text } = passage;
  if (passage.infobox) return [{ start: 0, end: text.length, refs: passage.refs }];
  const out: Sentence[] = [];
  let start = 0;
  for (const { end, next } of sentenceBreaks(text)) {
    out.push({ start, end, refs: [] });
    start = next;
  }
  if (start < text.length) out.push({ start, end: text.length, refs: [] });
  let k = 0;
  for (const ref of passage.refs) {
    while (k < out.length - 1 && ref.at > out[k]!.end) k++;
    out[k]?.refs.push(ref);
  }
  return out;
}

const CLAUSE_BREAK = /;|,\s(?:and|but|while|whereas|however|although)\b|\s(?:while|whereas|however|but)\s/g;

/** The clause of the sentence that holds [at, end): split at semicolons and contrastive joins. */
function clauseAround(text: string, sentence: Sentence, at: number, end: number): [number, number] {
  let from = sentence.start;
  let to = sentence.end;
  const body = text.slice(sentence.start, sentence.end);
  CLAUSE_BREAK.lastIndex = 0;
  for (let m = CLAUSE_BREAK.exec(body); m; m = CLAUSE_BREAK.exec(body)) {
    const cut = sentence.start + m.index;
    if (cut < at) from = cut + m[0].length;
    else if (cut >= end) {
      to = cut;
      break;
    }
  }
  return [from, to];
}

/** Words a capitalized phrase may begin with that name nothing ("In", "According", "There"). */
const NOT_A_NAME =
  /^(?:GDP|GNP|GNI|PPP|In|On|At|By|For|From|To|Of|As|With|According|However|Also|There|This|These|That|Those|It|Its|He|She|They|Their|His|Her|We|Our|After|Before|During|Since|Until|While|When|Where|Other|Some|Many|Most|All|Both|Each|Based|Following|Under|Over|About|Around|Only|Total|A|An|The|January|February|March|April|May|June|July|August|September|October|November|December|Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b/;

/** A capitalized word of a name. */
const WORD = String.raw`\p{Lu}[\p{L}'’.-]*`;
/** A proper name: capitalized words, "of" or "and" between them ("Churches of Christ"). */
const NAME = String.raw`${WORD}(?:\s+(?:of\s+|and\s+)?${WORD}){0,5}`;
const LEADING_NAME = new RegExp(`^(${NAME})`, 'u');
/** A phrase that is nothing but a name, with an optional "the". */
const ONLY_NAME = new RegExp(`^\\s*(?:the\\s+)?${NAME}\\s*$`, 'u');

/** The subject a phrase names, or undefined when it names none we know. */
function subjectIn(phrase: string, own: ArticleNames, names: boolean): string | undefined {
  const keys = new Set<string>();
  for (const [key, pattern] of SUBJECT_SYNONYMS) if (pattern.test(phrase)) keys.add(key);
  if (keys.size) return [...keys].sort().join(' + ');
  if (!names) return undefined;
  const trimmed = phrase.trim().replace(/^the\s+/i, '');
  const name = LEADING_NAME.exec(trimmed)?.[1];
  // "Reported total manpower …": a participle or adverb starting a sentence is no name (a
  // name of several words may start with one: "United States").
  if (!name || NOT_A_NAME.test(name) || /^\p{Lu}\p{Ll}+(?:ed|ing|ly)$/u.test(name)) return undefined;
  const lower = name.toLowerCase().replace(/['’]s$/, '');
  if (!own.length || own.some((t) => t.includes(lower) || lower.includes(t))) return undefined;
  return lower;
}

const WITH_NAME =
  /(\p{Lu}[\p{L}.'’-]*(?:\s+(?:of\s+|and\s+|the\s+)?\p{Lu}[\p{L}.'’-]*){0,4}),?\s+with\s+(?:about\s+|some\s+|over\s+|more than\s+|nearly\s+)?$/u;

const SIDE =
  /(?<![\p{L}])(\p{Lu}\p{Ll}+)\s+(?:casualties|losses|troops|soldiers|forces|army|armies|navy|dead|killed|wounded|prisoners)\b[^.;]{0,60}$/u;

const VERB =
  /\b(?:has|have|had|numbers?|numbered|is|was|are|were|comprises?|comprised|consists?|includes?|included|possesses|operates?|operated|fields|counts?|counted|totals?|totalled|totaled|employs|employed|spent|spends|reached|stood|serves?|served|covers?|covered|occupies|occupied)\b/i;

/**
 * A proper name opening a sentence, as its grammatical subject: "England accounts for …",
 * "Northern Ireland, separated from …, has an area of …", "Birmingham is the largest city,
 * with 212,000 people". Only before a verb of being, having or extent: "Statistics Canada
 * estimated …" is a source, not a subject.
 */
const OPENING_NAME = new RegExp(
  String.raw`^\s*(?:The\s+)?(${WORD}(?:\s+(?:of\s+|and\s+|the\s+)?${WORD}){0,4})(?:\s+in\s+${WORD})?(?:,[^,]{1,80},)?\s+` +
    String.raw`(?:is|was|are|were|has|had|have|accounts?|accounted|covers?|covered|covering|comprises?|contains?|occupies|spans?|ranks?|ranked|remains?|numbers?|numbered|counts?|counted)\b`,
  'u',
);

/**
 * Whose figure it is: the article's, unless the clause names a unit of it ("56,840 men in
 * the land forces", "The air force has 106 aircraft", "Internal Troops, 12,000 strong") or
 * another subject by name, or its sentence opens with one (`opening`, see openingSubjects).
 */
function subjectOf(text: string, clause: [number, number], q: Quantity, own: ArticleNames, opening?: string): string {
  const after = text.slice(q.end, clause[1]);
  const cutAt = after.search(/\d|\b(?:which|who|that|whose|where)\b/);
  const tail = cutAt === -1 ? after : after.slice(0, cutAt);
  const prep = /^\s*((?:[\p{L}-]+\s+){0,3}?)(?:in|of|within)\s+(.{1,120})/u.exec(tail);
  if (prep) {
    // A name only right after the counted noun ("men of the National Guard"); further on, a
    // capitalized word is as likely a place or a month ("approved in December").
    const close = prep[1]!.trim().split(/\s+/).filter(Boolean).length <= 1;
    const s = subjectIn(prep[2]!.split(VERB)[0]!, own, close);
    if (s) return s;
  }
  // Before the number, in its clause: the phrase after the last comma, "that" or clause start.
  const head = text.slice(Math.max(clause[0], q.start - 100), q.start);
  // "Germany, with 53 stores, …, followed by the United States, with 51 stores".
  const withName = WITH_NAME.exec(head)?.[1];
  const named = withName ? subjectIn(withName, own, true) : undefined;
  if (named) return named;
  // "Union casualties were 500 killed", "British troops numbered 4,000": a side names whose they are.
  const side = SIDE.exec(head)?.[1];
  const sided = side ? subjectIn(side, own, true) : undefined;
  if (sided) return sided;
  const verb = [...head.matchAll(new RegExp(VERB.source, 'gi'))].at(-1);
  const phrase = (verb ? head.slice(0, verb.index) : head).split(/\b(?:that|which)\b|;/).at(-1)!;
  // Or an apposition after the verb: "consist of Interior Ministry Internal Troops, 12,000 strong".
  const apposition = verb ? head.slice(verb.index + verb[0].length) : '';
  // A proper name right before the verb names whose figure it is ("the Churches of Christ
  // had nearly 120,000 members", "Germany has 83 million inhabitants").
  const nearest = phrase.split(',').at(-1)!;
  const proper = ONLY_NAME.test(nearest);
  return (
    (proper ? subjectIn(nearest, own, true) : undefined) ??
    subjectIn(phrase, own, false) ??
    (/,\s*$/.test(apposition) ? subjectIn(apposition, own, false) : undefined) ??
    opening ??
    'article'
  );
}

/** A sentence that opens with "It" or "Its" speaks of what the sentence before it named. */
const PRONOUN_OPENING = /^\s*(?:It|Its)\b/;

/** The subject each sentence of a passage opens with, if any (see OPENING_NAME). */
function openingSubjects(text: string, sentences: readonly Sentence[], own: ArticleNames): Map<Sentence, string> {
  const out = new Map<Sentence, string>();
  let last: string | undefined;
  for (const sentence of sentences) {
    const head = text.slice(sentence.start, Math.min(sentence.end, sentence.start + 200));
    const name = OPENING_NAME.exec(head)?.[1];
    const subject = (name && subjectIn(name, own, true)) || (PRONOUN_OPENING.test(head) ? last : undefined);
    if (subject) out.set(sentence, subject);
    last = subject;
  }
  return out;
}

/** An infobox value's subject: the article's, unless its line is labelled ("North Atlantic: 41490000 km2"). */
function infoboxSubject(text: string, q: Quantity, own: ArticleNames): string {
  const line = text.slice(text.lastIndexOf('\n', q.start) + 1, q.start);
  const label = /^\s*(\p{Lu}[^:]{0,40}):/u.exec(line)?.[1];
  return (label && subjectIn(label, own, true)) ?? 'article';
}

/** Function words that may follow a number without naming what it counts. */
const NOT_COUNTED =
  /^(?:in|of|and|or|to|at|by|for|from|with|were|was|are|is|have|has|had|who|which|that|per|more|less|than|out|each|a|an|the|as|on|into|over|under|strong|total|people|persons|individuals|percent|per cent|times)$/i;
const DIED = /^\s*(?:[\p{L}-]+\s+){0,3}?(?:died|were killed|killed|perished|were lost|lost their lives)\b/u;

const DEATHS_OF =
  /\b(?:deaths?|killing|loss(?:es)?|casualties) of\s(?:some |about |around |over |more than |at least )?$/i;

function measureOf(text: string, clause: [number, number], q: Quantity, passage: Passage): Measure | undefined {
  const fits = (m: Measure) => m.dimensions.includes(q.dimension);
  if (passage.infobox) {
    const field = passage.infobox.field.trim();
    const byField = MEASURES.find((m) => fits(m) && m.fields?.test(field));
    if (byField) return byField;
  }
  const after = text.slice(q.end, clause[1]).replace(/^\s+/, '');
  const lead = text.slice(Math.max(clause[0], q.start - 40), q.start);
  if (q.dimension === 'count' && (DIED.test(after) || DEATHS_OF.test(lead)))
    return MEASURES.find((m) => m.id === 'casualties');
  const counted = MEASURES.find((m) => fits(m) && m.counted?.test(after));
  if (counted) return counted;
  // "1,505,007 total dwellings": what is counted comes after "total".
  const words = after
    .replace(/^total\s+/i, '')
    .split(/[^\p{L}'-]+/u, 3)
    .filter(Boolean);
  const nextNumber = after.search(/\d/);
  const following = after.slice(0, Math.min(48, nextNumber === -1 ? 48 : nextNumber));
  // "71 cases of injury": a count of something we have no word for is not a count of anything near it.
  // "90% of exports": a share of something named right after it is a share of that, whatever came before.
  const countsSomethingElse =
    (q.dimension === 'count' && /^\p{L}/u.test(after) && !NOT_COUNTED.test(words[0] ?? '')) ||
    (q.dimension === 'percent' && /^(?:of|to|in)\s/.test(after));
  const before = text.slice(Math.max(clause[0], q.start - 90), q.start);
  let best: { measure: Measure; distance: number } | undefined;
  for (const m of MEASURES) {
    if (!fits(m) || !m.near) continue;
    const near = nearPattern(m);
    const hit = near.exec(following);
    near.lastIndex = 0;
    if (hit && (!best || hit.index < best.distance) && (!countsSomethingElse || hit.index < 25)) {
      best = { measure: m, distance: hit.index };
    }
    if (countsSomethingElse) continue;
    for (const h of before.matchAll(near)) {
      const distance = before.length - h.index;
      if (!best || distance < best.distance) best = { measure: m, distance };
    }
  }
  return best?.measure;
}

const nearPatterns = new Map<Measure, RegExp>();
function nearPattern(m: Measure): RegExp {
  let p = nearPatterns.get(m);
  if (!p) nearPatterns.set(m, (p = new RegExp(m.near!.source, `${m.near!.flags.replace('g', '')}g`)));
  p.lastIndex = 0;
  return p;
}

/**
 * A year tied to a figure: "in 2009", "for 2009", "(2009)", "as of 2009", "2009 budget",
 * also after a month or a part of the year ("In January 2013", "as of March 2021", "in late 2005").
 */
const YEAR =
  /\b(?:in|for|of|as of|by|during|at the end of|in fiscal(?: year)?|FY|year)\s+(?:the\s+)?(?:year\s+)?(?:(?:early|mid|late|end)[-\s]|(?:\d{1,2}\s+)?(?:January|February|March|April|May|June|July|August|September|October|November|December)\s+(?:\d{1,2},?\s+)?)?(1[5-9]\d\d|20\d\d)\b(?!\s?(?:–|-|and|to)\s?\d|\s(?:dollars|euros|pounds|prices|yen|rupees)\b)|\((1[5-9]\d\d|20\d\d)\)|\b(1[5-9]\d\d|20\d\d)(?:'s)?\s+(?:budget|census|estimates?|figures?|data|report|GDP|population)\b/gi;
const NOW = /\b(?:now|currently|today|at present|presently)\b/i;
const PRESENT = /\b(?:is|are|has|have|accounts? for|makes? up|remains?|stands? at|represents?|comprises?)\b/i;
/**
 * Any word that may be a past tense ("increased", even "estimated"): missing one only keeps
 * the paragraph's year. Written so that it cannot backtrack: a run of letters is tried once,
 * from its first letter (`\b` knows only ASCII letters, and "aéaé…" would make every
 * letter a start).
 */
const PAST =
  /\b(?:was|were|had|did|made|stood|grew|rose|fell|then|ago|former(?:ly)?)\b|(?<!\b(?:is|are|be|been)\s)(?<!\p{L})\p{L}+ed(?!\p{L})/iu;
/** How far back the tense of a figure's sentence is read, and the paragraph's year looked for. */
const NOW_WINDOW = 300;
const SCENE_WINDOW = 3_000;
/** A sentence that says "now", or states a figure in the present tense and has no past one: it dates it now. */
export const speaksOfNow = (head: string) => NOW.test(head) || (PRESENT.test(head) && !PAST.test(head));

/** Any year but the start or end of a period ("since 1998", "from 2003"), which dates nothing after it. */
const ANY_YEAR =
  /(?<!\b(?:since|from|after|until|till|between|before)\s(?:\d{1,2}\s)?(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\s)?)\b(1[5-9]\d\d|20\d\d)\b/gi;

function timeOf(
  text: string,
  clause: [number, number],
  q: Quantity,
  previous?: string,
  infoboxYear?: string,
  sceneFrom?: number,
): { time?: string; context?: string } {
  const clauseText = text.slice(clause[0], clause[1]);
  let best: { year: string; distance: number } | undefined;
  for (const m of clauseText.matchAll(YEAR)) {
    const at = clause[0] + m.index;
    const year = m[1] ?? m[2] ?? m[3]!;
    const distance = at < q.start ? q.start - at : at - q.end;
    if (!best || distance < best.distance) best = { year, distance };
  }
  if (best) return { time: best.year };
  if (infoboxYear) return { time: infoboxYear };
  if (/\b(?:that|the same) year\b/i.test(clauseText) && previous) return { time: previous };
  // Otherwise the paragraph's last year before it sets the scene ("In 1920 … 30,000 soldiers
  // died"), unless the sentence speaks of now ("which accounts for over 50 percent of GDP").
  if (sceneFrom !== undefined && speaksOfNow(text.slice(Math.max(sceneFrom, q.start - NOW_WINDOW), q.start))) return {};
  const context = [...text.slice(Math.max(0, clause[0] - SCENE_WINDOW), clause[0]).matchAll(ANY_YEAR)].at(-1)?.[1];
  return context ? { context } : {};
}

const FIELD_QUALIFIERS: [string, RegExp][] = [
  ['reserve', /reserve/i],
  ['PPP', /ppp/i],
  ['nominal', /nominal/i],
  ['per capita', /per_?capita|_pc\b/i],
  ['census', /census/i],
  ['estimate', /_est(?:imate)?\b/i],
  ['pre-tax', /operating/i],
  ['rate', /density|_rate\b/i],
  ['metro', /metro/i],
  ['urban', /urban/i],
  ['land', /_land\b/i],
  ['water', /_water\b/i],
];

/** Between two figures, words that restate the first rather than start another claim: "(", "or", "/". */
const RESTATES = /^\s*(?:[([/]|or|i\.e\.)?\s*$/;

function qualifiersOf(
  text: string,
  clause: [number, number],
  q: Quantity,
  passage: Passage,
  neighbours: { before?: Quantity; after?: Quantity },
): string[] {
  // Near the figure for most qualifiers, but not past the figures on either side, whose
  // words are theirs ("30% of Earth's land area and 8.7% of its surface"), unless the
  // figure restates the one before ("1,481,346 km2 (571,951 sq mi) of land").
  const { before, after } = neighbours;
  let from = 0;
  const gap = before ? text.slice(before.end, q.start) : '';
  if (before && before.end >= clause[0] && !RESTATES.test(gap)) {
    // The words after the figure before are its own up to the last "and", comma or the like.
    const joints = [...gap.matchAll(/[,;]|\b(?:and|but|while|whereas)\b/g)].at(-1);
    from = before.end + (joints ? joints.index + joints[0].length : 0);
  }
  const to =
    after && after.start <= clause[1] && !RESTATES.test(text.slice(q.end, after.start)) ? after.start : text.length;
  const window = text.slice(Math.max(clause[0], q.start - 50, from), Math.min(clause[1], q.end + 40, to));
  const clauseText = text.slice(clause[0], clause[1]);
  const found = QUALIFIERS.filter(([name, pattern]) => pattern.test(name === 'deployed' ? clauseText : window)).map(
    ([name]) => name,
  );
  if (passage.infobox) {
    // The field name qualifies as the prose would: GDP_PPP is not GDP_nominal, population_census not _estimate.
    const field = passage.infobox.field;
    for (const [name, pattern] of FIELD_QUALIFIERS) if (pattern.test(field)) found.push(name);
  }
  // "16000 sq mi of land", "1200 sq mi of tidal zone": an area of something named after it.
  if (q.dimension === 'area') {
    const of = /^\s*of\s+(?:(?:the|its|their|utilized|utilised|total)\s+)*(\p{L}+)/iu.exec(
      text.slice(q.end, q.end + 40),
    )?.[1];
    if (of) found.push(`of ${of.toLowerCase()}`);
  }
  // "$364.5 billion in 2007 dollars, or $414.3 billion in 2015 dollars": two price levels.
  const prices =
    /^\s*(?:in\s+)?(?:constant\s+|chained\s+|real\s+)?(1[89]\d\d|20\d\d)\s+(?:dollars|euros|pounds|prices|yen|rupees)\b/i.exec(
      text.slice(q.end, q.end + 40),
    );
  if (prices) found.push(`${prices[1]} prices`);
  // "743.6 per square mile", "24.81 deaths/1,000": a rate, not the quantity itself.
  if (/^\s*(?:\/|per\b|a head\b|inhabitants?\s*(?:\/|per)|people\s*(?:\/|per))/i.test(text.slice(q.end, q.end + 30)))
    found.push('rate');
  // "cities with more than 100,000 inhabitants", "rivers over 100 km long": a bounded count or
  // measurement is more often a threshold than a claim. A bounded share ("over 50 percent of
  // GDP") is a claim about the share.
  if (q.bound && q.dimension !== 'percent') found.push(q.bound === 'min' ? 'at least' : 'at most');

  return [...new Set(found)].sort();
}

const ATTRIBUTION = [
  /\baccording to (?:the )?([^,.;]{2,80}?)(?:,|;|\.|\s(?:estimates?|figures?|data|reports?)\b|$)/i,
  /\b((?:the )?\p{Lu}[\p{L}&.'-]*(?:\s\p{Lu}[\p{L}&.'-]*){0,6})\s(?:also\s)?(?:estimates?|estimated|suggests?|suggested|reports?|reported|says|said|gave|gives|claims?|claimed|states?|stated|puts|lists?|listed)\b/u,
];

function provenanceOf(
  text: string,
  clause: [number, number],
  q: Quantity,
  sentence: Sentence,
  extraction: Extraction,
): Provenance {
  const anchor = sentence.refs.find((r) => r.at >= q.end);
  // "according to X" names the source of an uncited figure; a citation, when there is one, wins.
  if (!anchor) {
    const head = text.slice(clause[0], q.start);
    const attribution = ATTRIBUTION.map((pattern) => pattern.exec(head))
      .find(Boolean)?.[1]!
      .trim();
    return { cited: false, ...(attribution ? { source: attribution } : {}) };
  }
  if (anchor.ref === -1) return { cited: true, source: anchor.label, key: `sfn:${anchor.label}` };
  const ref = extraction.refs[anchor.ref];
  const defining = ref?.definedBy !== undefined ? ref.definedBy : anchor.ref;
  const citation = extraction.citations.find((c) => c.ref === defining);
  const source =
    citation?.publisher ??
    citation?.work ??
    citation?.title ??
    plainText(extraction.refs[defining]?.content ?? '')
      .slice(0, 80)
      .trimEnd();
  // The citation's fields are plain text already (extraction made them so).
  return {
    cited: true,
    ...(source ? { source } : {}),
    key: `ref:${ref?.name ?? defining}`,
  };
}

/**
 * Longer "sentences" are lists, tables run together or hostile text: their figures are not
 * read as claims (each figure reads its sentence, so they would cost the square of it).
 */
export const MAX_CLAIM_SENTENCE = 2_000;

/** The sentence holding offset `at`: the last one that starts at or before it. */
export const sentenceAt = (sentences: readonly Sentence[], at: number): Sentence => lastStartingAt(sentences, at);

/** A passage read once: its sentences and figures, shared by the claims and the uncited-figure check. */
export interface Reading {
  passage: Passage;
  sentences: Sentence[];
  quantities: Quantity[];
}

export function readPassage(passage: Passage): Reading {
  return { passage, sentences: sentencesOf(passage), quantities: findQuantities(passage.text) };
}

/**
 * A figure read as a claim about the article whatever its words name: for amounts the
 * text itself ties to another (a restatement in another currency), where the measure is
 * whatever the first amount's is.
 */
export function plainClaim(
  reading: Reading,
  q: Quantity,
  measure: string,
  extraction: Extraction,
  qualifiers: string[] = [],
): Claim {
  const { passage, sentences } = reading;
  const sentence = sentenceAt(sentences, q.start);
  const clause = clauseAround(passage.text, sentence, q.start, q.end);
  const { time, context } = timeOf(passage.text, clause, q, undefined, passage.infobox?.year, sentence.start);
  return {
    quantity: q,
    subject: 'article',
    measure,
    ...(time ? { time } : {}),
    ...(context ? { context } : {}),
    qualifiers,
    provenance: provenanceOf(passage.text, clause, q, sentence, extraction),
    passage,
    sentence,
  };
}

/** What follows a figure that is a part of a whole: "of the total 30,000", "(82.6% of …)", "or 98.8% of …". */
const PART =
  /^\s*(?:(?:of|out of)\s+(?:the\s+|its\s+|a\s+)?(?:total\s+(?:of\s+)?)?\d|(?:\(|,?\s*or\s+)(?:about\s+|some\s+|around\s+)?\d[\d.,]*\s?(?:%|percent\b|per cent\b))/;

/**
 * A length in centimetres, millimetres or inches: the size of a part (a tail, a blade) or a
 * designation (a calibre, a film gauge), seldom the article's own; never compared, and no
 * claim an editor must cite.
 */
export const isPartSize = (q: Quantity) =>
  q.dimension === 'length' && /^(?:cm|mm|centimet(?:re|er)s|millimet(?:re|er)s|inches)$/.test(q.written);

/** Measures a sector often divides: "Energy revenues", "Manufacturing sales", "Merchandise exports". */
const SECTORED = new Set(['revenue', 'exports', 'imports', 'net income']);
const NOT_A_SECTOR =
  /^(?:the|its|their|his|her|our|total|annual|yearly|net|gross|company|group|state|government|federal|public|national|of|and|in|a|an|combined|consolidated|overall|reported|record)$/i;

/** The words right before the measure's noun, before the figure in its clause: "Energy revenues totalled $111.7 billion". */
function sectorOf(text: string, clause: [number, number], q: Quantity, measure: Measure): string | undefined {
  const before = text.slice(clause[0], q.start);
  const hit = [...before.matchAll(nearPattern(measure))].at(-1);
  if (hit?.index === undefined) return undefined;
  const words = before
    .slice(0, hit.index)
    .split(/[^\p{L}'’-]+/u)
    .slice(-3)
    .filter(Boolean);
  const kept: string[] = [];
  for (let i = words.length - 1; i >= 0 && kept.length < 2; i--) {
    const word = words[i]!.replace(/['’]s$/, '');
    if (NOT_A_SECTOR.test(word)) break;
    kept.unshift(word.toLowerCase());
  }
  return kept.length ? `sector: ${kept.join(' ')}` : undefined;
}

const CHANGE =
  /\b(?:increas|decreas|rose|rise|rising|fell|fall|grew|grow|drop|doubl|tripl|reduc|expand|shr[au]nk|declin|went|jump|climb|surg|plung|soar)\w*/i;

/** A figure that starts or ends a change in its clause: "from X", "to X", "X … to". */
function changeEnd(text: string, clause: [number, number], q: Quantity): boolean {
  if (!CHANGE.test(text.slice(clause[0], clause[1]))) return false;
  const before = text.slice(Math.max(clause[0], q.start - 24), q.start);
  const after = text.slice(q.end, Math.min(clause[1], q.end + 40));
  // "from $300 million in 2005 to $2.46 billion in 2009": each end dates itself.
  if (/^\s*(?:in|by|for)\s+(?:1[5-9]\d\d|20\d\d)\b/.test(after)) return false;
  return (
    /\b(?:from|to)\s+(?:around\s+|about\s+|some\s+|over\s+|nearly\s+|almost\s+|roughly\s+)?$/i.test(before) ||
    /^\s*(?:[^\s\d]+\s+){0,3}?to\s+(?:around\s+|about\s+|some\s+|over\s+|nearly\s+|almost\s+|roughly\s+)?\S*\d/i.test(
      after,
    )
  );
}

const PART_BEFORE = /\b(?:of (?:which|whom|them|these|those)|among them|including)\s+$/i;

/** What a share of GDP is a share of: the nearest part named before it in its sentence, or the military infobox's. */
function gdpPartOf(passage: Passage, sentence: Sentence, q: Quantity): string | undefined {
  if (passage.infobox) return /military/i.test(passage.infobox.template) ? 'military' : undefined;
  const before = passage.text.slice(Math.max(sentence.start, q.start - 300), q.start);
  let best: { part: string; at: number } | undefined;
  for (const [part, pattern] of GDP_PARTS) {
    const at = [...before.matchAll(new RegExp(pattern.source, 'gi'))].at(-1)?.index;
    if (at !== undefined && (!best || at > best.at)) best = { part, at };
  }
  return best?.part;
}

/** The names the article goes by, lower-cased: its title and the names its lead sets in bold. */
type ArticleNames = readonly string[];

/**
 * Every figure of the passages that names a measure we know, as a claim. `aliases` are other
 * names of the article (the lead's bold "'''Ruritanian Armed Forces'''"): a sentence about
 * them is about the article.
 */
export function claimsOf(
  readings: readonly Reading[],
  extraction: Extraction,
  title: string,
  aliases: readonly string[] = [],
): Claim[] {
  const own: ArticleNames = [title, ...aliases].map((n) => n.trim().toLowerCase()).filter((n) => n.length > 1);
  const claims: Claim[] = [];
  for (const { passage, sentences, quantities } of readings) {
    if (!quantities.length) continue;
    const openings = passage.infobox ? new Map<Sentence, string>() : openingSubjects(passage.text, sentences, own);
    let previousTime: string | undefined;
    let previous: { clause: [number, number]; measure: Measure; dimension: string; sentence: Sentence } | undefined;
    for (const [index, stated] of quantities.entries()) {
      const q = passage.infobox ? inFieldUnit(stated, passage.infobox.field) : stated;
      const sentence = sentenceAt(sentences, q.start);
      if (sentence.end - sentence.start > MAX_CLAIM_SENTENCE) continue;
      const clause = clauseAround(passage.text, sentence, q.start, q.end);
      let measure = measureOf(passage.text, clause, q, passage);
      // "spending in 2012 was $1.473 billion, while the IISS gave $1.5 billion": the second
      // clause names no measure and speaks of the first one's.
      if (
        !measure &&
        previous &&
        previous.sentence === sentence &&
        previous.clause[1] <= clause[0] &&
        previous.dimension === q.dimension &&
        q.dimension !== 'count' &&
        // "over 90 percent of export revenue" names its own whole.
        !(q.dimension === 'percent' && /^\s*(?:of|to|in)\s/.test(passage.text.slice(q.end, q.end + 5)))
      ) {
        measure = previous.measure;
      }
      const { time, context } = timeOf(passage.text, clause, q, previousTime, passage.infobox?.year, sentence.start);
      if (time) previousTime = time;
      if (!measure) continue;
      // Centimetres, millimetres and inches measure parts of a thing (an animal's tail, a
      // skull, a blade) more often than the thing: no subject rule tells the parts apart.
      if (isPartSize(q)) continue;
      // An elevation in prose is nearly always a named place's (a peak, the capital, a
      // cricket ground, the lowest lake), which the subject rules do not read; the
      // infobox's is the article's own.
      if (measure.id === 'elevation' && !passage.infobox) continue;
      // A count of people or things is a whole number of at least some size, unless scaled ("1.5 million").
      if (q.dimension === 'count' && !q.scale && (q.lo % 1 !== 0 || (measure.id === 'population' && q.hi < 100)))
        continue;
      previous = { clause, measure, dimension: q.dimension, sentence };
      // "increased from $400 million to $700 million": the two ends of a change are two times.
      if (changeEnd(passage.text, clause, q)) continue;
      // "of which 96 members are chosen by …": a part of the figure before it.
      if (PART_BEFORE.test(passage.text.slice(Math.max(clause[0], q.start - 30), q.start))) continue;
      const qualifiers = qualifiersOf(passage.text, clause, q, passage, {
        before: quantities[index - 1],
        after: quantities[index + 1],
      });
      const sector = SECTORED.has(measure.id) ? sectorOf(passage.text, clause, q, measure) : undefined;
      if (sector) qualifiers.push(sector);
      if (measure.id === 'share of GDP') {
        const part = gdpPartOf(passage, sentence, q);
        if (!part) continue;
        qualifiers.push(part);
        qualifiers.sort();
      }
      // "20,000 of the total 30,000", "2,765,610 or 98.8% of the population", "Albanians
      // 2,312,356 (82.6% of the total)": a part, not the quantity itself.
      if (PART.test(passage.text.slice(q.end, q.end + 40))) continue;
      claims.push({
        quantity: q,
        subject: passage.infobox
          ? infoboxSubject(passage.text, q, own)
          : subjectOf(passage.text, clause, q, own, openings.get(sentence)),
        measure: measure.id,
        ...(time ? { time } : {}),
        ...(context ? { context } : {}),
        qualifiers,
        provenance: provenanceOf(passage.text, clause, q, sentence, extraction),
        passage,
        sentence,
      });
    }
  }
  return claims;
}
