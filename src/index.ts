/** citeaudit as a library: each stage's entry, the pipeline that chains them, and the renderers. */
export { openSource, InputError, type Source, type SourceOptions, type InputLocation } from './source/index.ts';
export {
  readRevisions,
  decodeXml,
  type RevisionRecord,
  type PageMeta,
  type RevisionMeta,
  type SiteInfo,
} from './dump/index.ts';
export {
  extract,
  createCatalog,
  addTemplateRedirect,
  type Extraction,
  type TemplateCatalog,
} from './wikitext/index.ts';
export {
  audit,
  parsePack,
  catalogOf,
  rules,
  RULE_IDS,
  SEVERITIES,
  type Finding,
  type RuleId,
  type RulePack,
  type Severity,
  fingerprintFindings,
  findingKey,
  linkTargets,
  linkQueries,
  linkFindings,
  type LinkTarget,
} from './audit/index.ts';
export {
  checkLinks,
  linkKey,
  DEFAULT_LINK_OPTIONS,
  LINK_CLASSES,
  type LinkCheckOptions,
  type LinkCheckReport,
  type LinkQuery,
  type LinkClass,
  type CheckedLink,
} from './links/index.ts';
export {
  auditDump,
  emptySummary,
  countFindings,
  normalizeTitle,
  type AuditOptions,
  type Since,
} from './pipeline/index.ts';
export {
  renderJson,
  renderJsonChunks,
  renderPageMarkdown,
  renderIndexMarkdown,
  renderStepSummary,
  indexRowOf,
  reportFileNames,
  FileNamer,
  ndjsonHead,
  ndjsonPage,
  ndjsonTail,
  NDJSON_SCHEMA,
  worklistHead,
  worklistRows,
  worklistTail,
  Baseline,
  BaselineError,
  failsPolicy,
  matchesPolicy,
  parseFailOn,
  REPORT_SCHEMA,
  type BaselineSummary,
  type Report,
  type PageReport,
  type Summary,
} from './report/index.ts';
export { loadPack } from './cli/pack.ts';
export { compareDumps, type PageComparison } from './pipeline/compare.ts';
export { PageHistory, diffTexts, scanRevision, type ChangeEvent } from './history/index.ts';
