/** What `<siteinfo>` says about the wiki the dump comes from. Every field is optional: fragments have none. */
export interface SiteInfo {
  sitename?: string;
  dbname?: string;
  /** The main page URL, e.g. `https://en.wikipedia.org/wiki/Main_Page`. */
  base?: string;
  generator?: string;
  /** `first-letter` or `case-sensitive`. */
  case?: string;
  namespaces: Namespace[];
  /** The export schema version from `<mediawiki version="...">`, e.g. `0.10`. */
  schemaVersion?: string;
}

export interface Namespace {
  key: number;
  name: string;
  case?: string;
}

export interface PageMeta {
  title: string;
  /** From `<ns>`, or derived from the title's prefix in schemas before 0.6. */
  ns: number;
  /** Ids stay strings: they are names, not quantities, and can exceed 2^53 in theory. */
  id: string | undefined;
  /** `<redirect title="X"/>`: the target; `''` for schema 0.3's bare `<redirect/>`. */
  redirect: string | undefined;
  /** Byte offset of `<page>` in the XML stream. */
  offset: number;
}

export type Contributor =
  | { kind: 'user'; name: string; id: string | undefined }
  | { kind: 'ip'; ip: string }
  | { kind: 'deleted' }
  | { kind: 'unknown' };

/**
 * `ok`: the text is there (possibly empty: a blanked page has `bytes="0"`).
 * `deleted`: hidden by revision deletion (`deleted="deleted"`).
 * `missing`: the dump could not load it (`<text bytes="N"/>` with no content).
 */
export type TextStatus = 'ok' | 'deleted' | 'missing';

export interface RevisionMeta {
  id: string | undefined;
  parentId: string | undefined;
  timestamp: string | undefined;
  contributor: Contributor;
  minor: boolean;
  comment: string | undefined;
  commentDeleted: boolean;
  model: string | undefined;
  format: string | undefined;
  /** The revision's base-36 `<sha1>`; undefined when absent or empty (an empty sha1 never matches). */
  sha1: string | undefined;
  /** `bytes` attribute of `<text>`, when given. */
  bytes: number | undefined;
  textStatus: TextStatus;
  /** Byte offset of `<revision>` in the XML stream. */
  offset: number;
}

export interface RevisionRecord {
  site: SiteInfo;
  page: PageMeta;
  revision: RevisionMeta;
  /** The main slot's wikitext, entity-decoded and untrimmed; `''` unless textStatus is `ok`. */
  text: string;
  /**
   * Set when the reader knows the text holds no NUL, DEL or CR, so that tidyWikitext would
   * give it back unchanged (see textOf); absent when it does not know.
   */
  tidy?: true;
  /** True on the last revision of its page in the stream. */
  lastOfPage: boolean;
}
