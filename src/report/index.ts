export { renderJson, renderJsonChunks } from './json.ts';
export { renderPageMarkdown, renderIndexMarkdown } from './markdown.ts';
export { reportFileNames } from './filenames.ts';
export { exitCode, parseFailOn, type FailOn } from './exit.ts';
export { escapeMarkdown } from './escape.ts';
export * from './types.ts';
