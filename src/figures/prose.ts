import {
  bracePairs,
  hiddenRanges,
  isInfobox,
  normalizeTemplateName,
  type Extraction,
  type TemplateCatalog,
} from '../wikitext/index.ts';

/**
 * The prose view: what a reader sees of the article's running text, with every character
 * mapped back to its wikitext offset. Refs are gone but leave an anchor where they stood
 * (a figure's citation is the first anchor after it); formatting templates are expanded to
 * the text they show; infobox fields are kept apart as structured values; tables, files,
 * galleries and hidden content are dropped.
 */

/** Where a ref stood in a passage of prose. */
export interface RefAnchor {
  /** Offset in the passage's text. */
  at: number;
  /** Index into `Extraction.refs`, or -1 for a short-footnote template (`{{sfn}}`, `{{harvnb}}`). */
  ref: number;
  /** A short-footnote template's author and year, when `ref` is -1. */
  label?: string;
}

/** A paragraph, list item or infobox value as plain text. */
export interface Passage {
  text: string;
  /** `map[i]` is the wikitext offset of `text[i]`. */
  map: number[];
  refs: RefAnchor[];
  /** Set for an infobox field's value. */
  infobox?: {
    template: string;
    field: string;
    /** The year a sibling field dates this one with (`population_estimate_year = 2016`). */
    year?: string;
  };
}

const MAX_DEPTH = 20;
/** Templates whose first parameter is what shows. */
const SHOW_FIRST = new Set([
  'Nowrap',
  'Nobr',
  'Nobreak',
  'Small',
  'Smaller',
  'Big',
  'Larger',
  'Abbr',
  'Flag',
  'Flagcountry',
  'Ill',
  'Interlanguage link',
  'Interlanguage link multi',
  'Vanchor',
  'Anchor text',
  'Sic',
  'Keypress',
]);
/** Templates whose second parameter is what shows (`{{lang|fr|texte}}`). */
const SHOW_SECOND = new Set(['Lang', 'Transl', 'Sortname']);
/** Short-footnote templates: citations without `<ref>` (`{{sfn|Smith|2009|p=4}}`). */
const SHORT_FOOTNOTES = new Set(['Sfn', 'Sfnp', 'Sfnm', 'Harvnb', 'Harv', 'Harvp', 'R', 'Rp', 'Sfnmp']);
/** Approximation templates: `{{circa|1500}}` reads "c. 1500". */
const CIRCA = new Set(['Circa', 'C.', 'Ca.', 'Ca']);
/** Currency templates: name → what they print before the amount. */
const CURRENCY: Record<string, string> = {
  US$: 'US$',
  USD: 'US$',
  'US dollar': 'US$',
  USDConvert: 'US$',
  GBP: '£',
  '£': '£',
  EUR: '€',
  '€': '€',
  Euro: '€',
  INR: '₹',
  '₹': '₹',
  JPY: '¥',
  '¥': '¥',
  CAD: 'CA$',
  AUD: 'A$',
  A$: 'A$',
  RUB: '₽',
  AZN: 'AZN ',
  CHF: 'CHF ',
  CNY: 'CN¥',
  Renminbi: 'CN¥',
};

interface Template {
  name: string;
  /** Positional parameters by number (1-based), named ones by name; values are [start, end) in the wikitext. */
  params: Map<string, [number, number]>;
}

/** The prose and infobox passages of a page, in page order. */
export function proseOf(wikitext: string, extraction: Extraction, catalog: TemplateCatalog): Passage[] {
  const hidden = hiddenRanges(wikitext);
  const pairs = new Map<number, number>();
  for (const p of bracePairs(wikitext, hidden).pairs) pairs.set(p.start, p.end);
  const refsAt = new Map<number, { end: number; index: number }>();
  for (const ref of extraction.refs) refsAt.set(ref.span.start, { end: ref.span.end, index: ref.index });
  const hiddenAt = new Map(hidden.map(([a, b]) => [a, b]));

  const passages: Passage[] = [];
  let current = newPassage();
  /** Keeps a passage when it holds a digit: only those can state a figure. */
  const keep = (passage: Passage) => {
    const trimmed = trimPassage(passage);
    if (/\p{N}/u.test(trimmed.text)) passages.push(trimmed);
  };
  const flush = () => {
    keep(current);
    current = newPassage();
  };

  /**
   * Renders wikitext [from, to) into `into` (the current passage when undefined). At the top
   * level lines matter: blank lines, headings, list items and tables end a passage.
   */
  const render = (from: number, to: number, into: Passage | undefined, depth: number, topLevel: boolean): void => {
    // At the top level, output goes to the current passage, which a flush replaces.
    const sink = () => into ?? current;
    let i = from;
    let lineStart = topLevel && (from === 0 || wikitext[from - 1] === '\n');
    while (i < to) {
      if (lineStart && topLevel) {
        lineStart = false;
        const line = lineAt(wikitext, i, to);
        if (/^\{\|/.test(line)) {
          i = skipTable(wikitext, i, to);
          flush();
          lineStart = true;
          continue;
        }
        if (/^=.*=\s*$/.test(line) || /^\s*$/.test(line) || /^(?:----|__[A-Z]+__)/.test(line)) {
          flush();
          i += line.length;
          lineStart = true;
          continue;
        }
        const marker = /^[*#:;]+\s*/.exec(line);
        if (marker) {
          flush();
          i += marker[0].length;
          continue;
        }
      }
      const c = wikitext[i]!;
      if (c === '\n') {
        if (topLevel) lineStart = true;
        emit(sink(), ' ', i);
        i++;
        continue;
      }
      const hiddenEnd = hiddenAt.get(i);
      if (hiddenEnd !== undefined) {
        // <nowiki> shows its text; comments, math and code show nothing a figure could be read from.
        const nowiki = /^<nowiki\b[^>]*>([\s\S]*?)<\/nowiki\s*>$/i.exec(wikitext.slice(i, hiddenEnd));
        if (nowiki) {
          const inner = i + nowiki[0].indexOf('>') + 1;
          for (let k = 0; k < nowiki[1]!.length; k++) emit(sink(), wikitext[inner + k]!, inner + k);
        }
        i = hiddenEnd;
        continue;
      }
      const ref = refsAt.get(i);
      if (ref) {
        sink().refs.push({ at: sink().text.length, ref: ref.index });
        i = ref.end;
        continue;
      }
      if (c === '{' && wikitext[i + 1] === '{') {
        const end = pairs.get(i);
        if (end !== undefined && end <= to) {
          if (depth < MAX_DEPTH) renderTemplate(i, end, sink(), depth);
          i = end;
          continue;
        }
      }
      if (c === '[' && wikitext[i + 1] === '[') {
        const end = linkEnd(wikitext, i, to);
        if (end !== -1) {
          // Past the depth bound (a hostile nest of links) the link's text is left out.
          if (depth < MAX_DEPTH) renderWikilink(i, end, sink(), depth);
          i = end;
          continue;
        }
      }
      if (c === '[' && /^\[(?:https?:)?\/\//i.test(wikitext.slice(i, i + 10))) {
        const end = wikitext.indexOf(']', i);
        if (end !== -1 && end < to) {
          const space = wikitext.slice(i, end).search(/\s/);
          if (space !== -1 && depth < MAX_DEPTH) render(i + space + 1, end, sink(), depth + 1, false);
          i = end + 1;
          continue;
        }
      }
      if ((c === 'h' || c === 'H') && /^https?:\/\//i.test(wikitext.slice(i, i + 8))) {
        // A bare URL is an address, not prose: its digits are no figures.
        const m = /^\S+/.exec(wikitext.slice(i, Math.min(to, i + 2000)))!;
        i += m[0].length;
        continue;
      }
      if (c === '<') {
        const tag = /^<(\/?)([a-zA-Z][\w-]*)\b[^>]{0,500}?(\/?)>/.exec(wikitext.slice(i, i + 520));
        if (tag) {
          const name = tag[2]!.toLowerCase();
          if (
            !tag[1] &&
            !tag[3] &&
            /^(?:gallery|timeline|imagemap|graph|mapframe|maplink|templatestyles)$/.test(name)
          ) {
            // Searched from here, case-insensitively, without lower-casing a copy of the page.
            const closing = new RegExp(`</${name}\\b[^>]*>`, 'gi');
            closing.lastIndex = i;
            const close = closing.exec(wikitext);
            i = !close || close.index > to ? to : close.index + close[0].length;
            continue;
          }
          if (name === 'br' || name === 'p' || name === 'li') emit(sink(), topLevel ? ' ' : '\n', i);
          i += tag[0].length;
          continue;
        }
      }
      if (c === "'" && wikitext[i + 1] === "'") {
        while (wikitext[i] === "'" && i < to) i++;
        continue;
      }
      if (c === '&') {
        const entity = /^&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/i.exec(wikitext.slice(i, i + 12));
        if (entity) {
          emit(sink(), decodeEntity(entity[1]!), i);
          i += entity[0].length;
          continue;
        }
      }
      emit(sink(), c, i);
      i++;
    }
  };

  const renderWikilink = (start: number, end: number, out: Passage, depth: number) => {
    const inner = wikitext.slice(start + 2, end - 2);
    const target = inner.split('|', 1)[0]!.trim();
    if (/^:?\s*(?:file|image|category|media|[a-z]{2,3}(?:-[a-z]+)?)\s*:/i.test(target)) return;
    const bar = inner.indexOf('|');
    render(bar === -1 ? start + 2 : start + 3 + bar, end - 2, out, depth + 1, false);
  };

  const renderTemplate = (start: number, end: number, out: Passage, depth: number) => {
    const template = parseTemplate(wikitext, start, end, pairs, catalog.caseRule);
    if (!template) return;
    const { name, params } = template;
    const param = (key: string) => params.get(key);
    const show = (key: string) => {
      const range = param(key);
      if (range) render(range[0], range[1], out, depth + 1, false);
    };
    const text = (key: string) => {
      const range = param(key);
      return range ? wikitext.slice(range[0], range[1]).trim() : '';
    };
    if (/^formatnum:/i.test(name)) {
      // `{{formatnum:1473000000|R}}`: the value runs from the colon to the first bar.
      const valueStart = wikitext.indexOf(':', start) + 1;
      const first = param('1');
      render(valueStart, first ? first[0] - 1 : end - 2, out, depth + 1, false);
      return;
    }
    if (name.startsWith('#')) return; // parser functions compute at render time: unknown offline
    if (isInfobox(catalog, name)) {
      flush();
      for (const [field, range] of params) {
        if (/^\d+$/.test(field)) continue;
        const value = newPassage();
        const year = fieldYear(field, text);
        value.infobox = { template: name, field, ...(year ? { year } : {}) };
        render(range[0], range[1], value, depth + 1, false);
        keep(value);
      }
      return;
    }
    if (SHORT_FOOTNOTES.has(name)) {
      out.refs.push({ at: out.text.length, ref: -1, label: [text('1'), text('2')].filter(Boolean).join(' ') });
      return;
    }
    if (name === 'Convert' || name === 'Cvt') {
      renderConvert(template, out);
      return;
    }
    if (CIRCA.has(name)) {
      emit(out, 'c. ', start);
      show('1');
      return;
    }
    const currency = CURRENCY[name];
    if (currency !== undefined) {
      emit(out, currency, start);
      show('1');
      return;
    }
    if (name === 'Currency') {
      show('1');
      emit(out, ` ${text('2') || 'USD'}`, start);
      return;
    }
    if (name === 'As of') {
      emit(out, `as of ${[text('3'), text('2'), text('1')].filter(Boolean).join(' ')}`, start);
      return;
    }
    if (name === 'Val') {
      show('1');
      if (param('u')) emit(out, ` ${text('u')}`, start);
      return;
    }
    if (SHOW_SECOND.has(name)) return show('2');
    if (SHOW_FIRST.has(name) || /^Lang-/.test(name)) return show('1');
    // Any other template (tags and citations, which are anchors of their own elsewhere; navboxes,
    // icons, maintenance banners) shows nothing we can read.
  };

  /** `{{convert|90|km|…}}`, `{{convert|70|-|90|km}}`: the input value(s) and unit only. */
  const renderConvert = (template: Template, out: Passage) => {
    const value = (key: string) => {
      const range = template.params.get(key);
      return range ? { text: wikitext.slice(range[0], range[1]).trim(), at: range[0] } : undefined;
    };
    const first = value('1');
    if (!first) return;
    emit(out, first.text, first.at);
    const second = value('2');
    const separator = second && /^(?:-|–|to|and|or|\+\/-|±|x|×|by)$/.test(second.text);
    const third = value('3');
    if (separator && third) {
      emit(out, second.text === '-' ? '–' : ` ${second.text} `, second.at);
      emit(out, third.text, third.at);
      const unit = value('4');
      if (unit) emit(out, ` ${unitName(unit.text)}`, unit.at);
    } else if (
      second &&
      /^(?:ft|foot|feet)$/.test(second.text) &&
      third &&
      /^\d+(?:\.\d+)?$/.test(third.text) &&
      /^(?:in|inch|inches)$/.test(value('4')?.text ?? '')
    ) {
      // {{convert|5|ft|6|in|m}}: five feet six inches, one length.
      emit(out, ` ft ${third.text} in`, second.at);
    } else if (second) emit(out, ` ${unitName(second.text)}`, second.at);
  };
  // A bare "m" after a number in prose may be millions, and "in" a preposition; in a convert
  // they are metres and inches.
  const unitName = (unit: string) => (unit === 'm' ? 'metres' : unit === 'in' ? 'inches' : unit);

  render(0, wikitext.length, undefined, 0, true);
  flush();
  return passages;
}

/** Suffixes an infobox field's name may carry past the stem its date field is named by. */
const FIELD_SUFFIX = /_(?:km2|sq_mi|total|est|estimate|census|density_km2|density_sq_mi|rank)$/;

/**
 * The year of an infobox field as its sibling gives it: `population_estimate_year`,
 * `revenue_year`, `num_locations_year`, `area_as_of`, for the field or its stem
 * (`population_estimate` → `population_estimate_year`, then `population_year`).
 */
function fieldYear(field: string, text: (key: string) => string): string | undefined {
  for (let stem = field, last = ''; stem !== last; last = stem, stem = stem.replace(FIELD_SUFFIX, '')) {
    for (const sibling of ['_year', '_as_of', '_date', '_yr']) {
      const year = /\b(1[5-9]\d\d|20\d\d)\b/.exec(text(stem + sibling))?.[1];
      if (year) return year;
    }
  }
  return undefined;
}

function newPassage(): Passage {
  return { text: '', map: [], refs: [] };
}

/**
 * Whether a passage being built ends in spacing. Kept aside because reading the end of a
 * string built a character at a time flattens it: a 500 KB paragraph took 25 s.
 */
const endsInSpace = new WeakMap<Passage, boolean>();

function emit(out: Passage, text: string, at: number): void {
  let spaced = out.text.length === 0 || (endsInSpace.get(out) ?? false);
  for (let k = 0; k < text.length; k++) {
    const ch = text[k]!;
    // One space for any run of spacing (non-breaking spaces included).
    if (/\s/.test(ch)) {
      if (spaced) continue;
      out.text += ch === '\n' ? '\n' : ' ';
      spaced = true;
    } else {
      out.text += ch;
      spaced = false;
    }
    out.map.push(at);
  }
  endsInSpace.set(out, spaced);
}

function trimPassage(p: Passage): Passage {
  let end = p.text.length;
  while (end > 0 && /\s/.test(p.text[end - 1]!)) end--;
  return {
    ...p,
    text: p.text.slice(0, end),
    map: p.map.slice(0, end),
    refs: p.refs.map((r) => ({ ...r, at: Math.min(r.at, end) })),
  };
}

/** Just past the `]]` that closes the link at `start` (file captions hold links), or -1. */
/** Where each `]]` of the last text asked about is: linkEnd looks the next one up instead of walking to it. */
let closers: { text: string; at: number[] } | undefined;

function nextCloser(text: string, from: number): number {
  if (closers?.text !== text) closers = { text, at: [...text.matchAll(/\]\]/g)].map((m) => m.index) };
  const { at } = closers;
  let lo = 0;
  let hi = at.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (at[mid]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < at.length ? at[lo]! : -1;
}

function linkEnd(text: string, start: number, to: number): number {
  // No `]]` within reach: no end, found without walking there (100,000 unclosed `[[` would
  // each walk 20,000 characters).
  const closer = nextCloser(text, start);
  if (closer === -1 || closer >= to - 1 || closer >= start + 20_000) return -1;
  let depth = 0;
  for (let i = start; i < to - 1 && i < start + 20_000; i++) {
    if (text[i] === '[' && text[i + 1] === '[') {
      depth++;
      i++;
    } else if (text[i] === ']' && text[i + 1] === ']') {
      depth--;
      i++;
      if (depth === 0) return i + 1;
    } else if (text[i] === '\n' && text[i + 1] === '\n') return -1;
  }
  return -1;
}

function lineAt(text: string, from: number, to: number): string {
  const nl = text.indexOf('\n', from);
  return text.slice(from, nl === -1 || nl >= to ? to : nl + 1);
}

/** Past the `|}` that closes the table opened at `from` (tables nest). */
function skipTable(text: string, from: number, to: number): number {
  let depth = 0;
  const pattern = /^[ \t]*(\{\||\|\})/gm;
  pattern.lastIndex = from;
  for (let m = pattern.exec(text); m && m.index < to; m = pattern.exec(text)) {
    depth += m[1] === '{|' ? 1 : -1;
    if (depth === 0) {
      const nl = text.indexOf('\n', m.index);
      return nl === -1 || nl > to ? to : nl + 1;
    }
  }
  return to;
}

const ENTITIES: Record<string, string> = {
  nbsp: ' ',
  ndash: '–',
  mdash: '—',
  minus: '−',
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  thinsp: ' ',
  ensp: ' ',
  emsp: ' ',
  times: '×',
  asymp: '≈',
  plusmn: '±',
  deg: '°',
  euro: '€',
  pound: '£',
  yen: '¥',
  cent: '¢',
};

function decodeEntity(name: string): string {
  if (name[0] === '#') {
    const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : '';
  }
  return ENTITIES[name.toLowerCase()] ?? `&${name};`;
}

/**
 * A template's name and parameters, split at the `|` that belong to it (not to nested
 * templates or links). Parameters are numbered as MediaWiki numbers them.
 */
function parseTemplate(
  text: string,
  start: number,
  end: number,
  pairs: ReadonlyMap<number, number>,
  caseRule: TemplateCatalog['caseRule'],
): Template | undefined {
  const bars: number[] = [];
  let i = start + 2;
  while (i < end - 2) {
    const nested = text[i] === '{' && text[i + 1] === '{' ? pairs.get(i) : undefined;
    if (nested !== undefined) {
      i = nested;
      continue;
    }
    if (text[i] === '[' && text[i + 1] === '[') {
      const close = text.indexOf(']]', i + 2);
      if (close !== -1 && close < end - 2) {
        i = close + 2;
        continue;
      }
    }
    if (text[i] === '|') bars.push(i);
    i++;
  }
  const nameEnd = bars[0] ?? end - 2;
  const rawName = text.slice(start + 2, nameEnd);
  if (rawName.length > 200) return undefined;
  const name = /^\s*#|^\s*formatnum\s*:/i.test(rawName) ? rawName.trim() : normalizeTemplateName(rawName, caseRule);
  const params = new Map<string, [number, number]>();
  let position = 0;
  bars.forEach((bar, k) => {
    const valueEnd = bars[k + 1] ?? end - 2;
    const raw = text.slice(bar + 1, valueEnd);
    const eq = raw.indexOf('=');
    const named = eq > 0 && !/[{[<]/.test(raw.slice(0, eq)) ? raw.slice(0, eq).trim() : undefined;
    if (named) {
      let valueStart = bar + 1 + eq + 1;
      while (valueStart < valueEnd && /\s/.test(text[valueStart]!)) valueStart++;
      params.set(named, [valueStart, valueEnd]);
    } else params.set(String(++position), [bar + 1, valueEnd]);
  });
  return { name, params };
}
