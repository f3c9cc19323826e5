/**
 * A rough rendering of a wikitext slice as the reader sees it: refs, templates,
 * comments and files gone, links reduced to their labels, formatting dropped. Good
 * enough to quote a claim sentence; not a renderer.
 */
export function plainText(wikitext: string): string {
  let s = wikitext;
  s = s.replace(/<!--[\s\S]*?(?:-->|$)/g, '');
  s = s.replace(/<ref\b[^>]*\/>/gi, '');
  s = s.replace(/<ref\b[^>]*>[\s\S]*?(?:<\/ref\s*>|$)/gi, '');
  s = stripTemplates(s);
  s = s.replace(/\[\[(?:File|Image|Category):[^\]]*\]\]/gi, '');
  s = s.replace(/\[\[([^\]|]*)\|([^\]]*)\]\]/g, '$2');
  s = s.replace(/\[\[([^\]]*)\]\]/g, '$1');
  s = s.replace(/\[(?:https?:)?\/\/[^\s\]]+\s+([^\]]*)\]/g, '$1');
  s = s.replace(/\[(?:https?:)?\/\/[^\s\]]+\]/g, '');
  s = s.replace(/'{2,}/g, '');
  s = s.replace(/<\/?[a-zA-Z][^>]*>/g, '');
  s = s.replace(/&nbsp;|&#160;/g, ' ');
  s = s.replace(/^[*#:;=]+|=+\s*$/gm, '');
  return s.replace(/\s+/g, ' ').trim();
}

/** Removes `{{…}}` at any depth; an unclosed one runs to the end. */
function stripTemplates(s: string): string {
  if (!s.includes('{{')) return s;
  let out = '';
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '{' && s[i + 1] === '{') {
      depth++;
      i++;
    } else if (depth > 0 && s[i] === '}' && s[i + 1] === '}') {
      depth--;
      i++;
    } else if (depth === 0) {
      out += s[i];
    }
  }
  return out;
}

const MAX_CLAIM = 400;

/**
 * The last sentence of a plain-text passage: what a tag placed at its end annotates.
 * A boundary is `.`, `!` or `?` followed by space and a capital, digit or quote, so
 * "U.S." or "c. 1900" inside a sentence do not cut it.
 */
export function lastSentence(plain: string): string {
  const text = plain.replace(/[\s,;:]+$/, '');
  const body = text.replace(/[.!?]["')\]]*$/, '');
  const boundary = /[.!?]["')\]]*\s+(?=["'([]?[\p{Lu}\p{N}])/gu;
  let start = 0;
  for (let m = boundary.exec(body); m; m = boundary.exec(body)) {
    const before = body.slice(Math.max(0, m.index - 3), m.index);
    if (/(?:\b[A-Z]|\bc|\bvs|Mr|Dr|St|No)$/.test(before)) continue; // initials and abbreviations
    start = m.index + m[0].length;
  }
  const sentence = text.slice(start).trim();
  return sentence.length > MAX_CLAIM ? `…${sentence.slice(-MAX_CLAIM)}` : sentence;
}
