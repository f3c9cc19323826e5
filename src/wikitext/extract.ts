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
import { parseTagMonth } from './dates.ts';
import { lastSentence, plainText } from './plain.ts';
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
const MAX_TEXT = 300;
const MAX_PARAM = 200;
/** Tags of these kinds render nothing: templates inside them do not count. */
const UNRENDERED_HTML = new Set(['code', 'tt', 'kbd', 'samp', 'var']);

export interface ExtractOptions {
  /** The page title, for the parser's relative links. */
  title?: string;
}

const cap = (s: string, n = MAX_TEXT) => (s.length > n ? `${s.slice(0, n)}…` : s);

/** Builds the line table once so every span is a binary search. */
function lineIndex(text: string) {
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
  const depth = braceDepth(wikitext);
  if (depth > MAX_BRACE_DEPTH) {
    return failed(`templates nested ${depth} deep (MediaWiki itself stops expanding at ${MAX_BRACE_DEPTH})`);
  }
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

/**
 * Deepest `{{` nesting, counted cheaply before parsing. Templates nested hundreds deep
 * cost the parser time that grows with the cube of the depth, and no real page needs them.
 */
export function braceDepth(text: string): number {
  let depth = 0;
  let max = 0;
  for (let i = text.indexOf('{{'), close = text.indexOf('}}'); i !== -1 || close !== -1;) {
    if (i !== -1 && (close === -1 || i < close)) {
      if (++depth > max) max = depth;
      i = text.indexOf('{{', i + 2);
    } else {
      if (depth > 0) depth--;
      close = text.indexOf('}}', close + 2);
    }
  }
  return max;
}

function extractTree(root: Token, catalog: TemplateCatalog): Extraction {
  // With viewOnly, offsets are cached only for the siblings before the node asked about:
  // asking last-to-first once fills every cache, where document order would re-sum all
  // earlier siblings for each node (quadratic on long lists).
  const all = root.querySelectorAll('*');
  for (let i = all.length - 1; i >= 0; i--) all[i]!.getAbsoluteIndex();
  // The parser tidies the text (NUL, DEL, CR before LF); offsets refer to its copy.
  const text = root.toString();
  const spanOf = lineIndex(text);
  const at = (node: AstNodes): Span => {
    const start = node.getAbsoluteIndex();
    return spanOf(start, start + String(node).length);
  };

  const sections = collectSections(root, spanOf);
  const sectionAt = (offset: number) => {
    let lo = 0;
    let hi = sections.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (sections[mid]!.start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return sections[lo]!.title;
  };
  const hidden = unrenderedRanges(root);
  const isHidden = (offset: number) => hidden.some(([a, b]) => offset >= a && offset < b);

  const refs: Ref[] = [];
  const refIndex = new Map<Token, number>();
  const citations: Citation[] = [];
  const webarchives: Webarchive[] = [];
  const links: ExternalLink[] = [];
  const tags: InlineTag[] = [];

  const nodes = root.querySelectorAll('ext#ref,template,ext-link,free-ext-link');
  const refOf = (node: AstNodes): number | undefined => {
    for (let n = node.parentNode; n; n = n.parentNode) {
      if (n.type === 'ext' && (n as ExtToken).name === 'ref') return refIndex.get(n as Token);
    }
    return undefined;
  };
  const locationOf = (node: AstNodes): Location => {
    for (let n: Token | undefined = node.parentNode; n; n = n.parentNode) {
      if (n.type === 'ext' && (n as ExtToken).name === 'ref') {
        const ref = refIndex.get(n);
        if (ref !== undefined) return { kind: 'ref', ref };
      }
      if (n.type === 'image-parameter') return { kind: 'caption' };
      if (n.type === 'parameter') {
        const owner = n.parentNode;
        if (owner?.type === 'template') {
          const name = templateName(owner as TranscludeToken, catalog);
          const field = (n as ParameterToken).name;
          if (name && isInfobox(catalog, name)) return { kind: 'infobox', template: name, field };
          if (name) return { kind: 'template', template: name, field };
        }
      }
      if (n.type === 'td' || n.type === 'table') return { kind: 'table' };
    }
    return { kind: 'body' };
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
        inList: Boolean(ref.closest('ext#references')) || Boolean(ref.closest('template')),
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
          claim: claimOf(text, template, location, params),
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
    referenceLists: referenceListsOf(root, refs, catalog, sectionAt, at),
    citations,
    webarchives,
    links,
    tags,
  };
}

/** `<references/>` tags and the templates that render one (`{{Reflist}}`), with their groups. */
function referenceListsOf(
  root: Token,
  refs: readonly Ref[],
  catalog: TemplateCatalog,
  sectionAt: (offset: number) => string,
  at: (node: AstNodes) => Span,
): ReferenceList[] {
  const lists: ReferenceList[] = [];
  for (const node of root.querySelectorAll('ext#references,template')) {
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
  v
    .replace(/<!--[\s\S]*?(?:-->|$)/g, '')
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
    const url = template.getValue(`url${suffix}`);
    if (typeof url !== 'string' || !cleanValue(url)) continue;
    const date = template.getValue(`date${suffix}`);
    const title = template.getValue(`title${suffix}`);
    out.push({
      url: cleanValue(url),
      ...(typeof date === 'string' && cleanValue(date) ? { date: cleanValue(date) } : {}),
      ...(typeof title === 'string' && cleanValue(title) ? { title: plainText(title) } : {}),
    });
  }
  return out;
}

function collectSections(root: Token, spanOf: (s: number, e: number) => Span): Section[] {
  const sections: Section[] = [{ title: '(lead)', path: [], level: 1, line: 1, start: 0 }];
  const stack: Section[] = [];
  for (const node of root.querySelectorAll('heading')) {
    const heading = node as HeadingToken;
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
function unrenderedRanges(root: Token): [number, number][] {
  const ranges: [number, number][] = [];
  const open = new Map<string, number[]>();
  for (const node of root.querySelectorAll('html')) {
    const tag = node as HtmlToken;
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
  return ranges;
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
    const content = ref.content.replace(/<!--[\s\S]*?(?:-->|$)/g, '').replace(TRAILING_TEMPLATES, '');
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

/**
 * Ties each `{{dead link}}`, `{{webarchive}}` and after-ref verification tag to the
 * citation or link it follows: inside a ref, the nearest earlier citation of that ref;
 * in prose, the nearest earlier link on the same line, close by.
 */
function attach(
  text: string,
  refs: Ref[],
  citations: Citation[],
  links: ExternalLink[],
  webarchives: Webarchive[],
  tags: InlineTag[],
): void {
  const proseLinks = links.filter((l) => l.ref === undefined && l.template === undefined);
  const before = (start: number, ref: number | undefined) => {
    let best: { kind: 'citation' | 'link'; index: number; end: number } | undefined;
    for (const c of citations) {
      if (c.ref !== ref || c.span.end > start) continue;
      if (ref === undefined && !closeBy(text, c.span.end, start)) continue;
      if (!best || c.span.end > best.end) best = { kind: 'citation', index: c.index, end: c.span.end };
    }
    if (ref === undefined) {
      for (const l of proseLinks) {
        if (l.span.end > start || !closeBy(text, l.span.end, start)) continue;
        if (!best || l.span.end > best.end) best = { kind: 'link', index: l.index, end: l.span.end };
      }
    }
    return best;
  };

  for (const archive of webarchives) {
    const target = before(archive.span.start, archive.ref);
    if (!target) continue;
    archive.attachedTo = { kind: target.kind, index: target.index };
    const item = target.kind === 'citation' ? citations[target.index]! : links[target.index]!;
    item.webarchive ??= archive.index;
  }
  for (const tag of tags) {
    if (tag.rule === 'dead-link') {
      const target = before(tag.span.start, tag.ref);
      if (!target) continue;
      tag.citation = target.kind === 'citation' ? target.index : undefined;
      const item = target.kind === 'citation' ? citations[target.index]! : links[target.index]!;
      item.deadTag ??= tag.index;
      if (target.kind === 'citation') tag.citation = target.index;
      continue;
    }
    if (tag.ref !== undefined) {
      const inside = citations.filter((c) => c.ref === tag.ref && c.span.end <= tag.span.start).pop();
      if (inside) tag.citation = inside.index;
      continue;
    }
    // An after-ref tag (`<ref>…</ref>{{Failed verification}}`) concerns that ref's citation.
    const prior = refs.filter(
      (r) => r.span.end <= tag.span.start && /^\s*$/.test(text.slice(r.span.end, tag.span.start)),
    );
    const ref = prior.pop();
    if (!ref) continue;
    const defining = ref.definedBy ?? ref.index;
    tag.ref = ref.index;
    const cited = citations.filter((c) => c.ref === defining).pop();
    if (cited) tag.citation = cited.index;
  }
}

/** Whether only a short run of spaces, punctuation and markup lies between two offsets on one line. */
function closeBy(text: string, from: number, to: number): boolean {
  if (to - from > MAX_PROSE_GAP) return false;
  const gap = text.slice(from, to);
  return !gap.includes('\n') && !/[\p{L}\p{N}]{3,}/u.test(plainText(gap));
}

/**
 * The claim a tag annotates: in an infobox, the field's value; in a caption, the
 * caption; in a ref, the sentence the ref supports; in prose, the sentence before the
 * tag (or the span a `… span` tag wraps).
 */
function claimOf(text: string, tag: TranscludeToken, location: Location, params: Record<string, string>): string {
  const wrapped = params['text'] ?? (tag.name.endsWith('span') ? params['1'] : undefined);
  if (wrapped) return plainText(wrapped);
  let anchor: AstNodes = tag;
  if (location.kind === 'ref') {
    for (let n = tag.parentNode; n; n = n.parentNode) {
      if (n.type === 'ext' && (n as ExtToken).name === 'ref') {
        anchor = n;
        break;
      }
    }
  }
  const end = anchor.getAbsoluteIndex();
  let floor = text.lastIndexOf('\n', end - 1) + 1;
  const container = containerStart(anchor);
  if (container !== undefined) floor = Math.max(floor, container);
  if (location.kind === 'infobox' || location.kind === 'caption') {
    const value = plainText(text.slice(container ?? floor, end));
    return value.length > 400 ? `…${value.slice(-400)}` : value;
  }
  return lastSentence(plainText(text.slice(floor, end)));
}

/** The template parameter a node sits in, unless a ref lies in between (a ref inside an infobox field). */
function enclosingParameter(node: AstNodes): ParameterToken | undefined {
  for (let n = node.parentNode; n; n = n.parentNode) {
    if (n.type === 'ext' && (n as ExtToken).name === 'ref') return undefined;
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
