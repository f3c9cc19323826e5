import { bracePairs } from './braces.ts';

/**
 * A rough rendering of a wikitext slice as the reader sees it: refs, templates,
 * comments and files gone, links reduced to their labels, formatting dropped. Good
 * enough to quote a claim sentence; not a renderer.
 */
export function plainText(wikitext: string): string {
  // Every repeat below is bounded, so no input makes these patterns quadratic.
  let s = stripComments(wikitext);
  // <nowiki> shows its content as text: its brackets must not read as markup below.
  s = s.replace(/<nowiki\s*\/>/gi, '');
  s = s.replace(/<nowiki>([\s\S]{0,5000}?)<\/nowiki>/gi, (_m, inner: string) =>
    inner.replace(/[{}[\]<>]/g, (c) => SHIELD[c]!),
  );
  s = s.replace(/<ref\b[^>]{0,500}\/>/gi, '');
  s = s.replace(/<ref\b[^>]{0,500}>[\s\S]*?(?:<\/ref\s*>|$)/gi, '');
  s = stripTemplates(s);
  s = s.replace(/\[\[(?:File|Image|Category):[^\]]{0,2000}\]\]/gi, '');
  s = s.replace(/\[\[([^\]|]{0,500})\|([^\]]{0,500})\]\]/g, '$2');
  s = s.replace(/\[\[([^\]]{0,500})\]\]/g, '$1');
  s = s.replace(/\[(?:https?:)?\/\/[^\s\]]{1,2000}\s+([^\]]{0,500})\]/g, '$1');
  s = s.replace(/\[(?:https?:)?\/\/[^\s\]]{1,2000}\]/g, '');
  s = s.replace(/'{2,}/g, '');
  s = s.replace(/<\/?[a-zA-Z][^>]{0,500}>/g, '');
  s = s.replace(/&nbsp;|&#160;/g, ' ');
  s = s.replace(/^[*#:;=]{1,10}|={1,10}[ \t]*$/gm, '');
  s = s.replace(/[\uE000-\uE005]/g, (c) => UNSHIELD[c]!);
  return s.replace(/\s+/g, ' ').trim();
}

const SHIELD: Record<string, string> = {
  '{': '\uE000',
  '}': '\uE001',
  '[': '\uE002',
  ']': '\uE003',
  '<': '\uE004',
  '>': '\uE005',
};
const UNSHIELD = Object.fromEntries(Object.entries(SHIELD).map(([k, v]) => [v, k]));

/** Wikitext comments out; an unclosed one runs to the end, as in MediaWiki. */
export function stripComments(s: string): string {
  return s.includes('<!--') ? s.replace(/<!--[\s\S]*?(?:-->|$)/g, '') : s;
}

/**
 * Removes each `{{…}}` that closes, at any depth. An unclosed `{{` stays as text, as
 * MediaWiki shows it, rather than swallowing the rest of the passage.
 */
function stripTemplates(s: string): string {
  if (!s.includes('{{')) return s;
  let out = '';
  let at = 0;
  for (const { start, end } of bracePairs(s).pairs) {
    if (end <= at) continue; // inside a pair already removed
    out += s.slice(at, Math.max(at, start));
    at = Math.max(at, end);
  }
  return out + s.slice(at);
}

const MAX_CLAIM = 400;

/** A claim kept to its last 400 characters, where the tag after it sits. */
export function clipClaim(claim: string): string {
  return claim.length > MAX_CLAIM ? `…${claim.slice(-MAX_CLAIM)}` : claim;
}

/** Words that end in a full stop without ending a sentence (compared lower-cased, dots removed). */
const ABBREVIATIONS = new Set(
  (
    'al c ca cf eg ie vs no nos st mr mrs ms dr jr sr prof gen col lt maj capt sgt adm gov sen rep rev ' +
    'jan feb mar apr jun jul aug sep sept oct nov dec approx fig vol pp p ed eds'
  ).split(' '),
);

function endsInAbbreviation(before: string): boolean {
  const word = /([\p{L}.]+)$/u.exec(before)?.[1];
  if (!word) return false;
  if (/^\p{Lu}$/u.test(word) || /^(?:\p{L}\.)+\p{L}$/u.test(word)) return true; // an initial, or U.S., e.g.
  return ABBREVIATIONS.has(word.replace(/\./g, '').toLowerCase());
}

/**
 * Where the sentences of plain text end: `end` just past the stop (and any closing quote or
 * bracket), `next` where the following sentence starts. A boundary is `.`, `!` or `?`
 * followed by space and a capital, digit or quote, unless the word before it is an initial
 * or an abbreviation ("U.S.", "et al.", "Jan.", "c.").
 */
export function sentenceBreaks(text: string): { end: number; next: number }[] {
  const breaks: { end: number; next: number }[] = [];
  const boundary = /[.!?]["')\]]{0,3}\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
  for (let m = boundary.exec(text); m; m = boundary.exec(text)) {
    if (text[m.index] === '.' && endsInAbbreviation(text.slice(Math.max(0, m.index - 12), m.index))) continue;
    breaks.push({ end: m.index + m[0].trimEnd().length, next: m.index + m[0].length });
  }
  return breaks;
}

/**
 * The last sentence of a plain-text passage: what a tag placed at its end annotates.
 * A boundary is `.`, `!` or `?` followed by space and a capital, digit or quote, unless
 * the word before it is an initial or an abbreviation ("U.S.", "et al.", "Jan.", "c.").
 */
export function lastSentence(plain: string): string {
  let cut = plain.length;
  while (cut > 0 && /[\s,;:]/.test(plain[cut - 1]!)) cut--;
  const text = plain.slice(0, cut);
  const body = text.replace(/[.!?]["')\]]{0,3}$/, '');
  const start = sentenceBreaks(body).at(-1)?.next ?? 0;
  const sentence = text.slice(start).trim();
  return clipClaim(sentence);
}

/** At most `max` UTF-16 units of `s` plus an ellipsis, never cutting a surrogate pair in half. */
export function truncate(s: string, max: number): string {
  if (s.length <= max) return s;
  let end = max;
  const code = s.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${s.slice(0, end)}…`;
}
