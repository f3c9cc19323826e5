import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { xmlChar } from './text.ts';
import type { Contributor, Namespace, PageMeta, RevisionMeta, SiteInfo, TextStatus } from './types.ts';

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/**
 * Decodes the five XML entities and numeric references in one pass, so `&amp;nbsp;`
 * becomes the wikitext `&nbsp;`. A reference to a code point XML forbids (NUL, a
 * surrogate, past U+10FFFF) becomes U+FFFD instead of throwing; unknown names stay as written.
 */
export function decodeXml(s: string): string {
  if (s.indexOf('&') === -1) return s;
  return s.replace(
    /&(?:(lt|gt|amp|quot|apos)|#(\d{1,32})|#[xX]([0-9a-fA-F]{1,32}));/g,
    (_m, name: string | undefined, dec: string | undefined, hex: string | undefined) => {
      if (name) return NAMED[name]!;
      const cp = dec !== undefined ? Number(dec) : parseInt(hex!, 16);
      return xmlChar(cp) ? String.fromCodePoint(cp) : '\uFFFD';
    },
  );
}

/** Elements the parser always gives as lists. */
const ALWAYS_LISTS = new Set(['content', 'namespace']);

/**
 * One parser for every fragment. Entities are left alone (`processEntities: false`) and
 * decoded by decodeXml: that expands no DOCTYPE entity, ever, and decodes numeric
 * references, which the library only does with its deprecated HTML mode. `<text>` is a
 * stop node, so wikitext is never trimmed or touched; values are never turned into numbers.
 */
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: true,
  processEntities: false,
  htmlEntities: false,
  stopNodes: ['*.text'],
  isArray: (name) => ALWAYS_LISTS.has(name),
  // The callbacks read only the tag's name: no path string is built for each tag.
  jPath: false,
});

type Node = Record<string, unknown>;

const isNode = (v: unknown): v is Node => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The text of a simple element, decoded; undefined when absent. Repeated elements count once (the first). */
function str(v: unknown): string | undefined {
  if (Array.isArray(v)) return str(v[0]);
  if (typeof v === 'string') return decodeXml(v);
  if (isNode(v)) {
    const t = v['#text'];
    return typeof t === 'string' ? decodeXml(t) : '';
  }
  return undefined;
}

function attr(v: unknown, name: string): string | undefined {
  if (Array.isArray(v)) return attr(v[0], name);
  if (!isNode(v)) return undefined;
  const a = v[`@_${name}`];
  return typeof a === 'string' ? decodeXml(a) : undefined;
}

/**
 * Validates, then parses. fast-xml-parser alone accepts mismatched and missing tags
 * (`</timestam>`, a lost `<text>`), which would silently drop a revision's wikitext; the
 * validator catches them. Fragments are small (the wikitext is cut out beforehand), so
 * validating every one costs little.
 */
export function parseFragment(xml: string, root: string): Node {
  const problem = locate(xml);
  if (problem) throw new Error(problem);
  const doc: unknown = parser.parse(xml);
  const node = isNode(doc) ? doc[root] : undefined;
  if (!isNode(node)) throw new Error(`no <${root}> element`);
  return node;
}

/** The five entities XML defines, and numeric references: kept as written, as the parser keeps them. */
const CHARS = String.raw`(?:[^<&]|&(?:lt|gt|amp|quot|apos|#\d{1,7}|#x[\dA-Fa-f]{1,6});)`;
const NAME = String.raw`[A-Za-z_][\w.:-]*`;
/** XML's own white space (CR is left to the parser): JavaScript's `\s` also takes NBSP and the like. */
const S = String.raw`[ \t\n]`;
const ONLY_S = new RegExp(`^${S}*$`);
/** One token of a simple fragment: a start tag (maybe empty), an end tag, or text between tags. */
const TOKEN = new RegExp(
  String.raw`${S}*(?:<(${NAME})((?:${S}+${NAME}${S}*=${S}*(?:"(?:(?!")${CHARS})*"|'(?:(?!')${CHARS})*'))*)${S}*(\/?)>|<\/(${NAME})${S}*>|(${CHARS}+))`,
  'y',
);
const ATTRIBUTE = new RegExp(String.raw`(${NAME})${S}*=${S}*(?:"([^"]*)"|'([^']*)')`, 'g');

type Open = { name: string; node: Node; text: string | undefined };

/**
 * The tree fast-xml-parser makes of a `<revision>` whose `<text>` content was cut out (as
 * `parser` is set up), read without it when the revision is as MediaWiki writes it:
 * elements holding text or other elements, two levels deep (the contributor's fields),
 * each name once per element, attributes in quotes, and no entity but XML's five and
 * numeric ones, no comment, CDATA or processing instruction. Undefined for anything
 * else, which the validator and the parser then read: the library spends tens of
 * microseconds on a revision's few hundred bytes, as much as a history diff.
 */
export function simpleRevision(xml: string): Node | undefined {
  // The parser reads CR LF and CR as LF, everywhere: such revisions are left to it.
  if (xml.includes('\r')) return undefined;
  const open: Open[] = [];
  let root: Node | undefined;
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < xml.length) {
    // No token here: a `<` or `&` that starts no tag, end tag or entity.
    const m = TOKEN.exec(xml);
    if (!m) return undefined;
    const [, name, attributes, empty, end, text] = m;
    const current = open[open.length - 1];
    if (text !== undefined) {
      // Spaces alone in an element are no text (the parser trims them away, NBSP too);
      // outside the root only XML's white space may stand.
      if (text.trim() === '') {
        if (!current && !ONLY_S.test(text)) return undefined;
        continue;
      }
      // Text only in an element that holds no other element, and never in <text>, whose
      // content the parser keeps untrimmed (it is cut out before this is asked).
      if (!current || current.text !== undefined || current.name === 'text' || hasChildren(current.node)) return;
      current.text = text.trim();
    } else if (end !== undefined) {
      if (!current || current.name !== end) return;
      open.pop();
      const parent = open[open.length - 1];
      if (parent) {
        if (!add(parent, end, valueOf(current))) return;
      } else {
        if (current.text !== undefined || end !== 'revision') return;
        root = current.node;
      }
    } else {
      if (root || open.length > 2 || (!open.length && name !== 'revision') || ALWAYS_LISTS.has(name!)) return;
      // Names the parser refuses as unsafe, and any that would reach an object's prototype.
      // (It renames hasOwnProperty, toString and the like, which no revision of MediaWiki's holds.)
      if (name! in Object.prototype || name === 'prototype') return;
      const node: Node = {};
      for (const a of attributes!.matchAll(ATTRIBUTE)) {
        const key = `@_${a[1]}`;
        if (Object.hasOwn(node, key)) return;
        node[key] = (a[2] ?? a[3]!).trim(); // trimValues trims attribute values too
      }
      const element: Open = { name: name!, node, text: undefined };
      if (!empty) open.push(element);
      else if (!current || !add(current, name!, valueOf(element))) return;
    }
  }
  return open.length ? undefined : root;
}

const hasChildren = (node: Node) => Object.keys(node).some((k) => !k.startsWith('@_'));

/** An element as the parser gives it: its text ('' when empty), or its attributes and children, with any text as `#text`. */
function valueOf({ node, text }: Open): unknown {
  if (Object.keys(node).length === 0) return text ?? '';
  return text ? { ...node, '#text': text } : node;
}

/** Adds a child to an element being read; false when it holds text or a child of that name already. */
function add(parent: Open, name: string, value: unknown): boolean {
  if (Object.hasOwn(parent.node, name) || parent.text !== undefined) return false;
  parent.node[name] = value;
  return true;
}

/** The validator's complaint with its place in the element, or undefined when the XML is well formed. */
function locate(xml: string): string | undefined {
  const result = XMLValidator.validate(xml);
  if (result === true) return undefined;
  const { msg, line, col } = result.err;
  return `${msg} (line ${line}, column ${col} of the element)`;
}

export function parseSiteInfo(xml: string): Omit<SiteInfo, 'schemaVersion'> {
  const node = parseFragment(xml, 'siteinfo');
  const nsList = isNode(node['namespaces']) ? node['namespaces']['namespace'] : undefined;
  const namespaces: Namespace[] = [];
  for (const n of Array.isArray(nsList) ? nsList : []) {
    const key = Number(attr(n, 'key'));
    if (!Number.isInteger(key)) continue;
    const c = attr(n, 'case');
    namespaces.push({ key, name: str(n) ?? '', ...(c ? { case: c } : {}) });
  }
  const info: Omit<SiteInfo, 'schemaVersion'> = { namespaces };
  for (const field of ['sitename', 'dbname', 'base', 'generator', 'case'] as const) {
    const v = str(node[field]);
    if (v !== undefined) info[field] = v;
  }
  return info;
}

/** `xml` is `<page>` up to its first `<revision>`, closed by the caller. */
export function parsePageHeader(xml: string, site: SiteInfo, offset: number): PageMeta {
  const node = parseFragment(xml, 'page');
  const title = str(node['title']);
  if (title === undefined || title === '') throw new Error('page has no <title>');
  const nsText = str(node['ns']);
  const ns = nsText !== undefined && /^-?\d{1,6}$/.test(nsText) ? Number(nsText) : namespaceOfTitle(title, site);
  const redirectNode = node['redirect'];
  const redirect = redirectNode === undefined ? undefined : (attr(redirectNode, 'title') ?? '');
  return { title, ns, id: str(node['id']), redirect, offset };
}

/** Schemas before 0.6 have no `<ns>`: the title's prefix names the namespace. */
function namespaceOfTitle(title: string, site: SiteInfo): number {
  const colon = title.indexOf(':');
  if (colon <= 0) return 0;
  const prefix = title.slice(0, colon).replace(/_/g, ' ').trim().toLowerCase();
  const found = site.namespaces.find((n) => n.key !== 0 && n.name.toLowerCase() === prefix);
  return found ? found.key : 0;
}

function contributorOf(v: unknown): Contributor {
  if (!isNode(v)) return { kind: 'unknown' };
  if (attr(v, 'deleted') === 'deleted') return { kind: 'deleted' };
  const ip = str(v['ip']);
  if (ip !== undefined) return { kind: 'ip', ip };
  const name = str(v['username']);
  if (name !== undefined) return { kind: 'user', name, id: str(v['id']) };
  return { kind: 'unknown' };
}

interface ParsedRevision {
  meta: Omit<RevisionMeta, 'offset'>;
  text: string;
}

/**
 * `xml` is one `<revision>` element. When the scanner has cut the main `<text>` content
 * out of it (so the parser need not walk megabytes of wikitext), `text` holds that
 * content already decoded (decodeTextBytes) and `xml` an empty `<text …></text>` in its place.
 */
export function parseRevision(xml: string, decoded?: string): ParsedRevision {
  const node = (decoded !== undefined ? simpleRevision(xml) : undefined) ?? parseFragment(xml, 'revision');
  // Multi-content revisions: `<text>` is the main slot; `<content>` holds the others
  // (mediainfo JSON on Commons), which are not wikitext and are left out.
  const textNode = Array.isArray(node['text']) ? node['text'][0] : node['text'];
  const bytesAttr = attr(textNode, 'bytes');
  const bytes = bytesAttr !== undefined && /^-?\d+$/.test(bytesAttr) ? Number(bytesAttr) : undefined;
  let textStatus: TextStatus = 'ok';
  let text = '';
  if (attr(textNode, 'deleted') === 'deleted') textStatus = 'deleted';
  else if (textNode === undefined) textStatus = 'missing';
  else {
    const raw = typeof textNode === 'string' ? textNode : isNode(textNode) ? textNode['#text'] : undefined;
    if (decoded !== undefined) text = decoded;
    else if (typeof raw === 'string') text = decodeXml(raw);
    // No text where `bytes` promises some is text the dump failed to load (MediaWiki
    // writes it self-closed: <text bytes="N"/>), not a blanked page (bytes="0").
    if (text === '' && bytes !== undefined && bytes > 0) textStatus = 'missing';
  }
  const commentNode = node['comment'];
  const commentDeleted = attr(commentNode, 'deleted') === 'deleted';
  const sha1 = str(node['sha1']);
  return {
    meta: {
      id: str(node['id']),
      parentId: str(node['parentid']),
      timestamp: str(node['timestamp']),
      contributor: contributorOf(Array.isArray(node['contributor']) ? node['contributor'][0] : node['contributor']),
      minor: node['minor'] !== undefined,
      comment: commentDeleted ? undefined : str(commentNode),
      commentDeleted,
      model: str(node['model']),
      format: str(node['format']),
      sha1: sha1 ? sha1 : undefined,
      bytes,
      textStatus,
    },
    text,
  };
}
