import Parser from 'wikiparser-node';
import type {
  AstNodes,
  ExtLinkToken,
  ExtToken,
  HeadingToken,
  HtmlToken,
  MagicLinkToken,
  ParameterToken,
  Token,
  TranscludeToken,
} from 'wikiparser-node/dist/internal.js';
import {
  CITATION_FIELDS,
  isInfobox,
  normalizeTemplateName,
  roleOf,
  type CitationField,
  type TemplateCatalog,
} from './catalog.ts';
import { bracePairs, delimitedPairs, hiddenRanges, inRanges, pairNesting } from './braces.ts';
import { parseTagMonth } from './dates.ts';
import { clipClaim, lastSentence, plainText, stripComments, truncate } from './plain.ts';
import type {
  ArchiveLink,
  Citation,
  ExternalLink,
  Extraction,
  InlineTag,
  Location,
  Ref,
  ReferenceList,
  Section,
  Span,
  Webarchive,
} from './types.ts';

Parser.config = 'enwiki';
Parser.warning = false;
// Read-only trees cache offsets; without this, positions cost more than the parse.
Parser.viewOnly = true;

/** Stage 9 has refs, templates, headings, links and free URLs: all an audit needs. */
const MAX_STAGE = 9;
/** MediaWiki's `$wgMaxTemplateDepth` is 100; `{{` nested deeper than this is refused. */
const MAX_BRACE_DEPTH = 100;
/** `[[` nested deeper than this is refused the same way. */
const MAX_LINK_DEPTH = 100;
const MAX_TEXT = 300;
const MAX_PARAM = 200;
/** Tags of these kinds render nothing: templates inside them do not count. */
const UNRENDERED_HTML = new Set(['code', 'tt', 'kbd', 'samp', 'var']);

export interface ExtractOptions {
  /** The page title, for the parser's relative links. */
  title?: string;
}

const cap = (s: string, n = MAX_TEXT) => truncate(s, n);

/** Builds the line table once so every span is a binary search. */
export function lineIndex(text: string) {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (start: number, end: number): Span => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= start) lo = mid;
      else hi = mid - 1;
    }
    return { start, end, line: lo + 1, column: start - starts[lo]! + 1 };
  };
}

/**
 * Extracts sections, refs, citations, archives, external links and inline tags from one
 * revision's wikitext. Returns plain data only: no parser token leaves this module.
 */
export function extract(wikitext: string, catalog: TemplateCatalog, options: ExtractOptions = {}): Extraction {
  const failed = (error: string): Extraction => ({
    sections: [],
    refs: [],
    referenceLists: [],
    citations: [],
    webarchives: [],
    links: [],
    tags: [],
    error,
  });
  const hidden = hiddenRanges(wikitext);
  const depth = bracePairs(wikitext, hidden).maxDepth;
  if (depth > MAX_BRACE_DEPTH) {
    return failed(`templates nested ${depth} deep (MediaWiki itself stops expanding at ${MAX_BRACE_DEPTH})`);
  }
  // `[[` nested thousands deep costs the parser seconds and gigabytes (100 KB of them,
  // 1.4 GB); a real page nests a few, in image captions. Unclosed `[[` are read as text, cheaply.
  const links = pairNesting(delimitedPairs(wikitext, '[[', ']]', hidden).pairs);
  if (links > MAX_LINK_DEPTH) return failed(`links nested ${links} deep (a real page nests a few, in image captions)`);
  try {
    const root = options.title
      ? Parser.parse(wikitext, options.title, false, MAX_STAGE)
      : Parser.parse(wikitext, false, MAX_STAGE);
    return extractTree(root, catalog);
  } catch (err) {
    // The parser recurses: pathological nesting can still overflow the stack while a
    // tree is walked or printed. One page fails; the run goes on.
    return failed(err instanceof Error ? err.message : String(err));
  }
}

/** What wikiparser-node drops before parsing (its `tidy`): NUL, DEL, and a CR before a line break. */
const UNTIDY = /[\0\x7F]|\r$/gmu;

/**
 * The text as the parser reads it: an Extraction's offsets refer to this, not to the text
 * as the dump holds it (MediaWiki stores LF line ends, but a dump can carry `&#13;`). Read
 * figures and diff revisions over it, so every stage counts the same characters.
 */
export function tidyWikitext(text: string): string {
  return /[\0\x7F\r]/.test(text) ? text.replace(UNTIDY, '') : text;
}

function extractTree(root: Token, catalog: TemplateCatalog): Extraction {
  // With viewOnly, offsets are cached only for the siblings before the node asked about:
  // asking last-to-first once fills every cache, where document order would re-sum all
  // earlier siblings for each node (quadratic on long lists).
  // (An explicit walk: the selector engine's `*` is itself quadratic on deep nesting.)
  const all: AstNodes[] = [];
  const stack: AstNodes[] = [root];
  while (stack.length) {
    const node = stack.pop()!;
    all.push(node);
    const children = node.childNodes;
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  for (let i = all.length - 1; i >= 0; i--) all[i]!.getAbsoluteIndex();
  // The parser tidies the text (NUL, DEL, CR before LF); offsets refer to its copy.
  const text = root.toString();
  const spanOf = lineIndex(text);
  const at = (node: AstNodes): Span => {
    const start = node.getAbsoluteIndex();
    return spanOf(start, start + String(node).length);
  };

  // One walk serves every selection below: the selector engine would walk the tree again each time.
  const ofType = <T extends AstNodes>(type: string) => all.filter((n) => n.type === type) as T[];
  const sections = collectSections(ofType<HeadingToken>('heading'), spanOf);
  const sectionAt = (offset: number) => sectionTitleAt(sections, offset);
  const hidden = unrenderedRanges(ofType<HtmlToken>('html'));
  const isHidden = (offset: number) => inRanges(hidden, offset);

  const refs: Ref[] = [];
  const refIndex = new Map<Token, number>();
  const citations: Citation[] = [];
  const webarchives: Webarchive[] = [];
  const links: ExternalLink[] = [];
  const tags: InlineTag[] = [];

  const nodes = all.filter(
    (n) => isRef(n) || n.type === 'template' || n.type === 'ext-link' || n.type === 'free-ext-link',
  );
  const refOf = (node: AstNodes): number | undefined => {
    const ref = enclosingRef(node);
    return ref ? refIndex.get(ref) : undefined;
  };
  /**
   * Where a node lives. A ref, caption or table cell decides at once; a template field
   * is remembered while the walk goes on, because a value wrapped in `{{nowrap|…}}` is
   * still the infobox field around it.
   */
  const locationOf = (node: AstNodes): Location => {
    let field: Location | undefined;
    for (let n: Token | undefined = node.parentNode; n; n = n.parentNode) {
      if (isRef(n)) {
        const ref = refIndex.get(n);
        if (ref !== undefined) return { kind: 'ref', ref };
      }
      if (n.type === 'image-parameter') return field ?? { kind: 'caption' };
      if (n.type === 'td' || n.type === 'table') return field ?? { kind: 'table' };
      if (n.type === 'parameter' && n.parentNode?.type === 'template') {
        const name = templateName(n.parentNode as TranscludeToken, catalog);
        const param = (n as ParameterToken).name;
        if (name && isInfobox(catalog, name)) return { kind: 'infobox', template: name, field: param };
        if (name) field ??= { kind: 'template', template: name, field: param };
      }
    }
    return field ?? { kind: 'body' };
  };

  for (const node of nodes) {
    const start = node.getAbsoluteIndex();
    if (isHidden(start)) continue;
    if (node.type === 'ext') {
      const ref = node as ExtToken;
      const name = attrOf(ref, 'name');
      const group = attrOf(ref, 'group');
      const index = refs.length;
      refIndex.set(ref, index);
      refs.push({
        index,
        ...(name !== undefined ? { name } : {}),
        ...(group ? { group } : {}),
        selfClosing: ref.selfClosing,
        content: cap(ref.selfClosing ? '' : (ref.innerText ?? ''), 2000),
        inList: inReferenceList(ref, catalog),
        section: sectionAt(start),
        span: at(ref),
      });
      continue;
    }
    if (node.type === 'template') {
      const template = node as TranscludeToken;
      const name = templateName(template, catalog);
      if (!name) continue;
      const role = roleOf(catalog, name);
      if (!role) continue;
      const ref = refOf(template);
      const common = { section: sectionAt(start), span: at(template), text: cap(String(template)) };
      if (role.kind === 'citation') {
        citations.push({
          index: citations.length,
          kind: 'template',
          template: role.canonical,
          ...citationParams(template, catalog),
          ...(ref !== undefined ? { ref } : {}),
          location: locationOf(template),
          ...common,
        });
      } else if (role.kind === 'webarchive') {
        webarchives.push({
          index: webarchives.length,
          template: name,
          archives: webarchiveLinks(template),
          ...(ref !== undefined ? { ref } : {}),
          ...common,
        });
      } else {
        const params = paramsOf(template);
        const dateRaw = params['date'] ?? params['Date'] ?? positionalDate(params['1']);
        const date = dateRaw ? parseTagMonth(dateRaw) : undefined;
        const reason = params['reason'] ?? params['Reason'];
        const location = locationOf(template);
        tags.push({
          index: tags.length,
          name,
          canonical: role.canonical,
          rule: role.rule,
          ...(date ? { date } : {}),
          ...(dateRaw ? { dateRaw } : {}),
          ...(reason ? { reason } : {}),
          params,
          claim: claimOf(text, template, location, params, role.canonical),
          ...(ref !== undefined ? { ref } : {}),
          location,
          ...common,
        });
      }
      continue;
    }
    const link = node as ExtLinkToken | MagicLinkToken;
    const url = String(link.link ?? '').trim();
    if (!/^(?:https?:)?\/\//i.test(url)) continue;
    const ref = refOf(link);
    const param = enclosingParameter(link);
    const owner =
      param?.parentNode?.type === 'template' ? templateName(param.parentNode as TranscludeToken, catalog) : undefined;
    // A label-less `[url]` renders as "[1]": its label is the second child, when there is one.
    const labelNode = node.type === 'ext-link' ? (node as ExtLinkToken).childNodes[1] : undefined;
    const label = labelNode ? plainText(String(labelNode)) : undefined;
    links.push({
      index: links.length,
      url,
      ...(label ? { label } : {}),
      bracketed: node.type === 'ext-link',
      ...(ref !== undefined ? { ref } : {}),
      ...(param && owner ? { template: owner, param: param.name } : {}),
      section: sectionAt(start),
      span: at(link),
    });
  }

  resolveRefNames(refs);
  addLinkCitations(refs, links, citations, text);
  attach(text, refs, citations, links, webarchives, tags);
  return {
    sections,
    refs,
    referenceLists: referenceListsOf(
      all.filter((n) => n.type === 'template' || (n.type === 'ext' && (n as ExtToken).name === 'references')),
      refs,
      catalog,
      sectionAt,
      at,
    ),
    citations,
    webarchives,
    links,
    tags,
  };
}

/** `<references/>` tags and the templates that render one (`{{Reflist}}`), with their groups. */
function referenceListsOf(
  candidates: readonly AstNodes[],
  refs: readonly Ref[],
  catalog: TemplateCatalog,
  sectionAt: (offset: number) => string,
  at: (node: AstNodes) => Span,
): ReferenceList[] {
  const lists: ReferenceList[] = [];
  for (const node of candidates) {
    let group: string | undefined;
    let template: string | undefined;
    if (node.type === 'ext') {
      group = attrOf(node as ExtToken, 'group');
      if (node.closest('template')) continue;
    } else {
      const name = templateName(node as TranscludeToken, catalog);
      if (!name || !catalog.referenceListTemplates.includes(name)) continue;
      template = name;
      const g = (node as TranscludeToken).getValue('group');
      group = typeof g === 'string' && g.trim() ? g.trim() : undefined;
    }
    const span = at(node);
    lists.push({
      ...(group ? { group } : {}),
      ...(template ? { template } : {}),
      defines: refs.filter((r) => r.inList && r.span.start >= span.start && r.span.end <= span.end).length,
      section: sectionAt(span.start),
      span,
    });
  }
  return lists;
}

const isRef = (n: AstNodes): n is ExtToken => n.type === 'ext' && (n as ExtToken).name === 'ref';

/** The innermost `<ref>` around a node. */
function enclosingRef(node: AstNodes): ExtToken | undefined {
  for (let n = node.parentNode; n; n = n.parentNode) if (isRef(n)) return n;
  return undefined;
}

/** Defined in `<references>…</references>` or in a `{{reflist|refs=…}}`-style template. */
function inReferenceList(ref: ExtToken, catalog: TemplateCatalog): boolean {
  for (let n = ref.parentNode; n; n = n.parentNode) {
    if (n.type === 'ext' && (n as ExtToken).name === 'references') return true;
    if (n.type === 'template') {
      const name = templateName(n as TranscludeToken, catalog);
      return name !== undefined && catalog.referenceListTemplates.includes(name);
    }
  }
  return false;
}

/** The normalized name of a real template (not a parser function, not `{{:Article}}`). */
function templateName(token: TranscludeToken, catalog: TemplateCatalog): string | undefined {
  const name = token.name;
  if (!name || !name.startsWith('Template:')) return undefined;
  return normalizeTemplateName(name, catalog.caseRule);
}

function attrOf(ref: ExtToken, name: string): string | undefined {
  const v = ref.getAttr(name);
  if (v === undefined || v === true) return undefined;
  return String(v).trim();
}

/** Parameter values as written, comments dropped, `{{!}}` as a pipe, capped. */
function paramsOf(template: TranscludeToken): Record<string, string> {
  const out: Record<string, string> = {};
  let count = 0;
  for (const arg of template.getAllArgs()) {
    if (++count > 50) break;
    const value = cleanValue(String(arg.value ?? ''));
    out[arg.name] = cap(value, MAX_PARAM);
  }
  return out;
}

const cleanValue = (v: string) =>
  stripComments(v)
    .replace(/\{\{\s*!\s*\}\}/g, '|')
    .trim();

/** A positional first parameter counts as the date when it reads like one (`{{cn|May 2010}}`). */
function positionalDate(value: string | undefined): string | undefined {
  return value && parseTagMonth(value) ? value : undefined;
}

function citationParams(template: TranscludeToken, catalog: TemplateCatalog): Partial<Record<CitationField, string>> {
  const out: Partial<Record<CitationField, string>> = {};
  for (const field of CITATION_FIELDS) {
    for (const key of catalog.citationParams[field]) {
      const raw = template.getValue(key);
      if (typeof raw !== 'string') continue;
      const value = field === 'title' || field === 'work' || field === 'publisher' ? plainText(raw) : cleanValue(raw);
      if (value) {
        out[field] = cap(value, MAX_PARAM * 5);
        break;
      }
    }
  }
  return out;
}

/** `url`…`url10` with their `date`/`title` partners, matched by number. */
function webarchiveLinks(template: TranscludeToken): ArchiveLink[] {
  const out: ArchiveLink[] = [];
  for (let i = 1; i <= 10; i++) {
    const suffix = i === 1 ? '' : String(i);
    const value = (name: string) => {
      const v = template.getValue(`${name}${suffix}`);
      return typeof v === 'string' ? v : undefined;
    };
    const url = cleanValue(value('url') ?? '');
    if (!url) continue;
    const date = cleanValue(value('date') ?? '');
    const title = value('title');
    out.push({
      url,
      ...(date ? { date } : {}),
      ...(title !== undefined && cleanValue(title) ? { title: plainText(title) } : {}),
    });
  }
  return out;
}

/** Of spans in text order (none empty of `start`), the last one that starts at or before `offset`. */
export function lastStartingAt<T extends { start: number }>(spans: readonly T[], offset: number): T {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (spans[mid]!.start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return spans[lo]!;
}

/** The title of the section holding `offset`: sections are in page order, the lead first at 0. */
export function sectionTitleAt(sections: readonly Section[], offset: number): string {
  return lastStartingAt(sections, offset).title;
}

function collectSections(headings: readonly HeadingToken[], spanOf: (s: number, e: number) => Span): Section[] {
  const sections: Section[] = [{ title: '(lead)', path: [], level: 1, line: 1, start: 0 }];
  const stack: Section[] = [];
  for (const heading of headings) {
    const start = heading.getAbsoluteIndex();
    const title = plainText(String(heading.firstChild ?? '')) || '(untitled)';
    while (stack.length && stack[stack.length - 1]!.level >= heading.level) stack.pop();
    const section: Section = {
      title,
      path: [...stack.map((s) => s.title), title],
      level: heading.level,
      line: spanOf(start, start).line,
      start,
    };
    stack.push(section);
    sections.push(section);
  }
  return sections;
}

/** `<code>…</code>` and kin: MediaWiki renders them, but their templates are examples, not claims. */
function unrenderedRanges(tags: readonly HtmlToken[]): [number, number][] {
  const ranges: [number, number][] = [];
  const open = new Map<string, number[]>();
  for (const tag of tags) {
    const name = tag.name.toLowerCase();
    if (!UNRENDERED_HTML.has(name)) continue;
    const stack = open.get(name) ?? [];
    if (tag.closing) {
      const from = stack.pop();
      if (from !== undefined) ranges.push([from, tag.getAbsoluteIndex()]);
    } else if (!tag.selfClosing) {
      stack.push(tag.getAbsoluteIndex());
    }
    open.set(name, stack);
  }
  // Sorted and merged (`<code><kbd>…` nest), so a lookup is a binary search.
  ranges.sort((x, y) => x[0] - y[0]);
  const merged: [number, number][] = [];
  for (const [a, b] of ranges) {
    const last = merged.at(-1);
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged;
}

function resolveRefNames(refs: Ref[]): void {
  const defined = new Map<string, number>();
  for (const ref of refs) {
    if (ref.name !== undefined && !ref.selfClosing && ref.content.trim()) {
      const key = `${ref.group ?? ''}\u0000${ref.name}`;
      if (!defined.has(key)) defined.set(key, ref.index);
    }
  }
  for (const ref of refs) {
    if (ref.name === undefined) continue;
    const target = defined.get(`${ref.group ?? ''}\u0000${ref.name}`);
    if (target !== undefined && target !== ref.index) ref.definedBy = target;
  }
}

/** Matches a ref that is nothing but one URL, bare or bracketed without a label. */
const ONLY_URL = /^\s*(?:\[\s*((?:https?:)?\/\/[^\s\]]+)\s*\]|((?:https?:)?\/\/\S+))\s*$/i;
const TRAILING_TEMPLATES = /\{\{[^{}]*\}\}/g;

/**
 * Links inside refs that are not template parameters are citations too: a labelled
 * `[url title]` is a link citation; a ref holding only a URL is a bare one.
 */
function addLinkCitations(refs: Ref[], links: ExternalLink[], citations: Citation[], text: string): void {
  for (const link of links) {
    if (link.ref === undefined || link.template !== undefined) continue;
    const ref = refs[link.ref]!;
    const content = stripComments(ref.content).replace(TRAILING_TEMPLATES, '');
    const bare = ONLY_URL.test(content) && !link.label;
    citations.push({
      index: citations.length,
      kind: bare ? 'bare' : 'link',
      url: link.url,
      ...(link.label ? { title: link.label } : {}),
      ref: link.ref,
      section: link.section,
      location: { kind: 'ref', ref: link.ref },
      span: link.span,
      text: cap(text.slice(link.span.start, link.span.end)),
    });
  }
  citations.sort((a, b) => a.span.start - b.span.start);
  citations.forEach((c, i) => (c.index = i));
}

const MAX_PROSE_GAP = 120;
/** How far back from a tag whitespace is skipped to find the `</ref>` it follows. */
const MAX_AFTER_REF_GAP = 200;

type Target = { kind: 'citation' | 'link'; index: number; end: number };

/**
 * Ties each `{{dead link}}`, `{{webarchive}}` and verification tag to the citation or
 * link it concerns: inside a ref, the nearest earlier citation of that ref; right after
 * a `</ref>` (or `<ref name=x/>`), that ref's citation; in prose, the nearest earlier
 * link or citation on the same line, close by. Each lookup is a map hit or a binary
 * search, so a page with thousands of tags stays linear.
 */
function attach(
  text: string,
  refs: Ref[],
  citations: Citation[],
  links: ExternalLink[],
  webarchives: Webarchive[],
  tags: InlineTag[],
): void {
  const refEndingAt = new Map<number, Ref>(refs.map((r) => [r.span.end, r]));
  const citationsOfRef = new Map<number, { c: Citation; end: number }[]>();
  for (const c of citations) {
    if (c.ref === undefined) continue;
    const list = citationsOfRef.get(c.ref) ?? [];
    list.push({ c, end: c.span.end });
    citationsOfRef.set(c.ref, list);
  }
  const prose: Target[] = [
    ...citations
      .filter((c) => c.ref === undefined)
      .map((c) => ({ kind: 'citation' as const, index: c.index, end: c.span.end })),
    ...links
      .filter((l) => l.ref === undefined && l.template === undefined)
      .map((l) => ({ kind: 'link' as const, index: l.index, end: l.span.end })),
  ].sort((x, y) => x.end - y.end);

  /** The last of `list` (sorted by end) that ends at or before `start`. */
  const lastBefore = <T extends { end: number }>(list: readonly T[], start: number): T | undefined => {
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid]!.end <= start) lo = mid + 1;
      else hi = mid;
    }
    return lo ? list[lo - 1] : undefined;
  };
  const refBefore = (start: number): Ref | undefined => {
    let p = start;
    while (p > 0 && start - p < MAX_AFTER_REF_GAP && /\s/.test(text[p - 1]!)) p--;
    return refEndingAt.get(p);
  };
  const citationIn = (ref: number, start: number): Citation | undefined =>
    lastBefore(citationsOfRef.get(ref) ?? [], start)?.c;
  const targetOf = (start: number, ref: number | undefined): { target?: Target; ref?: number } => {
    if (ref !== undefined) {
      const c = citationIn(ref, start);
      return c ? { target: { kind: 'citation', index: c.index, end: c.span.end }, ref } : { ref };
    }
    const after = refBefore(start);
    if (after) {
      const defining = after.definedBy ?? after.index;
      const c = citationIn(defining, Infinity);
      return c
        ? { target: { kind: 'citation', index: c.index, end: c.span.end }, ref: after.index }
        : { ref: after.index };
    }
    const near = lastBefore(prose, start);
    return near && closeBy(text, near.end, start) ? { target: near } : {};
  };
  const item = (t: Target) => (t.kind === 'citation' ? citations[t.index]! : links[t.index]!);

  for (const archive of webarchives) {
    const { target } = targetOf(archive.span.start, archive.ref);
    if (!target) continue;
    archive.attachedTo = { kind: target.kind, index: target.index };
    item(target).webarchive ??= archive.index;
  }
  for (const tag of tags) {
    const { target, ref } = targetOf(tag.span.start, tag.ref);
    if (ref !== undefined) tag.ref = ref;
    if (!target) continue;
    if (target.kind === 'citation') tag.citation = target.index;
    if (tag.rule === 'dead-link') item(target).deadTag ??= tag.index;
  }
}

/** Whether only a short run of spaces, punctuation and markup lies between two offsets on one line. */
function closeBy(text: string, from: number, to: number): boolean {
  if (to - from > MAX_PROSE_GAP) return false;
  const gap = text.slice(from, to);
  return !gap.includes('\n') && !/[\p{L}\p{N}]{3,}/u.test(plainText(gap));
}

/** Claims are quoted at 400 characters; the wikitext read to find one is bounded too. */
const MAX_CLAIM_SOURCE = 2000;

/**
 * The claim a tag annotates: in an infobox, the field's value; in a caption, the
 * caption; in a table, the cell; in a ref, the sentence the ref supports; in prose, the
 * sentence before the tag (or the text a `… span` tag wraps).
 */
function claimOf(
  text: string,
  tag: TranscludeToken,
  location: Location,
  params: Record<string, string>,
  canonical: string,
): string {
  const wrapped = params['text'] ?? (canonical.endsWith(' span') ? params['1'] : undefined);
  if (wrapped) return plainText(wrapped.slice(0, MAX_CLAIM_SOURCE));
  const anchor: AstNodes = location.kind === 'ref' ? (enclosingRef(tag) ?? tag) : tag;
  const end = anchor.getAbsoluteIndex();
  let floor = Math.max(text.lastIndexOf('\n', end - 1) + 1, end - MAX_CLAIM_SOURCE);
  const container = containerStart(anchor);
  if (container !== undefined) floor = Math.max(floor, container);
  let slice = text.slice(floor, end);
  if (location.kind === 'table') {
    // A row's cells share a line: the claim is what follows the last `||` or `!!`.
    const cell = Math.max(slice.lastIndexOf('||'), slice.lastIndexOf('!!'));
    slice = (cell === -1 ? slice : slice.slice(cell + 2)).replace(/^\s*[|!]/, '');
  }
  if (location.kind === 'infobox' || location.kind === 'caption') {
    return clipClaim(plainText(slice));
  }
  return lastSentence(plainText(slice));
}

/** The template parameter a node sits in, unless a ref lies in between (a ref inside an infobox field). */
function enclosingParameter(node: AstNodes): ParameterToken | undefined {
  for (let n = node.parentNode; n; n = n.parentNode) {
    if (isRef(n)) return undefined;
    if (n.type === 'parameter') return n as ParameterToken;
  }
  return undefined;
}

/** Start of the parameter value, caption or ref body that holds a node. */
function containerStart(node: AstNodes): number | undefined {
  for (let n = node.parentNode; n; n = n.parentNode) {
    if (n.type === 'parameter-value' || n.type === 'image-parameter' || n.type === 'ext-inner') {
      return n.getAbsoluteIndex();
    }
  }
  return undefined;
}
