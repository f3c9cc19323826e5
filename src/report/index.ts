export { renderJson, renderJsonChunks } from './json.ts';
export { renderPageMarkdown, renderIndexMarkdown } from './markdown.ts';
export { reportFileNames } from './filenames.ts';
export { exitCode, failsPolicy, parseFailOn, type FailOn } from './exit.ts';
export { renderDiffMarkdown, DIFF_SCHEMA, type DiffReport } from './diff.ts';
export { escapeMarkdown } from './escape.ts';
export * from './types.ts';
