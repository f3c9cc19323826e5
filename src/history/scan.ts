import { normalizeTemplateName, roleOf, type TagRule, type TemplateCatalog } from '../wikitext/index.ts';

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
}

/** Content the wiki does not read as markup: comments and these tags (not self-closed). */
const HIDDEN =
  /<!--[\s\S]*?(?:-->|$)|<(nowiki|pre|math|syntaxhighlight|source|score|chem|ce|code)\b([^>]{0,500})(?<!\/)>[\s\S]*?(?:<\/\1\s*>|$)/gi;
const MAX_CLAIM = 150;
const MAX_NESTING = 40;

/**
 * Where hidden content lies, as sorted [start, end) ranges. Ranges rather than a blanked
 * copy: a history scans every revision, and copying each one is most of the cost.
 */
function hiddenRanges(text: string): number[][] {
  if (!/<!--|<(?:nowiki|pre|math|syntaxhighlight|source|score|chem|ce|code)\b/i.test(text)) return [];
  const ranges: number[][] = [];
  for (const m of text.matchAll(HIDDEN)) ranges.push([m.index, m.index + m[0].length]);
  return ranges;
}

function isHidden(ranges: readonly number[][], offset: number): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [a, b] = ranges[mid]!;
    if (offset < a!) hi = mid - 1;
    else if (offset >= b!) lo = mid + 1;
    else return true;
  }
  return false;
}

/** A template's inner text with its hidden parts (a comment in a name or a value) removed. */
function visible(text: string, start: number, end: number, ranges: readonly number[][]): string {
  const inner = text.slice(start, end);
  if (!ranges.length || !/<!--|<(?:nowiki|pre|math|syntaxhighlight|source|score|chem|ce|code)\b/i.test(inner))
    return inner;
  return inner.replace(HIDDEN, '');
}

/** Splits a template's inner text at top-level pipes (not inside nested templates or links). */
function splitParams(inner: string): string[] {
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

/** Every template with its span, outermost and nested alike, found by matching braces. */
function templates(text: string, hidden: readonly number[][]): { start: number; end: number }[] {
  const found: { start: number; end: number }[] = [];
  const opens: number[] = [];
  let open = text.indexOf('{{');
  let close = text.indexOf('}}');
  while (close !== -1) {
    if (open !== -1 && open < close) {
      if (!isHidden(hidden, open)) opens.push(open);
      open = text.indexOf('{{', open + 2);
      continue;
    }
    if (isHidden(hidden, close)) {
      close = text.indexOf('}}', close + 2);
      continue;
    }
    const start = opens.pop();
    // Templates nested deeper than MediaWiki expands are no tags: skipping them keeps the
    // work linear where every level would otherwise re-read all the levels inside it.
    if (start !== undefined && opens.length < MAX_NESTING) found.push({ start, end: close + 2 });
    close = text.indexOf('}}', close + 2);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Finds the inline tags and citation templates of one revision. */
export function scanRevision(wikitext: string, catalog: TemplateCatalog): Scan {
  const text = wikitext;
  const hidden = hiddenRanges(text);
  const tags: ScannedTag[] = [];
  const citations: ScannedCitation[] = [];
  const fields = catalog.citationParams;
  for (const { start, end } of templates(text, hidden)) {
    const parts = splitParams(visible(text, start + 2, end - 2, hidden));
    const rawName = parts[0]!.trim();
    // Parser functions (`#if:`), magic words and other namespaces (`{{:Article}}`) are no tags.
    if (!rawName || rawName.startsWith('#') || (rawName.includes(':') && !/^template\s*:/i.test(rawName))) continue;
    const role = roleOf(catalog, normalizeTemplateName(rawName, catalog.caseRule));
    if (!role || role.kind === 'webarchive') continue;
    const params = paramsOf(parts);
    if (role.kind === 'tag') {
      const date = params.get('date') ?? params.get('Date');
      tags.push({
        name: normalizeTemplateName(rawName, catalog.caseRule),
        canonical: role.canonical,
        rule: role.rule,
        offset: start,
        ...(date ? { date } : {}),
        claim: claimBefore(wikitext, start),
      });
    } else {
      const get = (field: keyof typeof fields) => first(params, fields[field]);
      const c: ScannedCitation = { template: role.canonical, offset: start };
      const url = get('url');
      const title = get('title');
      const archiveUrl = get('archiveUrl');
      const urlStatus = get('urlStatus');
      const deadUrl = get('deadUrl');
      if (url) c.url = url;
      if (title) c.title = title;
      if (archiveUrl) c.archiveUrl = archiveUrl;
      if (urlStatus) c.urlStatus = urlStatus;
      if (deadUrl) c.deadUrl = deadUrl;
      citations.push(c);
    }
  }
  return { tags, citations };
}
