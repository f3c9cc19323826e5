import { stripComments } from './plain.ts';

/**
 * Which templates matter to the audit, under every name they go by. Built from a rule
 * pack and grown with the template redirects of the dump being read.
 */
export type TemplateRole =
  | { kind: 'citation'; canonical: string }
  | { kind: 'webarchive'; canonical: string }
  | { kind: 'tag'; canonical: string; rule: TagRule };

/** The rules whose findings are inline tags, each with its own list of template names in the pack. */
export const TAG_RULES = ['citation-needed', 'verification-needed', 'dead-link'] as const;
export type TagRule = (typeof TAG_RULES)[number];

/** The citation fields extraction reads, each under the parameter names that spell it. */
export const CITATION_FIELDS = [
  'url',
  'title',
  'work',
  'publisher',
  'date',
  'accessDate',
  'archiveUrl',
  'archiveDate',
  'urlStatus',
  'deadUrl',
  'urlAccess',
] as const;
export type CitationField = (typeof CITATION_FIELDS)[number];

const DEFAULT_CITATION_PARAMS: Record<CitationField, string[]> = {
  url: ['url', 'URL'],
  title: ['title'],
  work: ['work', 'website', 'newspaper', 'journal', 'magazine'],
  publisher: ['publisher'],
  date: ['date', 'year'],
  accessDate: ['access-date', 'accessdate'],
  archiveUrl: ['archive-url', 'archiveurl'],
  archiveDate: ['archive-date', 'archivedate'],
  urlStatus: ['url-status'],
  deadUrl: ['dead-url', 'deadurl'],
  urlAccess: ['url-access'],
};

export interface TemplateCatalog {
  /** Normalized name → role; aliases included. */
  readonly roles: Map<string, TemplateRole>;
  /** Normalized redirect name → normalized target, from the dump's Template namespace. */
  readonly redirects: Map<string, string>;
  readonly infoboxPrefixes: readonly string[];
  readonly caseRule: 'first-letter' | 'case-sensitive';
  /** Templates that render the footnote list (`Reflist`), normalized. */
  readonly referenceListTemplates: readonly string[];
  /** Parameter names per citation field, first match wins (`archive-url`, then `archiveurl`). */
  readonly citationParams: Record<CitationField, string[]>;
}

const MAX_REDIRECT_HOPS = 10;

/**
 * Normalizes a template name the way MediaWiki does: comments out, `Template:` prefix
 * off (any case), underscores to spaces, runs of spaces collapsed, the first letter
 * upper-cased on first-letter wikis. The rest keeps its case.
 */
export function normalizeTemplateName(raw: string, caseRule: TemplateCatalog['caseRule'] = 'first-letter'): string {
  let name = stripComments(raw);
  name = name.replace(/[_\s]+/g, ' ').trim();
  name = name.replace(/^template\s*:\s*/i, '');
  return caseRule === 'first-letter' ? upperFirst(name) : name;
}

/** The first letter upper-cased, as first-letter wikis store names; a whole code point, not half a surrogate pair. */
export function upperFirst(s: string): string {
  if (!s) return s;
  const first = String.fromCodePoint(s.codePointAt(0)!);
  return first.toUpperCase() + s.slice(first.length);
}

export function createCatalog(
  entries: Iterable<[string, TemplateRole]>,
  options: {
    infoboxPrefixes?: readonly string[];
    caseRule?: TemplateCatalog['caseRule'];
    citationParams?: Partial<Record<CitationField, string[]>>;
    referenceListTemplates?: readonly string[];
  } = {},
): TemplateCatalog {
  const caseRule = options.caseRule ?? 'first-letter';
  const roles = new Map<string, TemplateRole>();
  for (const [name, role] of entries) roles.set(normalizeTemplateName(name, caseRule), role);
  return {
    roles,
    redirects: new Map(),
    infoboxPrefixes: options.infoboxPrefixes ?? ['Infobox'],
    caseRule,
    citationParams: { ...DEFAULT_CITATION_PARAMS, ...options.citationParams },
    referenceListTemplates: (options.referenceListTemplates ?? ['Reflist']).map((n) =>
      normalizeTemplateName(n, caseRule),
    ),
  };
}

/** Records that `Template:from` redirects to `Template:to` (both with or without the prefix). */
export function addTemplateRedirect(catalog: TemplateCatalog, from: string, to: string): void {
  const source = normalizeTemplateName(from, catalog.caseRule);
  const target = normalizeTemplateName(to.replace(/#.*$/, ''), catalog.caseRule);
  if (source && target && source !== target) catalog.redirects.set(source, target);
}

/** The role of a normalized name, following the dump's redirects (bounded, cycle-safe). */
export function roleOf(catalog: TemplateCatalog, name: string): TemplateRole | undefined {
  let current = name;
  for (let hop = 0; hop <= MAX_REDIRECT_HOPS; hop++) {
    const role = catalog.roles.get(current);
    if (role) return role;
    const next = catalog.redirects.get(current);
    if (next === undefined) return undefined;
    current = next;
  }
  return undefined;
}

export function isInfobox(catalog: TemplateCatalog, name: string): boolean {
  return catalog.infoboxPrefixes.some((prefix) => name === prefix || name.startsWith(`${prefix} `));
}
