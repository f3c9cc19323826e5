import type { Extraction } from '../wikitext/index.ts';
import { MAX_CLAIM_SENTENCE, plainClaim, sentenceAt, type Claim, type Reading, type Sentence } from './claims.ts';
import type { Quantity } from './quantity.ts';

/**
 * Shares of the population by ethnic group or language spoken: "36% Ovimbundu" in the infobox, "the Ovimbundu
 * who represent 37% of the population", "Roughly 37% of Angolans are Ovimbundu". Each
 * percentage is a claim about the share of the group it names, so the same group's shares
 * are compared and different groups' never are. Only an `ethnic_groups` infobox field and
 * sentences that speak of ethnic groups are read: a percentage beside a name elsewhere may
 * be a vote, a language or a religion.
 */

/** The kinds of share read: the infobox field and the words of a sentence that hold them. */
const KINDS = [
  { measure: 'ethnic share', field: /^ethnic(?:_groups?|ity)$/i, sentence: /\b(?:ethnic\w*|tribes?|tribal)\b/i },
  { measure: 'language share', field: /^languages?$/i, sentence: /\bspeak(?:s|ers?)?\b/i },
];
/** Words that name no group: the whole, a verb, a function word. */
const NOT_A_GROUP =
  /^(?:of|the|and|or|to|in|on|at|by|for|from|with|as|is|are|was|were|a|an|about|around|roughly|some|approximately|nearly|almost|only|just|over|under|population|people|total|percent|per|inhabitants|residents|citizens|speak\w*|language|groups?|ethnic\w*)$/i;
/** "37% of Angolans are Ovimbundu", "25% are Ambundu": the group comes after the verb. */
const AFTER = /^\s*(?:of\s+(?:the\s+)?\p{Lu}[\p{L}'’-]*\s+)?(?:are|were|is|was)\s+/u;
/** "82.4% of people over the age of five speak only English": a language comes after "speak". */
const SPEAK = /^[^.;\d%]{0,60}?\bspeaks?\s+(?:only\s+)?(\p{Lu}[\p{L}'’-]*)/u;
const WORD = /^\(?(\p{L}[\p{L}'’-]*)/u;
/** "the Ovimbundu who represent 37%", "the (Ambundu) with 25%", "Ovimbundu (language Umbundu) 37%". */
const BEFORE =
  /\(?(\p{L}[\p{L}'’-]*)\)?\s*(?:\([^()]{0,40}\)\s*)?(?:,\s*)?(?:who|which)?\s*(?:represent(?:s|ing)?|with|make up|makes up|are|at|:)?\s*(?:about|around|roughly|some|approximately|nearly)?\s*$/u;

/** One key per group: "Mestiço" and "mestiços" are one; every "other …" is the rest. */
function groupKey(name: string): string | undefined {
  if (NOT_A_GROUP.test(name)) return undefined;
  const lower = name.toLowerCase();
  if (lower === 'other') return 'other';
  return lower.replace(/(?:es|s)$/, (m) => (lower.length > 4 ? '' : m));
}

/** The group a share names, from the words after it first, then those before it. */
function groupOf(text: string, q: Quantity, lineStart: number): string | undefined {
  // Never past the line: an infobox holds one group a line.
  const lineEnd = text.indexOf('\n', q.end);
  const ahead = (n: number) => text.slice(q.end, Math.min(q.end + n, lineEnd === -1 ? text.length : lineEnd));
  const spoken = SPEAK.exec(ahead(80))?.[1];
  if (spoken) return groupKey(spoken);
  const afterText = ahead(60);
  const rest = afterText.replace(AFTER, '');
  const word = WORD.exec(rest.replace(/^\s+/, ''))?.[1];
  if (
    word &&
    /^\s/.test(afterText) &&
    (rest !== afterText || /^\s*\p{Lu}|^\s*other\b|^\s*\p{Ll}+\s*(?:[,;.(]|$)/u.test(afterText))
  ) {
    const key = groupKey(word);
    if (key) return key;
  }
  const head = text.slice(Math.max(lineStart, q.start - 80), q.start);
  // "people from other African ethnicities make up 22%": the rest, named before.
  const phrase = head.split(/[,;:]/).at(-1)!;
  if (/\bother\b/i.test(phrase)) return 'other';
  const before = BEFORE.exec(head)?.[1];
  return before && /^\p{Lu}/u.test(before) ? groupKey(before) : undefined;
}

/** The ethnic shares of a page, each a claim of measure `ethnic share` qualified by its group. */
export function populationShares(readings: readonly Reading[], extraction: Extraction): Claim[] {
  const claims: Claim[] = [];
  for (const reading of readings) {
    const { passage, sentences, quantities } = reading;
    const field = passage.infobox?.field.trim();
    const fieldKind = field === undefined ? undefined : KINDS.find((k) => k.field.test(field));
    if (field !== undefined && !fieldKind) continue;
    // Each sentence's kind is read once, however many shares it holds.
    const kinds = new Map<Sentence, (typeof KINDS)[number] | undefined>();
    for (const q of quantities) {
      if (q.dimension !== 'percent') continue;
      const sentence = sentenceAt(sentences, q.start);
      if (sentence.end - sentence.start > MAX_CLAIM_SENTENCE) continue;
      if (!kinds.has(sentence)) {
        const words = passage.text.slice(sentence.start, sentence.end);
        kinds.set(sentence, fieldKind ?? KINDS.find((k) => k.sentence.test(words)));
      }
      const kind = kinds.get(sentence);
      if (!kind) continue;
      // In the infobox each group has a line of its own; in prose the sentence bounds it.
      const lineStart = field === undefined ? sentence.start : passage.text.lastIndexOf('\n', q.start) + 1;
      const group = groupOf(passage.text, q, lineStart);
      if (group) claims.push(plainClaim(reading, q, kind.measure, extraction, [group]));
    }
  }
  return claims;
}
