export { extract, lastStartingAt, lineIndex, sectionTitleAt, tidyWikitext, type ExtractOptions } from './extract.ts';
export {
  addTemplateRedirect,
  createCatalog,
  normalizeTemplateName,
  upperFirst,
  roleOf,
  isInfobox,
  CITATION_FIELDS,
  TAG_RULES,
  type CitationField,
  type TagRule,
  type TemplateCatalog,
  type TemplateRole,
} from './catalog.ts';
export { parseDay, parseTagMonth } from './dates.ts';
export { plainText, lastSentence, sentenceBreaks, truncate } from './plain.ts';
export { bracePairs, hiddenLeaks, hiddenRanges, stripHidden } from './braces.ts';
export type * from './types.ts';
