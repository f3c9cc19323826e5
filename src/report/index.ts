export { renderJson, renderJsonChunks, jsonHead, jsonPage, jsonTail } from './json.ts';
export { NDJSON_SCHEMA, ndjsonHead, ndjsonPage, ndjsonTail } from './ndjson.ts';
export { worklistHead, worklistRows, worklistTail, type WorklistOptions } from './wikitext.ts';
export {
  renderPageMarkdown,
  renderIndexMarkdown,
  renderStepSummary,
  renderGonePages,
  indexRowOf,
  worseFirst,
  type IndexRow,
  type FailingFinding,
} from './markdown.ts';
export { reportFileNames, FileNamer } from './filenames.ts';
export { Baseline, BaselineError, type BaselineRun } from './baseline.ts';
export { failsPolicy, parseFailOn, matchesPolicy, type FailOn } from './exit.ts';
export { renderDiffMarkdown, DIFF_SCHEMA, type DiffReport } from './diff.ts';
export { escapeMarkdown } from './escape.ts';
export * from './types.ts';
