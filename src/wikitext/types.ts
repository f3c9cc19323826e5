import type { TagRule } from './catalog.ts';

/** A place in the wikitext: UTF-16 offsets, 1-based line and column. */
export interface Span {
  start: number;
  end: number;
  line: number;
  column: number;
}

export interface Section {
  /** The heading as rendered text; `(lead)` for the text before the first heading. */
  title: string;
  /** Headings from the outermost down to this one. */
  path: string[];
  level: number;
  line: number;
  start: number;
}

/** Where a tag or citation lives, in the wiki's terms. */
export type Location =
  | { kind: 'body' }
  | { kind: 'ref'; ref: number }
  | { kind: 'infobox'; template: string; field: string }
  | { kind: 'caption' }
  | { kind: 'table' }
  | { kind: 'template'; template: string; field: string };

export interface Ref {
  index: number;
  name?: string;
  group?: string;
  selfClosing: boolean;
  /** For `<ref name=x/>`: the index of the ref that defines `x` (same group). */
  definedBy?: number;
  /** Raw inner wikitext, capped. */
  content: string;
  /** Defined inside `<references>…</references>` or `{{reflist|refs=…}}`. */
  inList: boolean;
  section: string;
  span: Span;
}

/** Where the footnotes render: `<references/>` (or a `{{reflist}}`-style template), per group. */
export interface ReferenceList {
  group?: string;
  /** The template that renders it, when it is not a bare `<references/>` tag. */
  template?: string;
  /** Refs defined inside it (list-defined references). */
  defines: number;
  section: string;
  span: Span;
}

export interface Citation {
  index: number;
  /** A CS1/CS2 template, a link with a label inside a ref, or a ref holding nothing but a URL. */
  kind: 'template' | 'link' | 'bare';
  /** Canonical template name, for `template` citations. */
  template?: string;
  url?: string;
  title?: string;
  work?: string;
  publisher?: string;
  date?: string;
  accessDate?: string;
  archiveUrl?: string;
  archiveDate?: string;
  urlStatus?: string;
  deadUrl?: string;
  urlAccess?: string;
  /** Index of the ref it sits in. */
  ref?: number;
  /** Index of a `{{dead link}}`-family tag that follows it. */
  deadTag?: number;
  /** Index of the `{{webarchive}}` that follows it. */
  webarchive?: number;
  section: string;
  location: Location;
  span: Span;
  /** The citation as written, capped. */
  text: string;
}

export interface ArchiveLink {
  url: string;
  date?: string;
  title?: string;
}

export interface Webarchive {
  index: number;
  template: string;
  archives: ArchiveLink[];
  ref?: number;
  /** The citation or prose link it follows. */
  attachedTo?: { kind: 'citation' | 'link'; index: number };
  section: string;
  span: Span;
  text: string;
}

export interface ExternalLink {
  index: number;
  url: string;
  label?: string;
  bracketed: boolean;
  ref?: number;
  /** The template and parameter a free link sits in (`url` of a cite template, say). */
  template?: string;
  param?: string;
  deadTag?: number;
  webarchive?: number;
  section: string;
  span: Span;
}

export interface InlineTag {
  index: number;
  /** The template name as written, normalized (`Cn`, `Fact`, `Unreliable source?`). */
  name: string;
  canonical: string;
  rule: TagRule;
  /** `YYYY-MM` when the date parameter reads as a month and year. */
  date?: string;
  /** The date parameter as written. */
  dateRaw?: string;
  reason?: string;
  /** Parameters as written (capped), for evidence. */
  params: Record<string, string>;
  /** The sentence (or infobox value, or caption) the tag annotates. */
  claim: string;
  /** The citation it sits in or directly follows. */
  citation?: number;
  ref?: number;
  section: string;
  location: Location;
  span: Span;
  text: string;
}

export interface Extraction {
  sections: Section[];
  refs: Ref[];
  referenceLists: ReferenceList[];
  citations: Citation[];
  webarchives: Webarchive[];
  links: ExternalLink[];
  tags: InlineTag[];
  /** Set when the parser failed: the extraction is then empty. */
  error?: string;
}
