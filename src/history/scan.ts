import {
  bracePairs,
  hiddenLeaks,
  hiddenRanges,
  normalizeTemplateName,
  roleOf,
  stripHidden,
  type TagRule,
  type TemplateCatalog,
} from '../wikitext/index.ts';
import type { DiffOp } from './diff.ts';

/**
 * A fast, parser-free pass over one revision's wikitext that finds the inline tags and
 * citation templates a history needs to compare revisions. wikiparser-node takes tens
 * of milliseconds per long revision; a 15,000-revision history needs well under one.
 * The final revision is still audited with the full extraction: this scan only feeds
 * the change events between revisions.
 */
export interface ScannedTag {
  name: string;
  canonical: string;
  rule: TagRule;
  offset: number;
  /** The date parameter as written. */
  date?: string;
  /** The wikitext just before the tag on its line: the claim, as a key across revisions. */
  claim: string;
}

export interface ScannedCitation {
  template: string;
  offset: number;
  url?: string;
  title?: string;
  archiveUrl?: string;
  urlStatus?: string;
  deadUrl?: string;
}

export interface Scan {
  tags: ScannedTag[];
  citations: ScannedCitation[];
  /**
   * The URLs written in the text (outside comments and other hidden content), each as its
   * urlKey; read only when asked (`{ urls: true }`: a history that dates links), else empty.
   */
  urls: string[];
}

/** What a scan reads besides tags and citations. */
export interface ScanOptions {
  urls?: boolean;
}

/** A URL (http, https, ftp or protocol-relative) up to what ends one in wikitext: space, a pipe, brackets, braces, angle brackets, quotes. */
const URL_RUN = /(?:\b(?:https?|ftp):)?\/\/[^\s|[\]{}<>"]+/gi;
/** What ends a free link inside such a run (MediaWiki): italics or bold, and these entities. */
const LINK_END = /''|&(?:lt|gt|nbsp|quot);/i;
const ENTITY = /&(?:amp|#(\d{1,7})|#x([0-9a-f]{1,6}));/gi;
const TRAILING = ',;.:!?';

/**
 * A URL as a key that the same link gives however it is written: cut where MediaWiki ends
 * a free link (before `''` or `&lt;`, without trailing punctuation or a `)` it did not
 * open), `&amp;` and numeric entities decoded, and no scheme, `www.`, host case, fragment
 * or trailing slash (so `http` → `https` and such restyling keep a link's date). Linear in
 * the URL's length, whatever it holds. For dating only: two keys alike may be two URLs.
 */
export function urlKey(raw: string): string {
  let url = raw;
  const end = url.search(LINK_END);
  if (end !== -1) url = url.slice(0, end);
  if (url.includes('&'))
    url = url.replace(ENTITY, (m, dec?: string, hex?: string) => {
      const code = dec ? Number(dec) : hex ? parseInt(hex, 16) : 38;
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : m;
    });
  const opened = url.includes('(');
  let n = url.length;
  while (n > 0 && (TRAILING.includes(url[n - 1]!) || (url[n - 1] === ')' && !opened))) n--;
  const at = url.indexOf('//');
  if (at === -1) return url.slice(0, n);
  const host = at + 2;
  let path = host;
  while (path < n && !'/?#'.includes(url[path]!)) path++;
  let stop = url.indexOf('#', path);
  if (stop === -1 || stop > n) stop = n;
  while (stop > path && url[stop - 1] === '/') stop--;
  let name = url.slice(host, path).toLowerCase();
  if (name.startsWith('www.')) name = name.slice(4);
  return `//${name}${url.slice(path, stop)}`;
}

const MAX_CLAIM = 150;
/** Templates nested deeper than this are no tags: skipping them keeps the scan linear. */
const MAX_NESTING = 40;

/** Splits a template's inner text at top-level pipes (not inside nested templates or links). */
/** The `|`-separated parts of a template's inside; with `limit`, only the first `limit` of them. */
function splitParams(inner: string, limit = Infinity): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    const next = inner[i + 1];
    if ((c === '{' && next === '{') || (c === '[' && next === '[')) {
      depth++;
      i++;
    } else if (depth > 0 && ((c === '}' && next === '}') || (c === ']' && next === ']'))) {
      depth--;
      i++;
    } else if (c === '|' && depth === 0) {
      parts.push(inner.slice(start, i));
      if (parts.length >= limit) return parts;
      start = i + 1;
    }
  }
  parts.push(inner.slice(start));
  return parts;
}

function paramsOf(parts: string[]): Map<string, string> {
  const params = new Map<string, string>();
  let positional = 0;
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    const key = eq === -1 ? String(++positional) : part.slice(0, eq).trim();
    const value = (eq === -1 ? part : part.slice(eq + 1)).trim();
    params.set(key, value);
  }
  return params;
}

const first = (params: Map<string, string>, names: readonly string[]) => {
  for (const n of names) {
    const v = params.get(n);
    if (v) return v;
  }
  return undefined;
};

/** The tag's claim key: what precedes it on its line, back to the previous sentence end. */
function claimBefore(text: string, offset: number): string {
  // Bounded: only the last few hundred characters of the line are read, however long it is.
  const from = Math.max(0, offset - MAX_CLAIM * 2);
  let slice = text.slice(from, offset);
  slice = slice.slice(slice.lastIndexOf('\n') + 1);
  slice = slice.replace(/<ref\b[^>]{0,500}\/>|<ref\b[^>]{0,500}>[\s\S]*?<\/ref\s*>/gi, '').trimEnd();
  // Other templates before the tag (another tag, a {{cn}} next to a {{dubious}}) are no part of the claim.
  slice = slice.replace(/\{\{[^{}]{0,500}\}\}/g, '').trimEnd();
  const body = slice.replace(/[.!?]["')\]]{0,3}$/, '');
  const cut = Math.max(body.lastIndexOf('. '), body.lastIndexOf('! '), body.lastIndexOf('? '));
  const claim = (cut === -1 ? slice : slice.slice(cut + 2)).trim();
  return claim.length > MAX_CLAIM ? claim.slice(-MAX_CLAIM) : claim;
}

/** The citation fields a history follows, in the order they are reported. */
const SCANNED_FIELDS = ['url', 'title', 'archiveUrl', 'urlStatus', 'deadUrl'] as const;

/** Finds the inline tags and citation templates of one revision. */
export function scanRevision(text: string, catalog: TemplateCatalog, options: ScanOptions = {}): Scan {
  return scanText(text, catalog, options).scan;
}

/**
 * The scan of a text, and whether it is closed: no `{{` left open and no hidden content
 * that text after it could extend (see hiddenLeaks). A closed text scans the same alone
 * as at the start of a longer one.
 */
function scanText(text: string, catalog: TemplateCatalog, options: ScanOptions): { scan: Scan; closed: boolean } {
  const hidden = hiddenRanges(text);
  const tags: ScannedTag[] = [];
  const citations: ScannedCitation[] = [];
  const fields = catalog.citationParams;
  const { pairs, unclosed } = bracePairs(text, hidden);
  for (const { start, end, depth } of pairs) {
    if (depth >= MAX_NESTING) continue;
    // A comment in a name or a value (`{{cn<!-- why -->|date=…}}`) is no part of it.
    const inner = text.slice(start + 2, end - 2);
    const body = hidden.length ? stripHidden(inner) : inner;
    // The name first: most templates (infoboxes, navboxes) are neither tags nor citations,
    // and their parameters need no splitting.
    const rawName = splitParams(body, 1)[0]!.trim();
    // Parser functions (`#if:`), magic words and other namespaces (`{{:Article}}`) are no tags.
    if (!rawName || rawName.startsWith('#') || (rawName.includes(':') && !/^template\s*:/i.test(rawName))) continue;
    const name = normalizeTemplateName(rawName, catalog.caseRule);
    const role = roleOf(catalog, name);
    if (!role || role.kind === 'webarchive') continue;
    const params = paramsOf(splitParams(body));
    if (role.kind === 'tag') {
      const date = params.get('date') ?? params.get('Date');
      tags.push({
        name,
        canonical: role.canonical,
        rule: role.rule,
        offset: start,
        ...(date ? { date } : {}),
        claim: claimBefore(text, start),
      });
    } else {
      const get = (field: keyof typeof fields) => first(params, fields[field]);
      const c: ScannedCitation = { template: role.canonical, offset: start };
      for (const field of SCANNED_FIELDS) {
        const value = get(field);
        if (value) c[field] = value;
      }
      citations.push(c);
    }
  }
  const urls: string[] = [];
  if (options.urls && text.includes('//'))
    for (const m of (hidden.length ? stripHidden(text) : text).matchAll(URL_RUN)) urls.push(urlKey(m[0]));
  return { scan: { tags, citations, urls }, closed: unclosed === 0 && !hiddenLeaks(text, hidden) };
}

/**
 * A stretch of a revision's text from one paragraph break (a blank line) to another, or
 * to the text's end, with its scan; the offsets of its tags and citations count from its
 * start. A paragraph that leaves a template or a comment open runs on into the next.
 * Segments hold no position, only their length: an unchanged one is shared, as it is, by
 * the revisions that follow.
 */
interface Segment {
  length: number;
  scan: Scan;
  /** It leaves nothing open and ends with a blank line: it scans the same wherever it stands. */
  closed: boolean;
}

/**
 * A revision's scan by paragraphs. The tags and citations are those scanRevision finds, in
 * the same order; their offsets count from the start of their segment, not of the text.
 */
export interface ParagraphScan extends Scan {
  segments: Segment[];
}

/** The previous revision's paragraph scan and the diff from its text to the new one. */
export interface ScanBefore {
  scan: ParagraphScan;
  ops: readonly DiffOp[];
}

/**
 * The tags and citations of one revision, scanned paragraph by paragraph: a paragraph the
 * diff shows unchanged since the previous revision keeps that revision's scan, so a history
 * scans only what each edit touched. Every segment but the last is closed, so the segments
 * together find what one scan of the whole text finds (each starts a line, after a blank
 * one, with no template or hidden content open before it).
 */
export function scanParagraphs(
  text: string,
  catalog: TemplateCatalog,
  before?: ScanBefore,
  options: ScanOptions = {},
): ParagraphScan {
  const segments: Segment[] = [];
  const kept = before ? unchangedSegments(before) : undefined;
  let at = 0;
  while (at < text.length) {
    const reused = kept?.(at);
    if (reused && (reused.closed || at + reused.length === text.length)) {
      segments.push(reused);
      at += reused.length;
      continue;
    }
    // A new segment, to the next blank line; when that leaves something open, twice as far
    // each time (to a blank line), so an unclosed `{{` high on a long page costs a few
    // scans of its rest, never one per paragraph.
    let end = at;
    let scanned;
    do {
      const brk = text.indexOf('\n\n', Math.max(end, 2 * end - at));
      end = brk === -1 ? text.length : brk + 2;
      scanned = scanText(detached(text.slice(at, end)), catalog, options);
    } while (!scanned.closed && end < text.length);
    segments.push({ length: end - at, scan: scanned.scan, closed: scanned.closed && end < text.length });
    at = end;
  }
  const tags: ScannedTag[] = [];
  const citations: ScannedCitation[] = [];
  const urls: string[] = [];
  for (const { scan } of segments) {
    for (const t of scan.tags) tags.push(t);
    for (const c of scan.citations) citations.push(c);
    for (const u of scan.urls) urls.push(u);
  }
  return { tags, citations, urls, segments };
}

/**
 * A string of its own with the characters of `slice`. A slice of a string keeps the whole
 * string alive, and so would every name, claim or URL cut from it: a segment's scan lives
 * as long as the paragraph stays unchanged, often thousands of revisions, and must hold its
 * own paragraph only, not every revision it was first seen in. (Joining forces a copy.)
 */
function detached(slice: string): string {
  return (' ' + slice).slice(1);
}

/**
 * Where the previous revision's segments stand unchanged in the new text: for a position
 * of the new text, the old segment that starts at the same place of the old text and lies
 * whole inside one run the diff kept. Asked in increasing order of position.
 */
function unchangedSegments(before: ScanBefore): (at: number) => Segment | undefined {
  const byStart = new Map<number, Segment>();
  let start = 0;
  for (const s of before.scan.segments) {
    byStart.set(start, s);
    start += s.length;
  }
  // The runs kept: [start in the new text, end in the new text, start in the old text].
  const kept: [number, number, number][] = [];
  let at = 0;
  let oldAt = 0;
  for (const { op, text } of before.ops) {
    if (op === 'equal') kept.push([at, at + text.length, oldAt]);
    if (op !== 'delete') at += text.length;
    if (op !== 'insert') oldAt += text.length;
  }
  let k = 0;
  return (pos) => {
    while (k < kept.length && kept[k]![1] <= pos) k++;
    const run = kept[k];
    if (!run || run[0] > pos) return undefined;
    const segment = byStart.get(run[2] + pos - run[0]);
    return segment && pos + segment.length <= run[1] ? segment : undefined;
  };
}
